from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest

from reader.annotations.export import (
    ExportItem,
    export_csv,
    export_html,
    export_markdown,
    export_markdown_files,
    export_webanno,
    safe_filename,
)
from reader.annotations.export.fragment import encode_term
from reader.annotations.importing import parse_annotation_collection
from reader.errors import NotesImportError

from .helpers import FEED, highlight_quote, make_article, make_content


def _item() -> ExportItem:
    content = make_content()
    h1 = highlight_quote(
        content, "long queues in Nairobi", hid="h1", note="Compare with **2017**.", tags=("kenya", "turnout")
    )
    h2 = highlight_quote(content, "casts a ballot in Nairobi", hid="h2", color="green")
    h3 = highlight_quote(content, "Results are expected within seven days", hid="h3", note='=HYPERLINK("http://evil")')
    return ExportItem(make_article(), FEED, content, (h1, h2, h3))


def test_markdown_has_front_matter_blockquotes_notes_and_links(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(export_markdown([_item()]), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    front, _, body = text.removeprefix("---\n").partition("\n---\n")
    fields = dict(line.split(": ", 1) for line in front.splitlines() if ": " in line and not line.startswith("  "))
    # The title has a colon and quotes: it is a quoted scalar that reads back as itself.
    assert json.loads(fields["title"]) == 'Kenya counts votes: "calm" so far'
    assert json.loads(fields["feed"]) == "Example News"
    assert '  - "kenya"' in front and '  - "Jane Doe"' in front
    assert "> long queues in Nairobi" in body
    assert "Compare with **2017**." in body
    assert "https://www.example.org/a/kenya-votes.html#:~:text=long%20queues%20in%20Nairobi" in body
    assert "gloss://open/feed1-000000000001?highlight=h1" in body
    # The caption quote says so and credits the photo.
    caption_block = body[body.index("> casts a ballot") :].split("\n\n")[1]
    assert "From a photo caption" in caption_block and "AP Photo/Brian Inganga" in caption_block


def test_markdown_escapes_article_text_but_keeps_the_note() -> None:
    content = make_content(("Prices rose 5% #inflation [see](javascript:alert(1)) <b>x</b>",))
    h = highlight_quote(content, "Prices rose 5% #inflation [see](javascript:alert(1)) <b>x</b>", note="*mine*")
    text = export_markdown([ExportItem(make_article(), None, content, (h,))])
    assert r"> Prices rose 5% \#inflation \[see\](javascript:alert(1)) \<b\>x\</b\>" in text
    assert "\n*mine*\n" in text


def test_text_fragment_encodes_its_syntax_characters() -> None:
    assert encode_term("up-to-date, A&B") == "up%2Dto%2Ddate%2C%20A%26B"


def test_one_file_per_article_with_safe_distinct_names(tmp_path: Path) -> None:
    item = _item()
    other = replace(item, article=replace(item.article, id="feed1-000000000002"))
    for name, text in export_markdown_files([item, other]):
        (tmp_path / name).write_text(text, encoding="utf-8")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["Kenya counts votes calm so far (2).md", "Kenya counts votes calm so far.md"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("CON", "_CON.md"),
        ("aux.txt", "_aux.txt.md"),
        ('a/b\\c:d*e?f"g<h>i|j', "a b c d e f g h i j.md"),
        ("evil\u202egpj.exe", "evilgpj.exe.md"),
        ("tab\there\x00", "tab here.md"),
        ("...", "article.md"),
        ("  trailing dots.. ", "trailing dots.md"),
    ],
)
def test_safe_filename(title: str, expected: str) -> None:
    assert safe_filename(title) == expected


def test_long_title_file_name_is_cut_on_a_character_boundary() -> None:
    name = safe_filename("é" * 300)
    assert len(name.encode("utf-8")) <= 130
    assert name.endswith(".md") and name.removesuffix(".md") == "é" * len(name.removesuffix(".md"))


def test_web_annotation_round_trip(tmp_path: Path) -> None:
    item = _item()
    path = tmp_path / "notes.json"
    path.write_text(export_webanno([item]), encoding="utf-8")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection"
    first = next(a for a in doc["first"]["items"] if a["gloss"]["highlight_id"] == "h1")
    assert {s["type"] for s in first["target"]["selector"]} == {"TextQuoteSelector", "TextPositionSelector"}
    assert first["target"]["source"] == "https://www.example.org/a/kenya-votes.html"
    assert {"type": "TextualBody", "value": "kenya", "purpose": "tagging"} in first["body"]
    imported = parse_annotation_collection(path.read_bytes())
    assert sorted((i.highlight for i in imported), key=lambda h: h.id) == sorted(item.highlights, key=lambda h: h.id)
    assert imported[0].article.title == item.article.title
    assert imported[0].article.published == item.article.published
    assert imported[0].feed is not None and imported[0].feed.url == FEED.url


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: (d["first"]["items"][1]["target"].pop("selector"), d["first"]["items"][1]["gloss"].pop("quote")),
            "Annotation 2: target has no TextQuoteSelector",
        ),
        (lambda d: d["first"]["items"][0]["gloss"].update(state="lost"), "Annotation 1: 'state' must be one of"),
        (lambda d: d["first"]["items"][2].update(created="yesterday"), "Annotation 3: 'created' is not an ISO"),
        (lambda d: d["first"]["items"][1]["target"]["selector"][1].update(start=-1), "Annotation 2: 'start'"),
        (lambda d: d["first"]["items"][2]["gloss"].update(highlight_id="h1"), "Annotation 3: the highlight id 'h1'"),
        (lambda d: d.update(type="Annotation"), "not a W3C AnnotationCollection"),
        (lambda d: d["first"]["items"].pop(), "may be cut short"),
    ],
)
def test_malformed_import_names_the_problem_and_imports_nothing(mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(export_webanno([_item()]))
    mutate(doc)
    with pytest.raises(NotesImportError, match=message.replace("(", r"\(")):
        parse_annotation_collection(json.dumps(doc).encode())


@pytest.mark.parametrize("data", [b"", b"\xff\xfe garbage", b"[1, 2]", b"{" * 100000, b'{"type": NaN}'])
def test_garbage_import_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(NotesImportError):
        parse_annotation_collection(data)


def test_html_is_standalone_escaped_and_coloured(tmp_path: Path) -> None:
    content = make_content(("He wrote <script>alert('x')</script> & left.",))
    h = highlight_quote(content, "<script>alert('x')</script>", note="<img src=x onerror=alert(1)>", color="pink")
    item = ExportItem(replace(make_article(), title="<i>Title</i>"), FEED, content, (h,))
    path = tmp_path / "notes.html"
    path.write_text(export_html([item]), encoding="utf-8")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;i&gt;Title&lt;/i&gt;" in page
    assert 'class="highlight hl-pink"' in page and "#fcc8dc" in page  # the pink colour is shown
    assert "http://" not in page.replace("https://www.example.org", "")  # nothing remote


def test_csv_has_readwise_columns_and_neutralises_formulas(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text(export_csv([_item()]), encoding="utf-8", newline="")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["Highlight", "Title", "Author", "URL", "Note", "Location", "Date"]
    by_quote = {r["Highlight"]: r for r in rows}
    row = by_quote["Results are expected within seven days"]
    assert row["Note"] == '\'=HYPERLINK("http://evil")'
    assert row["Title"] == 'Kenya counts votes: "calm" so far' and row["Author"] == "Jane Doe"
    assert by_quote["long queues in Nairobi"]["Note"] == ".kenya .turnout\nCompare with **2017**."
    assert [r["Location"] for r in rows] == ["1", "2", "3"]  # reading order
