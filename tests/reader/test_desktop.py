"""``gloss desktop install|uninstall`` in temporary XDG folders: what a desktop reads, written
once, and removed to the byte."""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from reader import bundled, desktop
from reader.cli import main

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="freedesktop.org desktops")

OTHER_MIMEAPPS = """[Added Associations]
text/plain=gedit.desktop;

[Default Applications]
text/html=firefox.desktop;
x-scheme-handler/gloss=other-reader.desktop;
"""


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> desktop.DesktopPaths:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    paths = desktop.DesktopPaths.from_env()
    # What a user already has: other applications and link handlers.
    paths.applications.mkdir(parents=True)
    (paths.applications / "firefox.desktop").write_text("[Desktop Entry]\nType=Application\nName=Firefox\n")
    paths.config_home.mkdir(parents=True)
    paths.mimeapps.write_text(OTHER_MIMEAPPS)
    return paths


def gloss(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    # mimeinfo.cache is update-desktop-database's (when installed), rebuilt from the folder.
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "mimeinfo.cache"
    }


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def entry(path: Path) -> dict[str, str]:
    lines = path.read_text("utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def test_install_writes_what_desktops_read(xdg: desktop.DesktopPaths, tmp_path: Path) -> None:
    code, out, err = gloss("desktop", "install")
    assert code == 0, err
    assert "Installed." in out and str(xdg.desktop_file) in out

    fields = entry(xdg.desktop_file)
    program = fields["Exec"].removesuffix(" %u")
    assert fields["Exec"].endswith(" %u") and Path(program.split(" ")[0]).is_absolute()
    assert fields["Icon"] == "gloss" and "x-scheme-handler/gloss;" in fields["MimeType"]
    assert fields["StartupWMClass"] == "Gloss"
    if "TryExec" in fields:
        assert os.access(fields["TryExec"], os.X_OK)

    for size in desktop.ICON_SIZES:
        icon = xdg.hicolor / f"{size}x{size}" / "apps" / "gloss.png"
        assert png_size(icon) == (size, size), icon
    assert (xdg.hicolor / "scalable" / "apps" / "gloss.svg").read_text("utf-8").lstrip().startswith("<svg")

    text = xdg.mimeapps.read_text("utf-8")
    # Gloss first for gloss:// links, the handler the user had kept after it; the rest untouched.
    assert "x-scheme-handler/gloss=gloss.desktop;other-reader.desktop;" in text
    assert "text/html=firefox.desktop;" in text and "[Added Associations]\ntext/plain=gedit.desktop;" in text
    assert text.count("[Default Applications]") == 1

    if shutil.which("desktop-file-validate"):
        run = subprocess.run(["desktop-file-validate", str(xdg.desktop_file)], capture_output=True, text=True)
        assert run.returncode == 0 and not run.stdout.strip(), run.stdout
    if shutil.which("xdg-mime"):
        env = {k: v for k, v in os.environ.items() if "DESKTOP" not in k and "KDE" not in k and "GNOME" not in k}
        assert desktop.registered_handler(env) == "gloss.desktop"
    if shutil.which("update-desktop-database"):
        cache = (xdg.applications / "mimeinfo.cache").read_text("utf-8")
        assert "x-scheme-handler/gloss=gloss.desktop;" in cache


def test_install_twice_changes_nothing_and_uninstall_removes_exactly_it(xdg: desktop.DesktopPaths) -> None:
    root = xdg.data_home.parent
    before = snapshot(root)
    assert gloss("desktop", "install")[0] == 0
    installed = snapshot(root)
    code, out, _ = gloss("desktop", "install")
    assert code == 0 and "Nothing changed" in out
    assert snapshot(root) == installed  # not rewritten: same bytes, same times

    code, out, _ = gloss("desktop", "uninstall")
    assert code == 0
    assert "Removed the menu entry, 10 icons, the gloss:// handler" in out
    after = snapshot(root)
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}
    assert not xdg.hicolor.exists(), "the icon folders install made are gone too"
    if (xdg.applications / "mimeinfo.cache").exists():
        assert "gloss" not in (xdg.applications / "mimeinfo.cache").read_text("utf-8")

    code, out, _ = gloss("desktop", "uninstall")
    assert code == 0 and "Nothing to remove" in out


def test_a_fresh_account_gets_its_files_made_and_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No XDG variables (a relative one is invalid by the spec): ~/.local/share and ~/.config.
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    assert gloss("desktop", "install")[0] == 0
    assert (tmp_path / ".local/share/applications/gloss.desktop").is_file()
    assert (
        tmp_path / ".config/mimeapps.list"
    ).read_text() == "[Default Applications]\nx-scheme-handler/gloss=gloss.desktop;\n"
    assert gloss("desktop", "uninstall")[0] == 0
    assert not (tmp_path / ".config/mimeapps.list").exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_exec_quotes_paths_the_desktop_entry_way() -> None:
    line = desktop.exec_line(["/opt/My Apps/$HOME/gloss-gui", "--data-dir", "/d/100%"])
    assert line == r'"/opt/My Apps/\\$HOME/gloss-gui" --data-dir /d/100%% %u'


def test_the_entry_names_the_window_qt_makes() -> None:
    """StartupWMClass is the X11 class Qt gives the window (the application name) and the file
    is named after Qt's desktopFileName (Wayland's app id); tests/ui/test_window_identity.py
    reads both off a real window under Xvfb."""
    from ui.app import APP_NAME, DESKTOP_FILE_NAME

    fields = entry(Path(str(bundled.root() / "gloss.desktop")))
    assert fields["StartupWMClass"] == APP_NAME
    assert f"{DESKTOP_FILE_NAME}.desktop" == desktop.DESKTOP_ID


def test_desktop_needs_an_action() -> None:
    code, _, _ = gloss("desktop")
    assert code == 2
