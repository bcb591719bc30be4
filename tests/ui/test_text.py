"""What list rows show of the reader's Markdown notes (titles: tests/reliability/test_display_title.py)."""

from __future__ import annotations

import pytest

from ui.text import note_preview


@pytest.mark.parametrize(
    ("note", "shown"),
    [
        ("Good quote for the **co-op** explainer.", "Good quote for the co-op explainer."),
        ("# Check\n> the *mayor's* figure, _again_", "Check\nthe mayor's figure, again"),
        ("See [the report](https://example.org/r) and `sec. 4`; ~~old~~ new", "See the report and sec. 4; old new"),
        # Not emphasis: arithmetic, words joined by marks, an unclosed marker.
        ("2 * 3 * 4, a*b*c, snake_case_name, **unclosed", "2 * 3 * 4, a*b*c, snake_case_name, **unclosed"),
    ],
)
def test_a_note_row_shows_what_the_markdown_reads_as(note: str, shown: str) -> None:
    assert note_preview(note) == shown


def test_a_long_note_is_previewed_from_its_start_only() -> None:
    # Emphasis closed only past the first 2,000 characters is not seen (nor searched for).
    assert note_preview("**" + "x" * 3_000 + "**").startswith("**xxx")
    assert len(note_preview("x" * 100_000)) == 2_000
