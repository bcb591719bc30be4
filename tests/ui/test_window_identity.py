"""The real window on a real X server (Xvfb): its WM_CLASS and desktop-file properties are the
ones gloss.desktop names, so a desktop groups the window under Gloss's menu entry."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from importlib.resources import files
from pathlib import Path

import pytest

from ui.preflight import platform_problem

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not all(shutil.which(t) for t in ("Xvfb", "xprop", "xwininfo")),
    reason="needs Xvfb, xprop and xwininfo (Debian: xvfb x11-utils)",
)


def _start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    assert number.isdigit(), "Xvfb did not start"
    return server, f":{number}"


def _gloss_window(display: str, pid: int, deadline: float) -> str | None:
    while time.monotonic() < deadline:
        tree = subprocess.run(["xwininfo", "-display", display, "-root", "-tree"], capture_output=True, text=True)
        for wid in re.findall(r"^\s+(0x[0-9a-f]+) .*\b\d{3,}x\d{3,}\+", tree.stdout, re.MULTILINE):
            props = subprocess.run(["xprop", "-display", display, "-id", wid], capture_output=True, text=True).stdout
            if f"_NET_WM_PID(CARDINAL) = {pid}" in props:
                return props
        time.sleep(0.2)
    return None


def test_the_window_is_the_one_gloss_desktop_names(tmp_path: Path) -> None:
    server, display = _start_xvfb()
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=display, GLOSS_DATA_DIR=str(tmp_path / "library"), TMPDIR=str(tmp_path))
    try:
        problem = platform_problem(env)
        if problem is not None:
            pytest.skip(f"this machine cannot open an X11 window: {problem}")
        app = subprocess.Popen([sys.executable, "-m", "ui.launch"], env=env, stderr=subprocess.PIPE)
        try:
            props = _gloss_window(display, app.pid, time.monotonic() + 60)
        finally:
            app.terminate()
            app.communicate(timeout=30)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert props is not None, "no Gloss window appeared"
    entry = files("resources").joinpath("gloss.desktop").read_text("utf-8")
    wm_class = re.search(r"^StartupWMClass=(.+)$", entry, re.MULTILINE)
    assert wm_class is not None
    # WM_CLASS is (instance, class); desktops match StartupWMClass against the class.
    assert f'WM_CLASS(STRING) = "gloss", "{wm_class.group(1)}"' in props
    assert '_GTK_APPLICATION_ID(UTF8_STRING) = "gloss"' in props  # gloss.desktop's name
    assert '_KDE_NET_WM_DESKTOP_FILE(UTF8_STRING) = "gloss"' in props
