"""Two Gloss processes started at the same instant on one library: exactly one wins, the
other is told why in words (and can still open it read-only); no file is damaged.
The long run (hundreds of races) is stress/stress_two_instances.py."""

from __future__ import annotations

import os
from pathlib import Path

from tests.reliability.racing import library_is_sound, race

RACES = int(os.environ.get("GLOSS_RACES", "6"))


def test_two_instances_started_at_once_one_wins_the_other_explains(tmp_path: Path) -> None:
    root = tmp_path / "library"  # the first race is on a library that does not exist yet
    for n in range(RACES):
        result = race(root)
        assert result.winners == 1, (n, result)
        assert len(result.locked_messages) == 1, (n, result)
        assert "Another Gloss is already using the library" in result.locked_messages[0]
        assert result.readonly_lines and result.readonly_lines[0].startswith("READONLY "), (n, result)
        assert result.other == [], (n, result)
        assert library_is_sound(root) == [], n
