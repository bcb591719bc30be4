"""A VOA (Pangea CMS) article page with all the furniture those pages carry."""

from __future__ import annotations

import json

import pytest

from reader.cli.jsonout import content_json
from reader.extract import extract

URL = "https://www.voanews.com/a/harbor-town-ferry-dock/1234567.html"
FURNITURE = [
    "Accessibility links",
    "Skip to main content",
    "Breaking News",
    "Volcano erupts",
    "XS",
    "LG",
    "16x9 Image",
    "Share on Facebook",
    "Email to a Friend",
    "Print",
    "Related",
    "More US Stories",
    "Storm season leaves coastal roads closed",
    "City council approves",
    "VOA News is the multimedia news service",
    "largest U.S. international broadcaster",
    "By VOA News",
    "United States",
]
CRANE = "A crane barge waits offshore before the morning shift, Feb. 28, 2024."


@pytest.mark.parametrize(
    "url",
    [URL, "https://learningenglish.voanews.com/a/ferry/1234567.html", "gloss-sample:voa/ferry.html", None],
)
def test_body_is_the_article_text_alone(page, url):
    content = extract(page("pangea_sample.html"), url)
    texts = [b.text for b in content.body]
    assert texts[0].startswith("The ferry dock that has served this small harbor town")
    assert [b.type for b in content.body] == ["paragraph", "paragraph", "heading", "paragraph", "quote", "paragraph"]
    assert texts[-1] == "Residents lined the shore on Saturday to watch the first new pylon go in."
    body = "\n".join(texts)
    for junk in FURNITURE:
        assert junk not in body, junk
    assert "crane barge" not in body
    assert "Workers lift a new pylon" not in body


def test_metadata_byline_dateline(page):
    content = extract(page("pangea_sample.html"), URL)
    assert content.title == "Harbor town rebuilds its ferry dock after winter storms"
    assert content.bylines == ("VOA News",)
    assert content.dateline == "AUBURN, Wash."
    assert not content.body[0].text.startswith("AUBURN")
    assert content.published == "2024-03-02T10:30:00-05:00"
    assert content.site_name == "Voice of America"
    assert content.lang == "en"
    assert content.url == URL
    assert content.warnings == ()


def test_captions_once_with_credit_apart_and_in_place(page):
    content = extract(page("pangea_sample.html"), URL)
    captions = [f.caption for f in content.figures]
    assert captions == ["Workers lift a new pylon into place at the ferry dock in Auburn, March 1, 2024.", CRANE]
    lead, crane = content.figures
    assert lead.position == -1 and lead.src == "https://gdb.voanews.com/dock_w250.jpg"
    # The crane photo sits after the second paragraph (index 1), and its credit is apart.
    assert crane.position == 1
    assert crane.credit == "AP Photo/Jane Fielding"
    assert crane.src == "https://www.voanews.com/img/crane_w250.jpg"
    assert all("16x9" not in (f.alt + f.caption) for f in content.figures)


def test_spans_and_links_are_absolute(page):
    content = extract(page("pangea_sample.html"), URL)
    first, second = content.body[0], content.body[1]
    em = first.spans[0]
    assert em.kind == "em" and first.text[em.start : em.end] == "eastern half"
    link = second.spans[0]
    assert link.kind == "link" and second.text[link.start : link.end] == "north of the marina"
    assert link.href == "https://www.voanews.com/a/temporary-landing/99.html"


def test_the_json_form_and_parts_keep_captions_out_of_blocks(page):
    content = extract(page("pangea_sample.html"), URL)
    d = json.loads(json.dumps(content_json(content)))
    assert set(d) == {"title", "bylines", "published", "dateline", "site_name", "lang", "url", "body", "figures"}
    kinds = [p.kind for p in content.parts()]
    assert kinds[:3] == ["title", "byline", "caption"]
    assert all(CRANE not in p.text for p in content.parts() if p.kind == "block")
