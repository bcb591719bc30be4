"""Check, on this machine, that Qt's platform plugins find every library they need, and that
the README's ``apt-get install`` line covers each one, so the line cannot go stale.

    .venv/bin/python benchmarks/tools/check_qt_libs.py

For the xcb, wayland and offscreen plugins of the installed PySide6 it runs ``ldd`` (the whole
tree of libraries) and, for every library outside the wheel:

- found here: its owning Debian package (``dpkg -S``) must be one the README's line installs
  (the line's packages and everything they depend on: ``apt-cache depends --recurse``), and
  agree with ``ui.preflight.LIBRARY_PACKAGES`` (what ``gloss`` tells a user to install);
- not found here: ``ui.preflight.LIBRARY_PACKAGES`` must name its package, and that package
  must be on the README's line. The machine then cannot open the window: exit 1.

Every package on the line must be one apt knows (when apt has its package lists). Exit 0 when
all holds; needs dpkg and apt (Debian, Ubuntu). ``tests/ui/test_qt_libs.py`` runs the coverage part in the suite.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from ui.preflight import LIBRARY_PACKAGES, plugin_dir  # noqa: E402

PLUGINS = ("libqxcb.so", "libqwayland.so", "libqoffscreen.so")
_LDD_LINE = re.compile(r"^\s*(\S+)\s+=>\s+(not found|\S+)", re.MULTILINE)
_INSTALL_LINE = re.compile(r"apt-get install ((?:[a-z0-9][a-z0-9.+-]*\s*)+)")


@dataclass
class Report:
    checked: int = 0
    missing: dict[str, str | None] = field(default_factory=dict)  # soname -> package to install
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def readme_packages(readme: Path = REPO / "README.md") -> list[str]:
    """The packages of the README's apt-get line for Qt (the one that installs libxcb)."""
    lines = [m.group(1).split() for m in _INSTALL_LINE.finditer(readme.read_text("utf-8"))]
    chosen = [pkgs for pkgs in lines if any(p.startswith("libxcb") for p in pkgs)]
    if len(chosen) != 1:
        raise SystemExit(
            f"README.md should have one `apt-get install` line with the libxcb packages, not {len(chosen)}"
        )
    return chosen[0]


def libraries(plugin: Path) -> dict[str, str | None]:
    """soname -> resolved path (None: not found) for the whole tree ``ldd`` prints."""
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True).stdout
    return {name: (None if where == "not found" else where) for name, where in _LDD_LINE.findall(out)}


def owners(paths: list[str]) -> dict[str, str]:
    """path -> the Debian package that installed it, in one ``dpkg -S`` (usrmerge: dpkg may
    know a file under /usr or without it, and by its symlink's name or its target's)."""
    variants: dict[str, str] = {}
    for path in paths:
        real = str(Path(path).resolve())
        for p in (path, real):
            variants[p] = path
            variants[p.removeprefix("/usr") if p.startswith("/usr/") else "/usr" + p] = path
    run = subprocess.run(["dpkg", "-S", *variants], capture_output=True, text=True, check=False)
    found: dict[str, str] = {}
    for line in run.stdout.splitlines():
        package, _, where = line.partition(": ")
        if where.strip() in variants and "," not in package:
            found.setdefault(variants[where.strip()], package.split(":", 1)[0])
    return found


