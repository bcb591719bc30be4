"""The extraction pipeline's steps, each on a small page of its own: the dateline filed
apart from the text, figures kept beside the paragraph they followed once byline lines
leave the body, the cover photo found above the body, a site rule's body, dateline and
removals, and the JSON-LD body of a page that prints none."""

from __future__ import annotations

import json

from lxml import etree

from reader.extract import extract
from reader.extract.core import build_blocks, choose_body, prepare_tree, read_page
from reader.extract.datelines import file_dateline
from reader.extract.figures import RawFigure
from reader.extract.page_figures import lead_figures, place_figures
from reader.extract.parse import parse
from reader.extract.siterules import SiteRule
from reader.types import Block, Span

URL = "https://news.example.org/2025/05/harbour"
P = [
    f"Paragraph {i} of the harbour story: the port authority says the new terminal will handle twice the "
    f"freight of the old one, and that the first ships will dock there before the autumn storms."
    for i in range(5)
]


def _html(body: str, head: str = "") -> str:
    return f"<html><head><title>Harbour</title>{head}</head><body>{body}</body></html>"


def _paras(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


# --- the dateline ------------------------------------------------------------------------


def test_a_dateline_opening_the_text_is_filed_apart_and_the_text_starts_after_it():
    opening = "HALIFAX, N.S. (AP) — The harbour authority said on Monday that the new terminal will open in May."
    content = extract(_html(f"<article><h1>Harbour</h1>{_paras([opening, *P[:3]])}</article>"), URL)
    assert content.dateline == "HALIFAX, N.S."
    assert content.body[0].text == "The harbour authority said on Monday that the new terminal will open in May."


def test_cutting_the_dateline_off_keeps_each_link_on_its_own_words():
    text = "KYIV, Ukraine — Officials said the bridge reopened after repairs that took most of the winter."
    start = text.index("bridge")
    blocks = [Block("paragraph", text, (Span(start, start + len("bridge"), "link", "https://news.example.org/b"),))]
    assert file_dateline(blocks, None) == "KYIV, Ukraine"
    [block] = blocks
    assert block.text.startswith("Officials said the bridge")
    [span] = block.spans
    assert block.text[span.start : span.end] == "bridge"


def test_a_dateline_printed_in_its_own_element_and_again_in_the_text_is_shown_once():
    text = "LAGOS, Nigeria — The port reopened on Tuesday after a week of storms had closed it to ships."
    blocks = [Block("paragraph", text)]
    assert file_dateline(blocks, "LAGOS, Nigeria") == "LAGOS, Nigeria"
    assert blocks[0].text == "The port reopened on Tuesday after a week of storms had closed it to ships."


def test_the_dateline_of_its_own_element_wins_and_a_text_that_does_not_repeat_it_is_not_cut():
    text = "ABUJA — The minister spoke in the capital, while the port in the south reopened on Tuesday."
    blocks = [Block("paragraph", text)]
    assert file_dateline(blocks, "LAGOS, Nigeria") == "LAGOS, Nigeria"
    assert blocks[0].text == text


def test_capitals_that_open_the_text_without_a_story_after_them_are_no_dateline():
    blocks = [Block("paragraph", "NASA - a short note."), Block("paragraph", P[0])]
    assert file_dateline(blocks, None) is None
    assert blocks[0].text == "NASA - a short note."


def test_a_dateline_is_looked_for_only_at_the_top_of_the_text():
    late = Block("paragraph", "OSLO — The ferry company said the crossing will take twenty minutes less from June.")
    blocks = [Block("heading", f"Part {i}") for i in range(4)] + [late]
    assert file_dateline(blocks, None) is None
    assert blocks[-1] == late


# --- figure positions once byline lines leave the body -----------------------------------


def test_a_photo_stays_after_its_paragraph_when_the_byline_line_above_is_removed():
    caption = "A crane lifts the first section of the terminal roof into place."
    html = _html(
        f"<article><h1>Harbour</h1><p>By Jane Doe</p><p>{P[0]}</p>"
        f'<figure><img src="/crane.jpg"><figcaption>{caption}</figcaption></figure>'
        f"{_paras(P[1:4])}</article>",
        head='<meta name="author" content="Jane Doe">',
    )
    content = extract(html, URL)
    assert content.bylines == ("Jane Doe",)
    assert [b.text for b in content.body] == P[:4]
    [fig] = content.figures
    assert fig.caption == caption
    assert content.body[fig.position].text == P[0]


def test_figures_follow_the_last_kept_block_before_them_and_a_caption_printed_twice_is_kept_once():
    cover = RawFigure("https://news.example.org/cover.jpg", "", "The harbour at dawn, before the ferries leave.", "")
    crane = RawFigure("https://news.example.org/crane.jpg", "", "A crane lifts the roof.", "Photo Desk")
    again = RawFigure(None, "", "A crane lifts the roof.", "")
    # Blocks 1 and 4 were byline lines: blocks 0, 2, 3 are kept.
    placed = place_figures([(cover, -1), (crane, 2), (again, 3), (cover, 4)], kept=[0, 2, 3])
    assert [(f.src, f.caption, f.credit, f.position) for f in placed] == [
        (cover.src, cover.caption, "", -1),
        (crane.src, crane.caption, "Photo Desk", 1),
    ]


# --- the cover photo above the body ------------------------------------------------------


def _cover_page(cover: str, after: str = "", elsewhere: str = "") -> str:
    return _html(
        f'<article><h1>Harbour</h1>{cover}<div class="story-body">{_paras(P)}</div>{after}</article>{elsewhere}'
    )


def test_the_cover_photo_above_the_body_leads_the_article_even_without_a_caption():
    content = extract(_cover_page('<figure class="cover"><img src="/cover.jpg" alt="The harbour"></figure>'), URL)
    lead = content.lead_figure
    assert lead is not None
    assert lead.src == "https://news.example.org/cover.jpg"
    assert lead.alt == "The harbour"
    assert [b.text for b in content.body] == P


def test_the_lead_figure_search_stays_above_the_body_inside_its_article():
    cover = "The harbour at dawn, before the ferries leave."
    html = _cover_page(
        f'<figure><img src="/cover.jpg"><figcaption>{cover}</figcaption></figure>',
        after='<figure><img src="/after.jpg"><figcaption>The old terminal, to be pulled down.</figcaption></figure>',
        elsewhere='<article><figure><img src="/other.jpg"><figcaption>Another story.</figcaption></figure></article>',
    )
    root = parse(html).root
    body = root.find(".//div[@class='story-body']")
    found = lead_figures(body, URL)
    assert [(f.src, f.caption) for f in found] == [("https://news.example.org/cover.jpg", cover)]


def test_at_most_three_photos_above_the_body_lead_it():
    covers = "".join(f'<figure><img src="/c{i}.jpg" alt="Photo {i} of the quay"></figure>' for i in range(5))
    root = parse(_cover_page(covers)).root
    found = lead_figures(root.find(".//div[@class='story-body']"), URL)
    assert [f.src for f in found] == [f"https://news.example.org/c{i}.jpg" for i in range(3)]


# --- a site rule's body, dateline and removals -------------------------------------------


def _rule(**paths: list[str]) -> SiteRule:
    compiled = {key: tuple(etree.XPath(p) for p in value) for key, value in paths.items()}
    return SiteRule(name="Test CMS", hosts=("news.example.org",), **compiled)


def test_a_site_rules_body_dateline_and_removals_shape_the_article():
    rule = _rule(
        body=["//div[@class='story']"],
        dateline=[".//span[@class='place']"],
        remove=["//div[@class='app-promo']"],
    )
    html = _html(
        '<div class="teasers">' + _paras(["Other news: " + t for t in P]) + "</div>"
        f'<div class="story"><p><span class="place">OSLO —</span> {P[0]}</p>'
        '<div class="app-promo"><p>Read every story of the harbour series in our app, free for a month.</p></div>'
        f"{_paras(P[1:3])}</div>"
    )
    page = read_page(parse(html), URL, [rule])
    assert page.rule is rule
    prepare_tree(page)
    body = choose_body(page)
    assert [el.get("class") for el in body.elements] == ["story"]
    built = build_blocks(page, body)
    assert built.dateline == "OSLO"
    assert [b.text for b in built.blocks] == P[:3]

    content = extract(html, URL, rules=[rule])
    assert content.dateline == "OSLO"
    assert [b.text for b in content.body] == P[:3]


# --- a page that prints no text ----------------------------------------------------------


def test_a_page_without_text_in_its_markup_shows_its_json_ld_body_and_says_so():
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Harbour",
        "articleBody": "\n".join(P[:2]),
    }
    html = _html('<div id="app"></div>', head=f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    content = extract(html, URL)
    assert [b.text for b in content.body] == P[:2]
    assert "the body was taken from the page's JSON-LD articleBody" in content.warnings
    assert "no article text was found on the page" not in content.warnings


def test_a_page_without_any_text_says_so():
    content = extract(_html('<div id="app"></div>'), URL)
    assert content.body == ()
    assert content.warnings == ("no article text was found on the page",)
