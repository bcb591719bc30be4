"""Class names read as words, for the role they name: furniture words inside a real
article container, and utility-CSS tokens that only mention a role, keep the article."""

from __future__ import annotations

import pytest

from reader.extract import extract
from reader.extract.names import words

_PARAS = [
    f"Section {i} of the water board's plan: the reservoir will be dredged in stages, and the board sets out "
    f"at some length why the work is needed, what it costs, and how long the town will wait for it."
    for i in range(1, 7)
]


def _body(content) -> str:
    return "\n".join(b.text for b in content.body)


def test_class_words_split_tokens_and_leave_utility_css_out():
    from lxml import etree

    el = etree.fromstring('<div class="relatedStories share__bar md:hidden [&amp;_figcaption]:mt-2" id="x-Top"/>')
    assert words(el) == " related stories share bar x top "


@pytest.mark.parametrize(
    "wrapper",
    [
        "widget-span widget-type-rich-text",  # a CMS's layout widget around the post (HubSpot)
        "cws-jump-section",  # each section of a page with a table of contents to jump to
        "skip-target",
    ],
)
def test_sections_in_containers_named_after_layout_furniture_are_kept(wrapper: str):
    sections = "".join(f'<div class="{wrapper}"><h2>Part {i}</h2><p>{p}</p></div>' for i, p in enumerate(_PARAS))
    page = f"<html><body><main><article><h1>Reservoir plan</h1>{sections}</article></main></body></html>"
    text = _body(extract(page, "https://news.example.org/reservoir"))
    for p in _PARAS:
        assert p in text


def test_a_share_widget_without_prose_still_goes():
    paras = "".join(f"<p>{p}</p>" for p in _PARAS)
    share = '<div class="share-widget"><a href="https://x.example/s">Share on X</a> <a href="/mail">Email</a></div>'
    page = f"<html><body><article><h1>Reservoir plan</h1>{share}{paras}</article></body></html>"
    text = _body(extract(page, "https://news.example.org/reservoir"))
    assert "Share on X" not in text
    assert _PARAS[0] in text


def test_a_utility_class_that_mentions_figcaption_does_not_make_the_article_a_caption():
    paras = "".join(f'<p class="block">{p}</p>' for p in _PARAS)
    page = (
        "<html><body><main><section>"
        f'<article class="[&amp;_figcaption]:mt-2 [&amp;>*]:col-span-full break-words">{paras}</article>'
        "</section></main></body></html>"
    )
    content = extract(page, "https://news.example.org/reservoir")
    assert [b.text for b in content.body] == _PARAS
    assert not content.figures


def test_roles_named_in_capitals_or_camel_case_are_read_like_lower_case_ones():
    # The role patterns read lower-case words: a class written "ArticleByline" or
    # "PHOTO-CREDIT" names its role as well as "article-byline" does (here nothing but the
    # class says that the name is the byline and the credit a credit).
    paras = "".join(f"<p>{p}</p>" for p in _PARAS)
    page = (
        "<html><body><article><h1>Reservoir plan</h1>"
        '<div class="ArticleByline">Jane Doe</div>'
        '<figure><img src="/dredger.jpg" alt=""><figcaption>The dredger at work on the reservoir'
        ' <span class="PHOTO-CREDIT">Sam Lee</span></figcaption></figure>'
        f"{paras}</article></body></html>"
    )
    content = extract(page, "https://news.example.org/reservoir")
    assert [(f.caption, f.credit) for f in content.figures] == [("The dredger at work on the reservoir", "Sam Lee")]
    assert content.bylines == ("Jane Doe",)
    text = _body(content)
    assert "Jane Doe" not in text and "Sam Lee" not in text
