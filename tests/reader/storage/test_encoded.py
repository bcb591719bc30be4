"""Highlight shards are written encoding only what changed, and read back exactly as JSON reads them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from reader.storage.encoded import EncodedDocs
from reader.storage.tiny import TinyStorage
from tests.reader.storage.test_tinyuser import highlight

DATA: dict[str, Any] = {
    "_meta": {"1": {"schema": 3, "kind": "highlights"}},
    "highlights": {
        "17": {"id": "h1", "note": 'a "quoted" note,\nover two lines \\ with a backslash', "tags": ["ünï", "日本"]},
        "18": {"id": "h2", "note": "}", "tags": [], "n": 1.5, "gone": None, "ok": True},
    },
    "empty": {},
}


def test_what_is_written_reads_back_as_json_reads_it() -> None:
    text = EncodedDocs().encode(DATA).decode("utf-8")
    assert json.loads(text) == DATA
    assert EncodedDocs().decode(text) == DATA


def test_documents_read_one_a_line_share_their_key_strings_as_json_loads_gives_them() -> None:
    docs = {f"h{i}": {"id": f"h{i}", "quote": {"exact": f"words {i}"}, "tags": [{"name": "t"}]} for i in range(3)}
    read = EncodedDocs().decode(EncodedDocs().encode({"highlights": docs}).decode("utf-8"))["highlights"]
    assert read == docs
    first, *others = read.values()
    for doc in others:  # one string for each name, not one for each document (memory)
        assert all(a is b for a, b in zip(first, doc, strict=True))
        assert next(iter(doc["quote"])) is next(iter(first["quote"]))
        assert next(iter(doc["tags"][0])) is next(iter(first["tags"][0]))


@pytest.mark.parametrize("indent", [None, 2])
def test_a_file_written_otherwise_reads_as_json_reads_it(indent: int | None) -> None:
    text = json.dumps(DATA, indent=indent)
    assert EncodedDocs().decode(text) == DATA


def test_a_file_in_nearly_the_layout_reads_as_json_reads_it() -> None:
    text = EncodedDocs().encode(DATA).decode("utf-8")
    for other in (text.replace(',\n"18"', ',"18"'), text.replace("\n", " "), text + "\n", text.replace(":{", ": {")):
        assert EncodedDocs().decode(other) == json.loads(other) == DATA


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: t[:-2],  # no final brace
        lambda t: t.replace('"h2"', '"h2",', 1),  # a stray comma inside a document
        lambda t: t.replace("},\n", "}\n", 1),  # a missing comma between documents
        lambda t: t.replace('"18":{', '"18":', 1),  # a document cut short
    ],
)
def test_a_damaged_file_is_refused_as_json_refuses_it(damage: Any) -> None:
    text = damage(EncodedDocs().encode(DATA).decode("utf-8"))
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        EncodedDocs().decode(text)


def test_a_document_replaced_is_written_anew_and_the_others_as_they_were() -> None:
    docs = EncodedDocs()
    data = docs.decode(docs.encode(DATA).decode("utf-8"))
    data["highlights"]["17"] = {"id": "h1", "note": "changed"}
    data["highlights"]["19"] = {"id": "h3"}
    del data["highlights"]["18"]
    text = docs.encode(data).decode("utf-8")
    assert json.loads(text) == data
    assert docs.encode(data).decode("utf-8") == text  # nothing changed since: the same text


def test_highlights_edited_and_removed_through_the_store_read_back_after_a_reopen(tmp_path: Path) -> None:
    ids = [f"feed1-{n:012x}" for n in range(40)]
    first = [highlight(a, n) for n, a in enumerate(ids)]
    store = TinyStorage(tmp_path)
    store.user.put_highlights(first)
    store.close()
    store = TinyStorage(tmp_path)
    store.user.put_highlight(replace(first[3], note="edited after a reopen"))
    store.user.put_highlight(replace(first[3], note="and edited again"))
    store.user.delete_highlight(first[5].id)
    store.user.put_highlight(highlight(ids[5], 99))
    store.close()
    store = TinyStorage(tmp_path)
    got = {h.id: h for h in store.user.get_highlights()}
    assert got[first[3].id].note == "and edited again"
    assert first[5].id not in got and highlight(ids[5], 99).id in got
    assert len(got) == 40
    assert {h.id: h for h in got.values() if h.id != first[3].id} == {
        h.id: h for h in [*first[:5], *first[6:], highlight(ids[5], 99)] if h.id != first[3].id
    }
    store.close()


SLICED_VALUES: list[Any] = [
    [],
    {},
    [1],
    {"a": {}, "b": []},
    list(range(200)),
    {str(i): {"x": i, "é": "ü 日本"} for i in range(300)},
    {"_meta": {"1": {"schema": 3}}, "articles": {f"id{i}": {"t": "x" * i, "n": None} for i in range(130)}},
    {"t": list(range(65)), "u": {str(i): [i] for i in range(64)}},
    [{"k": [1, 2.5, {"z": True}]}] * 70,
    {"a": {1: 2, "b": 3}},  # a key json.dumps turns into a string its own way
    "a string",
    5,
]


@pytest.mark.parametrize("value", SLICED_VALUES)
def test_sliced_encoding_is_the_text_json_dumps_gives(value: Any) -> None:
    from reader.storage.encoded import dumps_sliced

    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for depth in range(4):
        assert dumps_sliced(value, depth) == expected


def test_a_part_merged_write_after_write_is_what_sorting_it_whole_gives() -> None:
    """The list index's parts (reader.storage.encoded.PartTexts): each write drops some rows
    and places new ones; the rows and their JSON must be those of the whole part sorted again."""
    import random

    from reader.storage.encoded import PartTexts, read_rows
    from reader.storage.listindex import _sort_key

    rng = random.Random(7)

    def doc(n: int) -> dict[str, Any]:
        return {"id": f"a{n}", "published": f"2026-03-0{rng.randint(1, 2)}T0{rng.randint(0, 9)}:00:00+00:00"}

    texts = PartTexts(_sort_key)
    part = [doc(i) for i in range(40)]  # as read from a file: sorted once, on its first write
    expected = sorted(part, key=_sort_key, reverse=True)
    for _ in range(200):
        new = list({d["id"]: d for d in (doc(rng.randint(0, 90)) for _ in range(rng.randint(0, 5)))}.values())
        drop = {f"a{rng.randint(0, 90)}" for _ in range(rng.randint(0, 2))} | {d["id"] for d in new}
        expected = sorted([r for r in expected if r["id"] not in drop] + new, key=_sort_key, reverse=True)
        part = texts.merge("day", part, drop, new)
        assert part == expected
        written = texts.encode("day", part)
        assert json.loads(written) == expected
        # Read back, the rows and each one's text (what the next write keeps) are the file's.
        rows, lines = read_rows(written)
        assert rows == expected and lines == [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows]
        texts.learn("day", rows, lines)
        part = rows


def test_rows_read_back_one_a_line_and_a_part_of_another_layout_whole() -> None:
    from reader.storage.encoded import read_rows

    rows = [{"id": "a1", "title": 'Line\nbreak, "quoted", ünïcode'}, {"id": "a2", "n": [1, {"x": "]"}]}]
    one_line = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    assert read_rows(one_line) == (rows, None)  # a part written before: read whole
    laid_out = "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows) + "\n]"
    assert read_rows(laid_out)[0] == rows and read_rows(laid_out)[1] is not None
    assert read_rows(json.dumps(rows, indent=2)) == (rows, None)  # another layout: whole
    with pytest.raises(ValueError):
        read_rows('[\n{"id": 1},\n{broken\n]')
