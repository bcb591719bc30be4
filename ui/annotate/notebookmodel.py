"""The Notebook's model: a two-level tree (articles, then their highlights in reading order),
articles in the order of their newest highlight, paged in from :meth:`Library.notebook_page`
as the list scrolls (see :class:`ui.annotate.notebook.NotebookView`)."""

from __future__ import annotations

import bisect
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from reader import Article, Highlight, Library, NotebookPage, NotebookQuery, ReaderError

from .colors import fill
from .delegate import (
    PART_WORDS,
    ArticleIdRole,
    ColorRole,
    ExtraRole,
    IdRole,
    KindRole,
    NoteRole,
    PartRole,
    StateRole,
    TagsRole,
)

PAGE = 100  # highlights a page (a few screens)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # built once: flags() is hot
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
NotebookCursor = tuple[str, str]  # reader's NotebookPage.after
_NO_PARENT = 0xFFFFFFFF  # internalId of article rows; highlight rows carry their group's row


def _reading_order(h: Highlight) -> tuple[int, int, str]:
    return (h.position.start, h.position.end, h.id)


class NotebookModel(QAbstractItemModel):
    """Articles (top level) and their highlights (children). One column.

    Paged in: :meth:`reset` shows the newest page of highlights that match the query
    (:meth:`Library.notebook_page`, through :meth:`fetch`, which a pool thread may call),
    :meth:`load_more` the next, as the list scrolls. An
    article comes at the place of its newest highlight; an older highlight of an article
    already shown joins it (in reading order) when its page comes.
    """

    def __init__(self, library: Library, *, dark: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.dark = dark
        self._palette = library.palette()
        self._groups: list[tuple[str, list[Highlight]]] = []
        self._group_of: dict[str, int] = {}
        self._query = NotebookQuery()
        self._after: NotebookCursor | None = None
        self._more = False
        self.total = 0  # every highlight in the library
        self.all_tags: list[str] = []
        self._articles: dict[str, Article | None] = {}
        self._feed_titles: dict[str, str] = {}

    def fetch(self, q: NotebookQuery, after: NotebookCursor | None) -> NotebookPage:
        """The page of ``q`` after ``after``; reads the library only (safe on a pool thread)."""
        return self.library.notebook_page(q, after=after, limit=PAGE)

    @property
    def query(self) -> NotebookQuery:
        return self._query

    @property
    def after(self) -> NotebookCursor | None:
        return self._after

    def reset(self, q: NotebookQuery, first: NotebookPage | None = None, tags: list[str] | None = None) -> None:
        """Show ``first`` (read now when not given), the first page of what ``q`` selects, and
        ``tags``, every tag in use (for the tag filter; read now when not given)."""
        page = first if first is not None else self.fetch(q, None)
        self.beginResetModel()
        self._palette = self.library.palette()
        self.all_tags = tags if tags is not None else self.library.tags()
        self._query = q
        self._groups = []
        self._group_of = {}
        self._take(page)
        self._add(page.highlights)
        self.endResetModel()

    def _take(self, page: NotebookPage) -> None:
        self._after, self._more, self.total = page.after, page.after is not None, page.total

    @property
    def highlight_count(self) -> int:
        """The highlights loaded so far (all that match once :meth:`has_more` is False)."""
        return sum(len(hs) for _aid, hs in self._groups)

    @property
    def article_count(self) -> int:
        return len(self._groups)

    # Pages come as the list scrolls (the view asks, see NotebookView): the first screen never
    # waits for 25,000 highlights. Not canFetchMore/fetchMore: Qt calls those from inside its
    # own layout, and expanding the new rows there re-enters it page after page.
    def has_more(self) -> bool:
        return self._more

    def load_more(self, page: NotebookPage | None = None) -> tuple[int, int] | None:
        """Add the next page (``page``, read now when not given); returns the article rows it
        added (first, last; an empty range when it only added to articles shown), or None
        when there was no page left."""
        if not self._more:
            return None
        page = page if page is not None else self.fetch(self._query, self._after)
        start = len(self._groups)
        self._take(page)
        self._add(page.highlights, notify=True)
        return start, len(self._groups) - 1

    def load_all(self) -> None:
        while self.load_more() is not None:
            pass

    def _add(self, highlights: tuple[Highlight, ...], *, notify: bool = False) -> None:
        """Put ``highlights`` (newest first) in: new articles at the end, the others' into theirs."""
        new: list[tuple[str, list[Highlight]]] = []
        new_of: dict[str, int] = {}
        for h in highlights:
            if h.article_id in self._group_of:
                self._join(self._group_of[h.article_id], h, notify)
            elif h.article_id in new_of:
                new[new_of[h.article_id]][1].append(h)
            else:
                new_of[h.article_id] = len(new)
                new.append((h.article_id, [h]))
        if not new:
            return
        start = len(self._groups)
        if notify:
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
        for aid, hs in new:
            hs.sort(key=_reading_order)
            self._group_of[aid] = len(self._groups)
            self._groups.append((aid, hs))
        if notify:
            self.endInsertRows()

    def _join(self, group: int, h: Highlight, notify: bool) -> None:
        """An older highlight of an article shown: into its place in reading order."""
        hs = self._groups[group][1]
        at = bisect.bisect(hs, _reading_order(h), key=_reading_order)
        if notify:
            self.beginInsertRows(self.index(group, 0), at, at)
        hs.insert(at, h)
        if notify:
            self.endInsertRows()

    # --- structure -----------------------------------------------------------------------------------

    def index(
        self,
        row: int,
        column: int = 0,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _NO_PARENT) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != _NO_PARENT or parent.row() >= len(self._groups):
            return QModelIndex()
        if row >= len(self._groups[parent.row()][1]):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row())

    def parent(self, child: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == _NO_PARENT:
            return QModelIndex()
        return self.createIndex(int(child.internalId()), 0, _NO_PARENT)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.column() != 0 or parent.internalId() != _NO_PARENT or parent.row() >= len(self._groups):
            return 0
        return len(self._groups[parent.row()][1])

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

    # --- data ----------------------------------------------------------------------------------------

    def _article(self, article_id: str) -> Article | None:
        if article_id not in self._articles:
            try:
                self._articles[article_id] = self.library.article(article_id)
            except ReaderError:
                self._articles[article_id] = None
        return self._articles[article_id]

    def _feed_title(self, feed_id: str) -> str:
        if feed_id not in self._feed_titles:
            try:
                self._feed_titles[feed_id] = self.library.feed(feed_id).display_title
            except ReaderError:
                self._feed_titles[feed_id] = ""
        return self._feed_titles[feed_id]

    def highlight_at(self, index: QModelIndex | QPersistentModelIndex) -> Highlight | None:
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return None
        group = int(index.internalId())
        if group >= len(self._groups) or index.row() >= len(self._groups[group][1]):
            return None
        return self._groups[group][1][index.row()]

    def article_id_at(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        if not index.isValid():
            return None
        group = index.row() if index.internalId() == _NO_PARENT else int(index.internalId())
        return self._groups[group][0] if group < len(self._groups) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() != 0:
            return None
        if index.internalId() == _NO_PARENT:
            if index.row() >= len(self._groups):
                return None
            return self._article_data(*self._groups[index.row()], role)
        h = self.highlight_at(index)
        return None if h is None else self._highlight_data(h, role)

    def _highlight_data(self, h: Highlight, role: int) -> Any:
        if role == Qt.ItemDataRole.AccessibleTextRole:
            where = PART_WORDS.get(h.part.partition(":")[0])
            return f"{h.color} highlight{' ' + where if where else ''}: {h.quote.exact}"
        if role == ColorRole:
            return fill(self._palette, h.color, self.dark)
        if role == ExtraRole:
            when = f"{h.created:%d %b %Y}"
            return (
                f"not in the current version (made on version {h.made_on_version}) · {when}"
                if (h.state == "orphaned")
                else when
            )
        plain = {
            Qt.ItemDataRole.DisplayRole: h.quote.exact,
            Qt.ItemDataRole.ToolTipRole: h.note or None,
            IdRole: h.id,
            ArticleIdRole: h.article_id,
            NoteRole: h.note,
            TagsRole: list(h.tags),
            StateRole: h.state,
            KindRole: "highlight",
            PartRole: h.part,
        }
        return plain.get(role)

    def _article_data(self, article_id: str, highlights: list[Highlight], role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            article = self._article(article_id)
            return (article.title if article else "") or "Untitled article"
        if role == ExtraRole:
            article = self._article(article_id)
            n = len(highlights)
            bits = [f"{n} highlight{'s' if n != 1 else ''}"]
            if article is not None:
                feed = self._feed_title(article.feed_id)
                if feed:
                    bits.insert(0, feed)
                bits.insert(1 if feed else 0, f"{article.date:%d %b %Y}")
            return " · ".join(bits)
        if role == ArticleIdRole:
            return article_id
        if role == KindRole:
            return "article"
        return None
