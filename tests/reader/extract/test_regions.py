"""The article region on pages in sections, and what inside it is not article text: pages
where the densest box is one section, teaser grids and link cards inside the article's own
wrapper, photo cards whose text is text, and tables a CMS wraps in <figure>."""

from __future__ import annotations

from reader.extract import extract

_URL = "https://guides.example.org/compost"


def _para(i: int) -> str:
    return (
        f"Step {i} of the guide: turn the heap every week, keep it as damp as a wrung-out sponge, "
        f"and add brown leaves whenever the kitchen scraps start to smell, as the council's gardeners explain."
    )


def _texts(content) -> list[str]:
    return [b.text for b in content.body]


def _page(main: str) -> str:
    menu = "".join(f'<li><a href="/topic/{i}">Topic number {i}</a></li>' for i in range(12))
    return (
        "<html><head><title>Composting at home</title></head><body>"
        f'<div class="top"><ul>{menu}</ul></div><main>{main}</main>'
        '<div class="bottom"><a href="/about">About us</a> <a href="/jobs">Jobs</a></div></body></html>'
    )


def test_every_section_of_a_page_in_sections_is_kept():
    # Each section nests its paragraphs four boxes deep under a self-linked heading, and one
    # section is a code listing full of commas (the scorer's favourite): the article is all of them.
    sections = []
    for s in range(1, 6):
        paras = "".join(f'<div class="paragraph"><p>{_para(10 * s + i)}</p></div>' for i in range(2))
        sections.append(
            f'<div class="sect1"><h2 id="s{s}"><a class="anchor" href="#s{s}"></a>Part {s}</h2>'
            f'<div class="sectionbody"><div class="sect2">{paras}</div></div></div>'
        )
    listing = (
        '<div class="listingblock"><div class="content"><pre>' + "a, b, c, d, e, f, g, h, " * 12 + "</pre></div></div>"
    )
    sections.insert(2, listing)
    page = _page(f'<article><h1>Composting at home</h1><div class="content">{"".join(sections)}</div></article>')
    text = "\n".join(_texts(extract(page, _URL)))
    for s in range(1, 6):
        for i in range(2):
            assert _para(10 * s + i) in text
    assert "Topic number 3" not in text


def test_a_teaser_grid_inside_the_article_wrapper_is_left_out():
    paras = "".join(f"<p>{_para(i)}</p>" for i in range(6))
    cards = "".join(
        f'<article class="teaser"><a href="/news/{i}" class="stretched-link"></a>'
        f"<header><span>Kicker {i}</span><span>Another story about gardens, number {i}</span></header>"
        f"<p>A summary of that other story, long enough to read as a paragraph: the allotment society met on "
        f"Tuesday, and its members argued for two hours about hedgehogs, slugs and the price of seed {i}.</p></article>"
        for i in range(5)
    )
    page = _page(
        f'<div class="wrap"><article><h1>Composting at home</h1>{paras}</article>'
        f'<section class="more"><h2>Most read</h2><div class="grid">{cards}</div></section></div>'
    )
    text = "\n".join(_texts(extract(page, _URL)))
    assert _para(0) in text and _para(5) in text
    assert "Another story about gardens" not in text
    assert "allotment society" not in text
    assert "Most read" not in text


def test_link_cards_inside_the_text_are_left_out():
    card = '<a href="/news/other"><div class="kicker">Gardens</div><h3>Why worms matter more than you think</h3></a>'
    paras = [f"<p>{_para(i)}</p>" for i in range(5)]
    paras.insert(2, card)
    content = extract(_page(f"<article><h1>Composting at home</h1>{''.join(paras)}</article>"), _URL)
    text = "\n".join(_texts(content))
    assert _para(4) in text
    assert "Why worms matter" not in text


def test_photo_cards_of_a_round_up_are_text_not_captions():
    # A round-up: each item is a photo, its name as a heading, a paragraph and a button.
    items = "".join(
        f'<div class="roundup-item roundup-item-has-image"><div class="roundup-image">'
        f'<a href="/review/{i}"><img src="/img/{i}.jpg" width="640" height="480" alt=""></a></div>'
        f'<div class="roundup-content"><h2>Bin model {i}</h2>'
        f"<p>The model {i} bin holds three hundred litres and has a hatch at the bottom for the finished compost.</p>"
        f'<a class="button" href="/review/{i}">Read more</a></div></div>'
        for i in range(4)
    )
    paras = "".join(f"<p>{_para(i)}</p>" for i in range(3))
    content = extract(_page(f"<article><h1>Composting at home</h1>{paras}{items}</article>"), _URL)
    text = "\n".join(_texts(content))
    for i in range(4):
        assert f"Bin model {i}" in text
        assert f"The model {i} bin holds three hundred litres" in text
    assert not any("Bin model" in f.caption for f in content.figures)


def test_cards_titled_in_bold_are_text_not_captions() -> None:
    # A grid of cards without headings: each a photo, then a paragraph that opens with the
    # plant's name in bold on a line of its own and goes on to describe it. Nothing else on
    # the page is prose: read as captioned photos, the page had no text at all.
    cards = "".join(
        f'<div class="col"><div class="col-inner"><div class="pic-wrap"><img src="/img/{i}.jpg" alt="plant {i}">'
        f'</div><div class="col-text"><p><strong>Plant {i}</strong><br>The plant {i} grows in the shade of a '
        "north window, needs water once a fortnight and keeps its leaves through the winter, even in a cool "
        "room, which makes it the easiest of the lot.</p></div></div></div>"
        for i in range(5)
    )
    content = extract(_page(f"<main><h1>Houseplants for the shade</h1><div class='grid'>{cards}</div></main>"), _URL)
    text = "\n".join(_texts(content))
    for i in range(5):
        assert f"The plant {i} grows in the shade" in text
    assert not any("grows in the shade" in f.caption for f in content.figures)


def test_a_caption_that_opens_with_a_name_in_bold_stays_a_caption() -> None:
    box = (
        '<div class="pic"><img src="/img/mayor.jpg" width="1200"><p><strong>Ana Ruiz</strong><br>'
        "The mayor at the opening of the compost hall on Monday.</p></div>"
    )
    paras = "".join(f"<p>{_para(i)}</p>" for i in range(3))
    content = extract(_page(f"<article><h1>Composting at home</h1>{paras}{box}{paras}</article>"), _URL)
    assert any("The mayor at the opening" in f.caption for f in content.figures)
    assert "The mayor at the opening" not in "\n".join(_texts(content))


def test_a_table_a_cms_wraps_in_a_figure_is_read_as_text():
    rows = "".join(f"<tr><td>{i}</td><td>Heap number {i}</td><td>{20 + i} °C</td></tr>" for i in range(1, 5))
    table = (
        f'<figure class="wp-block-table"><table><tbody>{rows}</tbody></table>'
        "<figcaption>Heap temperatures</figcaption></figure>"
    )
    paras = "".join(f"<p>{_para(i)}</p>" for i in range(3))
    content = extract(_page(f"<article><h1>Composting at home</h1>{paras}{table}</article>"), _URL)
    text = "\n".join(_texts(content))
    for i in range(1, 5):
        assert f"Heap number {i}" in text
