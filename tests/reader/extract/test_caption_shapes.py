"""Captions however the page marks them up: without <figure>, outside the figure, only in
JSON-LD, flagged by data attributes; never leaked into the body."""

from __future__ import annotations

from reader.extract import extract

_P = (
    "<p>"
    + "The ferry service to the islands resumed on Monday after a week of storms, the operator said. " * 3
    + "</p>"
)


def _extract(body: str, head: str = ""):
    html = f"<html><head><title>Ferries resume</title>{head}</head><body>{body}</body></html>"
    return extract(html, "https://news.example.org/ferries")


def _body(content) -> str:
    return "\n".join(b.text for b in content.body)


def test_image_box_without_figure_markup_gives_caption_and_credit():
    box = (
        '<div class="sc-a1"><div class="sc-pic"><picture><img src="/ferry.jpg" width="2000"></picture></div>'
        '<div class="sc-b2">Passengers board the first ferry of the week</div>'
        '<div class="sc-c3">Harbour Press</div></div>'
    )
    content = _extract(f"<article>{_P}{box}{_P}{_P}</article>")
    [fig] = content.figures
    assert fig.caption == "Passengers board the first ferry of the week"
    assert fig.credit == "Harbour Press"
    assert fig.src == "https://news.example.org/ferry.jpg"
    assert fig.position == 0
    assert "Passengers board" not in _body(content)
    assert "Harbour Press" not in _body(content)


def test_caption_printed_after_the_figure_element():
    fig_html = (
        '<figure class="img"><div><img src="/ferry.jpg" alt="A ferry"></div></figure>'
        '<figcaption class="img-info"><span data-flag="main-image-caption">The ferry leaves the harbour.</span> '
        '<span data-flag="main-image-source">Jane Doe/dpa</span></figcaption>'
    )
    content = _extract(f"<article><h1>Ferries resume</h1>{fig_html}<div class='text'>{_P}{_P}</div></article>")
    [fig] = content.figures
    assert fig.caption == "The ferry leaves the harbour."
    assert fig.credit == "Jane Doe/dpa"
    assert fig.position == -1
    assert "The ferry leaves" not in _body(content)


def test_lead_image_box_above_the_text_is_the_cover_photo():
    lead = (
        '<div class="lead-media"><span class="small">Foto: Jane Doe</span><img src="/lead.jpg" alt="">'
        '<div class="text-base">Islanders wait on the pier for the ferry</div></div>'
    )
    content = _extract(f"<main><h1>Ferries resume</h1>{lead}<div class='article-text'>{_P}{_P}{_P}</div></main>")
    [fig] = content.figures
    assert fig.caption == "Islanders wait on the pier for the ferry"
    assert fig.credit == "Jane Doe"
    assert fig.position == -1


def test_caption_known_only_from_json_ld_image_object():
    ld = (
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        '"headline":"Ferries resume","image":{"@type":"ImageObject","url":"https://cdn.example.org/img/ferry-1.jpg",'
        '"caption":"The morning ferry crosses the sound.","creditText":"Harbour Press"}}</script>'
        '<meta property="og:image" content="https://cdn.example.org/img/ferry-1.jpg?w=1200">'
    )
    content = _extract(f"<article>{_P}{_P}{_P}</article>", ld)
    [fig] = content.figures
    assert fig.caption == "The morning ferry crosses the sound."
    assert fig.credit == "Harbour Press"


def test_author_box_with_portrait_is_not_a_figure():
    author = '<div class="sc-x"><img src="/jane.jpg" width="400"><span>Von Jane Doe, Redakteurin</span></div>'
    content = _extract(f"<article>{author}{_P}{_P}{_P}</article>")
    assert not any("Jane Doe" in f.caption for f in content.figures)


def test_photo_in_a_widget_box_is_kept_with_its_caption():
    widget = (
        '<div class="widget widget--type-image"><div class="widget__wrapper"><figure class="widget__figure">'
        '<img class="widgetImage__image" src="/refinery.jpg" alt="A refinery">'
        '<figcaption class="widget__caption"><span class="widget__captionText">A refinery near the port.</span>'
        '<span class="widget__captionCredit">AP Photo</span></figcaption></figure></div></div>'
    )
    content = _extract(f"<article>{_P}{widget}{_P}{_P}</article>")
    [fig] = content.figures
    assert fig.caption == "A refinery near the port."
    assert fig.credit == "AP Photo"
    assert fig.src == "https://news.example.org/refinery.jpg"


def test_bold_line_right_after_a_bare_photo_is_its_caption():
    photo = '<figure><img src="/councillor.jpg" alt=""></figure><p><strong>COUNCILLOR Jabu Dlamini.</strong></p>'
    content = _extract(f"<article>{_P}{photo}{_P}{_P}</article>")
    [fig] = content.figures
    assert fig.caption == "COUNCILLOR Jabu Dlamini."
    assert "Jabu Dlamini" not in _body(content)


def test_photos_sharing_a_placeholder_address_keep_their_own_captions():
    photos = "".join(
        f'<div class="mediaCon"><a href="/g/{i}"><img src="/blank_w-4.gif" alt="Photo {i}"></a>'
        f'<div class="mediaInfo"><span class="sub">Workers on the pier, picture number {i}.</span>'
        f'<span class="mediaRights">Bildrechte: Jane Doe</span></div></div>'
        for i in range(3)
    )
    content = _extract(f"<article>{_P}{photos}{_P}{_P}</article>")
    assert [f.caption for f in content.figures] == [f"Workers on the pier, picture number {i}." for i in range(3)]
    assert {f.credit for f in content.figures} == {"Jane Doe"}


def test_caption_only_in_the_image_title():
    img = '<p><img src="/pier.jpg" alt="Pier" title="The pier at dawn on Monday. | Bildrechte: Jane Doe"></p>'
    content = _extract(f"<article>{_P}{img}{_P}{_P}</article>")
    [fig] = content.figures
    assert (fig.caption, fig.credit) == ("The pier at dawn on Monday.", "Jane Doe")


def test_photo_box_named_after_a_teaser_layout_is_still_the_photo():
    box = (
        '<div class="article__picture article__picture--teaser"><picture><img src="/coach.jpg" alt=""></picture>'
        "<p>The coach wants as many points as possible. <span>IMAGO/Jo Doe</span></p></div>"
    )
    content = _extract(
        f"<article><p class='article__teaser'>{_P[3:-4]}</p>{box}<div class='text'>{_P}{_P}</div></article>"
    )
    assert any(f.caption.startswith("The coach wants") for f in content.figures)


def test_credit_after_a_bar_is_split_off():
    fig = (
        '<figure><img src="/vote.jpg" alt="Vote"><figcaption>Should she win, she will succeed another socialist. '
        "| Niall Carson/PA Images via Getty Images</figcaption></figure>"
    )
    content = _extract(f"<article>{_P}{fig}{_P}{_P}</article>")
    [f] = content.figures
    assert (f.caption, f.credit) == (
        "Should she win, she will succeed another socialist.",
        "Niall Carson/PA Images via Getty Images",
    )


def test_line_after_a_photo_repeating_its_alt_is_its_caption():
    # Obfuscated class names, no caption markup: the line under the photo says what its alt says.
    box = (
        '<div class="f3e0"><picture><img src="/jewels.jpg" width="848" alt="The recovered jewellery"></picture></div>'
        '<div class="f46b"><span>The recovered jewellery</span></div>'
    )
    content = _extract(f"<article>{_P}{box}{_P}{_P}</article>")
    [fig] = content.figures
    assert fig.caption == "The recovered jewellery"
    assert "recovered jewellery" not in _body(content)
