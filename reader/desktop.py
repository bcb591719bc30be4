"""Desktop integration on Linux (freedesktop.org): a menu entry, icons and the ``gloss://`` handler.

``pip install`` leaves ``gloss.desktop`` and the icon inside site-packages, where no desktop
looks. :func:`install` writes them where the XDG base directory spec says a user's own go:

- ``$XDG_DATA_HOME/applications/gloss.desktop`` (``Exec`` is this installation's ``gloss-gui``,
  by absolute path: a virtual environment's ``bin`` is rarely on a menu's ``PATH``);
- ``$XDG_DATA_HOME/icons/hicolor/NxN/apps/gloss.png`` (16-512 px) and ``scalable/apps/gloss.svg``;
- ``x-scheme-handler/gloss=gloss.desktop`` in ``[Default Applications]`` of
  ``$XDG_CONFIG_HOME/mimeapps.list`` (what ``xdg-mime default`` and GNOME's and KDE's settings
  write), keeping every other line of that file;

then runs ``update-desktop-database`` on the applications folder when it is installed.
Installing twice changes nothing; :func:`uninstall` removes exactly those (and what
``update-desktop-database`` made for them), leaving the rest of ``mimeapps.list`` as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import bundled
from .errors import ReaderError

DESKTOP_ID = "gloss.desktop"
SCHEME = "x-scheme-handler/gloss"
ICON_NAME = "gloss"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
DEFAULTS_GROUP = "[Default Applications]"
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


@dataclass(frozen=True)
class DesktopPaths:
    """Where the integration's files go, from the XDG base directories."""

    data_home: Path
    config_home: Path

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> DesktopPaths:
        env = os.environ if env is None else env
        return cls(_xdg_dir(env, "XDG_DATA_HOME", ".local/share"), _xdg_dir(env, "XDG_CONFIG_HOME", ".config"))

    @property
    def applications(self) -> Path:
        return self.data_home / "applications"

    @property
    def desktop_file(self) -> Path:
        return self.applications / DESKTOP_ID

    @property
    def hicolor(self) -> Path:
        return self.data_home / "icons" / "hicolor"

    @property
    def icons(self) -> list[Path]:
        sized = [self.hicolor / f"{n}x{n}" / "apps" / f"{ICON_NAME}.png" for n in ICON_SIZES]
        return [*sized, self.hicolor / "scalable" / "apps" / f"{ICON_NAME}.svg"]

    @property
    def mimeapps(self) -> Path:
        return self.config_home / "mimeapps.list"


@dataclass
class DesktopResult:
    """What :func:`install` or :func:`uninstall` did, for the user."""

    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    exec_path: str = ""
    notes: list[str] = field(default_factory=list)


def _xdg_dir(env: Mapping[str, str], var: str, default: str) -> Path:
    # The spec: a relative path in the variable is invalid and is ignored.
    value = env.get(var, "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / default


def gui_command() -> list[str]:
    """The command that starts this installation's window (absolute paths)."""
    candidates = [Path(sys.argv[0]).resolve().parent if sys.argv and sys.argv[0] else None]
    candidates.append(Path(sysconfig.get_path("scripts")))
    for folder in candidates:
        if folder is not None and (folder / "gloss-gui").is_file() and os.access(folder / "gloss-gui", os.X_OK):
            return [str(folder / "gloss-gui")]
    found = shutil.which("gloss-gui")
    if found:
        return [str(Path(found).resolve())]
    return [sys.executable, "-m", "ui.launch"]  # a source tree: the same entry point


def exec_line(argv: list[str]) -> str:
    """A desktop entry's ``Exec`` value: quoted per the Desktop Entry spec, ``%u`` for a link."""
    quoted = []
    for arg in argv:
        if _EXEC_RESERVED & set(arg):
            arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
        quoted.append(arg.replace("%", "%%"))
    # The string type's own escape comes on top: a backslash is written twice.
    return " ".join(quoted).replace("\\", "\\\\") + " %u"


def desktop_entry(argv: list[str]) -> str:
    """The shipped ``gloss.desktop`` with ``Exec``/``TryExec`` pointing at this installation."""
    template = bundled.desktop_file()
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_line(argv)}"
        elif line.startswith("TryExec="):
            if len(argv) > 1:
                continue  # `python -m ui.launch`: no one program to try
            line = f"TryExec={argv[0]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _icon_bytes() -> list[bytes]:
    icons = bundled.icons()
    sized = [icons.joinpath("hicolor", f"{n}x{n}", "apps", f"{ICON_NAME}.png").read_bytes() for n in ICON_SIZES]
    return [*sized, icons.joinpath(f"{ICON_NAME}.svg").read_bytes()]


def _write_if_changed(path: Path, data: bytes, result: DesktopResult) -> None:
    if path.is_file() and path.read_bytes() == data:
        result.unchanged.append(path)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    result.written.append(path)


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text("utf-8").splitlines()
    except FileNotFoundError:
        return []


