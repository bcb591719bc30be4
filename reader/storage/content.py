"""The content store: re-fetchable article content, one file per thing.

Layout under ``content/``::

    <feed id>/<article id>/v<N>.json   extracted version N (never overwritten)
    <feed id>/<article id>/raw.html.gz the fetched page, so extraction can re-run offline
    <feed id>/<article id>/raw.json    the page's URL
    <feed id>/feed-html.json.gz        every entry's HTML as the feed gave it, one file per feed
                                       (a refresh writes it once, not once per article)
    <feed id>/<article id>/img/<hash>  downloaded images (+ ``<hash>.type``)

Every file is written atomically. Versions are fsynced (highlights anchor to them);
raw pages and images are re-fetchable, so they skip the fsync to keep refresh fast.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from ..errors import SchemaError, StorageError
from ..types import ContentVersion, dt_from_str, dt_to_str, utcnow
from .atomic import atomic_write_bytes
from .records import content_from_record, content_to_record

CONTENT_SCHEMA = 1  # in every version file; 0 (absent) is read the same way
_ID = re.compile(r"^[A-Za-z0-9]+-[A-Za-z0-9]+$")
_VERSION_FILE = re.compile(r"^v(\d+)\.json$")


def _image_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]


class FileContentStore:
    def __init__(self, root: Path, *, readonly: bool = False) -> None:
        self.root = root
        self.readonly = readonly
        self._lock = threading.Lock()
        if not readonly:
            root.mkdir(parents=True, exist_ok=True)

    def _dir(self, article_id: str) -> Path:
        if not _ID.match(article_id):
            raise StorageError(f"Not a valid article id: {article_id!r}.")
        return self.root / article_id.split("-", 1)[0] / article_id

    def _write(self, path: Path, data: bytes, *, durable: bool) -> None:
        if self.readonly:
            raise StorageError("This library is open read-only (another Gloss window has it).")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"Could not create a folder for article content: {exc.strerror}.") from exc
        atomic_write_bytes(path, data, durable=durable)

    # raw page and feed html --------------------------------------------------------------------

    def put_raw(self, article_id: str, html: bytes, url: str) -> None:
        d = self._dir(article_id)
        self._write(d / "raw.html.gz", gzip.compress(html, compresslevel=5), durable=False)
        self._write(d / "raw.json", json.dumps({"url": url}).encode(), durable=False)

    def get_raw(self, article_id: str) -> tuple[bytes, str] | None:
        d = self._dir(article_id)
        try:
            html = gzip.decompress((d / "raw.html.gz").read_bytes())
            url = json.loads((d / "raw.json").read_text("utf-8"))["url"]
        except (OSError, ValueError, KeyError, EOFError):
            return None
        return html, str(url)

    def _feed_html_path(self, feed_id: str) -> Path:
        if not feed_id.isalnum():
            raise StorageError(f"Not a valid feed id: {feed_id!r}.")
        return self.root / feed_id / "feed-html.json.gz"

    def _read_feed_html(self, feed_id: str) -> dict[str, str]:
        try:
            data = json.loads(gzip.decompress(self._feed_html_path(feed_id).read_bytes()))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, EOFError):
            return {}  # re-fetchable: a damaged file is simply refilled by the next refresh
        return data if isinstance(data, dict) else {}

    def put_feed_html_many(self, feed_id: str, items: Mapping[str, str]) -> None:
        if not items:
            return
        with self._lock:
            data = self._read_feed_html(feed_id)
            data.update(items)
            payload = gzip.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), compresslevel=3)
            self._write(self._feed_html_path(feed_id), payload, durable=False)

    def put_feed_html(self, article_id: str, html: str) -> None:
        self.put_feed_html_many(article_id.split("-", 1)[0], {article_id: html})

    def get_feed_html(self, article_id: str) -> str | None:
        self._dir(article_id)  # validates the id
        return self._read_feed_html(article_id.split("-", 1)[0]).get(article_id)

    # extracted versions ---------------------------------------------------------------------------

    def put_version(self, version: ContentVersion) -> None:
        path = self._dir(version.article_id) / f"v{version.version}.json"
        if path.exists():
            raise StorageError(f"Version {version.version} of {version.article_id} is already stored.")
        payload = {
            "schema": CONTENT_SCHEMA,
            "article_id": version.article_id,
            "version": version.version,
            "content_hash": version.content_hash,
            "extracted": dt_to_str(version.extracted),
            "source": version.source,
            "warnings": list(version.content.warnings),
            "content": content_to_record(version.content),
        }
        self._write(path, json.dumps(payload, ensure_ascii=False).encode("utf-8"), durable=True)

    def list_versions(self, article_id: str) -> list[int]:
        d = self._dir(article_id)
        if not d.is_dir():
            return []
        found = (_VERSION_FILE.match(p.name) for p in d.iterdir())
        return sorted(int(m.group(1)) for m in found if m)

    def get_version(self, article_id: str, version: int | None = None) -> ContentVersion | None:
        if version is None:
            versions = self.list_versions(article_id)
            if not versions:
                return None
            version = versions[-1]
        path = self._dir(article_id) / f"v{version}.json"
        try:
            payload = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise StorageError(f"The stored content of article {article_id} is unreadable: {exc}") from exc
        if int(payload.get("schema", 0)) > CONTENT_SCHEMA:
            raise SchemaError(
                f"The stored content of article {article_id} was written by a newer version of Gloss. "
                "Please update Gloss."
            )
        content_dict = dict(payload["content"])
        content_dict["warnings"] = payload.get("warnings", [])
        return ContentVersion(
            article_id=article_id,
            version=int(payload["version"]),
            content=content_from_record(content_dict),
            content_hash=str(payload["content_hash"]),
            extracted=dt_from_str(payload.get("extracted")) or utcnow(),
            source=payload.get("source", "page"),
        )

    # images -------------------------------------------------------------------------------------------

    def put_image(self, article_id: str, url: str, data: bytes, content_type: str) -> None:
        img = self._dir(article_id) / "img"
        key = _image_key(url)
        self._write(img / f"{key}.type", content_type.encode("utf-8"), durable=False)
        self._write(img / key, data, durable=False)

    def get_image(self, article_id: str, url: str) -> tuple[bytes, str] | None:
        img = self._dir(article_id) / "img"
        key = _image_key(url)
        try:
            return (img / key).read_bytes(), (img / f"{key}.type").read_text("utf-8")
        except OSError:
            return None

    # housekeeping -------------------------------------------------------------------------------------

    def delete_article(self, article_id: str) -> None:
        self.delete_articles([article_id])

    def delete_articles(self, article_ids: Iterable[str]) -> None:
        """Drop everything stored for these articles (retention, unsubscribe)."""
        if self.readonly:
            raise StorageError("This library is open read-only (another Gloss window has it).")
        by_feed: dict[str, list[str]] = {}
        for aid in article_ids:
            shutil.rmtree(self._dir(aid), ignore_errors=True)
            by_feed.setdefault(aid.split("-", 1)[0], []).append(aid)
        with self._lock:
            for feed_id, ids in by_feed.items():
                data = self._read_feed_html(feed_id)
                if any(aid in data for aid in ids):
                    for aid in ids:
                        data.pop(aid, None)
                    payload = gzip.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), compresslevel=3)
                    self._write(self._feed_html_path(feed_id), payload, durable=False)

    def move_feed(self, old: str, new: str, rename: Callable[[str], str]) -> None:
        """Move everything stored for feed ``old``'s articles under feed ``new``, each article's
        folder to the name ``rename`` gives it (identity migration). Safe to run again after a
        crash: what was moved stays, what was not is moved, nothing is deleted until copied."""
        if not (old.isalnum() and new.isalnum()):
            raise StorageError(f"Not a valid feed id: {old!r} or {new!r}.")
        source, target = self.root / old, self.root / new
        if not source.is_dir():
            return
        target.mkdir(parents=True, exist_ok=True)
        for d in sorted(source.iterdir()):
            if d.is_dir() and _ID.match(d.name):
                dest = target / rename(d.name)
                if dest.exists():
                    shutil.rmtree(d, ignore_errors=True)  # moved before a crash; this is a stale copy
                else:
                    os.replace(d, dest)
        with self._lock:
            moved = {rename(aid): html for aid, html in self._read_feed_html(old).items()}
            if moved:
                data = {**moved, **self._read_feed_html(new)}
                payload = gzip.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), compresslevel=3)
                self._write(self._feed_html_path(new), payload, durable=True)
        shutil.rmtree(source, ignore_errors=True)

    def article_ids(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for feed_dir in self.root.iterdir():
            if feed_dir.is_dir():
                for d in feed_dir.iterdir():
                    if _ID.match(d.name):
                        yield d.name
