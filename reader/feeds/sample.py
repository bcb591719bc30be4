"""The bundled offline sample, read through the ``gloss-sample:`` scheme
(``gloss-sample:///feed.xml``): only ever files under ``resources/sample/``."""

from __future__ import annotations

import mimetypes
from urllib.parse import unquote, urlsplit

from .. import bundled
from ..errors import FetchError
from .http import FetchResult, too_large


def read_sample(url: str, max_bytes: int) -> FetchResult:
    """Read ``gloss-sample:///path`` from ``resources/sample/`` and nowhere else."""
    parts = urlsplit(url)
    raw_path = unquote(parts.path)
    segments = [s for s in raw_path.split("/") if s]
    bad = (
        parts.netloc not in ("", "localhost")
        or not segments
        or any(s in (".", "..") or "\\" in s or "\x00" in s or ":" in s for s in segments)
    )
    if bad:
        raise FetchError(
            f"{url} does not name a file of the bundled sample (it may not leave the sample folder).",
            url=url,
            kind="unsupported_url",
        )
    node = bundled.sample()
    for segment in segments:
        node = node.joinpath(segment)
    if not node.is_file():
        raise FetchError(f"The bundled sample has no file {'/'.join(segments)}.", url=url, status=404, kind="not_found")
    data = node.read_bytes()
    if len(data) > max_bytes:
        raise too_large(url, max_bytes)
    content_type = mimetypes.guess_type(segments[-1])[0] or "application/octet-stream"
    if segments[-1].endswith(".xml"):
        content_type = "application/rss+xml"
    return FetchResult(url, url, 200, {"content-type": content_type}, data)
