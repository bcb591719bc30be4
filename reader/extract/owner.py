"""The owner of a personal site: the person the site is named after, signing its pages.

A blog at ``tobyhede.com`` or ``pierce.dev`` that prints no byline is written by the person
whose name the site prints as its own (its site name, its title's suffix, the link home,
its copyright line) and whose name its address spells.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from reader.extract.text import norm, text_content

# Words in the name of a publication or a business, never in a person's.
_NOT_PERSONAL = re.compile(
    r"\b(?:times|news|post|daily|weekly|herald|journal|tribune|gazette|blog|media|press|review|magazine|"
    r"online|today|radio|tv|network|group|studio|studios|club|labs?|hub|inc|ltd|llc|company|co|shop|store|"
    r"world|life|style|guide|home|health|team|staff|report|insider|digest|academy|institute|official|"
    r"sites?|web|digital|corp|systems|solutions|services|software|games|tech)\b",
    re.I,
)
_TITLE_PARTS = re.compile(r"\s+[|–—·:-]\s+|\s*\(([^()]+)\)\s*$")
_COPYRIGHT = re.compile(r"(?:©|&copy;|\(c\)|copyright)\s*(?:\d{4}\s*(?:[-–]\s*\d{4})?\s*)?([^\d.,|©]{4,40})", re.I)


def site_owner(root: Any, site_name: str | None, host: str) -> str | None:
    """The person a personal site is named after, when its address spells the name."""
    labels = [label for label in host.lower().split(".")[:-1] if label not in ("www", "m", "blog")]
    if not labels:
        return None
    for candidate in _candidates(root, site_name, host):
        name = norm(candidate).strip(" .,;:")
        if _person_shaped(name) and _spelt_by(name, labels):
            return name
    return None


def _candidates(root: Any, site_name: str | None, host: str) -> list[str]:
    out = [site_name] if site_name else []
    title = root.find(".//title")
    if title is not None:
        out.extend(p for p in _TITLE_PARTS.split(text_content(title)) if p)
    for a in root.iter("a"):
        href = a.get("href") or ""
        try:
            parts = urlsplit(href)
        except ValueError:
            continue
        if parts.path in ("", "/", "./", "../") and not parts.query and (not parts.netloc or parts.netloc == host):
            out.append(text_content(a))
            if len(out) > 12:
                break
    footer = root.find(".//footer")
    if footer is not None:
        out.extend(m.group(1) for m in _COPYRIGHT.finditer(text_content(footer)[:2000]))
    return out


def _person_shaped(name: str) -> bool:
    parts = name.split()
    if not 2 <= len(parts) <= 3 or _NOT_PERSONAL.search(name):
        return False
    return all(w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in parts)


def _spelt_by(name: str, labels: list[str]) -> bool:
    """Whether a label of the address is some of the name's words run together
    ("tobyhede", "pierce", "artmann")."""
    words = [w.lower() for w in name.split()]
    runs = {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    return any(label in runs and len(label) >= 4 for label in labels)
