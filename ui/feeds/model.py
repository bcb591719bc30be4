"""The feeds tree: smart views, then folders with their feeds, then loose feeds.

A hand-written QAbstractItemModel (two columns: the name, and the unread count). Nodes
are addressed by a small integer id in each index's ``internalId`` so no Python object
pointer ever goes through Qt. :meth:`FeedTreeModel.reload` updates counts and titles in
place (``dataChanged``) and only resets when feeds or folders were added or removed, so
the selection survives a refresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QIcon

from reader import Article, ArticleFilter, Feed, Library

from ..icons import icon
from ..text import display_title

KeyRole = Qt.ItemDataRole.UserRole + 1  # ("smart", "all") / ("folder", name) / ("feed", id)
UnreadRole = Qt.ItemDataRole.UserRole + 2
ErrorRole = Qt.ItemDataRole.UserRole + 3

SMART_VIEWS: tuple[tuple[str, str, str], ...] = (
    ("all", "All articles", "view-all"),
    ("unread", "Unread", "view-unread"),
    ("starred", "Starred", "view-starred"),
    ("annotated", "Annotated", "view-annotated"),
)

Index = QModelIndex | QPersistentModelIndex


@dataclass
class Node:
    id: int
    kind: str  # "root", "smart", "folder", "feed"
    key: str
    title: str
    parent: int = -1
    children: list[int] = field(default_factory=list)
    unread: int = 0
    total: int = 0
    feed: Feed | None = None


@dataclass(frozen=True)
class Counts:
    per_feed: dict[str, tuple[int, int]]
    starred: int
    annotated: int


def describe_problem(feed: Feed) -> str:
    """The error badge's tooltip: what went wrong and when."""
    problem = feed.last_error
    if problem is None:
        return ""
    when = problem.at.astimezone().strftime("%d %b %Y, %H:%M") if isinstance(problem.at, datetime) else ""
    status = f" (HTTP {problem.status})" if problem.status else ""
    return f"Last refresh failed{status} on {when}:\n{problem.message}"


