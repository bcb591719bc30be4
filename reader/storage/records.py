"""The stored form of the core's types: plain JSON-able dicts, and back.

The frozen dataclasses of :mod:`reader.types` know nothing of how they are kept; this module
is the one place that maps them to the documents the TinyDB files and the content store
hold, and reads those documents back (old and compact forms included). The command line's
JSON output has its own serializer (:mod:`reader.cli.jsonout`): a stored form can change
with a schema migration, a documented output cannot.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..media import enclosure_from_dict, enclosure_to_dict
from ..types import (
    Article,
    ArticleContent,
    Block,
    Feed,
    FeedProblem,
    Figure,
    Highlight,
    Span,
    TextPosition,
    TextQuote,
    dt_from_str,
    dt_to_str,
    utcnow,
)

Record = dict[str, Any]

# --- feeds -----------------------------------------------------------------------------------


def problem_to_record(p: FeedProblem) -> Record:
    return {"kind": p.kind, "message": p.message, "at": dt_to_str(p.at), "status": p.status}


def problem_from_record(d: Mapping[str, Any]) -> FeedProblem:
    return FeedProblem(d["kind"], d["message"], dt_from_str(d["at"]) or utcnow(), d.get("status"))


def feed_to_record(feed: Feed) -> Record:
    return {
        "id": feed.id,
        "url": feed.url,
        "title": feed.title,
        "site_url": feed.site_url,
        "description": feed.description,
        "folder": feed.folder,
        "added": dt_to_str(feed.added),
        "last_updated": dt_to_str(feed.last_updated),
        "last_error": problem_to_record(feed.last_error) if feed.last_error else None,
        "warning": feed.warning,
        "dead": feed.dead,
        "subscribed": feed.subscribed,
        "etag": feed.etag,
        "last_modified": feed.last_modified,
        "body_hash": feed.body_hash,
        "retry_after": dt_to_str(feed.retry_after),
    }


def feed_from_record(d: Mapping[str, Any]) -> Feed:
    err = d.get("last_error")
    return Feed(
        id=d["id"],
        url=d["url"],
        title=d.get("title", ""),
        site_url=d.get("site_url"),
        description=d.get("description", ""),
        folder=d.get("folder"),
        added=dt_from_str(d.get("added")) or utcnow(),
        last_updated=dt_from_str(d.get("last_updated")),
        last_error=problem_from_record(err) if err else None,
        warning=d.get("warning"),
        dead=bool(d.get("dead", False)),
        subscribed=bool(d.get("subscribed", True)),
        etag=d.get("etag"),
        last_modified=d.get("last_modified"),
        body_hash=d.get("body_hash"),
        retry_after=dt_from_str(d.get("retry_after")),
    )


# --- articles --------------------------------------------------------------------------------


def article_to_dict(a: Article) -> Record:
    """Every field of an article (:func:`article_to_record` is what is stored)."""
    return {
        "id": a.id,
        "feed_id": a.feed_id,
        "guid": a.guid,
        "url": a.url,
        "title": a.title,
        "summary": a.summary,
        "authors": list(a.authors),
        "published": dt_to_str(a.published),
        "updated": dt_to_str(a.updated),
        "added": dt_to_str(a.added),
        "read": a.read,
        "starred": a.starred,
        "entry_hash": a.entry_hash,
        "content_version": a.content_version,
        "fetch_error": a.fetch_error,
        "media": [enclosure_to_dict(m) for m in a.media],
        "categories": list(a.categories),
        "page_date": dt_to_str(a.page_date),
    }


def article_to_record(a: Article) -> Record:
    """The stored form: no empty or default fields (a library of 50,000 articles is read at
    start-up, so every byte counts); ``guid`` is left out when it equals ``url``.
    :func:`article_from_record` reads this and the full form."""
    d = {k: v for k, v in article_to_dict(a).items() if v not in (None, False, 0, "", [])}
    d["id"], d["feed_id"] = a.id, a.feed_id
    if a.guid == a.url:
        d.pop("guid", None)
    return d


def article_from_record(d: Mapping[str, Any]) -> Article:
    return Article(
        id=d["id"],
        feed_id=d["feed_id"],
        guid=d.get("guid") or d.get("url") or "",
        url=d.get("url"),
        title=d.get("title", ""),
        summary=d.get("summary", ""),
        authors=tuple(d.get("authors") or ()),
        published=dt_from_str(d.get("published")),
        updated=dt_from_str(d.get("updated")),
        added=dt_from_str(d.get("added")) or utcnow(),
        read=bool(d.get("read", False)),
        starred=bool(d.get("starred", False)),
        entry_hash=d.get("entry_hash"),
        content_version=int(d.get("content_version", 0)),
        fetch_error=d.get("fetch_error"),
        media=tuple(enclosure_from_dict(m) for m in d.get("media") or () if isinstance(m, dict) and m.get("url")),
        categories=tuple(str(c) for c in d.get("categories") or ()),
        page_date=dt_from_str(d.get("page_date")),
    )


# --- extracted content -------------------------------------------------------------------------


def _span_to_record(s: Span) -> Record:
    d: Record = {"start": s.start, "end": s.end, "kind": s.kind}
    if s.href is not None:
        d["href"] = s.href
    return d


def _block_to_record(b: Block) -> Record:
    d: Record = {"type": b.type, "text": b.text}
    if b.spans:
        d["spans"] = [_span_to_record(s) for s in b.spans]
    return d


def _block_from_record(d: Mapping[str, Any]) -> Block:
    spans = tuple(Span(s["start"], s["end"], s["kind"], s.get("href")) for s in d.get("spans") or ())
    return Block(d["type"], d["text"], spans)


def _figure_to_record(f: Figure) -> Record:
    return {"src": f.src, "alt": f.alt, "caption": f.caption, "credit": f.credit, "position": f.position}


def _figure_from_record(d: Mapping[str, Any]) -> Figure:
    return Figure(d.get("src"), d.get("alt", ""), d.get("caption", ""), d.get("credit", ""), int(d.get("position", -1)))


def content_to_record(c: ArticleContent) -> Record:
    """The text's parts (``warnings`` are stored beside it, in the version file)."""
    return {
        "title": c.title,
        "bylines": list(c.bylines),
        "published": c.published,
        "dateline": c.dateline,
        "site_name": c.site_name,
        "lang": c.lang,
        "url": c.url,
        "body": [_block_to_record(b) for b in c.body],
        "figures": [_figure_to_record(f) for f in c.figures],
    }