def installed_by(packages: list[str]) -> set[str]:
    """``packages`` and everything apt installs with them (Depends and Pre-Depends)."""
    run = subprocess.run(
        ["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts",
         "--no-breaks", "--no-replaces", "--no-enhances", *packages],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    names = {line.strip().strip("<>").split(":", 1)[0] for line in run.stdout.splitlines() if not line.startswith(" ")}
    # A virtual package's provider ("libglib2.0-0" on Ubuntu 24.04 is libglib2.0-0t64).
    names |= {line.split(":", 1)[1].strip().strip("<>").split(":", 1)[0]
              for line in run.stdout.splitlines() if line.strip().startswith(("Depends:", "PreDepends:"))}  # fmt: skip
    return names


def provides(package: str) -> set[str]:
    run = subprocess.run(["dpkg-query", "-W", "-f=${Provides}", package], capture_output=True, text=True, check=False)
    return {p.strip().split(" ", 1)[0] for p in run.stdout.split(",") if p.strip()}


def apt_has_lists() -> bool:
    """Whether apt has package lists (a fresh machine has none before `apt-get update`)."""
    run = subprocess.run(["apt-config", "shell", "D", "Dir::State::Lists/d"], capture_output=True, text=True)
    match = re.search(r"D='([^']*)'", run.stdout)
    return match is not None and any(Path(match.group(1)).glob("*_Packages*"))


def unknown_to_apt(packages: list[str]) -> list[str]:
    """The names apt has no package (nor a provider, for a virtual name) for."""
    run = subprocess.run(["apt-cache", "show", "--no-all-versions", *packages], capture_output=True, text=True)
    shown = {line.split(":", 1)[1].strip() for line in run.stdout.splitlines() if line.startswith("Package:")}
    unknown = []
    for package in (p for p in packages if p not in shown):
        detail = subprocess.run(["apt-cache", "showpkg", package], capture_output=True, text=True).stdout
        provided = detail.partition("Reverse Provides:")[2].strip()
        if not provided:
            unknown.append(package)
    return unknown


def check(readme: Path = REPO / "README.md") -> Report:
    plugins = plugin_dir({})
    if plugins is None:
        raise SystemExit("PySide6 is not installed in this Python")
    wheel = plugins.parent.parent.resolve()
    listed = readme_packages(readme)
    covered = installed_by(listed)
    report = Report()
    if apt_has_lists():
        for package in unknown_to_apt(listed):
            report.problems.append(f"the README's line names {package}, a package apt does not know")
    else:
        report.notes.append("apt has no package lists (run apt-get update): the line's names were not looked up")
    for name, package in sorted(LIBRARY_PACKAGES.items()):
        if package not in covered:
            report.problems.append(
                f"ui.preflight would have users install {package} (for {name}), not on the README's line"
            )
    seen: dict[str, str | None] = {}
    for plugin in PLUGINS:
        if (plugins / plugin).is_file():
            seen.update(libraries(plugins / plugin))
    outside = {
        name: path
        for name, path in sorted(seen.items())
        # Qt's own libraries are in the wheel; the dynamic loader is everywhere.
        if path is None or not (Path(path).resolve().is_relative_to(wheel) or "ld-linux" in name)
    }
    packages = owners([p for p in outside.values() if p is not None])
    for name, path in outside.items():
        report.checked += 1
        expected = LIBRARY_PACKAGES.get(name)
        if path is None:
            report.missing[name] = expected
            if expected is None:
                report.problems.append(
                    f"{name} is missing here and ui.preflight.LIBRARY_PACKAGES has no package for it"
                )
            elif expected not in listed:
                report.problems.append(f"{name} is missing here and its package {expected} is not on the README's line")
            continue
        package = packages.get(path)
        if package is None:
            report.problems.append(f"{name} ({path}) belongs to no Debian package")
            continue
        if package not in covered:
            report.problems.append(f"{name} ({package}) is not installed by the README's line")
        if expected is not None and expected != package and expected not in provides(package):
            report.problems.append(f"ui.preflight says {name} is in {expected}, but here it is in {package}")
    return report


def main() -> int:
    for tool in ("ldd", "dpkg", "apt-cache"):
        if shutil.which(tool) is None:
            print(f"needs {tool} (Debian or Ubuntu)")
            return 2
    report = check()
    print(f"{report.checked} libraries outside the PySide6 wheel, for {', '.join(PLUGINS)}")
    for note in report.notes:
        print(f"note: {note}")
    for problem in report.problems:
        print(f"PROBLEM: {problem}")
    if report.missing:
        print("Not installed on this machine (the window cannot open here):")
        for name, package in report.missing.items():
            print(f"  {name}  ({package or 'unknown package'})")
        print("  sudo apt-get install " + " ".join(sorted({p for p in report.missing.values() if p})))
    if not report.problems and not report.missing:
        print("All found, and all installed by the README's apt-get line.")
    return 1 if report.problems or report.missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
