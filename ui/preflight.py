"""Before Qt starts: can a platform plugin load? If not, say in words what is missing.

Qt aborts the process (SIGABRT, exit status 134) when no platform plugin loads, and its
message often blames the wrong library ("xcb-cursor0 is needed") or none at all (no
display over ssh). :func:`platform_problem` finds out first, with no Qt imported: which
platform Qt would pick (``QT_QPA_PLATFORM``, else Wayland or X11 from the session), whether
its display is reachable, and, with ``ldd``, which shared libraries its plugin lacks and
which Debian/Ubuntu package has each. ``gloss`` then prints that and exits 1.

:data:`LIBRARY_PACKAGES` is checked against the machine and the README's ``apt-get install``
line by ``benchmarks/tools/check_qt_libs.py`` (and ``tests/ui/test_preflight.py``).
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# Every shared library outside the PySide6 wheel that Qt's xcb, wayland and offscreen platform
# plugins load (the whole `ldd` tree), by soname, with its Debian/Ubuntu package. Libraries
# of every base system (libc6, libstdc++6, zlib1g, ...) are left out.
LIBRARY_PACKAGES: dict[str, str] = {
    # X11 (xcb) and its xcb-util family: Qt names only xcb-cursor0 when one is missing.
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    # Wayland.
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    # What QtGui itself loads (every platform, offscreen too).
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libpng16.so.16": "libpng16-16",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}

# Platform names (QT_QPA_PLATFORM) -> their plugin file. Only xcb and wayland need a display.
PLUGIN_FILES: dict[str, str] = {
    "xcb": "libqxcb.so",
    "wayland": "libqwayland.so",
    "wayland-egl": "libqwayland.so",
    "wayland-brcm": "libqwayland.so",
    "offscreen": "libqoffscreen.so",
    "minimal": "libqminimal.so",
    "minimalegl": "libqminimalegl.so",
    "vnc": "libqvnc.so",
    "linuxfb": "libqlinuxfb.so",
    "eglfs": "libqeglfs.so",
    "vkkhrdisplay": "libqvkkhrdisplay.so",
}
_PLATFORM_WORDS = {"xcb": "X11 (xcb)", "wayland": "Wayland"}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


@dataclass(frozen=True)
class Problem:
    """Why one platform cannot load: a sentence, and the libraries it lacks."""

    platform: str
    reason: str
    missing: tuple[str, ...] = ()


def plugin_dir(env: Mapping[str, str] | None = None) -> Path | None:
    """The folder Qt loads platform plugins from (``QT_QPA_PLATFORM_PLUGIN_PATH``, else the wheel's)."""
    env = os.environ if env is None else env
    if env.get("QT_QPA_PLATFORM_PLUGIN_PATH"):
        return Path(env["QT_QPA_PLATFORM_PLUGIN_PATH"])
    spec = importlib.util.find_spec("PySide6")  # located, not imported: no Qt library loads here
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms"


def candidate_platforms(env: Mapping[str, str]) -> list[str]:
    """The platforms Qt will try, in order (``QT_QPA_PLATFORM`` may list several, ``;``-separated)."""
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return [name.split(":", 1)[0].strip().lower() for name in chosen.split(";") if name.strip()]
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE", "").lower() == "wayland":
        return ["wayland", "xcb"]
    return ["xcb"]


def missing_libraries(plugin: Path) -> tuple[str, ...] | None:
    """Sonames ``ldd`` cannot find for ``plugin`` (its whole tree); None when ldd cannot tell."""
    ldd = shutil.which("ldd")
    if ldd is None or not plugin.is_file():
        return None
    try:
        run = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return tuple(dict.fromkeys(_NOT_FOUND.findall(run.stdout)))


def _x11_problem(env: Mapping[str, str]) -> str | None:
    display = env.get("DISPLAY", "")
    if not display:
        return "there is no X11 display (DISPLAY is not set)"
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return None  # the library check names it
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    # Exactly what Qt's xcb plugin does first (the same DISPLAY and XAUTHORITY rules).
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        failed = bool(xcb.xcb_connection_has_error(connection))
    finally:
        xcb.xcb_disconnect(connection)
    if failed:
        return (
            f"the X11 display {display} cannot be reached (is its X server running, "
            "and may this user connect to it? see XAUTHORITY)"
        )
    return None


def _wayland_problem(env: Mapping[str, str]) -> str | None:
    name = env.get("WAYLAND_DISPLAY", "") or "wayland-0"
    path = Path(name) if name.startswith("/") else Path(env.get("XDG_RUNTIME_DIR", "/nonexistent")) / name
    if not env.get("WAYLAND_DISPLAY") and not path.exists():
        return "there is no Wayland display (WAYLAND_DISPLAY is not set)"
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(2)
            probe.connect(str(path))
    except OSError:
        return f"the Wayland display {name} cannot be reached (no compositor listens at {path})"
    return None


def _check(platform: str, plugins: Path | None, env: Mapping[str, str]) -> list[Problem]:
    """What keeps ``platform`` from loading (empty: nothing)."""
    words = _PLATFORM_WORDS.get(platform.split("-")[0], platform)
    file = PLUGIN_FILES.get(platform, f"libq{platform}.so")
    if plugins is not None and plugins.is_dir() and not (plugins / file).is_file():
        if platform not in PLUGIN_FILES:
            names = sorted(p.name[4:-3] for p in plugins.glob("libq*.so"))
            unknown = f"QT_QPA_PLATFORM={platform} names no Qt platform plugin (there are: {', '.join(names)})"
            return [Problem(platform, unknown)]
        return []  # a Qt build without this plugin file: let Qt decide
    problems: list[Problem] = []
    missing = missing_libraries(plugins / file) if plugins is not None else None
    if missing:
        problems.append(
            Problem(platform, f"Qt's {words} platform plugin needs libraries that are not installed", missing)
        )
    reason: str | None = None  # offscreen, minimal, vnc, ...: no display needed
    if platform == "xcb":
        reason = _x11_problem(env)
    elif platform.startswith("wayland"):
        reason = _wayland_problem(env)
    if reason:
        problems.append(Problem(platform, reason))
    return problems


def platform_problem(env: Mapping[str, str] | None = None) -> str | None:
    """None when a Qt platform can load; else the message for the user (several lines)."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return None  # Windows and macOS always have their platform
    plugins = plugin_dir(env)
    problems: list[Problem] = []
    for platform in candidate_platforms(env):
        found = _check(platform, plugins, env)
        if not found:
            return None
        problems.extend(found)
    return describe(problems)


def describe(problems: list[Problem]) -> str:
    """The user's message: what is missing, how to get it, and that the command line works without."""
    lines = ["gloss: cannot open the window:"]
    packages: list[str] = []
    for problem in problems:
        lines.append(f"  {problem.reason}" + (":" if problem.missing else "."))
        for soname in problem.missing:
            package = LIBRARY_PACKAGES.get(soname)
            where = f"Debian/Ubuntu package {package}" if package else "find its package with `apt-file search`"
            lines.append(f"    {soname}  ({where})")
            if package and package not in packages:
                packages.append(package)
    if packages:
        lines.append(f"  Install them with: sudo apt-get install {' '.join(packages)}")
    if any(not p.missing and p.platform in ("xcb", "wayland") for p in problems):
        lines.append("  Start Gloss on your desktop, or over ssh connect with `ssh -X` (X11 forwarding).")
    lines.append("  The command line works without a window: see `gloss --help`.")
    lines.append("  (To run the window without a screen, set QT_QPA_PLATFORM=offscreen.)")
    return "\n".join(lines) + "\n"
