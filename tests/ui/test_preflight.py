"""``gloss`` with no usable display: words and exit code 1, never Qt's abort (134).

Each case starts the real ``gloss`` in a subprocess, as a user would over ssh.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from ui import preflight
from ui.instance import server_name

DISPLAY_VARS = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE", "QT_QPA_PLATFORM_PLUGIN_PATH")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's Linux platforms")


def gloss_env(tmp_path: Path, **changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARS}
    env.update({"GLOSS_DATA_DIR": str(tmp_path / "library"), "XDG_RUNTIME_DIR": str(tmp_path), "TMPDIR": str(tmp_path)})
    env.update(changes)
    return env


def gloss(args: list[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.launch", *args], env=dict(env), capture_output=True, text=True, timeout=60
    )


@linux_only
def test_no_display_says_so_points_at_the_command_line_and_exits_1(tmp_path: Path) -> None:
    for args in ([], ["open", "abcd1234-000000000000"]):
        result = gloss(args, gloss_env(tmp_path))
        assert result.returncode == 1, result
        assert "cannot open the window" in result.stderr
        assert "there is no X11 display (DISPLAY is not set)" in result.stderr
        assert "ssh -X" in result.stderr and "`gloss --help`" in result.stderr
        assert "Aborted" not in result.stderr and "could not be initialized" not in result.stderr
    assert not (tmp_path / "library").exists(), "nothing is created when the window cannot open"


@linux_only
def test_a_display_nobody_serves_is_named(tmp_path: Path) -> None:
    result = gloss([], gloss_env(tmp_path, DISPLAY=":4071"))
    assert result.returncode == 1, result
    assert "the X11 display :4071 cannot be reached" in result.stderr


@linux_only
def test_a_wayland_session_without_its_compositor_is_named(tmp_path: Path) -> None:
    result = gloss([], gloss_env(tmp_path, WAYLAND_DISPLAY="wayland-gloss-test"))
    assert result.returncode == 1, result
    assert "the Wayland display wayland-gloss-test cannot be reached" in result.stderr
    assert "no X11 display" in result.stderr  # Qt falls back to X11: that is missing too


@linux_only
def test_an_unknown_platform_name_lists_the_real_ones(tmp_path: Path) -> None:
    result = gloss([], gloss_env(tmp_path, QT_QPA_PLATFORM="bogus"))
    assert result.returncode == 1, result
    assert "QT_QPA_PLATFORM=bogus names no Qt platform plugin" in result.stderr
    assert "offscreen" in result.stderr and "xcb" in result.stderr


def _plugin_needing(tmp_path: Path, old: bytes, new: bytes) -> Path:
    """A copy of Qt's xcb plugin whose ELF names ``new`` instead of the library ``old``, beside
    the wheel's own Qt libraries (its RUNPATH is $ORIGIN/../../lib)."""
    real = preflight.plugin_dir({})
    assert real is not None and (real / "libqxcb.so").is_file()
    qt = tmp_path / "Qt"
    (qt / "plugins" / "platforms").mkdir(parents=True)
    (qt / "lib").symlink_to(real.parent.parent / "lib")
    data = (real / "libqxcb.so").read_bytes()
    assert data.count(old + b"\0") == 1 and len(old) == len(new)
    target = qt / "plugins" / "platforms" / "libqxcb.so"
    target.write_bytes(data.replace(old + b"\0", new + b"\0"))
    return target.parent


@linux_only
@pytest.mark.skipif(shutil.which("ldd") is None, reason="needs ldd")
def test_a_missing_library_is_named_with_the_display_problem(tmp_path: Path) -> None:
    plugins = _plugin_needing(tmp_path, b"libxcb-icccm.so.4", b"libxcb-icccm.so.9")
    result = gloss([], gloss_env(tmp_path, DISPLAY=":4071", QT_QPA_PLATFORM_PLUGIN_PATH=str(plugins)))
    assert result.returncode == 1, result
    assert "Qt's X11 (xcb) platform plugin needs libraries that are not installed" in result.stderr
    assert "libxcb-icccm.so.9" in result.stderr
    assert "`gloss --help`" in result.stderr


def test_the_message_names_each_package_and_one_install_line() -> None:
    text = preflight.describe(
        [
            preflight.Problem(
                "xcb",
                "Qt's X11 (xcb) platform plugin needs libraries that are not installed",
                ("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libgloss-made-up.so.3"),
            ),
            preflight.Problem("xcb", "there is no X11 display (DISPLAY is not set)"),
        ]
    )
    assert "libxcb-icccm.so.4  (Debian/Ubuntu package libxcb-icccm4)" in text
    assert "libxcb-keysyms.so.1  (Debian/Ubuntu package libxcb-keysyms1)" in text
    assert "libgloss-made-up.so.3  (find its package with `apt-file search`)" in text
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n" in text
    assert text.endswith("\n") and "`gloss --help`" in text


def test_which_platforms_qt_will_try() -> None:
    assert preflight.candidate_platforms({}) == ["xcb"]
    assert preflight.candidate_platforms({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}) == ["wayland", "xcb"]
    assert preflight.candidate_platforms({"XDG_SESSION_TYPE": "wayland"}) == ["wayland", "xcb"]
    assert preflight.candidate_platforms({"QT_QPA_PLATFORM": "wayland;xcb"}) == ["wayland", "xcb"]
    assert preflight.candidate_platforms({"QT_QPA_PLATFORM": "vnc:size=800x600"}) == ["vnc"]


@linux_only
@pytest.mark.parametrize("platform", ["offscreen", "minimal", "vnc:port=0"])
def test_platforms_that_need_no_display_pass(platform: str) -> None:
    assert preflight.platform_problem({"QT_QPA_PLATFORM": platform}) is None


@linux_only
def test_offscreen_without_a_display_still_opens_the_window(tmp_path: Path) -> None:
    env = gloss_env(tmp_path, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.launch"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    # The window listens for later launches once it is up: its socket is the sign.
    socket_path = tmp_path / server_name(tmp_path / "library")
    try:
        deadline = time.monotonic() + 60
        while not socket_path.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, proc.communicate()
        assert socket_path.exists()
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


@linux_only
@pytest.mark.skipif(Path("/dev/fb0").exists(), reason="this machine has a framebuffer")
def test_a_platform_qt_cannot_start_exits_1_in_words(tmp_path: Path) -> None:
    # linuxfb passes the checks (it needs no display) but finds no framebuffer: Qt's fatal error.
    result = gloss([], gloss_env(tmp_path, QT_QPA_PLATFORM="linuxfb"))
    assert result.returncode == 1, result
    assert "Qt could not start its platform" in result.stderr and "`gloss --help`" in result.stderr
