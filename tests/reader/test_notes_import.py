"""Importing notes from Gloss and from other tools into real on-disk libraries: W3C annotations of
any shape, Hypothesis API results and client exports, Readwise CSV (its import layout and its own
export). Each is matched to its article by URL, a stub is made when there is none, re-importing
reports what is already there, and the round trips lose nothing."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.annotations.importing import read_notes
from reader.errors import NotesImportError, ReaderError
from reader.library import Library
from reader.notes_import import IMPORTED_FEED_URL
from reader.types import Article, ArticleContent, Block, Figure

PAGE = "https://www.example.org/a/kenya-votes.html"
BODY = (
    "Kenya's electoral commission began counting votes on Tuesday after a largely peaceful election.",
    "Officials said turnout was higher than in 2017, with long queues in Nairobi and Mombasa.",
    "Results are expected within seven days, the commission chairman told reporters.",
)


def populate(lib: Library) -> Article:
    feed = lib.add_feed("https://www.example.org/feed.xml", title="Example News")
    article = Article(id=f"{feed.id}-000000000001", feed_id=feed.id, guid="g1", url=PAGE, title="Kenya counts votes")
    lib.storage.meta.put_articles(feed.id, [article])
    content = ArticleContent(
        title="Kenya counts votes",
        bylines=("Jane Doe",),
        url=PAGE,
        body=tuple(Block("paragraph", t) for t in BODY),
        figures=(Figure("https://img.example.org/1.jpg", caption="A voter casts a ballot in Nairobi.", position=0),),
    )
    lib.store_content(article.id, content)
    return lib.article(article.id)


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "lib", first_run=False)
    populate(library)
    yield library  # type: ignore[misc]
    library.close()


def fresh(tmp_path: Path, name: str) -> Library:
    return Library.open(tmp_path / name, first_run=False)


# --- Gloss -> W3C -> Gloss -------------------------------------------------------------------------


def test_gloss_w3c_gloss_round_trip_loses_nothing(lib: Library, tmp_path: Path) -> None:
    article = lib.articles()[0]
    lib.highlight_quote(
        article.id, "long queues in Nairobi", note="Compare with **2017**.", tags=["kenya", "child care"]
    )
    lib.highlight_quote(article.id, "casts a ballot", color="green")
    lib.highlight_quote(article.id, "Jane Doe", color="blue", note="# a note\nwith --- lines")
    before = sorted(lib.highlights(), key=lambda h: h.id)
    assert lib.export_notices("md", lib.export_items()) == ["Tags written as Obsidian tags: “child care” → child-care."]
    data = lib.export_text("json", lib.export_items()).encode()
    other = fresh(tmp_path, "other")
    try:
        populate(other)  # the same feed and article: stable ids make them the same
        report = other.import_annotations(data)
        assert (report.imported, report.already_present, report.new_articles) == (3, 0, 0)
        assert sorted(other.highlights(), key=lambda h: h.id) == before
        again = other.import_annotations(data)
        assert (again.imported, again.updated, again.already_present) == (0, 0, 3)
        assert again.summary() == "Nothing new in this W3C Web Annotation file: 3 already present."
    finally:
        other.close()
    empty = fresh(tmp_path, "empty")
    try:
        report = empty.import_annotations(data)
        assert report.imported == 3 and report.new_articles == 1
        assert sorted(empty.highlights(), key=lambda h: h.id) == before
        assert empty.article(article.id).title == article.title
    finally:
        empty.close()


# --- other W3C annotations ----------------------------------------------------------------------------


def _w3c(*annotations: dict[str, object]) -> bytes:
    page = {"id": "urn:uuid:p", "type": "AnnotationPage", "items": list(annotations)}
    return json.dumps(
        {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": "urn:uuid:c",
            "type": "AnnotationCollection",
            "total": len(annotations),
            "first": page,
        }
    ).encode()


def test_any_w3c_annotation_shape_is_matched_and_anchored(lib: Library) -> None:
    quote = {"type": "TextQuoteSelector", "exact": "long queues", "prefix": "2017, with ", "suffix": " in Nairobi"}
    data = _w3c(
        {
            "id": "https://anno.example/1",
            "type": "Annotation",
            "bodyValue": "as a quote",
            "target": {"source": "http://example.org/a/kenya-votes.html?utm_source=x#frag", "selector": quote},
        },
        {
            "id": "https://anno.example/2",
            "type": ["Annotation"],
            "motivation": "commenting",
            "body": [
                {"type": "TextualBody", "value": "refined"},
                {"type": "TextualBody", "purpose": "tagging", "value": "t1"},
            ],
            "target": [
                {
                    "source": PAGE,
                    "selector": {
                        "type": "FragmentSelector",
                        "value": "p2",
                        "refinedBy": {"type": "TextQuoteSelector", "exact": "seven days"},
                    },
                }
            ],
        },
        {
            "id": "https://anno.example/3",
            "type": "oa:Annotation",
            "body": "https://notes.example/n3",
            "target": {
                "source": PAGE,
                "selector": {
                    "type": "RangeSelector",
                    "startSelector": {"type": "TextQuoteSelector", "exact": "Officials"},
                    "endSelector": {"type": "TextQuoteSelector", "exact": "Mombasa."},
                },
            },
        },
        {"id": "https://anno.example/4", "type": "Annotation", "bodyValue": "on the whole page", "target": PAGE},
        {
            "id": "https://anno.example/5",
            "type": "Annotation",
            "bodyValue": "elsewhere",
            "target": {
                "source": "https://other.example/story",
                "selector": {"type": "TextQuoteSelector", "exact": "x y"},
            },
        },
    )
    report = lib.import_annotations(data)
    assert report.imported == 5 and report.new_articles == 1
    by_note = {h.note: h for h in lib.highlights()}
    article = lib.articles(feed_ids=[lib.feeds()[0].id])[0]
    assert by_note["as a quote"].article_id == article.id and by_note["as a quote"].state == "anchored"
    assert by_note["as a quote"].part == "block:1"
    assert by_note["refined"].tags == ("t1",) and by_note["refined"].quote.exact == "seven days"
    assert by_note["https://notes.example/n3"].quote.exact.startswith("Officials said")
    assert (
        by_note["on the whole page"].part == "title"
        and by_note["on the whole page"].quote.exact == "Kenya counts votes"
    )
    stub = lib.article(by_note["elsewhere"].article_id)
    assert lib.feed(stub.feed_id).url == IMPORTED_FEED_URL and stub.url == "https://other.example/story"
    assert lib.import_annotations(data).already_present == 5


# --- Hypothesis -----------------------------------------------------------------------------------------


def _hyp(i: str, uri: str, exact: str | None, text: str, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": i,
        "created": "2024-05-02T08:00:00.000000+00:00",
        "updated": "2024-05-02T08:00:00.000000+00:00",
        "user": "acct:reader@hypothes.is",
        "uri": uri,
        "text": text,
        "tags": ["kenya", "elections 2024"],
        "group": "__world__",
        "permissions": {"read": ["group:__world__"]},
        "target": [{"source": uri}],
        "document": {"title": ["Kenya counts votes"]},
        "links": {"html": f"https://hypothes.is/a/{i}"},
        "hidden": False,
        "flagged": False,
        "user_info": {"display_name": "A Reader"},
    }
    if exact is not None:
        row["target"] = [
            {
                "source": uri,
                "selector": [
                    {
                        "type": "RangeSelector",
                        "startContainer": "/main[1]/p[2]",
                        "startOffset": 0,
                        "endContainer": "/main[1]/p[2]",
                        "endOffset": 10,
                    },
                    {"type": "TextPositionSelector", "start": 1200, "end": 1200 + len(exact)},
                    {"type": "TextQuoteSelector", "exact": exact, "prefix": "", "suffix": ""},
                ],
            }
        ]
    row.update(extra)
    return row


HYPOTHESIS_ROWS = [
    _hyp("aaa111", "https://example.org/a/kenya-votes.html", "turnout was higher", "Check the 2013 figure"),
    _hyp("bbb222", PAGE, None, "A page note"),
    _hyp("ccc333", PAGE, None, "I agree", references=["aaa111"], target=[{"source": PAGE}]),
    _hyp(
        "ddd444",
        "https://news.example/elsewhere",
        "a quote from elsewhere",
        "",
        tags=[],
        document={"title": ["Elsewhere"]},
    ),
]


def test_hypothesis_api_results_import_losing_nothing(lib: Library, tmp_path: Path) -> None:
    data = json.dumps({"total": len(HYPOTHESIS_ROWS), "rows": HYPOTHESIS_ROWS}).encode()
    report = lib.import_annotations(data)
    assert report.format == "Hypothesis" and report.imported == 3 and report.new_articles == 1
    assert "1 reply was added" in report.summary() and "1 page note was kept" in report.summary()
    by_quote = {h.quote.exact: h for h in lib.highlights()}
    main = by_quote["turnout was higher"]
    assert main.state == "anchored" and main.part == "block:1"
    assert main.note.startswith("Check the 2013 figure") and "A Reader replied on 2024-05-02:\n> I agree" in main.note
    assert main.tags == ("kenya", "elections 2024")
    assert by_quote["Kenya counts votes"].note == "A page note"
    assert lib.article(by_quote["a quote from elsewhere"].article_id).title == "Elsewhere"
    assert lib.import_annotations(data).already_present == 3
    # ... and out again as Hypothesis, into a library that has none of it: still all there.
    exported = lib.export_text("hypothesis", lib.export_items()).encode()
    other = fresh(tmp_path, "other")
    try:
        assert other.import_annotations(exported).imported == 3
        assert sorted(other.highlights(), key=lambda h: h.id) == sorted(lib.highlights(), key=lambda h: h.id)
    finally:
        other.close()


def test_hypothesis_client_export_shape(lib: Library) -> None:
    data = json.dumps(
        {
            "export_date": "2024-06-01T00:00:00Z",
            "export_userid": "acct:reader@hypothes.is",
            "client_version": "1.1400.0",
            "annotations": HYPOTHESIS_ROWS[:1],
        }
    ).encode()
    assert lib.import_annotations(data).imported == 1


# --- Readwise --------------------------------------------------------------------------------------------


READWISE_TEMPLATE = (
    "Highlight,Title,Author,URL,Note,Location,Date\r\n"
    '"long queues in Nairobi",Kenya counts votes,Jane Doe,https://www.example.org/a/kenya-votes.html,'
    '".kenya .child-care\nBusy day",1,2024-05-03 10:00:00\r\n'
    '"An unknown passage",Another story,Somebody,https://news.example/other,,2,2024-05-03T11:00:00+00:00\r\n'
    ",,,,,,\r\n"
)
READWISE_EXPORT = (
    "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,"
    "Document tags\r\n"
    '"seven days",Kenya counts votes,Jane Doe,,"a note",blue,"elections,kenya",order,3,'
    "2024-05-04 09:00:00+00:00,\r\n"
)


def test_readwise_csv_import_template_and_export(lib: Library, tmp_path: Path) -> None:
    report = lib.import_annotations(READWISE_TEMPLATE.encode())
    assert report.format == "Readwise CSV" and report.imported == 2 and report.new_articles == 1
    by_quote = {h.quote.exact: h for h in lib.highlights()}
    queue = by_quote["long queues in Nairobi"]
    assert queue.note == "Busy day" and queue.tags == ("kenya", "child-care") and queue.state == "anchored"
    assert queue.created.isoformat() == "2024-05-03T10:00:00+00:00"
    report = lib.import_annotations(READWISE_EXPORT.encode())
    seven = {h.quote.exact: h for h in lib.highlights()}["seven days"]
    assert seven.color == "blue" and seven.tags == ("elections", "kenya") and seven.note == "a note"
    assert lib.import_annotations(READWISE_TEMPLATE.encode()).already_present == 2
    # Gloss -> Readwise CSV -> Gloss (a fresh library): quote, note, tags, page, title, date all kept.
    exported = lib.export_text("csv", lib.export_items())
    other = fresh(tmp_path, "other")
    try:
        assert other.import_annotations(exported.encode()).imported == 3
        mine = {(h.quote.exact, h.note, h.tags, h.created) for h in lib.highlights()}
        theirs = {(h.quote.exact, h.note, h.tags, h.created) for h in other.highlights()}
        assert theirs == mine
        titles = {other.article(h.article_id).title for h in other.highlights()}
        assert titles == {"Kenya counts votes", "Another story"}
    finally:
        other.close()


def test_a_dot_note_survives_the_readwise_round_trip(lib: Library, tmp_path: Path) -> None:
    article = lib.articles()[0]
    lib.highlight_quote(article.id, "seven days", note=".NET is fine")
    text = lib.export_text("csv", lib.export_items())
    row = next(csv.DictReader(io.StringIO(text, newline="")))
    assert not row["Note"].startswith(".")
    other = fresh(tmp_path, "other")
    try:
        other.import_annotations(text.encode())
        assert [h.note for h in other.highlights()] == [".NET is fine"]
        assert other.highlights()[0].tags == ()
    finally:
        other.close()


# --- bad input ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b'{"rows": 3}', "neither W3C"),
        (b'{"rows": [{"uri": 3}]}', "Annotation 1: 'uri' must be a string"),
        (b'{"type": "Annotation"}', "has no 'target'"),
        (b'{"type": "AnnotationCollection", "first": "https://x.example/p1"}', "only a link"),
        (b"Title,Author\r\nx,y\r\n", "not W3C Web Annotation JSON"),
        (b"Highlight,Date\r\nx,yesterday\r\n", "Line 2: the date 'yesterday'"),
    ],
)
def test_bad_files_are_refused_in_words_and_import_nothing(lib: Library, data: bytes, message: str) -> None:
    with pytest.raises(NotesImportError, match=message):
        lib.import_annotations(data)
    assert lib.highlights() == []


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "type",
                    "id",
                    "target",
                    "selector",
                    "source",
                    "exact",
                    "body",
                    "rows",
                    "uri",
                    "text",
                    "tags",
                    "first",
                    "items",
                    "gloss",
                    "references",
                    "created",
                    "bodyValue",
                    "startSelector",
                    "state",
                    "cached",
                    "refinedBy",
                    "annotations",
                    "document",
                    "prefix",
                    "start",
                    "end",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=25,
)
TYPES = st.sampled_from(
    [
        "Annotation",
        "AnnotationCollection",
        "AnnotationPage",
        "TextQuoteSelector",
        "RangeSelector",
        "TextPositionSelector",
        "TimeState",
        "TextualBody",
        "Choice",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        JSON_VALUES,
        st.dictionaries(st.just("type"), TYPES).flatmap(
            lambda d: st.fixed_dictionaries(
                {
                    **{k: st.just(v) for k, v in d.items()},
                    "target": JSON_VALUES,
                    "items": st.lists(JSON_VALUES, max_size=3),
                    "body": JSON_VALUES,
                }
            )
        ),
    )
)
def test_fuzzed_json_raises_only_reader_errors(doc: object) -> None:
    with contextlib.suppress(ReaderError):
        read_notes(json.dumps(doc).encode())


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.text(max_size=15), max_size=8), max_size=6),
    st.sampled_from(
        ["Highlight,Title,URL,Note,Date,Tags,Color", "highlight,book title,highlighted at,tags", "Highlight"]
    ),
)
def test_fuzzed_readwise_csv_raises_only_reader_errors(rows: list[list[str]], header: str) -> None:
    out = io.StringIO()
    csv.writer(out).writerows([header.split(","), *rows])
    with contextlib.suppress(ReaderError):
        read_notes(out.getvalue().encode())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_fuzzed_bytes_raise_only_reader_errors(data: bytes) -> None:
    with contextlib.suppress(ReaderError):
        read_notes(data)
