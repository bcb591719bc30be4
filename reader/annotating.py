"""Annotations for the library: highlights, notes, notebook, export and import.

:class:`AnnotationService` is owned by :class:`reader.library.Library`, which delegates its
public methods to it. It talks to the stores through the Protocol and to the pure functions of
:mod:`reader.annotations`, and publishes every change on the library's event bus
(:mod:`reader.events`). Highlights live in the user-data store; a new text of an article
(:class:`reader.events.ContentStored`) re-anchors them, never deletes them, and the re-anchored
ones are published like any other change (so the search index follows their new wording).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .annotations import DEFAULT_PALETTE, NotebookQuery, Palette, anchor_selection, find_quote, query_highlights
from .annotations import reanchor_all as _reanchor_all
from .annotations.notebook import NotebookCursor, NotebookPage, record_filters, since_bound
from .errors import AnnotationError, ArticleNotFoundError, ExportError, FeedNotFoundError
from .events import ArticlesAdded, ContentStored, EventBus, HighlightsChanged, HighlightsRemoved
from .identity import shown_id
from .storage.atomic import atomic_write_bytes
from .storage.protocol import Storage
from .storage.records import highlight_from_record
from .types import ContentVersion, Feed, Highlight, TextPosition, TextQuote, utcnow

if TYPE_CHECKING:  # exporting and importing are imported when used: a search need not pay 60 ms for them
    from .annotations.export import ExportItem
    from .notes_import import NotesImportReport


def new_highlight_id() -> str:
    return "h" + secrets.token_hex(8)


def _clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.strip() for t in tags if t.strip()))


def _articles_needed(highlights: Iterable[Highlight], query: NotebookQuery) -> set[str]:
    """The articles ``query`` needs read: the annotated ones to order by article (their dates),
    those of its feed to filter by feed (an article's id starts with its feed's), else none (the
    newest first of 25,000 highlights read 25,000 articles from 2,000 shards, for nothing)."""
    if query.order == "article":
        return {h.article_id for h in highlights}
    if query.feed_id is not None:
        prefix = query.feed_id + "-"
        return {h.article_id for h in highlights if h.article_id.startswith(prefix)}
    return set()


class AnnotationService:
    """Highlights and notes of one library; see :class:`reader.library.Library`."""

    def __init__(self, storage: Storage, bus: EventBus, write_lock: threading.RLock) -> None:
        self.storage = storage
        self._bus = bus
        self._write_lock = write_lock
        bus.subscribe(ContentStored, lambda e: self.reanchor_article(e.article_id, e.version))

    # --- palette ---------------------------------------------------------------------------

    def palette(self) -> Palette:
        stored = self.storage.user.get_settings().get("palette")
        if isinstance(stored, dict):
            try:
                return Palette.from_dict(stored)
            except AnnotationError:
                pass  # a damaged palette falls back to the defaults; highlights keep their names
        return DEFAULT_PALETTE

    def _check_color(self, color: str | None) -> None:
        """A colour given to a highlight must be one of the palette's (by name): it becomes a
        class name and a CSS colour in exports, and a colour the window cannot show is lost."""
        if color is None:
            return
        names = [c.name for c in self.palette().colors]
        if color not in names:
            raise AnnotationError(
                f"There is no colour {shown_id(color)} in your palette; use one of: {', '.join(names)}."
            )

    def set_palette(self, palette: Palette) -> None:
        with self._write_lock:
            settings = self.storage.user.get_settings()
            settings["palette"] = palette.to_dict()
            self.storage.user.put_settings(settings)

    # --- reading ---------------------------------------------------------------------------------

    def highlights(self, article_id: str | None = None) -> list[Highlight]:
        """One article's highlights in reading order, or all of them (newest first)."""
        found = self.storage.user.get_highlights(article_id)
        if article_id is not None:
            from .annotations.export.item import sort_key

            return sorted(found, key=sort_key)
        return sorted(found, key=lambda h: h.created, reverse=True)

    def highlight(self, highlight_id: str) -> Highlight:
        return self.storage.user.get_highlight(highlight_id)

    def notebook(self, query: NotebookQuery | None = None) -> list[Highlight]:
        """Highlights across all articles, filtered (feed, colour, tag, text, dates) and ordered."""
        query = query or NotebookQuery()
        highlights = self.storage.user.get_highlights()
        # A highlight whose article is gone is still listed (last): the notebook hides none.
        articles = self.storage.meta.get_articles(_articles_needed(highlights, query))
        return query_highlights(highlights, articles, query)

    def notebook_page(
        self, query: NotebookQuery | None = None, *, after: NotebookCursor | None = None, limit: int = 100
    ) -> NotebookPage:
        """Up to ``limit`` highlights matching ``query`` (its order aside: newest first), after
        the page that ended at ``after``. Reads the newest highlights until the page is full,
        not all of them (the notebook's first screen reads a month or so of highlights)."""
        query = query or NotebookQuery()
        tests = record_filters(query)
        since = since_bound(query)
        found: list[Highlight] = []
        last: NotebookCursor | None = None
        done = True
        for doc in self.storage.user.newest_highlights(after):
            created = str(doc.get("created") or "")
            if since is not None and created < since:
                break  # newest first: all the rest are older
            last = (created, str(doc["id"]))
            if all(test(doc) for test in tests):
                found.append(highlight_from_record(doc))
                if len(found) >= limit:
                    done = False
                    break
        if query.feed_id is not None:  # the id's prefix said the feed; the article must say it too
            articles = self.storage.meta.get_articles({h.article_id for h in found})
            found = [h for h in found if (a := articles.get(h.article_id)) is not None and a.feed_id == query.feed_id]
        return NotebookPage(tuple(found), None if done else last, self.storage.user.highlight_count())

    def annotated_article_ids(self) -> set[str]:
        """Articles that have at least one highlight (the "Annotated" smart view)."""
        return self.storage.user.annotated_article_ids()

    def tags(self) -> list[str]:
        """Every tag in use, for completion."""
        return sorted(self.storage.user.highlight_tags(), key=str.casefold)

    # --- writing ---------------------------------------------------------------------------------

    def _current(self, article_id: str) -> ContentVersion:
        self.storage.meta.get_article(article_id)  # a clear error for an unknown article
        version = self.storage.content.get_version(article_id)
        if version is None:
            raise AnnotationError("This article has no text to highlight yet; refresh it first.")
        return version

    def add_highlight(
        self,
        article_id: str,
        part: str,
        start: int,
        end: int,
        *,
        color: str | None = None,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Highlight:
        """Highlight ``part``'s text from ``start`` to ``end`` (offsets inside the part).
        Durable on return."""
        version = self._current(article_id)
        quote, position = anchor_selection(version.content, part, start, end)
        return self._save_new(article_id, part, quote, position, version, color, note, tags)

    def highlight_quote(
        self,
        article_id: str,
        quote: str,
        *,
        part: str | None = None,
        color: str | None = None,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Highlight:
        """Highlight the first occurrence of ``quote`` (for scripts: ``gloss highlight``)."""
        version = self._current(article_id)
        part_id, text_quote, position = find_quote(version.content, quote, part_id=part)
        return self._save_new(article_id, part_id, text_quote, position, version, color, note, tags)

    def _save_new(
        self,
        article_id: str,
        part: str,
        quote: TextQuote,
        position: TextPosition,
        version: ContentVersion,
        color: str | None,
        note: str,
        tags: Iterable[str],
    ) -> Highlight:
        self._check_color(color)
        now = utcnow()
        highlight = Highlight(
            id=new_highlight_id(),
            article_id=article_id,
            part=part,
            quote=quote,
            position=position,
            color=color or self.palette().default.name,
            note=note,
            tags=_clean_tags(tags),
            created=now,
            updated=now,
            made_on_version=version.version,
            made_on_hash=version.content_hash,
            anchored_hash=version.content_hash,
        )
        with self._write_lock:
            self.storage.user.put_highlight(highlight)
        self._bus.publish(HighlightsChanged((highlight,)))
        return highlight

    def update_highlight(
        self,
        highlight_id: str,
        *,
        note: str | None = None,
        color: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Highlight:
        """Change a highlight's note, colour or tags. Durable on return."""
        self._check_color(color)
        with self._write_lock:
            current = self.storage.user.get_highlight(highlight_id)
            changes: dict[str, object] = {}
            if note is not None:
                changes["note"] = note
            if color is not None:
                changes["color"] = color
            if tags is not None:
                changes["tags"] = _clean_tags(tags)
            updated = current.edited(**changes)
            self.storage.user.put_highlight(updated)
        self._bus.publish(HighlightsChanged((updated,)))
        return updated

    def delete_highlight(self, highlight_id: str) -> Highlight:
        """Delete and return it, so the caller can offer Undo (:meth:`restore_highlight`)."""
        with self._write_lock:
            removed = self.storage.user.delete_highlight(highlight_id)
        self._bus.publish(HighlightsRemoved((removed,)))
        return removed

    def restore_highlight(self, highlight: Highlight) -> None:
        """Put back a deleted highlight exactly as it was (Undo)."""
        with self._write_lock:
            self.storage.user.put_highlight(highlight)
        self._bus.publish(HighlightsChanged((highlight,)))

    def reanchor_article(self, article_id: str, version: ContentVersion) -> list[Highlight]:
        """Re-anchor an article's highlights on a new content version (the library does it for
        every :class:`reader.events.ContentStored`). Every highlight ends anchored, moved or
        orphaned; none is dropped. The changed ones are saved and published."""
        current = self.storage.user.get_highlights(article_id)
        if not current:
            return []
        updated = _reanchor_all(current, version.content, content_hash=version.content_hash)
        changed = [new for old, new in zip(current, updated, strict=True) if new != old]
        if changed:
            with self._write_lock:
                self.storage.user.put_highlights(changed)
            self._bus.publish(HighlightsChanged(tuple(changed)))
        return updated

    # --- export and import ----------------------------------------------------------------------

    def export_items(
        self, *, article_ids: Sequence[str] | None = None, highlight_ids: Sequence[str] | None = None
    ) -> list[ExportItem]:
        """What to export: given articles' highlights, given highlights, or (neither) all."""
        from .annotations.export import ExportItem
        from .annotations.export.item import sort_key

        if highlight_ids is not None:
            chosen = [self.storage.user.get_highlight(h) for h in highlight_ids]
        elif article_ids is not None:
            chosen = [h for aid in article_ids for h in self.storage.user.get_highlights(aid)]
        else:
            chosen = self.storage.user.get_highlights()
        by_article: dict[str, list[Highlight]] = {}
        for h in chosen:
            by_article.setdefault(h.article_id, []).append(h)
        items = []
        for aid, hs in by_article.items():
            try:
                article = self.storage.meta.get_article(aid)
            except ArticleNotFoundError:
                continue
            try:
                feed: Feed | None = self.storage.meta.get_feed(article.feed_id)
            except FeedNotFoundError:
                feed = None
            version = self.storage.content.get_version(aid)
            items.append(
                ExportItem(
                    article,
                    feed,
                    version.content if version else None,
                    tuple(sorted(hs, key=sort_key)),
                    version.extracted if version else None,
                )
            )
        items.sort(key=lambda i: i.article.date, reverse=True)
        return items

    def export_text(self, fmt: str, items: Sequence[ExportItem]) -> str:
        """The export as one text, in a format of :data:`reader.annotations.export.EXPORT_FORMATS`."""
        from .annotations.export import export_format

        return export_format(fmt).write(items, self.palette())

    def export(
        self, fmt: str, path: str | Path, items: Sequence[ExportItem], *, per_article: bool = False
    ) -> list[Path]:
        """Write an export; with ``per_article`` (Markdown), ``path`` is a folder that gets one
        file per article. Returns the files written. Each file is written atomically."""
        from .annotations.export import export_format, export_markdown_files

        target = Path(path)
        if not items:
            raise ExportError("There are no highlights to export.")
        if per_article and export_format(fmt).per_article:
            try:
                target.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ExportError(f"Could not create the folder {target}: {exc.strerror}.") from exc
            written = []
            for name, text in export_markdown_files(items, palette=self.palette()):
                written.append(self._write_export(target / name, text))
            return written
        return [self._write_export(target, self.export_text(fmt, items))]

    @staticmethod
    def _write_export(path: Path, text: str) -> Path:
        try:
            atomic_write_bytes(path, text.encode("utf-8"), durable=True)
        except Exception as exc:
            raise ExportError(f"Could not write the export to {path}: {exc}") from exc
        return path

    def export_notices(self, fmt: str, items: Sequence[ExportItem]) -> list[str]:
        """What an export changed to suit the tool it is for, in words (for the user)."""
        from .annotations.export.item import is_web_url
        from .annotations.export.obsidian import tag_changes

        notices: list[str] = []
        tags = [t for item in items for t in item.tags]
        if fmt == "md":
            changes = tag_changes(tags)
            if changes:
                shown = ", ".join(f"“{old}” → {new}" for old, new in changes[:8])
                more = f" and {len(changes) - 8} more" if len(changes) > 8 else ""
                notices.append(f"Tags written as Obsidian tags: {shown}{more}.")
        if fmt == "hypothesis":
            skipped = sum(len(i.highlights) for i in items if not is_web_url(i.url))
            if skipped:
                notices.append(
                    f"{skipped} highlights of articles with no web address were left out (Hypothesis needs a page)."
                )
        return notices

    def import_annotations(self, data: bytes) -> NotesImportReport:
        """Import a W3C Web Annotation file (Gloss's own or any tool's), a Hypothesis export or API
        result, or a Readwise CSV (see :mod:`reader.notes_import`). Everything is checked before
        anything is written: a malformed file imports nothing. Notes on pages the library lacks
        get stub articles, so none is dropped; re-importing reports what is already present."""
        from .annotations.importing import read_notes
        from .notes_import import merge_notes

        found = read_notes(data)
        with self._write_lock:
            report = merge_notes(self.storage, self.palette(), found)
        if report.new_articles:
            self._bus.publish(ArticlesAdded())
        if report.highlights:
            self._bus.publish(HighlightsChanged(report.highlights))
        return report

    def import_notes(self, data: bytes) -> int:
        """:meth:`import_annotations`, returning how many highlights were imported or updated."""
        report = self.import_annotations(data)
        return report.imported + report.updated
