"""Scoring many files on a terminal shows progress on stderr; piped, it stays quiet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ANTING = ROOT / "examples" / "anting_2023" / "anting_2023.yaml"


@pytest.fixture
def two_years(tmp_path: Path) -> list[Path]:
    text = ANTING.read_text(encoding="utf-8")
    later = tmp_path / "anting_2024.yaml"
    later.write_text(text.replace("year: 2023", "year: 2024", 1), encoding="utf-8")
    return [ANTING, later]


def _score(files: list[Path], out_dir: Path, stderr_tty: bool) -> tuple[int, str, str]:
    """Run ``score`` writing to a file; returns (exit code, report text, stderr)."""
    report = out_dir / "report.json"
    cmd = [sys.executable, "-m", "anting_rule_of_law", "score", *map(str, files), "--lang", "en"]
    cmd += ["-f", "json", "-o", str(report)]
    env = {**os.environ, "ANTING_ROL_DISABLE_PLUGINS": "1"}
    if not stderr_tty:
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        return out.returncode, report.read_text(encoding="utf-8"), out.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    code = proc.wait()
    os.close(master)
    return code, report.read_text(encoding="utf-8"), b"".join(chunks).decode("utf-8", "replace")


def test_progress_on_a_terminal(two_years: list[Path], tmp_path: Path) -> None:
    code, out, err = _score(two_years, tmp_path, stderr_tty=True)
    assert code == 0
    assert "… reading 2 files" in err
    assert "… scoring done" in err
    assert '"schema_version"' in out


def test_no_progress_when_piped(two_years: list[Path], tmp_path: Path) -> None:
    code, out, err = _score(two_years, tmp_path, stderr_tty=False)
    assert code == 0
    assert "… reading" not in err and "… scoring done" not in err
    assert '"schema_version"' in out
