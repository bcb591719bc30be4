"""The highlight colours: five by default, each with a meaning the user may rename.

A highlight stores the colour's ``name`` (``"yellow"``), never its hex value, so a theme change or
a renamed meaning never touches stored highlights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Self

from ..errors import AnnotationError

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")


@dataclass(frozen=True, slots=True)
class PaletteColor:
    """One colour: its stable ``name``, its fill on light and dark themes, and what it means."""

    name: str
    light: str
    dark: str
    meaning: str = ""

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            raise AnnotationError(f"A colour name must be a short lower-case word, not {self.name!r}.")
        for value in (self.light, self.dark):
            if not _HEX.fullmatch(value):
                raise AnnotationError(f"Colour {self.name!r}: {value!r} is not a #rrggbb value.")

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "light": self.light, "dark": self.dark, "meaning": self.meaning}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Self:
        try:
            return cls(str(d["name"]), str(d["light"]), str(d["dark"]), str(d.get("meaning") or ""))
        except (KeyError, TypeError) as exc:
            raise AnnotationError(f"A palette colour needs a name, light and dark value ({exc}).") from None


@dataclass(frozen=True, slots=True)
class Palette:
    """The user's colours in menu order. The first one is the default for a new highlight."""

    colors: tuple[PaletteColor, ...]

    def __post_init__(self) -> None:
        if not self.colors:
            raise AnnotationError("A palette needs at least one colour.")
        names = [c.name for c in self.colors]
        if len(set(names)) != len(names):
            raise AnnotationError("Two palette colours have the same name.")

    @property
    def default(self) -> PaletteColor:
        return self.colors[0]

    def get(self, name: str) -> PaletteColor | None:
        return next((c for c in self.colors if c.name == name), None)

    def resolve(self, name: str) -> PaletteColor:
        """The colour called ``name``; an unknown name (an old or imported highlight) gets the
        default colour's look, so it is still drawn."""
        return self.get(name) or replace(self.default, name=name if _NAME.fullmatch(name) else "unknown")

    def with_meaning(self, name: str, meaning: str) -> Palette:
        if self.get(name) is None:
            raise AnnotationError(f"There is no colour {name!r} in the palette.")
        return Palette(tuple(replace(c, meaning=meaning) if c.name == name else c for c in self.colors))

    def to_dict(self) -> dict[str, Any]:
        return {"colors": [c.to_dict() for c in self.colors]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Self:
        colors = d.get("colors") if isinstance(d, dict) else None
        if not isinstance(colors, list):
            raise AnnotationError("A palette is a list of colours.")
        return cls(tuple(PaletteColor.from_dict(c) for c in colors))


DEFAULT_PALETTE = Palette(
    (
        PaletteColor("yellow", "#fff3a3", "#6b5d00", "Important"),
        PaletteColor("green", "#c8f0c0", "#2f5a2a", "Agree"),
        PaletteColor("blue", "#c4defc", "#27476e", "Question"),
        PaletteColor("pink", "#fcc8dc", "#6e2a45", "Disagree"),
        PaletteColor("purple", "#dfcdfa", "#4b3570", "Idea"),
    )
)
