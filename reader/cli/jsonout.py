"""The command line's JSON: what ``--json`` prints for feeds, articles, highlights, texts and the
sync account. A documented output for scripts, written here and nowhere else: the stored
forms (:mod:`reader.storage.records`) may change with a migration, this may not."""

from __future__ import annotations

from typing import Any

from .. import Article, ArticleContent, Block, Feed, Figure, Highlight, Span, SyncAccount, dt_to_str
from ..media import enclosure_to_dict

JSON = dict[str, Any]


def feed_json(feed: Feed, counts: tuple[int, int]) -> JSON:
    """A feed and its (unread, total) counts; the HTTP caching state is left out."""
    err = feed.last_error
    unread, total = counts
    return {
        "id": feed.id,
        "url": feed.url,
        "title": feed.title,
        "site_url": feed.site_url,
        "description": feed.description,
        "folder": feed.folder,
        "added": dt_to_str(feed.added),
        "last_updated": dt_to_str(feed.last_updated),
        "last_error": (
            {"kind": err.kind, "message": err.message, "at": dt_to_str(err.at), "status": err.status} if err else None
        ),
        "warning": feed.warning,
        "dead": feed.dead,
        "subscribed": feed.subscribed,
        "retry_after": dt_to_str(feed.retry_after),
        "unread": unread,
        "total": total,
    }


def article_json(a: Article) -> JSON:
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
        "page_date": dt_to_str(a.page_date),
        # The one date the list, the reader and the exports show, and where it comes from.
        "date": dt_to_str(a.date),
        "date_source": a.date_source,
        "read": a.read,
        "starred": a.starred,
        "content_version": a.content_version,
        "fetch_error": a.fetch_error,
        "media": [enclosure_to_dict(m) for m in a.media],
        "categories": list(a.categories),
    }


def highlight_json(h: Highlight) -> JSON:
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


def _span_json(s: Span) -> JSON:
    return {"start": s.start, "end": s.end, "kind": s.kind, **({"href": s.href} if s.href is not None else {})}


def _block_json(b: Block) -> JSON:
    return {"type": b.type, "text": b.text, **({"spans": [_span_json(s) for s in b.spans]} if b.spans else {})}


def _figure_json(f: Figure) -> JSON:
    return {"src": f.src, "alt": f.alt, "caption": f.caption, "credit": f.credit, "position": f.position}


def content_json(c: ArticleContent) -> JSON:
    """An extracted text as its parts (``gloss extract --json``, ``gloss show --json``)."""
    return {
        "title": c.title,
        "bylines": list(c.bylines),
        "published": c.published,
        "dateline": c.dateline,
        "site_name": c.site_name,
        "lang": c.lang,
        "url": c.url,
        "body": [_block_json(b) for b in c.body],
        "figures": [_figure_json(f) for f in c.figures],
    }


def account_json(account: SyncAccount) -> JSON:
    """The sync account (its password is never here: it is in the keyring or its file)."""
    return {
        "server_url": account.server_url,
        "api_url": account.api_url,
        "user": account.user,
        "password_store": account.password_store,
        "added": dt_to_str(account.added),
    }
