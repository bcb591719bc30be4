"""An entry's files (podcast audio, attachments): words for what they are, how big, how long
(shared by the reader view and the exports), and their one JSON form (stored with the article,
written in the W3C export and read back by its import)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .types import Enclosure, MediaKind

_MEDIA_KINDS: tuple[MediaKind, ...] = ("enclosure", "attachment", "media", "thumbnail")

_KINDS = {"audio": "Audio", "video": "Video", "image": "Image", "application/pdf": "PDF"}


def human_size(length: int) -> str:
    """``24.1 MB`` (decimal units, as players and file managers show them)."""
    value = float(length)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"  # pragma: no cover


def human_duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def describe_media(item: Enclosure) -> str:
    """``Audio · audio/mpeg · 24.1 MB · 42:10``: what a file is, as far as the feed says."""
    kind = _KINDS.get(item.type.partition("/")[0]) or _KINDS.get(item.type) or "File"
    bits = [kind]
    if item.type and item.type != "image/*":
        bits.append(item.type)
    if item.length:
        bits.append(human_size(item.length))
    if item.duration:
        bits.append(human_duration(item.duration))
    return " · ".join(bits)


def enclosure_to_dict(item: Enclosure) -> dict[str, Any]:
    """``url`` and ``kind``, and the other fields the feed gave."""
    d: dict[str, Any] = {"url": item.url, "kind": item.kind}
    for key in ("type", "length", "duration", "title"):
        if getattr(item, key):
            d[key] = getattr(item, key)
    return d


def enclosure_from_dict(d: Mapping[str, Any]) -> Enclosure:
    """Reads :func:`enclosure_to_dict`'s form; a field of the wrong type is left out."""
    raw_kind = d.get("kind")
    kind: MediaKind = next((k for k in _MEDIA_KINDS if k == raw_kind), "enclosure")
    length, duration = d.get("length"), d.get("duration")
    return Enclosure(
        url=str(d["url"]),
        type=str(d.get("type") or ""),
        length=length if isinstance(length, int) and not isinstance(length, bool) else None,
        duration=duration if isinstance(duration, int) and not isinstance(duration, bool) else None,
        kind=kind,
        title=str(d.get("title") or ""),
    )