def with_default(lines: list[str], mime: str, desktop_id: str) -> list[str]:
    """``mimeapps.list`` lines with ``desktop_id`` first for ``mime`` (others kept after it)."""
    out = list(lines)
    start = next((i for i, line in enumerate(out) if line.strip() == DEFAULTS_GROUP), None)
    if start is None:
        if out and out[-1].strip():
            out.append("")
        return [*out, DEFAULTS_GROUP, f"{mime}={desktop_id};"]
    end = next((i for i in range(start + 1, len(out)) if out[i].lstrip().startswith("[")), len(out))
    for i in range(start + 1, end):
        key, sep, value = out[i].partition("=")
        if sep and key.strip() == mime:
            others = [v for v in value.strip().split(";") if v and v != desktop_id]
            out[i] = f"{mime}={';'.join([desktop_id, *others])};"
            return out
    out.insert(start + 1, f"{mime}={desktop_id};")
    return out


def without_default(lines: list[str], mime: str, desktop_id: str) -> list[str]:
    """``mimeapps.list`` lines with ``desktop_id`` taken out for ``mime`` (an emptied key and
    an emptied ``[Default Applications]`` group go too)."""
    out = list(lines)
    start = next((i for i, line in enumerate(out) if line.strip() == DEFAULTS_GROUP), None)
    if start is None:
        return out
    end = next((i for i in range(start + 1, len(out)) if out[i].lstrip().startswith("[")), len(out))
    for i in range(start + 1, end):
        key, sep, value = out[i].partition("=")
        if sep and key.strip() == mime:
            others = [v for v in value.strip().split(";") if v and v != desktop_id]
            if others:
                out[i] = f"{mime}={';'.join(others)};"
            else:
                del out[i]
                end -= 1
            break
    if not any(line.strip() for line in out[start + 1 : end]):
        del out[start:end]
        while start > 0 and start == len(out) and not out[start - 1].strip():
            start -= 1
            del out[start]
    return out


def _update_desktop_database(paths: DesktopPaths, result: DesktopResult) -> None:
    tool = shutil.which("update-desktop-database")
    if tool is None:
        return
    try:
        subprocess.run([tool, "-q", str(paths.applications)], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        result.notes.append(f"update-desktop-database did not run ({exc}); desktops read the files anyway.")
    cache = paths.applications / "mimeinfo.cache"
    if _lines(cache) in (["[MIME Cache]"], []) and cache.exists():
        cache.unlink()  # nothing left in it: it was made for Gloss's entry alone


def install(paths: DesktopPaths | None = None, command: list[str] | None = None) -> DesktopResult:
    """Write the menu entry, the icons and the ``gloss://`` handler (see the module doc)."""
    paths = paths or DesktopPaths.from_env()
    argv = command or gui_command()
    result = DesktopResult(exec_path=" ".join(argv))
    try:
        _write_if_changed(paths.desktop_file, desktop_entry(argv).encode("utf-8"), result)
        for path, data in zip(paths.icons, _icon_bytes(), strict=True):
            _write_if_changed(path, data, result)
        lines = _lines(paths.mimeapps)
        new = with_default(lines, SCHEME, DESKTOP_ID)
        text = "\n".join(new) + "\n"
        _write_if_changed(paths.mimeapps, text.encode("utf-8"), result)
    except OSError as exc:
        raise ReaderError(f"Could not install the desktop entry: {exc.strerror or exc} ({exc.filename}).") from exc
    _update_desktop_database(paths, result)
    for folder in {p.parent.parent.parent for p in paths.icons}:
        os.utime(folder)  # icon caches notice a theme changed by its folder's time
    return result


def uninstall(paths: DesktopPaths | None = None) -> DesktopResult:
    """Remove what :func:`install` wrote; other entries of ``mimeapps.list`` stay."""
    paths = paths or DesktopPaths.from_env()
    result = DesktopResult()
    try:
        for path in [paths.desktop_file, *paths.icons]:
            if path.exists():
                path.unlink()
                result.removed.append(path)
                _remove_empty_parents(path.parent, stop=paths.data_home)
        lines = _lines(paths.mimeapps)
        if lines:
            kept = without_default(lines, SCHEME, DESKTOP_ID)
            if kept != lines:
                if any(line.strip() for line in kept):
                    paths.mimeapps.write_text("\n".join(kept) + "\n", "utf-8")
                else:
                    paths.mimeapps.unlink()
                result.removed.append(paths.mimeapps)
    except OSError as exc:
        raise ReaderError(f"Could not remove the desktop entry: {exc.strerror or exc} ({exc.filename}).") from exc
    if paths.applications.is_dir():
        _update_desktop_database(paths, result)
        _remove_empty_parents(paths.applications, stop=paths.data_home)
    return result


def _remove_empty_parents(folder: Path, *, stop: Path) -> None:
    """Remove ``folder`` and its parents while empty, below ``stop`` (the folders install made)."""
    while folder != stop and stop in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def registered_handler(env: Mapping[str, str] | None = None) -> str | None:
    """What ``xdg-mime`` (when installed) says opens ``gloss://`` links; None when it cannot tell."""
    tool = shutil.which("xdg-mime")
    if tool is None:
        return None
    try:
        run = subprocess.run(
            [tool, "query", "default", SCHEME],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
            env=dict(os.environ if env is None else env),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout.strip() if run.returncode == 0 else None
