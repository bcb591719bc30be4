"""The files Gloss ships in its ``resources`` package: the one module that reaches them, for
the core and (through ``reader``'s public API) for the window.

``resources`` is a real import here, not a name in a string, so the dependency shows in the
import graph (and import-linter checks that nothing else in the core takes it). Each folder is
a :class:`~importlib.resources.abc.Traversable`: files inside the installed wheel (or a zip)
are read without ever being unpacked.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

import resources


def root() -> Traversable:
    """The ``resources`` package itself."""
    return files(resources)


def sample() -> Traversable:
    """``resources/sample``: the bundled offline feed and its article pages (``gloss-sample:``)."""
    return root() / "sample"


def icons() -> Traversable:
    """``resources/icons``: the application icon in every size the desktop asks for, and the
    window's toolbar and menu icons (SVG)."""
    return root() / "icons"


def styles() -> Traversable:
    """``resources/styles``: the window's stylesheets and the article view's CSS."""
    return root() / "styles"


def desktop_file() -> str:
    """The text of ``resources/gloss.desktop`` (the launcher template)."""
    return (root() / "gloss.desktop").read_text("utf-8")


def site_rules() -> Traversable:
    """``resources/siterules``: the extractor's per-site rules (``*.json``)."""
    return root() / "siterules"
