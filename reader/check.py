"""``gloss check``: a consistency check of a library on disk.

It reports, in words: files that do not open or carry an unknown schema, articles whose
feed is missing or whose text version is not stored, highlights whose article is missing
(kept, never deleted: the notebook still shows them), content stored for articles that no
longer exist, and highlights whose position does not fit their article's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import ReaderError
from .library import Library
from .search import SearchIndex
from .storage.atomic import stale_temp_files
from .wording import plural


@dataclass(frozen=True, slots=True)
class Problem:
    severity: str  # "error" (data is wrong) or "warning" (harmless leftovers)
    message: str


def check_library(lib: Library) -> list[Problem]:
    try:
        feeds = {f.id for f in lib.storage.meta.get_feeds()}
        # Each shard read once, as stored (an Article made of each of 500,000 cost 10 s); the
        # walk also keeps what the list index is then compared by. Of each record only what the
        # checks ask is kept: holding the 500,000 records whole took 600 MB at 500k.
        articles = {str(d["id"]): _kept(d) for d in lib.storage.meta.iter_records()}
        highlights = lib.storage.user.highlight_records()  # as stored: 25,000 Highlights cost 0.3 s
        with_content = set(lib.storage.content.article_ids())
    except ReaderError as exc:
        return [Problem("error", f"The library could not be read: {exc}")]
    problems = _article_problems(lib, feeds, articles)
    problems += _highlight_problems(lib, articles, highlights, with_content)
    problems += [
        Problem("warning", f"Content is stored for a deleted article {aid}.")
        for aid in sorted(with_content)
        if aid not in articles
    ]
    problems += [Problem("warning", n) for n in lib.storage.meta.list_index_problems()]
    problems += _timeline_problems(lib, highlights)
    problems += [Problem("warning", n) for n in _search_index_problems(lib)]
    problems += [Problem("warning", n) for n in lib.notices]
    problems += _temp_file_problems(lib)
    return problems


def _kept(d: Mapping[str, Any]) -> tuple[str, int]:  # a record's (feed id, text version)
    return str(d["feed_id"]), int(d.get("content_version") or 0)


def _article_problems(lib: Library, feeds: set[str], articles: dict[str, tuple[str, int]]) -> list[Problem]:
    problems = []
    for aid, (feed_id, version) in articles.items():
        if feed_id not in feeds:
            problems.append(Problem("error", f"Article {aid} belongs to a feed that does not exist ({feed_id})."))
        # A dangling id: the record names a text version the content store does not hold.
        if version and version not in lib.storage.content.list_versions(aid):
            problems.append(Problem("error", f"Article {aid} names text version {version}, which is not stored."))
    return problems


def _highlight_problems(
    lib: Library, articles: Mapping[str, Any], highlights: list[Mapping[str, Any]], with_content: set[str]
) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    texts: dict[str, tuple[str, str] | None] = {}  # article id -> (content hash, its text), read once
    for h in highlights:
        hid, aid = str(h["id"]), str(h["article_id"])
        if hid in seen:
            problems.append(Problem("error", f"Highlight {hid} is stored twice."))
        seen.add(hid)
        if aid not in articles:
            problems.append(Problem("error", f"Highlight {hid} points at a missing article {aid}."))
            continue
        start, end = int(h["position"]["start"]), int(h["position"]["end"])
        if start < 0 or end < start:
            problems.append(Problem("error", f"Highlight {hid} has an impossible position."))
        if aid not in texts:  # an article with no folder in the content store has no text
            texts[aid] = _text_of(lib, aid) if aid in with_content else None
        text = texts[aid]
        anchored = text is not None and h.get("state", "anchored") != "orphaned" and h.get("anchored_hash") == text[0]
        if anchored and text is not None and text[1][start:end] != h["quote"]["exact"]:
            problems.append(Problem("error", f"Highlight {hid} no longer matches the text it is anchored to."))
    return problems


def _text_of(lib: Library, article_id: str) -> tuple[str, str] | None:
    version = lib.storage.content.get_version(article_id)
    return (version.content_hash, version.content.canonical_text()) if version is not None else None


def _timeline_problems(lib: Library, highlights: list[Mapping[str, Any]]) -> list[Problem]:
    """The notebook's copy of the highlights by month (reader.storage.timeline), record by record."""
    wrong = lib.storage.user.timeline_problems(highlights)
    if not wrong:
        return []
    said = "cannot be read" if wrong < 0 else f"disagrees with the highlights' files on {plural(wrong, 'highlight')}"
    return [Problem("warning", f"The notebook's timeline {said}; it is written again from them when next read.")]


def _search_index_problems(lib: Library) -> list[str]:
    """The search index's files checked whole (a search trusts a file its writer left as it was)."""
    if lib.data_dir is None:
        return []
    with SearchIndex.open(lib.data_dir / "search", readonly=True) as index:
        return index.problems()


def _temp_file_problems(lib: Library) -> list[Problem]:
    left = stale_temp_files(lib.storage.temp_folders())
    if not left:
        return []
    names = ", ".join(p.name for p in left[:3]) + ("…" if len(left) > 3 else "")
    return [
        Problem(
            "warning",
            f"{plural(len(left), 'temporary file')} left by writes that were killed ({names}); "
            "Gloss removes them the next time it opens this library to write.",
        )
    ]
