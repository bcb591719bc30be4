"""The core's public API (``reader/__init__.py``): what it names is there, it loads lazily, and it
holds every name the window takes from the core, so ui/ can import only ``reader``."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import reader

ROOT = Path(__file__).resolve().parents[2]


def test_every_public_name_resolves_to_what_its_module_defines() -> None:
    assert sorted(reader.__all__) == sorted(reader._EXPORTS)
    for name in reader.__all__:
        assert getattr(reader, name) is not None, name
    assert reader.Library.__module__ == "reader.library"
    assert issubclass(reader.SyncAuthError, reader.ReaderError)


def test_importing_a_part_of_the_core_does_not_load_the_whole_of_it() -> None:
    """A feed-parsing worker process imports reader.feeds.pool: not the library, storage, search."""
    code = "import sys, reader.feeds.pool; print(sorted(m for m in sys.modules if m.startswith('reader.')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "reader.feeds.pool" in loaded
    for heavy in ("reader.library", "reader.storage.tiny", "reader.search.index", "reader.annotating"):
        assert heavy not in loaded, heavy


def _names_ui_imports_from_the_core() -> dict[str, set[str]]:
    """module -> the names ui/ imports from it (``from reader.x import a, b``)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("reader."):
                found.setdefault(node.module or "", set()).update(a.name for a in node.names)
    return found


def test_the_public_api_holds_every_name_the_window_takes_from_the_core() -> None:
    """ui/ still imports the modules themselves (it is switched to ``reader`` once the window's
    rework lands); every name it takes must be there to switch to. ``main`` of reader.cli is
    exported as ``run_cli``."""
    renamed = {("reader.cli", "main"): "run_cli"}
    missing = sorted(
        f"{module}.{name}"
        for module, names in _names_ui_imports_from_the_core().items()
        for name in names
        if renamed.get((module, name), name) not in reader.__all__
    )
    assert missing == []
