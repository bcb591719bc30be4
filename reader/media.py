"""Words for an entry's files (podcast audio, attachments): what they are, how big, how long.
Shared by the reader view and the exports."""

from __future__ import annotations

from .types import Enclosure

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
