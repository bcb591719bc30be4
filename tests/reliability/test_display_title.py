"""ui/text.py: how the window shows somebody else's title in one line."""

from __future__ import annotations

import pytest

from ui.text import MAX_TITLE, display_title


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Plain title", "Plain title"),
        ("\u202eevil\u202c gpj.exe", "evil gpj.exe"),
        ("\u2067isolate\u2069 and \u200fmark", "isolate and mark"),
        ("line\nbreak\r\tand\x00nul", "line break and nul"),
        ("", ""),
    ],
)
def test_controls_are_dropped_and_the_line_kept(title: str, shown: str) -> None:
    assert display_title(title) == shown


def test_a_megabyte_title_is_cut_with_an_ellipsis() -> None:
    shown = display_title("word " * 250_000)
    assert len(shown) == MAX_TITLE and shown.endswith("…")
    assert display_title("x" * MAX_TITLE) == "x" * MAX_TITLE