def content_from_record(d: Mapping[str, Any]) -> ArticleContent:
    return ArticleContent(
        title=d.get("title") or "",
        bylines=tuple(d.get("bylines") or ()),
        published=d.get("published"),
        dateline=d.get("dateline"),
        site_name=d.get("site_name"),
        lang=d.get("lang"),
        url=d.get("url"),
        body=tuple(_block_from_record(b) for b in d.get("body") or ()),
        figures=tuple(_figure_from_record(f) for f in d.get("figures") or ()),
        warnings=tuple(d.get("warnings") or ()),
    )


# --- highlights --------------------------------------------------------------------------------


def highlight_to_record(h: Highlight) -> Record:
    return {
        "id": h.id,
        "article_id": h.article_id,
        "part": h.part,
        "quote": {"exact": h.quote.exact, "prefix": h.quote.prefix, "suffix": h.quote.suffix},
        "position": {"start": h.position.start, "end": h.position.end},
        "color": h.color,
        "note": h.note,
        "tags": list(h.tags),
        "created": dt_to_str(h.created),
        "updated": dt_to_str(h.updated),
        "state": h.state,
        "made_on_version": h.made_on_version,
        "made_on_hash": h.made_on_hash,
        "anchored_hash": h.anchored_hash,
    }


def highlight_from_record(d: Mapping[str, Any]) -> Highlight:
    q = d["quote"]
    p = d["position"]
    return Highlight(
        id=d["id"],
        article_id=d["article_id"],
        part=d["part"],
        quote=TextQuote(q["exact"], q.get("prefix", ""), q.get("suffix", "")),
        position=TextPosition(int(p["start"]), int(p["end"])),
        color=d.get("color", "yellow"),
        note=d.get("note", ""),
        tags=tuple(d.get("tags") or ()),
        created=dt_from_str(d.get("created")) or utcnow(),
        updated=dt_from_str(d.get("updated")) or utcnow(),
        state=d.get("state", "anchored"),
        made_on_version=int(d.get("made_on_version", 1)),
        made_on_hash=d.get("made_on_hash"),
        anchored_hash=d.get("anchored_hash"),
    )


class ArticlesOf(Mapping[str, Article]):
    """A shard's articles by id, each made from its record when first asked for: an updater
    looks up the few a refresh stores among a feed's hundreds, and making all of them, for
    each of a refresh's writes, was a fifth of its work in a window's process (the GIL)."""

    def __init__(self, docs: Mapping[str, Mapping[str, Any]]) -> None:
        self._docs = docs
        self._made: dict[str, Article] = {}

    def __getitem__(self, key: str) -> Article:
        article = self._made.get(key)
        if article is None:
            article = self._made[key] = article_from_record(self._docs[key])
        return article

    def __iter__(self) -> Iterator[str]:
        return iter(self._docs)

    def __len__(self) -> int:
        return len(self._docs)
