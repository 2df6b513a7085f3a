"""Atomic writes leave either the old file or the new one, never a half file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from anting_rule_of_law.fileio import atomic_write


def test_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with atomic_write(tmp_path / "out.md") as fh:
            fh.write("报告\n")
    finally:
        os.umask(old)
    path = tmp_path / "out.md"
    assert path.read_text(encoding="utf-8") == "报告\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "out.bin"
    path.write_bytes(b"old")
    path.chmod(0o640)
    with atomic_write(path, binary=True) as fh:
        fh.write(b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(path) as fh:
        fh.write("half")
        raise RuntimeError("renderer failed")
    assert path.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]
