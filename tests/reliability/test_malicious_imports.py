"""Imports that try to get in, through the facade on a populated on-disk library: an OPML
entity bomb, an external entity, 100,000 outlines, file:// and javascript: feed URLs
hidden among good ones; annotation JSON that is malformed, truncated, deeply nested, or
valid except for its last annotation. Each fails with an error in words and leaves every
file of the library byte for byte as it was (no partial import)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.errors import NotesImportError, OPMLError, ReaderError
from reader.library import Library
from tests.reader.storage.test_disk_faults import make_library


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "gloss.lock"
    }


def opml(outlines: str, doctype: str = "") -> bytes:
    return f'<?xml version="1.0"?>{doctype}<opml version="2.0"><head/><body>{outlines}</body></opml>'.encode()


GOOD = "".join(f'<outline text="Good {i}" type="rss" xmlUrl="https://news{i}.example.org/feed.xml"/>' for i in range(5))
BOMB = (
    '<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>"
)

BAD_OPML: dict[str, bytes] = {
    "billion laughs": opml(GOOD + '<outline text="&j;" xmlUrl="https://x.example.org/f"/>', BOMB),
    "external entity": opml(
        GOOD + '<outline text="&e;" xmlUrl="https://x.example.org/f"/>',
        '<!DOCTYPE opml [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    ),
    "100,000 outlines": opml(
        "".join(f'<outline text="f{i}" xmlUrl="https://x.example.org/{i}"/>' for i in range(100_000))
    ),
    "truncated": opml(GOOD)[:-40],
}


HIDDEN_AMONG_GOOD: dict[str, bytes] = {
    "file:// among good feeds": opml(GOOD + '<outline text="Passwords" xmlUrl="file:///etc/passwd"/>' + GOOD),
    "javascript: among good feeds": opml(GOOD + '<outline text="JS" xmlUrl="javascript:alert(1)"/>'),
}


@pytest.mark.parametrize("name", list(HIDDEN_AMONG_GOOD))
def test_bad_feed_addresses_among_good_ones_are_skipped_never_subscribed(name: str, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    make_library(root)
    with Library.open(root, first_run=False) as lib:
        result = lib.import_opml_report(HIDDEN_AMONG_GOOD[name])
        assert len(result.skipped) == 1 and "skipped" in result.skipped[0]
        assert {f.url for f in result.added} == {f"https://news{i}.example.org/feed.xml" for i in range(5)}
        assert not any(f.url.startswith(("file:", "javascript:")) for f in lib.feeds(include_unsubscribed=True))


@pytest.mark.parametrize("name", list(BAD_OPML))
def test_malicious_opml_fails_in_words_and_changes_nothing(name: str, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    make_library(root)
    before = snapshot(root)
    with Library.open(root, first_run=False) as lib:
        feeds_before = lib.feeds()
        with pytest.raises(OPMLError) as info:
            lib.import_opml(BAD_OPML[name])
        assert str(info.value) and "Traceback" not in str(info.value)
        assert lib.feeds() == feeds_before
    assert snapshot(root) == before, "a failed import wrote to the library"


def _export(lib: Library) -> dict[str, object]:
    return json.loads(lib.export_text("json", lib.export_items()))


def _valid_but_the_last(good: bytes) -> bytes:
    # The valid annotations get new highlight ids (so alone they would be imported as new),
    # then one more whose target lacks its quote.
    text = good.decode().replace('"highlight_id": "h', '"highlight_id": "hx').replace("highlight=h", "highlight=hx")
    data = json.loads(text)
    items = data["first"]["items"]
    bad = json.loads(json.dumps(items[-1]))
    bad["gloss"]["highlight_id"] = "hbad"
    bad["target"] = {"source": "https://x.example.org/", "selector": [{"type": "TextQuoteSelector"}]}
    data["first"]["items"] = [*items, bad]
    return json.dumps(data).encode()


BAD_JSON: dict[str, Callable[[bytes], bytes]] = {
    "not JSON": lambda good: b"{not json",
    "truncated": lambda good: good[: len(good) // 2],
    "deep nesting": lambda good: b"[" * 200_000 + b"]" * 200_000,
    "deep nesting inside": lambda good: good.replace(
        b'"items": [', b'"x": ' + b"[" * 100_000 + b"]" * 100_000 + b', "items": [', 1
    ),
    "NaN": lambda good: good.replace(b'"items"', b'"n": NaN, "items"', 1),
    "valid but the last annotation": _valid_but_the_last,
    "a list, not a collection": lambda good: b"[1, 2, 3]",
    "binary": lambda good: bytes(range(256)) * 10,
}


@pytest.mark.parametrize("name", list(BAD_JSON))
def test_malformed_annotation_json_fails_in_words_and_changes_nothing(name: str, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    make_library(root)
    with Library.open(root, first_run=False) as lib:
        good = lib.export_text("json", lib.export_items()).encode()
    before = snapshot(root)
    with Library.open(root, first_run=False) as lib:
        with pytest.raises(ReaderError) as info:
            lib.import_notes(BAD_JSON[name](good))
        assert isinstance(info.value, NotesImportError), type(info.value)
        assert str(info.value) and "Traceback" not in str(info.value)
    assert snapshot(root) == before, "a failed import wrote to the library"
