"""Small pages in the shape of classes seen on sites nobody tuned the extractor for: bodies
of bare text, comments that outweigh the article, gallery counters, captions given only to
screen readers, and the furniture lines templates print in the text."""

from __future__ import annotations

from reader.extract import extract

_P = [
    f"Paragraph {i} of the ferry report: the council says the new boat will carry two hundred passengers, "
    f"and the crossing will take twenty minutes less than today, from the spring."
    for i in range(6)
]
_URL = "https://news.example.org/ferry"


def _page(body: str) -> str:
    return f"<html><head><title>Ferry</title></head><body>{body}</body></html>"


def _texts(html: str) -> list[str]:
    return [b.text for b in extract(html, _URL).body]


def test_a_body_of_bare_text_split_by_line_breaks():
    assert _texts(_page(f"<div id='main'><div class='text'>{'<br><br>'.join(_P)}</div></div>")) == _P


def test_a_body_of_bare_text_split_by_empty_boxes():
    assert _texts(_page("<div class='entry'>" + "<div class='spacer'></div>".join(_P) + "</div>")) == _P


def test_readers_comments_that_outweigh_the_article_are_not_the_article():
    comments = "".join(
        f"<li class='c'><p>Reader {i} wrote a long opinion about ferries, saying that the council should have "
        f"bought two smaller boats instead of one big one, and that fares will rise anyway.</p>"
        f"<p>And another thought from reader {i}, at even greater length, about the harbour, the parking and "
        f"the timetable which nobody reads.</p></li>"
        for i in range(12)
    )
    article = "<article>" + "".join(f"<p>{p}</p>" for p in _P[:3]) + "</article>"
    page = _page(
        f"{article}<section id='respond'><h3>12 Responses</h3><ol class='commentlist'>{comments}</ol></section>"
    )
    assert _texts(page) == _P[:3]


def test_a_gallery_counter_is_neither_caption_nor_credit():
    slides = "".join(
        f"<div class='slide'><img src='/g/{i}.jpg' width='800'><div class='counter'>{i} of 5</div>"
        f"<p class='cap'>The new ferry on sea trials, day {i}. (Photo: Ana Ruiz)</p></div>"
        for i in range(1, 6)
    )
    content = extract(_page("<article>" + "".join(f"<p>{p}</p>" for p in _P[:3]) + slides + "</article>"), _URL)
    assert [(f.caption, f.credit) for f in content.figures] == [
        (f"The new ferry on sea trials, day {i}.", "Ana Ruiz") for i in range(1, 6)
    ]


def test_a_caption_given_only_to_screen_readers_is_the_caption():
    body = (
        f"<article><p>{_P[0]}</p><div class='media'>"
        "<img src='/f.jpg' width='900' aria-label='The ferry leaves the harbour at dawn.'></div>"
        f"<p>{_P[1]}</p></article>"
    )
    [figure] = extract(_page(body), _URL).figures
    assert figure.caption == "The ferry leaves the harbour at dawn."


def test_expand_labels_counters_and_advertisers_teasers_are_not_text():
    junk = "<p>Click to expand</p><p>Show more</p><p>3 / 8</p><p>[PR] Buy ferry tickets online today</p>"
    junk += "<p>Anzeige: Die neue Fähre jetzt buchen</p>"
    body = "<article>" + "".join(f"<p>{p}</p>" for p in _P[:3]) + junk + "".join(f"<p>{p}</p>" for p in _P[3:])
    assert _texts(_page(body + "</article>")) == _P
