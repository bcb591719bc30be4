"""A TinyDB file's JSON written again without encoding the documents that did not change.

A highlight shard at 25,000 highlights is 1,600 documents (680 KB); encoding all of them to save
one cost 9 ms of every save. :class:`EncodedDocs` keeps each document's JSON text, taken from the
file as read (:meth:`EncodedDocs.decode`) or as last written, and :meth:`EncodedDocs.encode`
encodes again only the documents it does not know: a document is known when it is the very same
object (TinyDB hands back the objects it was given, and :class:`reader.storage.shards.BatchTable`
replaces a document with a new dict, never changing one in place).

The file is JSON any TinyDB reads, laid out one document a line (``{``, then each table's
``"name":{`` line, its documents' ``"key":{...},`` lines and a ``}`` line, then ``}``), so that
reading it parses each document from its own line and keeps that line as the document's text.
A file laid out otherwise (written before) is parsed whole, and its documents encoded once.
"""

from __future__ import annotations

import json
import json.scanner
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from itertools import pairwise
from typing import Any

_STRING = r'"(?:[^"\\\x00-\x1f]|\\.)*"'
_HEADER = re.compile(f"({_STRING}):{{")
# The C scanner where there is one (typeshed calls its argument a "make_scanner").
_SCAN: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
_CLOSING = ("}", "},")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def dumps_row(doc: Mapping[str, Any]) -> str:
    """A row's JSON as a part of the list index holds it (a line of :func:`one_a_line`)."""
    return _dumps(doc)


# Items of a list or an object encoded in one call of the C encoder (a few hundred microseconds).
SLICE_ITEMS = 64


def dumps_sliced(value: Any, depth: int = 2) -> str:
    """``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``, the same text, encoded
    :data:`SLICE_ITEMS` items at a time down to ``depth`` levels of lists and objects.

    The C encoder holds the interpreter for the whole of one call: a 2,000-article part of the
    list index, or a big shard, kept a GUI thread of the same process waiting tens of
    milliseconds. Between two slices the interpreter passes to a thread waiting for it."""
    if depth <= 0:
        return _dumps(value)
    if isinstance(value, list) and len(value) > SLICE_ITEMS:
        parts = [_dumps(value[i : i + SLICE_ITEMS])[1:-1] for i in range(0, len(value), SLICE_ITEMS)]
        return "[" + ",".join(parts) + "]"
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        return _dumps(value)  # (json.dumps turns other keys into strings its own way)
    if len(value) > SLICE_ITEMS:
        items = list(value.items())
        parts = [_dumps(dict(items[i : i + SLICE_ITEMS]))[1:-1] for i in range(0, len(items), SLICE_ITEMS)]
    elif depth > 1 and value:  # a few big members (a file's tables): each sliced in its turn
        parts = [f"{_dumps(k)}:{dumps_sliced(v, depth - 1)}" for k, v in value.items()]
    else:
        return _dumps(value)
    return "{" + ",".join(parts) + "}"


class EncodedDocs:
    """The JSON text of a file's documents, by document object (see the module docstring)."""

    def __init__(self) -> None:
        # id(doc) -> (doc, its key, '"key":{doc's JSON}'); the doc kept alive, so its id stays its own
        self._texts: dict[int, tuple[object, str, str]] = {}

    def forget(self) -> None:
        self._texts = {}

    def decode(self, text: str) -> dict[str, dict[str, Any]]:
        """Parse a file's text (an object of tables of documents), keeping each document's text.
        Raises ValueError as ``json.loads`` would for text that is not JSON."""
        try:
            data, texts = _lines(text)
        except ValueError:  # written otherwise (before this layout): parsed whole
            data, texts = json.loads(text), {}
        self._texts = texts
        return data

    def encode(self, data: dict[str, Any]) -> bytes:
        """``data`` as JSON (UTF-8), encoding only the documents not known; they are known after."""
        texts: dict[int, tuple[object, str, str]] = {}
        known = self._texts
        tables = []
        for name, table in data.items():
            if not isinstance(table, dict):
                tables.append(f"{_dumps(str(name))}:{_dumps(table)}")
                continue
            parts = []
            for key, doc in table.items():
                hit = known.get(id(doc))
                if hit is None or hit[0] is not doc or hit[1] != key:
                    hit = (doc, key, f"{_dumps(str(key))}:{_dumps(doc)}")
                texts[id(doc)] = hit
                parts.append(hit[2])
            rows = ",\n".join(parts) + "\n" if parts else ""
            tables.append(f"{_dumps(str(name))}:{{\n{rows}}}")
        self._texts = texts
        return ("{\n" + ",\n".join(tables) + "\n}").encode("utf-8")


