"""Where the library lives: ``--data-dir``, else ``$GLOSS_DATA_DIR``, else the platform's
user data dir (``~/.local/share/Gloss`` on Linux)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "GLOSS_DATA_DIR"


def default_data_dir() -> Path:
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("Gloss", appauthor=False))


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    return Path(explicit).expanduser() if explicit else default_data_dir()
