"""Build a real wheel of Gloss in a temporary copy and check that it ships the resources.

    /work/venv/bin/python benchmarks/tools/check_wheel.py

The copy keeps build/ and *.egg-info out of the work tree. Without the ``wheel`` package in the
environment (setuptools < 70.1 needs it for bdist_wheel) pip builds in an isolated environment,
which fetches setuptools and wheel from PyPI.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MUST_SHIP = [
    "resources/sample/feed.xml",
    "resources/sample/manifest.json",
    "resources/sample/articles/late-night-library-hours.html",
    "resources/sample/images/late-night-library-hours-lead.jpg",
    "resources/icons/gloss.svg",
    "resources/icons/gloss.png",
    "resources/icons/hicolor/16x16/apps/gloss.png",
    "resources/icons/hicolor/512x512/apps/gloss.png",
    "resources/icons/refresh.svg",
    "resources/gloss.desktop",
]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp, "src"), Path(tmp, "dist")
        src.mkdir()
        for name in ("pyproject.toml", "README.md"):
            if (REPO / name).exists():
                shutil.copy2(REPO / name, src)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        for package in ("reader", "ui", "resources"):
            shutil.copytree(REPO / package, src / package, ignore=ignore)
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)]
        if importlib.util.find_spec("wheel") is not None:
            cmd.insert(4, "--no-build-isolation")
        start = time.perf_counter()
        subprocess.run(cmd, check=True)
        seconds = time.perf_counter() - start
        (wheel,) = out.glob("*.whl")
        with zipfile.ZipFile(wheel) as zf:
            names = zf.namelist()
    resources = sorted(n for n in names if n.startswith("resources/"))
    print(f"{wheel.name}: built in {seconds:.1f} s, {len(names)} files, {len(resources)} under resources/")
    for name in resources:
        print("  ", name)
    missing = [m for m in MUST_SHIP if m not in names]
    if missing:
        print("MISSING from the wheel:", ", ".join(missing), file=sys.stderr)
        return 1
    print("all required resources are in the wheel")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