class PartTexts:
    """Lists of documents kept sorted and written again and again (the list index's parts: a
    refresh stores its feeds' new articles one feed at a time into the newest part), with
    each document's JSON kept beside it, so a write encodes and places only the documents
    new to its list: encoding and sorting all of a part's rows for each feed's write cost
    seconds of a 200-feed refresh, and the C encoder held the GIL for tens of milliseconds
    at a time (a GUI thread waited for it). ``key`` orders a list (the newest first)."""

    def __init__(self, key: Callable[[Any], Any]) -> None:
        self._key = key
        # list name -> (the list as last merged, its documents' JSON in the same order)
        self._lists: dict[str, tuple[list[Any], list[str]]] = {}

    def merge(self, name: str, docs: list[Any], drop: Collection[str], new: Iterable[Mapping[str, Any]]) -> list[Any]:
        """``docs`` (list ``name`` as held) without the ids in ``drop``, with copies of ``new``
        in their places; its texts are kept for :meth:`encode`. A list not merged here before
        (read from its file) is encoded and sorted whole once."""
        known = self._lists.get(name)
        if known is not None and known[0] is docs:
            texts = known[1]
        else:
            docs = sorted(docs, key=self._key, reverse=True)
            texts = [_dumps(doc) for doc in docs]
        pairs = [(doc, text) for doc, text in zip(docs, texts, strict=True) if doc["id"] not in drop]
        key = self._key
        for doc in (dict(d) for d in new):
            at, hi, k = 0, len(pairs), key(doc)
            while at < hi:  # the first place whose document sorts after this one (newest first)
                mid = (at + hi) // 2
                if key(pairs[mid][0]) > k:
                    at = mid + 1
                else:
                    hi = mid
            pairs.insert(at, (doc, _dumps(doc)))
        merged = [doc for doc, _ in pairs]
        self._lists[name] = (merged, [text for _, text in pairs])
        return merged

    def learn(self, name: str, docs: list[Any], texts: list[str]) -> None:
        """The texts of list ``name`` as read from its file (:func:`read_rows`), kept when the
        list is in order: its next write encodes only what it adds (at 500,000 articles a part
        holds 300 rows, and encoding them all again was most of starring one)."""
        keys = [self._key(doc) for doc in docs]
        if all(a >= b for a, b in pairwise(keys)):
            self._lists[name] = (docs, texts)

    def encode(self, name: str, docs: list[Any], *, keep: bool = True) -> str:
        """``docs`` as a JSON list, one document a line (:func:`read_rows` reads each one's text
        back): from the texts kept when ``docs`` is list ``name`` as last merged (and
        ``keep``), else each document encoded (a call of the C encoder each)."""
        known = self._lists.get(name)
        if keep and known is not None and known[0] is docs:
            return one_a_line(known[1])
        self.forget(name)
        return one_a_line([_dumps(doc) for doc in docs])

    def keep_only(self, names: Collection[str]) -> None:
        """Forget the texts of every list but these (the ones still held in memory)."""
        for name in [n for n in self._lists if n not in names]:
            del self._lists[name]

    def forget(self, name: str | None = None) -> None:
        if name is None:
            self._lists.clear()
        else:
            self._lists.pop(name, None)


