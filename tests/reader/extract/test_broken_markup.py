"""Markup a browser repairs and libxml2 alone does not: the page is built into a tree the
way a browser builds it, so a mistake in the header cannot take the article with it."""

from __future__ import annotations

from reader.extract import extract

_PARAS = [
    f"Paragraph {i} of the harbour report: the ferry pier will be rebuilt over two winters, "
    f"and the council explains at some length what the works will cost and who will pay for them."
    for i in range(1, 7)
]
_ARTICLE = "<main><article><h1>Pier to be rebuilt</h1>" + "".join(f"<p>{p}</p>" for p in _PARAS) + "</article></main>"


def _body(content) -> list[str]:
    return [b.text for b in content.body if b.type == "paragraph"]


def test_a_menu_button_left_open_in_the_header_does_not_swallow_the_article():
    # <div> where </div> was meant, inside a <button>: libxml2 ignored the </button> and
    # nested the rest of the page in the button, which is never article text.
    header = (
        '<header><div class="menu-button-container"><button class="menu-button">'
        '<span>Menu</span><div class="menu-button-inner"><div></button></div>'
        '<div class="logo"><a href="/">Harbour Times</a></div></header>'
    )
    content = extract(f"<html><body>{header}{_ARTICLE}</body></html>", "https://news.example.org/pier")
    assert _body(content) == _PARAS


def test_a_stray_end_of_document_after_the_header_does_not_end_the_page():
    # A template that closes the document after its header, then prints the article.
    page = (
        "<html><head><title>Pier to be rebuilt</title></head><body>"
        '<header><a href="/">Harbour Times</a></header></body></html>'
        f"{_ARTICLE}<footer>© Harbour Times</footer>"
    )
    content = extract(page, "https://news.example.org/pier")
    assert _body(content) == _PARAS
    assert "Harbour Times" not in " ".join(_body(content))


def test_meta_tags_after_a_stray_element_in_the_head_are_still_read():
    # An element <head> cannot hold ends it early; the <meta> tags after it end up in <body>.
    head = (
        '<head><meta charset="utf-8"><title>Pier to be rebuilt</title><div class="tag-manager"></div>'
        '<meta name="author" content="Jana Berger"><meta property="og:site_name" content="Harbour Times"></head>'
    )
    content = extract(f"<html>{head}<body>{_ARTICLE}</body></html>", "https://news.example.org/pier")
    assert content.bylines == ("Jana Berger",)
    assert _body(content) == _PARAS
