"""Exports checked by the tools' own schemas and parsers: the W3C model (a JSON Schema from the
spec's text, and pyld's JSON-LD expansion), Hypothesis's API schemas, PyYAML for front matter,
markdown-it for the Markdown, Python's csv for Readwise. And selectors that are true of what
they select."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import unquote

import yaml
from markdown_it import MarkdownIt
from pyld import jsonld

from reader.annotations.export import (
    ExportItem,
    export_csv,
    export_hypothesis,
    export_markdown,
    export_markdown_files,
    export_webanno,
)
from reader.annotations.export.context import quote_context
from reader.annotations.export.fragment import text_directive
from reader.annotations.export.obsidian import obsidian_tag
from reader.annotations.export.webanno import GLOSS_NS, content_hash_of
from reader.types import Article, ArticleContent, Block, Figure

from .helpers import FEED, highlight_quote, highlight_selection, make_article, make_content
from .schemas import errors, hypothesis_validators, offline_loader, w3c_validator

UTC_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
EXTRACTED = datetime(2024, 5, 1, 10, 0, 0, 123456, tzinfo=UTC)


def _item() -> ExportItem:
    content = make_content()
    highlights = (
        highlight_quote(content, "long queues in Nairobi", hid="h1", note="Compare with **2017**.", tags=("kenya",)),
        highlight_quote(content, "casts a ballot in Nairobi", hid="h2", color="green"),  # a caption
        highlight_quote(content, "counts votes", hid="h3", tags=("child care", "#2024")),  # the title
        highlight_quote(content, "Jane Doe", hid="h4", note="# not a heading\nline\n---\n```\nopen fence"),  # byline
        highlight_quote(content, "Results are expected within seven days", hid="h5", note=".NET and =1+1"),
    )
    return ExportItem(make_article(), FEED, content, highlights, EXTRACTED)


def _annotations() -> tuple[dict[str, object], list[dict[str, object]]]:
    doc = json.loads(export_webanno([_item()]))
    return doc, doc["first"]["items"]


# --- W3C -----------------------------------------------------------------------------------------


def test_w3c_export_validates_against_the_model_schema() -> None:
    doc, items = _annotations()
    assert errors(w3c_validator(), doc) == []
    assert len(items) == 5


def test_collection_page_and_annotations_have_iris_and_z_dates() -> None:
    doc, items = _annotations()
    assert str(doc["id"]).startswith("urn:uuid:") and str(doc["first"]["id"]).startswith("urn:uuid:")  # type: ignore[index]
    assert doc["id"] != doc["first"]["id"] and doc["first"]["partOf"] == doc["id"]  # type: ignore[index]
    assert UTC_Z.match(str(doc["generated"]))
    for a in items:
        assert UTC_Z.match(str(a["created"])) and UTC_Z.match(str(a["modified"]))
        assert "stylesClass" not in a


def test_colour_is_a_style_class_with_its_rule_in_the_stylesheet() -> None:
    _, items = _annotations()
    green = next(a for a in items if a["gloss"]["highlight_id"] == "h2")  # type: ignore[index]
    assert green["target"]["styleClass"] == "gloss-green"  # type: ignore[index]
    assert green["stylesheet"] == {"type": "CssStylesheet", "value": ".gloss-green { background-color: #c8f0c0; }"}


def test_gloss_fields_survive_json_ld_expansion() -> None:
    doc, items = _annotations()
    expanded = jsonld.expand(doc, {"documentLoader": offline_loader})
    annotations = expanded[0]["http://www.w3.org/ns/activitystreams#first"][0][
        "http://www.w3.org/ns/activitystreams#items"
    ][0]["@list"]
    assert len(annotations) == len(items)
    for original, node in zip(items, annotations, strict=True):
        record = node[GLOSS_NS + "record"][0]
        assert record["@type"] == "@json" and record["@value"] == original["gloss"]
        target = node["http://www.w3.org/ns/oa#hasTarget"][0]
        assert target["http://www.w3.org/ns/oa#styleClass"][0]["@value"] == original["target"]["styleClass"]  # type: ignore[index]
        state = target["http://www.w3.org/ns/oa#hasState"][0]
        assert "http://www.w3.org/ns/oa#cachedSource" in state
        assert "http://www.w3.org/ns/oa#styledBy" in node


def test_positions_count_in_the_text_the_state_names() -> None:
    item = _item()
    text = item.content.canonical_text()  # type: ignore[union-attr]
    _, items = _annotations()
    for a in items:
        target = a["target"]
        cached = target["state"]["cached"]  # type: ignore[index]
        assert content_hash_of(cached) == hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert target["state"]["sourceDate"] == "2024-05-01T10:00:00.123456Z"  # type: ignore[index]
        quote = next(s for s in target["selector"] if s["type"] == "TextQuoteSelector")  # type: ignore[index]
        position = next(s for s in target["selector"] if s["type"] == "TextPositionSelector")  # type: ignore[index]
        assert text[position["start"] : position["end"]] == quote["exact"]


def test_quote_context_comes_from_the_quotes_own_part() -> None:
    item = _item()
    parts = {p.id: p.text for p in item.content.parts()}  # type: ignore[union-attr]
    _, items = _annotations()
    for a in items:
        quote = next(s for s in a["target"]["selector"] if s["type"] == "TextQuoteSelector")  # type: ignore[index]
        part = parts[a["gloss"]["part"]]  # type: ignore[index]
        assert quote["prefix"] + quote["exact"] + quote["suffix"] in part
        assert "\n\n" not in quote["prefix"] + quote["suffix"]
    caption = next(a for a in items if a["gloss"]["part"].startswith("caption:"))  # type: ignore[index]
    assert next(s for s in caption["target"]["selector"] if s["type"] == "TextQuoteSelector")["prefix"] == "A voter "  # type: ignore[index]


def test_a_highlight_on_no_known_text_gets_no_position_or_state() -> None:
    item = _item()
    bare = replace(item, content=None, highlights=(replace(item.highlights[0], anchored_hash=None),))
    [a] = json.loads(export_webanno([bare]))["first"]["items"]
    assert [s["type"] for s in a["target"]["selector"]] == ["TextQuoteSelector"]
    assert "state" not in a["target"]
    assert errors(w3c_validator(), json.loads(export_webanno([bare]))) == []


# --- text fragments -------------------------------------------------------------------------------


def test_a_quote_starting_mid_word_gets_the_words_start_as_prefix() -> None:
    content = make_content()
    text = content.body[1].text
    start, end = text.index("aid turnout"), text.index("higher") + 4
    h = highlight_selection(content, "block:1", start, end)  # "aid turnout was high"
    item = ExportItem(make_article(), FEED, content, (h,))
    directive = text_directive(h.quote.exact, quote_context(item, h))
    assert directive is not None
    terms = [unquote(t) for t in directive.removeprefix("text=").split(",")]
    assert terms == ["Officials s-", "aid turnout was high", "-er than in"]


def test_title_byline_and_caption_links_get_context_from_their_part() -> None:
    item = _item()
    for h in item.highlights[1:3]:
        directive = text_directive(h.quote.exact, quote_context(item, h))
        assert directive is not None and directive.count(",") >= 1, directive
    title = text_directive(item.highlights[2].quote.exact, quote_context(item, item.highlights[2]))
    assert title is not None and title.startswith("text=Kenya-,counts%20votes,-") and "calm" in unquote(title)


def test_a_cut_context_word_is_never_used_as_a_term() -> None:
    content = ArticleContent(title="T", body=(Block("paragraph", "x" * 40 + " supercalifragilistic word here"),))
    h = highlight_quote(content, "word here")
    item = ExportItem(make_article(), FEED, replace(content, body=()), (replace(h, state="orphaned"),))
    context = quote_context(item, item.highlights[0])
    assert not context.whole_before
    directive = text_directive(h.quote.exact, context, ambiguous=True)
    assert directive == "text=supercalifragilistic-,word%20here"


# --- Hypothesis ------------------------------------------------------------------------------------


def test_hypothesis_export_is_accepted_by_its_api_schemas() -> None:
    doc = json.loads(export_hypothesis([_item()]))
    assert doc["total"] == len(doc["rows"]) == 5
    published, server = hypothesis_validators()
    for row in doc["rows"]:
        assert errors(published, row) == [] and errors(server, row) == []
        assert row["uri"].strip() == "https://www.example.org/a/kenya-votes.html"  # CreateAnnotationSchema
        [target] = row["target"]
        assert [s["type"] for s in target["selector"]] == ["TextQuoteSelector"]
        assert "group" not in row and "permissions" not in row  # private to whoever posts them
    assert {t for row in doc["rows"] for t in row["tags"]} == {"kenya", "child care", "#2024"}


def test_hypothesis_export_leaves_out_articles_without_a_web_page() -> None:
    item = _item()
    sample = replace(item, article=replace(item.article, url="gloss-sample:///a.html"), content=None)
    assert json.loads(export_hypothesis([sample])) == {"total": 0, "rows": []}


# --- Markdown / Obsidian ----------------------------------------------------------------------------


def _front_matter(text: str) -> dict[str, object]:
    assert text.startswith("---\n")
    return yaml.safe_load(text[4 : text.index("\n---\n", 4)])


def test_front_matter_parses_with_pyyaml_and_has_obsidian_tags() -> None:
    text = export_markdown([_item()])
    fm = _front_matter(text)
    assert fm["title"] == 'Kenya counts votes: "calm" so far'
    assert fm["tags"] == ["kenya", "child-care", "y2024"]
    for tag in fm["tags"]:  # type: ignore[attr-defined]
        assert re.fullmatch(r"[\w/-]*[^\W\d][\w/-]*", tag) and not tag.startswith("#")


def test_notes_cannot_add_headings_or_swallow_the_export() -> None:
    item = _item()
    text = export_markdown([item, replace(item, article=replace(item.article, id="feed1-000000000002"))])
    tokens = MarkdownIt().parse(text[text.index("\n---\n", 4) + 5 :])
    headings = [t for t in tokens if t.type == "heading_open"]
    assert [h.tag for h in headings] == ["h1", "h2", "h2"]  # the export's title, one per article
    # The fence the note left open was closed: the second article's heading is still a heading.
    assert sum(1 for t in tokens if t.type == "fence") == 2


def test_obsidian_tag_mapping() -> None:
    assert obsidian_tag("child care") == "child-care"
    assert obsidian_tag("#politics/Kenya") == "politics/Kenya"
    assert obsidian_tag("1984") == "y1984"
    assert obsidian_tag("  ") == "tag"
    assert obsidian_tag("été & co.") == "été-co"


def test_file_names_are_safe_in_wikilinks() -> None:
    item = _item()
    titled = replace(item, article=replace(item.article, title="Q&A #3: [draft] ^ a|b"))
    [(name, _)] = export_markdown_files([titled])
    assert not set(name) & set("#^[]|") and name == "Q&A 3 draft a b.md"


# --- Readwise CSV ----------------------------------------------------------------------------------


def _rows(items: list[ExportItem]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export_csv(items), newline="")))


def test_readwise_csv_location_date_tags_and_dot_notes() -> None:
    rows = _rows([_item()])
    assert [r["Location"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", r["Date"]) for r in rows)
    by_quote = {r["Highlight"]: r for r in rows}
    assert by_quote["counts votes"]["Note"] == ".child-care .2024"
    dotted = by_quote["Results are expected within seven days"]["Note"]
    assert dotted == "\u2060.NET and =1+1" and not dotted.startswith(".")


def test_readwise_csv_has_no_internal_urls_and_keeps_the_formula_guard() -> None:
    item = _item()
    sample = replace(item, article=replace(item.article, url="gloss-sample:///x.html"), content=None)
    formula = replace(item.highlights[0], note="=HYPERLINK(1)", tags=())
    rows = _rows([replace(sample, highlights=(formula,))])
    assert rows[0]["URL"] == "" and rows[0]["Note"] == "'=HYPERLINK(1)"


def test_figure_captions_and_sample_still_export() -> None:
    content = ArticleContent(
        title="T", body=(Block("paragraph", "Body text here."),), figures=(Figure("x", caption="Cap"),)
    )
    h = highlight_quote(content, "Cap")
    item = ExportItem(Article("f-1", "f", "g", url=None, title="T"), None, content, (h,))
    assert errors(w3c_validator(), json.loads(export_webanno([item]))) == []
