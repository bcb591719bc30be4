"""Body shapes the content scorer used to get wrong: articles split into many boxes,
articles swallowed by broken markup, articles a paywall script hides until it runs."""

from __future__ import annotations

from reader.extract import extract

_PARAS = [
    f"Paragraph {i} of the council report, which explains at some length why the bridge will close "
    f"for repairs this summer, and what the detour will cost commuters, shops and the bus company."
    for i in range(1, 9)
]


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>Bridge to close</title>{head}</head><body>{body}</body></html>"


def _text(content) -> str:
    return "\n".join(b.text for b in content.body)


def test_paragraphs_each_in_their_own_box_are_all_kept():
    # One paragraph per wrapper, wrappers between ad slots (a React-rendered news page).
    boxes = "".join(
        f'<div class="sc-x1"><div class="sc-x2"><div><p>{p}</p></div></div></div><div class="ad-slot"></div>'
        for p in _PARAS
    )
    html = _page(
        '<div id="top"><a href="/">Home</a> <a href="/news">News</a></div>'
        f'<div class="sc-main"><h1>Bridge to close</h1>{boxes}</div>'
        '<div class="sc-more"><ul><li><a href="/a">Another story entirely</a></li>'
        '<li><a href="/b">Yet another story</a></li></ul></div>'
    )
    content = extract(html, "https://news.example.org/bridge")
    text = _text(content)
    for p in _PARAS:
        assert p in text
    assert "Another story entirely" not in text
    assert "Home" not in text


def test_article_inside_an_unclosed_aside_is_still_found():
    paras = "".join(f"<p>{p}</p>" for p in _PARAS)
    # The sidebar's <aside> is never closed: the parser puts the article inside it.
    html = _page(f'<aside class="secondary"><div class="promo">Subscribe today</div><article>{paras}</article>')
    content = extract(html, "https://news.example.org/bridge")
    assert [b.text for b in content.body] == _PARAS


def test_article_hidden_until_a_paywall_script_runs_is_read():
    paras = "".join(f"<p>{p}</p>" for p in _PARAS)
    html = _page(
        f'<article><p class="lead">{_PARAS[0]}</p>'
        f'<div class="paywall" style="display:none">{paras[len(_PARAS[0]) + 7 :]}</div></article>'
        '<div style="display: none"><p>A hidden cookie notice that nobody should read as the article.</p></div>'
    )
    content = extract(html, "https://news.example.org/bridge")
    text = _text(content)
    for p in _PARAS:
        assert p in text
    assert "cookie notice" not in text


def test_container_named_for_printing_is_not_furniture():
    # "PrintThis" marks what the print button prints: the article, not a print button.
    divs = "".join(f"<div>{p}</div>" for p in _PARAS)
    html = _page(
        f'<div class="PrintThis"><div class="LongDesc">{divs}</div></div><div class="print-button">Print</div>'
    )
    text = _text(extract(html, "https://news.example.org/bridge"))
    for p in _PARAS:
        assert p in text
    assert "Print" not in text.split()


def test_body_is_not_widened_into_a_page_of_teasers():
    paras = "".join(f"<p>{p}</p>" for p in _PARAS[:5])
    teasers = "".join(
        f'<div class="card"><h3><a href="/s/{i}">Other story {i}</a></h3><span>{i} min</span>'
        "<ul><li>tag</li><li>tag two</li></ul>"
        f"<p>A teaser paragraph for another story number {i} that is long enough to count as prose.</p>"
        "<div>Share</div><div>Save</div><div>Comments 12</div><div>Listen 3:20</div></div>"
        for i in range(12)
    )
    html = _page(f'<div class="wrap"><div id="entry">{paras}</div><div class="grid">{teasers}</div></div>')
    text = _text(extract(html, "https://news.example.org/bridge"))
    assert "teaser paragraph" not in text
    for p in _PARAS[:5]:
        assert p in text


def test_elements_hidden_by_utility_classes_are_not_read():
    paras = "".join(f"<p>{p}</p>" for p in _PARAS[:4])
    html = _page(
        f'<article><div class="intro-body__premium hidden"><p>This content is reserved for subscribers only, '
        f'subscribe now to read the latest news.</p></div><span class="d-none">Loading comments</span>{paras}'
        f'<p class="hidden-xs">{_PARAS[4]}</p></article>'
    )
    text = _text(extract(html, "https://news.example.org/bridge"))
    assert "reserved for subscribers" not in text
    assert "Loading comments" not in text
    assert _PARAS[4] in text  # a responsive variant ("hidden-xs") is still shown on big screens


def test_date_stamps_and_teaser_boxes_are_not_paragraphs():
    paras = "".join(f"<p>{p}</p>" for p in _PARAS[:4])
    teasers = "".join(
        f'<div class="teaser"><h2><a href="/t/{i}">Another bridge story {i}</a></h2>'
        f"<p>A short summary of the other story number {i}, which belongs to another page. mehr</p></div>"
        for i in range(3)
    )
    html = _page(
        f'<article><div class="lastchanged">Stand: 28.04.2023 17:23 Uhr</div>{paras}<p>24. 3. 2023</p>'
        f'<div class="contentbox list">{teasers}</div></article>'
    )
    texts = [b.text for b in extract(html, "https://news.example.org/bridge").body]
    assert texts == _PARAS[:4]


def test_embedded_post_text_is_kept_as_a_quote_and_signature_bylines():
    paras = "".join(f"<p>{p}</p>" for p in _PARAS[:3])
    tweet = (
        '<blockquote class="twitter-tweet"><p>The bridge closes on Monday for repairs.</p>'
        '— City Council (@council) <a href="https://twitter.com/council/status/1">May 1, 2024</a></blockquote>'
    )
    tweet = f'<div class="social-media-embed">{tweet}</div>'
    html = _page(f"<article>{paras}{tweet}<p>{_PARAS[3]}</p><p>JANE DOE</p></article>")
    content = extract(html, "https://news.example.org/bridge")
    quotes = [b.text for b in content.body if b.type == "quote"]
    assert quotes and quotes[0].startswith("The bridge closes on Monday for repairs.")
    assert content.bylines == ("JANE DOE",)
    assert all(b.text != "JANE DOE" for b in content.body)


def test_standfirst_above_the_body_is_its_first_paragraph():
    standfirst = "The council will close the old bridge for three months, and the detour will add twenty minutes."
    paras = "".join(f"<p>{p}</p>" for p in _PARAS[:4])
    html = _page(
        f'<article><header><h1>Bridge to close</h1><p class="article-subtitle">{standfirst}</p>'
        f'<div class="byline">By Jane Doe</div></header><div class="article-body">{paras}</div></article>',
        f'<meta name="description" content="{standfirst}">',
    )
    texts = [b.text for b in extract(html, "https://news.example.org/bridge").body]
    assert texts == [standfirst, *_PARAS[:4]]


def test_standfirst_printed_again_in_the_body_appears_once():
    standfirst = "The council will close the old bridge for three months, and the detour will add twenty minutes."
    paras = "".join(f"<p>{p}</p>" for p in _PARAS[:4])
    html = _page(
        f'<article><header><p class="lead">{standfirst}</p></header>'
        f'<div class="article-body"><p>{standfirst}</p>{paras}</div></article>'
    )
    texts = [b.text for b in extract(html, "https://news.example.org/bridge").body]
    assert texts == [standfirst, *_PARAS[:4]]
