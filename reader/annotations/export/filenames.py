"""File names from article titles that are safe on every OS (Windows, macOS, Linux) and in
Obsidian's wikilinks (``[[name]]`` cannot hold ``# ^ [ ] |``: they address headings, blocks and
aliases)."""

from __future__ import annotations

import re
import unicodedata

# Windows refuses these as a name with any extension (CON.md too), case-insensitively; it also
# counts the superscript digits as digits for COM/LPT.
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?", re.IGNORECASE)
_FORBIDDEN = re.compile(r'[/\\:*?"<>|#^\[\]]')
# Control characters, and the invisible ones that reorder or hide text (bidi overrides, isolates,
# marks, zero width): a file name must read as what it is.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
MAX_NAME_BYTES = 120  # well under the 255-byte limit of common filesystems, leaving room for suffixes


def safe_filename(title: str, *, extension: str = ".md", fallback: str = "article") -> str:
    """``title`` turned into a file name (with ``extension``) that every common OS accepts."""
    name = " ".join(unicodedata.normalize("NFC", title).split())  # tabs, newlines: a space
    name = _INVISIBLE.sub("", name)
    name = _FORBIDDEN.sub(" ", name)
    name = " ".join(name.split())
    # Windows strips trailing dots and spaces; a leading dot hides the file on Unix.
    name = name.strip(" .")
    encoded = name.encode("utf-8")
    if len(encoded) > MAX_NAME_BYTES:
        name = encoded[:MAX_NAME_BYTES].decode("utf-8", errors="ignore").rstrip(" .")
    if not name:
        name = fallback
    if _RESERVED.fullmatch(name):
        name = "_" + name
    return name + extension


def unique_filenames(names: list[str]) -> list[str]:
    """The names made distinct (case-insensitively, as Windows and macOS compare them) by adding
    `` (2)``, `` (3)``... before the extension."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{stem} ({n}).{ext}" if dot else f"{stem} ({n})"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out
