"""The evaluation corpus for the extraction benchmark: pages with their truth.

Reads ``../shared/eval-corpus`` (zyte/, fundus/, voa/, wcxb/; see its README). Every page
carries the *site* it comes from, so that figures can be reported leave-one-site-out: a
page is scored by a build that holds no rule learnt from its own site.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "eval-corpus"
SETS = ("zyte", "fundus", "voa", "wcxb")


@dataclass
class Page:
    """One page and what a perfect extractor would return for it."""

    set: str
    id: str
    html: bytes
    url: str | None
    body: str
    captions: list[str] = field(default_factory=list)
    authors: list[str] | None = None  # None: the truth says nothing about authors
    date: str | None = None  # YYYY-MM-DD (or YYYY-MM); None: no truth date
    with_snippets: list[str] = field(default_factory=list)
    without_snippets: list[str] = field(default_factory=list)

    @property
    def site(self) -> str:
        """The publisher: the URL's host without ``www.`` (fundus: the publisher in the file name)."""
        if self.set == "fundus":
            parts = self.id.split("_")
            if len(parts) >= 2:
                return f"fundus:{parts[1].lower()}"
        host = (urlsplit(self.url or "").hostname or "").lower()
        return host.removeprefix("www.") or f"{self.set}:{self.id}"

    @property
    def host(self) -> str:
        return (urlsplit(self.url or "").hostname or "").lower()


def _date(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    m = re.match(r"(\d{4})-(\d\d)(?:-(\d\d))?", value.strip())
    if not m:
        return None
    return m.group(0)


def _listish(value: object) -> list[str]:
    """fundus truth stores some lists as their Python repr (a string)."""
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str) and value.startswith("["):
        import ast

        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return [value]
        return [str(v) for v in parsed] if isinstance(parsed, list) else [value]
    return [value] if isinstance(value, str) and value else []


def _zyte(root: Path) -> list[Page]:
    truth_path = root / "zyte" / "ground-truth.json"
    if not truth_path.exists():
        return []
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = []
    for pid, t in sorted(truth.items()):
        path = root / "zyte" / "html" / f"{pid}.html.gz"
        if path.exists():
            pages.append(Page("zyte", pid, gzip.decompress(path.read_bytes()), t.get("url"), t["articleBody"]))
    return pages


def _fundus(root: Path) -> list[Page]:
    truth_path = root / "fundus" / "truth.json"
    if not truth_path.exists():
        return []
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = []
    for pid, t in sorted(truth.items()):
        path = root / "fundus" / "html" / f"{pid}.html.gz"
        if not path.exists():
            continue
        pages.append(
            Page(
                "fundus",
                pid,
                gzip.decompress(path.read_bytes()),
                t.get("url"),
                "\n".join(_listish(t.get("body"))),
                _listish(t.get("captions")),
                _listish(t.get("authors")),
                _date(t.get("date")),
            )
        )
    return pages


def _voa(root: Path) -> list[Page]:
    folder = root / "voa" / "truth"
    pages = []
    for tpath in sorted(folder.glob("*.json")) if folder.exists() else []:
        t = json.loads(tpath.read_text(encoding="utf-8"))
        html_path = root / "voa" / t["html"]
        if html_path.exists():
            pages.append(
                Page(
                    "voa",
                    t["id"],
                    html_path.read_bytes(),
                    t.get("url"),
                    "\n".join(t["body"]),
                    [c["text"] for c in t.get("captions", [])],
                    list(t.get("bylines") or []),
                    _date(t.get("date") or t.get("published")),
                    without_snippets=list(t.get("not_body") or []),
                )
            )
    return pages


def _wcxb(root: Path) -> list[Page]:
    truth_path = root / "wcxb" / "truth.json"
    if not truth_path.exists():
        return []
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = []
    for pid, t in sorted(truth.items()):
        path = root / "wcxb" / "html" / f"{pid}.html.gz"
        if not path.exists():
            continue
        pages.append(
            Page(
                "wcxb",
                pid,
                gzip.decompress(path.read_bytes()),
                t.get("url"),
                t.get("body") or "",
                authors=list(t.get("authors") or []) if t.get("author_raw") else None,
                date=_date(t.get("date")),
                with_snippets=list(t.get("with") or []),
                without_snippets=list(t.get("without") or []),
            )
        )
    return pages


def load(root: Path, sets: tuple[str, ...] = SETS) -> list[Page]:
    """Every page of the chosen sets that has its HTML and truth on disk."""
    loaders = {"zyte": _zyte, "fundus": _fundus, "voa": _voa, "wcxb": _wcxb}
    pages: list[Page] = []
    for name in sets:
        pages.extend(loaders[name](root))
    return pages
