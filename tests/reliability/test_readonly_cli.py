"""The command line reads a library it may not write (issue 22, item 4). With the library
immutable or on a read-only mount, every reading command failed with "Gloss can still open it
read-only", and never did. Reading commands now open the library read-only: they work on a
read-only library, and never take the writer's lock.

Three real ways to make a library unwritable, each used where this machine allows it:
``chattr +i`` on every file and folder (stops root too), a read-only bind mount (root with
CAP_SYS_ADMIN), and a folder without write permission (only for a user that is not root:
root ignores permissions, so that case is skipped when the tests run as root)."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library
from tests.reader.storage.test_disk_faults import make_library
from tests.reliability.test_readonly_data_dir import chattr


def run(args: list[str], data_dir: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(data_dir), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _immutable(root: Path, tmp: Path) -> Callable[[], None] | None:
    probe = tmp / "probe"
    probe.write_text("x")
    if not chattr("+i", [probe]):
        return None
    chattr("-i", [probe])
    frozen = [root, *sorted(root.rglob("*"))]
    assert chattr("+i", frozen)
    return lambda: chattr("-i", frozen) and None


def _read_only_mount(root: Path, tmp: Path) -> Callable[[], None] | None:
    if shutil.which("mount") is None or subprocess.run(["mount", "--bind", str(root), str(root)]).returncode:
        return None
    if subprocess.run(["mount", "-o", "remount,ro,bind", str(root)]).returncode:
        subprocess.run(["umount", str(root)])
        return None
    return lambda: subprocess.run(["umount", str(root)], check=True) and None


def _no_write_permission(root: Path, tmp: Path) -> Callable[[], None] | None:
    if os.geteuid() == 0:
        return None  # root ignores permissions: this case cannot be made here
    folders = [root, *(p for p in root.rglob("*") if p.is_dir())]
    for folder in folders:
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    return lambda: [f.chmod(stat.S_IRWXU) for f in folders] and None


WAYS = {"immutable": _immutable, "read-only-mount": _read_only_mount, "no-write-permission": _no_write_permission}


@pytest.fixture(params=sorted(WAYS))
def unwritable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = tmp_path / "lib"
    article_id = make_library(root)
    undo = WAYS[request.param](root, tmp_path)
    if undo is None:
        pytest.skip(f"{request.param}: not possible on this machine (see the module docstring)")
    try:
        with pytest.raises(OSError):
            (root / "probe").write_text("x")  # it really is unwritable
        yield root, article_id
    finally:
        undo()


def test_every_reading_command_reads_a_library_gloss_may_not_write(
    unwritable: tuple[Path, str], tmp_path: Path
) -> None:
    root, article_id = unwritable
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    exported = tmp_path / "notes.md"
    expectations = {
        ("notes",): "made before the fault",
        ("articles",): "Harbour",
        ("show", article_id): "A quiet harbour.",
        ("check",): "consistent",
        ("where",): str(root),
        ("feeds",): "example.org",
        ("search", "harbour"): "Harbour",
        ("export", "--format", "md", "--all", "-o", "-"): "made before the fault",
        ("export", "--format", "csv", "--article", article_id, "-o", str(exported)): "Exported 1 highlight",
    }
    for args, expected in expectations.items():
        code, out, err = run(list(args), root)
        assert code == 0 and expected in out, f"gloss {' '.join(args)}: {code} {out!r} {err!r}"
        assert "read-only" not in err and "Traceback" not in err, err
    assert exported.is_file()
    # A writing command still says why it cannot, in words.
    code, _out, err = run(["star", article_id], root)
    assert code == 1 and ("not allowed to write" in err or "read-only" in err), err
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before, "nothing was changed"


def test_a_library_that_does_not_exist_yet_is_created_by_a_reading_command(tmp_path: Path) -> None:
    # The first `gloss articles` on a new machine makes the library (with the bundled sample).
    code, out, err = run(["articles"], tmp_path / "new")
    assert code == 0 and len(out.splitlines()) == 5, err
    with Library.open(tmp_path / "new", readonly=True) as lib:
        assert len(lib.articles()) == 5