def one_a_line(texts: list[str]) -> str:
    return "[\n" + ",\n".join(texts) + "\n]"


def read_rows(text: str) -> tuple[list[Any], list[str] | None]:
    """A JSON list, and each item's text when the list is laid out as :meth:`PartTexts.encode`
    writes it (one item a line; None for any other layout, read whole). ValueError when it is
    not JSON."""
    lines = text.split("\n")
    if len(lines) >= 3 and lines[0] == "[" and lines[-1] == "]":
        rows, texts = [], []
        for i, line in enumerate(lines[1:-1], start=2):
            last = i == len(lines) - 1
            if last == line.endswith(","):
                break  # a comma after every item but the last: not this layout
            part = line if last else line[:-1]
            try:
                row, end = _value(part, 0)
            except ValueError:
                break
            if end != len(part):
                break
            rows.append(row)
            texts.append(part)
        else:
            return rows, texts
    return json.loads(text), None


def _value(line: str, at: int) -> tuple[Any, int]:
    """The JSON value at ``at`` in ``line`` and where it ends (the C scanner, called directly:
    ``json.loads`` costs 7 us a call around it, 1,600 documents a shard)."""
    try:
        return _SCAN(line, at)
    except StopIteration:
        raise ValueError(f"no JSON value at {at}") from None


def _shared_keys(value: Any, keys: dict[str, str]) -> Any:
    """``value`` with the keys of its objects taken from ``keys`` (one string for each name).
    json.loads shares them within one call, and each document here is parsed by a call of its
    own: every highlight held its own 17 key strings, a third of a shard's memory (1.6 of 4.9 MB
    at 1,530 highlights; 26 MB at 25,000). It costs 6 ms a shard, read once by a pool thread."""
    if isinstance(value, dict):
        return {keys.setdefault(k, k): _shared_keys(v, keys) for k, v in value.items()}
    if isinstance(value, list):
        return [_shared_keys(v, keys) for v in value]
    return value


def _lines(text: str) -> tuple[dict[str, dict[str, Any]], dict[int, tuple[object, str, str]]]:
    """A file as :meth:`EncodedDocs.encode` lays it out parsed, each document from its own line
    (the text kept is exactly the text parsed); ValueError for any other layout."""
    lines = text.split("\n")
    if len(lines) < 2 or lines[0] != "{" or lines[-1] != "}":
        raise ValueError("not one document a line")
    data: dict[str, dict[str, Any]] = {}
    texts: dict[int, tuple[object, str, str]] = {}
    keys: dict[str, str] = {}
    i, n = 1, len(lines) - 1
    while i < n:
        head = _HEADER.fullmatch(lines[i])
        if head is None:
            raise ValueError(f"line {i + 1} opens no table")
        table: dict[str, Any] = {}
        i += 1
        while i < n and lines[i] not in _CLOSING:
            last = lines[i + 1] in _CLOSING
            if last == lines[i].endswith(","):  # a comma after every document but the last
                raise ValueError(f"line {i + 1} has a comma too many or too few")
            part = lines[i] if last else lines[i][:-1]
            name, at = _value(part, 0)
            if not isinstance(name, str) or part[at : at + 1] != ":":
                raise ValueError(f"line {i + 1} names no document")
            doc, end = _value(part, at + 1)
            if end != len(part):
                raise ValueError(f"line {i + 1} holds more than one document")
            doc = _shared_keys(doc, keys)
            table[name] = doc
            texts[id(doc)] = (doc, name, part)
            i += 1
        if i >= n:
            raise ValueError("a table is not closed")
        i += 1
        if (lines[i - 1] == "},") != (i < n):  # a comma after every table but the last
            raise ValueError(f"line {i} has a comma too many or too few")
        data[json.loads(head[1])] = table
    return data, texts
