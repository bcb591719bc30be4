"""The README's apt-get line covers every library Qt's platform plugins load on this machine
(``ldd`` of the installed PySide6), and ``gloss`` names the same packages as the README."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOL = Path(__file__).resolve().parents[2] / "benchmarks" / "tools" / "check_qt_libs.py"

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not all(shutil.which(t) for t in ("ldd", "dpkg", "apt-cache")),
    reason="needs ldd, dpkg and apt-cache (Debian or Ubuntu)",
)


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_qt_libs", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_every_library_the_plugins_load_is_on_the_readmes_line() -> None:
    tool = load_tool()
    report = tool.check()
    assert report.checked > 20  # the xcb tree alone has ~45 outside the wheel
    # Libraries missing on this machine are allowed here (the tool itself fails for them),
    # as long as gloss and the README name a package for each.
    assert report.problems == []


def test_a_package_left_off_the_line_is_caught(tmp_path: Path) -> None:
    tool = load_tool()
    readme = (TOOL.parents[2] / "README.md").read_text("utf-8")
    assert " libxcb-keysyms1 " in readme
    (tmp_path / "README.md").write_text(readme.replace(" libxcb-keysyms1 ", " "), "utf-8")
    problems = tool.check(tmp_path / "README.md").problems
    assert any("libxcb-keysyms" in p for p in problems), problems