class FeedTreeModel(QAbstractItemModel):
    COLUMNS = 2

    def __init__(self, library: Library, parent: Any = None, *, load_counts: bool = True) -> None:
        super().__init__(parent)
        self.library = library
        self._load_counts = load_counts
        self._counted = False
        self._nodes: dict[int, Node] = {}
        self._signature: tuple[tuple[str, ...], ...] = ()
        self.dark = False
        self._build()

    def set_dark(self, dark: bool) -> None:
        """Icons drawn for a dark background (repaints, no reset)."""
        if dark != self.dark:
            self.dark = dark
            self._emit_all_changed(QModelIndex())

    # --- building --------------------------------------------------------------------------

    def compute_counts(self) -> Counts:
        """Unread/total per feed, starred and annotated. The first one reads every feed's
        articles, so the window runs it on a pool thread and hands the result to
        :meth:`apply_counts`; later ones are mostly lookups of the stored counts."""
        lib = self.library
        return Counts(lib.counts(), lib.starred_count(), len(self.annotated_ids()))

    def _collect(self, counts: Counts | None) -> list[Node]:
        """The new tree as a flat list of nodes (ids assigned in display order)."""
        lib = self.library
        feeds = lib.feeds()
        per_feed = counts.per_feed if counts else {}
        unread_all = sum(per_feed.get(f.id, (0, 0))[0] for f in feeds)
        total_all = sum(per_feed.get(f.id, (0, 0))[1] for f in feeds)
        nodes: list[Node] = [Node(0, "root", "", "")]

        def add(kind: str, key: str, title: str, parent: int, **kw: Any) -> Node:
            node = Node(len(nodes), kind, key, title, parent, **kw)
            nodes.append(node)
            nodes[parent].children.append(node.id)
            return node

        starred = counts.starred if counts else 0
        annotated = counts.annotated if counts else 0
        smart_counts = {
            "all": (unread_all, total_all),
            "unread": (unread_all, unread_all),
            "starred": (starred, starred),
            "annotated": (annotated, annotated),
        }
        for key, title, _icon in SMART_VIEWS:
            unread, total = smart_counts[key]
            add("smart", key, title, 0, unread=unread, total=total)
        folder_nodes: dict[str, Node] = {}
        for name in lib.folders():
            folder_nodes[name] = add("folder", name, name, 0)
        for feed in feeds:
            parent = folder_nodes[feed.folder].id if feed.folder in folder_nodes else 0
            unread, total = per_feed.get(feed.id, (0, 0))
            add("feed", feed.id, display_title(feed.display_title), parent, unread=unread, total=total, feed=feed)
        for node in folder_nodes.values():
            node.unread = sum(nodes[c].unread for c in node.children)
            node.total = sum(nodes[c].total for c in node.children)
        # Loose feeds after the folders: move them to the end of the root's children.
        root = nodes[0]
        root.children = [c for c in root.children if nodes[c].kind != "feed"] + [
            c for c in root.children if nodes[c].kind == "feed"
        ]
        return nodes

    def annotated_ids(self) -> set[str]:
        return self.library.annotated_article_ids()

    def _build(self) -> None:
        counts = self.compute_counts() if self._load_counts else None
        self._counted = counts is not None
        nodes = self._collect(counts)
        self._nodes = {n.id: n for n in nodes}
        self._signature = self._signature_of(nodes)

    @staticmethod
    def _signature_of(nodes: list[Node]) -> tuple[tuple[str, ...], ...]:
        return tuple((n.kind, n.key, str(n.parent)) for n in nodes)

    def reload(self) -> None:
        """Re-read feeds, folders and counts from the library (on this thread)."""
        self.apply_counts(self.compute_counts())

    def reload_structure(self) -> None:
        """Feeds and folders now, counts kept as they were (fast; counts come later)."""
        old = {(n.kind, n.key): (n.unread, n.total) for n in self._nodes.values()}
        nodes = self._collect(None)
        for n in nodes:
            n.unread, n.total = old.get((n.kind, n.key), (0, 0))
        self._apply(nodes)

    def apply_counts(self, counts: Counts) -> None:
        self._counted = True
        self._apply(self._collect(counts))

    def _apply(self, nodes: list[Node]) -> None:
        signature = self._signature_of(nodes)
        if signature != self._signature:
            self.beginResetModel()
            self._nodes = {n.id: n for n in nodes}
            self._signature = signature
            self.endResetModel()
            return
        old = self._nodes
        self._nodes = {n.id: n for n in nodes}
        # One dataChanged per parent, over the rows that changed: after a refresh every feed
        # changes, and each signal costs the view a round of calls back into this model.
        changed: dict[int, list[int]] = {}
        for n in nodes:
            before = old.get(n.id)
            if n.kind != "root" and (
                before is None
                or (before.title, before.unread, before.total, before.feed) != (n.title, n.unread, n.total, n.feed)
            ):
                changed.setdefault(n.parent, []).append(self._nodes[n.parent].children.index(n.id))
        for parent, rows in changed.items():
            siblings = self._nodes[parent].children
            first, last = min(rows), max(rows)
            self.dataChanged.emit(
                self.createIndex(first, 0, siblings[first]), self.createIndex(last, self.COLUMNS - 1, siblings[last])
            )

    def article_changed(self, before: Article, after: Article) -> None:
        """Adjust counts for one article's read/starred change without recounting 50,000."""
        unread = int(not after.read) - int(not before.read)
        starred = int(after.starred) - int(before.starred)
        if not unread and not starred:
            return
        changed: list[Node] = []
        for node in self._nodes.values():
            if node.kind == "feed" and node.key == after.feed_id:
                node.unread += unread
                changed.append(node)
                if node.parent > 0:
                    self._nodes[node.parent].unread += unread
                    changed.append(self._nodes[node.parent])
            elif node.kind == "smart" and node.key in ("all", "unread"):
                node.unread += unread
                if node.key == "unread":
                    node.total += unread
                changed.append(node)
            elif node.kind == "smart" and node.key == "starred":
                node.total += starred
                node.unread = node.total
                changed.append(node)
        for node in changed:
            parent = self._nodes[node.parent]
            row = parent.children.index(node.id)
            self.dataChanged.emit(self.createIndex(row, 0, node.id), self.createIndex(row, 1, node.id))

    def _emit_all_changed(self, parent: QModelIndex) -> None:
        rows = self.rowCount(parent)
        if rows == 0:
            return
        self.dataChanged.emit(self.index(0, 0, parent), self.index(rows - 1, self.COLUMNS - 1, parent))
        for r in range(rows):
            child = self.index(r, 0, parent)
            if self.rowCount(child):
                self._emit_all_changed(child)

    # --- lookups -------------------------------------------------------------------------------

    def node(self, index: Index) -> Node:
        return self._nodes[index.internalId()] if index.isValid() else self._nodes[0]

    def index_for(self, kind: str, key: str) -> QModelIndex:
        for node in self._nodes.values():
            if node.kind == kind and node.key == key:
                parent = self._nodes[node.parent]
                return self.createIndex(parent.children.index(node.id), 0, node.id)
        return QModelIndex()

    def article_filter(self, index: Index) -> ArticleFilter:
        """What the article list shows when ``index`` is selected."""
        node = self.node(index)
        if node.kind == "feed":
            return ArticleFilter(feed_ids=frozenset([node.key]))
        if node.kind == "folder":
            return ArticleFilter(feed_ids=frozenset(self._nodes[c].key for c in node.children))
        if node.key == "unread":
            return ArticleFilter(unread=True, feed_ids=self._subscribed())
        if node.key == "starred":
            return ArticleFilter(starred=True)
        if node.key == "annotated":
            return ArticleFilter(article_ids=frozenset(self.annotated_ids()))
        return ArticleFilter(feed_ids=self._subscribed())

    def _subscribed(self) -> frozenset[str]:
        return frozenset(n.key for n in self._nodes.values() if n.kind == "feed")

    def expected_rows(self, index: Index) -> int | None:
        """How many articles selecting ``index`` lists, from the counts (None if unknown)."""
        node = self.node(index)
        if not self._counted:
            return None
        if node.kind == "smart" and node.key == "unread":
            return node.unread
        return node.total

    def feed_ids_under(self, index: Index) -> list[str]:
        node = self.node(index)
        if node.kind == "feed":
            return [node.key]
        if node.kind == "folder":
            return [self._nodes[c].key for c in node.children]
        return []

    # --- QAbstractItemModel ----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= self.COLUMNS or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        node = self.node(parent)
        if row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = self._nodes.get(index.internalId())
        if node is None or node.parent <= 0:
            return QModelIndex()
        parent = self._nodes[node.parent]
        grand = self._nodes[parent.parent]
        return self.createIndex(grand.children.index(parent.id), 0, parent.id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return self.COLUMNS

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Feed", "Unread")[section] if 0 <= section < self.COLUMNS else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self.node(index)
        col = index.column()
        if role == KeyRole:
            return (node.kind, node.key)
        if role == UnreadRole:
            return node.unread
        if role == ErrorRole:
            return describe_problem(node.feed) if node.feed else ""
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return node.title
            return str(node.unread) if node.unread else ""
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{node.title}, {node.unread} unread" if node.unread else node.title
        if role == Qt.ItemDataRole.ToolTipRole:
            if node.feed is not None:
                problem = describe_problem(node.feed)
                tip = node.feed.url
                if node.feed.warning:
                    tip += f"\n{node.feed.warning}"
                return f"{problem}\n\n{tip}" if problem else tip
            return f"{node.title}: {node.unread} unread of {node.total}" if node.kind != "smart" or node.total else None
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return self._icon(node)
        if role == Qt.ItemDataRole.FontRole and col == 0 and node.unread and node.kind in ("feed", "folder"):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _icon(self, node: Node) -> QIcon:
        if node.kind == "smart":
            return icon(dict((k, i) for k, _t, i in SMART_VIEWS)[node.key], self.dark)
        if node.kind == "folder":
            return icon("folder", self.dark)
        if node.feed is not None and (node.feed.last_error is not None or node.feed.dead):
            return icon("feed-error")
        return icon("feed")
