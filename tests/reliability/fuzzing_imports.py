"""A mutation corpus for the parsers that read other programs' files and answers (issue 21):
the notes import (Hypothesis JSON, Readwise CSV), the Google Reader API answers a sync server
sends (reader/sync/greader.py) and the lenient OPML import. Shared by
tests/reliability/test_fuzz_imports.py (a few hundred inputs) and stress/stress_fuzz.py
(``--imports``, numbered ``i#N``).

Byte mutations alone mostly break the syntax, which each parser refuses at once; what finds
bugs in these is valid syntax of the wrong shape, so JSON inputs are also mutated as trees
(a value swapped for another type, ``NaN`` and ``Infinity``, huge numbers and strings, deep
nesting, a list where an object was) and CSV as cells and rows (quotes that never close,
columns that are missing or extra, huge cells, NULs, bare carriage returns, formula prefixes).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.annotations.importing import read_notes
from reader.feeds.opml import parse_opml_document
from reader.sync import greader

from .fuzzing import MUTATORS

REPO = Path(__file__).resolve().parents[2]
OPML_FIXTURES = REPO / "tests" / "reader" / "feeds" / "fixtures" / "opml"

MAX_INPUT_BYTES = 8 * 1024 * 1024
PAGE = "https://news.example.org/world/2026/11/28/a-story.html"


def _hyp_row(i: int, exact: str | None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": f"hyp{i:04d}",
        "created": "2024-05-02T08:00:00.000000+00:00",
        "updated": "2024-05-02T08:00:00.000000+00:00",
        "user": "acct:reader@hypothes.is",
        "uri": PAGE,
        "text": f"Note {i} on the ferry",
        "tags": ["harbour", "ferries"],
        "group": "__world__",
        "target": [{"source": PAGE}],
        "document": {"title": ["The ferry returns"]},
        "links": {"html": f"https://hypothes.is/a/hyp{i:04d}"},
        "user_info": {"display_name": "A Reader"},
    }
    if exact is not None:
        row["target"] = [
            {
                "source": PAGE,
                "selector": [
                    {"type": "RangeSelector", "startContainer": "/p[2]", "startOffset": 0, "endOffset": 9},
                    {"type": "TextPositionSelector", "start": 120, "end": 120 + len(exact)},
                    {"type": "TextQuoteSelector", "exact": exact, "prefix": "the ", "suffix": " at"},
                ],
            }
        ]
    return row


def _hypothesis_seeds() -> list[bytes]:
    rows = [_hyp_row(0, "ferry crossed"), _hyp_row(1, None), _hyp_row(2, "gulls behind")]
    rows.append({**_hyp_row(3, None), "references": ["hyp0000"]})
    api = {"total": len(rows), "rows": rows}
    client = {"export_date": "2024-06-01T00:00:00Z", "client_version": "1.1400.0", "annotations": rows[:2]}
    return [json.dumps(api).encode(), json.dumps(client).encode()]


READWISE = [
    (
        b"Highlight,Title,Author,URL,Note,Location,Date\r\n"
        b'"the ferry crossed",The ferry returns,Jane Doe,https://news.example.org/ferry,'
        b'".harbour .ferries\nBusy day",1,2024-05-03 10:00:00\r\n'
        b'"An unknown passage",Another story,Somebody,https://news.example/other,,2,2024-05-03T11:00:00+00:00\r\n'
        b",,,,,,\r\n"
    ),
    (
        b"Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,"
        b"Document tags\r\n"
        b'"seven days",The ferry returns,Jane Doe,,"a note",blue,"harbour,ferries",order,3,'
        b"2024-05-04 09:00:00+00:00,\r\n"
        b'"=HYPERLINK(1)",Formula,,,"\'+a note",yellow,,order,4,2024-05-04,\r\n'
    ),
]

_ITEM = {
    "id": "tag:google.com,2005:reader/item/000000000000001f",
    "crawlTimeMsec": "1732780800000",
    "timestampUsec": "1732780800000000",
    "published": 1732780800,
    "updated": 1732780900,
    "title": "The ferry <b>returns</b>",
    "canonical": [{"href": "https://news.example.org/ferry"}],
    "alternate": [{"href": "https://news.example.org/ferry", "type": "text/html"}],
    "categories": ["user/-/state/com.google/reading-list", "user/-/state/com.google/read", "user/-/label/News"],
    "origin": {"streamId": "feed/3", "htmlUrl": "https://news.example.org/", "title": "Harbour"},
    "summary": {"content": "<p>The ferry <a href='/more'>crossed</a> again.<img src='/i.jpg'></p>"},
    "author": "Ada",
    "enclosure": [{"href": "https://news.example.org/a.mp3", "type": "audio/mpeg", "length": "100"}],
}
GREADER: dict[str, bytes] = {
    "subscriptions": json.dumps(
        {
            "subscriptions": [
                {
                    "id": "feed/3",
                    "title": "Harbour &amp; coast",
                    "url": "https://news.example.org/feed.xml",
                    "htmlUrl": "https://news.example.org/",
                    "categories": [{"id": "user/-/label/News", "label": "News"}],
                },
                {"id": "feed/https://other.example/rss", "title": "Other", "categories": []},
            ]
        }
    ).encode(),
    "tags": json.dumps(
        {"tags": [{"id": "user/-/state/com.google/starred"}, {"id": "user/-/label/News", "type": "folder"}]}
    ).encode(),
    "item_refs": json.dumps(
        {"itemRefs": [{"id": "31"}, {"id": "-2"}, {"id": "tag:google.com,2005:reader/item/00ff"}], "continuation": "c1"}
    ).encode(),
    "items": json.dumps(
        {"id": "user/-/state/com.google/reading-list", "items": [_ITEM, {**_ITEM, "id": "32"}]}
    ).encode(),
    "quickadd": json.dumps({"numResults": 1, "query": "https://x.example/rss", "streamId": "feed/9"}).encode(),
    "login": b"SID=none\nLSID=none\nAuth=reader/0123456789abcdef\n",
    "token": b"0123456789abcdefZ\n",
}
_GREADER_PARSERS: dict[str, Callable[[bytes], object]] = {
    "subscriptions": greader.parse_subscriptions,
    "tags": greader.parse_tags,
    "item_refs": greader.parse_item_refs,
    "items": greader.parse_items,
    "quickadd": greader.parse_quickadd,
    # The client decodes these two answers as text (httpx: the charset, else UTF-8 with replacement).
    "login": lambda body: greader.parse_login(body.decode("utf-8", "replace")),
    "token": lambda body: greader.parse_token(body.decode("utf-8", "replace")),
}

LENIENT_OPML = (
    b'<?xml version="1.0"?>\n<OPML version="2.0"><head><title>Mine & yours</title></head><BODY>\n'
    b'<outline text="News"><outline text="Q&A" xmlURL="https://qa.example/feed?a=1&b=2"/>\n'
    b'<outline text="Local" xmlurl="/relative.xml"/><outline text="Ftp" XMLURL="ftp://x.example/f"/></outline>\n'
    b'<outline text="Top" type="rss" xmlUrl="https://top.example/rss"/></BODY></OPML>\n'
)


def seeds() -> dict[str, list[bytes]]:
    """The seeds of each kind (``greader`` seeds are ``endpoint + b"\\0" + answer``)."""
    opml = [p.read_bytes() for p in sorted(OPML_FIXTURES.glob("*.opml"))] + [LENIENT_OPML]
    return {
        "hypothesis": _hypothesis_seeds(),
        "readwise": list(READWISE),
        "greader": [name.encode() + b"\0" + body for name, body in GREADER.items()],
        "opml": opml,
    }


# --- tree mutations of JSON ----------------------------------------------------------------


def _odd_value(rng: random.Random) -> Any:
    roll = rng.randrange(14)
    if roll == 0:
        return None
    if roll == 1:
        return rng.choice([True, False])
    if roll == 2:
        return rng.choice([0, -1, 2**63, -(2**70), 10**300])
    if roll == 3:
        return rng.choice([0.5, -1e308, 1e-320, float("nan"), float("inf"), float("-inf")])
    if roll == 4:
        return rng.choice(["", " ", "x", "\u202e", "\ud800", "\x00", "javascript:alert(1)", "file:///etc/passwd"])
    if roll == 5:
        return rng.choice(["a", "\u00e9", "<p>", "&amp;", " "]) * rng.choice([1000, 100_000, 1_000_000])
    if roll == 6:
        return []
    if roll == 7:
        return {}
    if roll == 8:
        return [rng.choice([None, 1, "x", {}, []]) for _ in range(rng.choice([1, 10, 10_000]))]
    if roll == 9:
        depth = rng.choice([10, 100, 900])
        value: Any = "deep"
        for _ in range(depth):
            value = [value] if rng.random() < 0.5 else {"a": value}
        return value
    if roll == 10:
        return {"id": rng.choice(["1", "feed/1", "user/-/label/", "tag:google.com,2005:reader/item/zz"])}
    if roll == 11:
        return rng.choice(["2024-13-45T99:99:99Z", "yesterday", "1e999", "-0", "NaN", "0x1f", "9" * 5000])
    if roll == 12:
        return [{"href": rng.choice(["", "ftp://x", "http://", "https://a.example/\x00", 5, None])}]
    return rng.choice([{"type": "TextQuoteSelector"}, {"type": "TextPositionSelector", "start": 5, "end": 2}])


def _paths(node: Any) -> list[tuple[Any, ...]]:
    """Paths to the values of ``node`` (not below depth 30, at most 2,000: a tree an earlier
    mutation made deep or wide is still mutated near its top)."""
    found: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), node)]
    while stack and len(found) < 2000:
        path, value = stack.pop()
        found.append(path)
        if len(path) >= 30:
            continue
        if isinstance(value, dict):
            stack += [((*path, k), v) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [((*path, i), v) for i, v in enumerate(value[:50])]
    return found


def _replace(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {**node, head: _replace(node[head], rest, value)}
    copy = list(node)
    copy[head] = _replace(node[head], rest, value)
    return copy


def json_tree(rng: random.Random, data: bytes) -> bytes:
    """Valid JSON of the wrong shape: one to five values swapped for odd ones, or a key dropped."""
    try:
        doc = json.loads(data)
    except ValueError:
        return data
    for _ in range(rng.randint(1, 5)):
        path = rng.choice(_paths(doc))
        doc = _drop(doc, path) if path and rng.random() < 0.2 else _replace(doc, path, _odd_value(rng))
    text = json.dumps(doc, ensure_ascii=rng.random() < 0.5)  # NaN and Infinity as JSON's extensions
    return text.encode("utf-8", "surrogatepass")


def _drop(node: Any, path: tuple[Any, ...]) -> Any:
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        if not rest:
            return {k: v for k, v in node.items() if k != head}
        return {**node, head: _drop(node[head], rest)}
    copy = list(node)
    if not rest:
        del copy[head]
    else:
        copy[head] = _drop(node[head], rest)
    return copy


# --- mutations of CSV ----------------------------------------------------------------------


def csv_cells(rng: random.Random, data: bytes) -> bytes:
    """Rows and cells gone wrong: unclosed quotes, missing and extra columns, huge cells,
    NULs, bare carriage returns, formula prefixes, a thousand rows."""
    lines = data.split(b"\r\n")
    for _ in range(rng.randint(1, 4)):
        roll = rng.randrange(8)
        at = rng.randrange(len(lines))
        if roll == 0:
            lines[at] = b'"' + lines[at]
        elif roll == 1:
            lines[at] = lines[at].rsplit(b",", rng.randint(1, 4))[0]
        elif roll == 2:
            lines[at] += b"," * rng.choice([1, 10, 10_000])
        elif roll == 3:
            lines[at] += b',"' + rng.choice([b"x", b"\xc3\xa9", b'""']) * rng.choice([1000, 200_000]) + b'"'
        elif roll == 4:
            lines[at] = lines[at].replace(b",", rng.choice([b"\x00,", b"\r,", b",\n", b";"]), 2)
        elif roll == 5:
            lines[at] = rng.choice([b"=", b"+", b"-", b"@", b"\t"]) + lines[at]
        elif roll == 6:
            row = lines[-2] if len(lines) > 1 else lines[0]
            lines[at:at] = [row] * min(rng.choice([10, 1000]), MAX_INPUT_BYTES // (len(row) + 2))
        else:
            lines[at] = lines[at].replace(b"2024", rng.choice([b"99999", b"-1", b"", b"2024-02-30"]))
    return b"\r\n".join(lines)


def make_import_input(index: int, by_kind: dict[str, list[bytes]]) -> tuple[str, bytes, list[str]]:
    """The ``index``-th input of this family, reproducible: (kind, bytes, what was done)."""
    rng = random.Random(f"imports-{index}")
    kind = ("hypothesis", "readwise", "greader", "opml")[index % 4]
    prefix, names = b"", []
    data = rng.choice(by_kind[kind])
    if kind == "greader":  # the endpoint is kept: only its answer is mutated
        endpoint, _, data = data.partition(b"\0")
        prefix, names = endpoint + b"\0", [endpoint.decode()]
    structural = {"hypothesis": json_tree, "greader": json_tree, "readwise": csv_cells}.get(kind)
    for _ in range(rng.choice([1, 1, 2, 3])):
        if structural is not None and rng.random() < 0.6:
            data = structural(rng, data)
            names.append(structural.__name__)
        else:
            mutator = rng.choice(MUTATORS)
            data = mutator(rng, data)
            names.append(mutator.__name__)
        data = data[:MAX_INPUT_BYTES]  # each step starts from a sensible size (see below)
    # The bound is per input of a sensible size: the parsers are linear, and a file of the
    # 200 MB the import accepts takes seconds to read whatever its shape.
    return kind, prefix + data[:MAX_INPUT_BYTES], names


def run_import(kind: str, data: bytes) -> None:
    """The parser of ``kind`` on ``data`` (a ReaderError is its answer to bad input)."""
    if kind == "greader":
        endpoint, _, body = data.partition(b"\0")
        _GREADER_PARSERS[endpoint.decode()](body)
    elif kind == "opml":
        parse_opml_document(data)
    else:
        read_notes(data)


IMPORT_KINDS = ("hypothesis", "readwise", "greader", "opml")
__all__ = ["IMPORT_KINDS", "make_import_input", "run_import", "seeds"]
