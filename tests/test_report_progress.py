"""Scoring on a terminal shows progress on stderr; piped, only warnings and the files written.

The terminal is a real pseudo-terminal (``pty``), so the command decides for
itself whether it is on one, as it would for a user.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from anting_rule_of_law.cli import main

ROOT = Path(__file__).resolve().parents[1]
ANTING = ROOT / "examples" / "anting_2023" / "anting_2023.yaml"
JIADING = ROOT / "examples" / "jiading_district" / "jiading_2021_2023.csv"


@pytest.fixture
def five_years(tmp_path: Path) -> list[Path]:
    """Anting's assessment as five years: five files, each with the same kind of warning."""
    text = ANTING.read_text(encoding="utf-8")
    out = []
    for year in range(2019, 2024):
        path = tmp_path / f"anting_{year}.yaml"
        path.write_text(text.replace("year: 2023", f"year: {year}", 1), encoding="utf-8")
        out.append(path)
    return out


def _score(
    files: list[Path], out_dir: Path, *, terminal: bool, extra: tuple[str, ...] = ()
) -> tuple[int, str, str]:
    """Run ``score`` writing JSON and Markdown; returns (exit code, JSON text, stderr)."""
    cmd = [sys.executable, "-m", "anting_rule_of_law", "score", *map(str, files), "--lang", "en"]
    cmd += ["-f", "json", "-f", "md", "-o", str(out_dir / "report"), *extra]
    env = {**os.environ, "ANTING_ROL_DISABLE_PLUGINS": "1", "TERM": "xterm"}
    report = out_dir / "report.json"
    if not terminal:
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


def test_progress_through_one_large_csv_on_a_terminal(tmp_path: Path) -> None:
    code, out, err = _score([JIADING], tmp_path, terminal=True)
    assert code == 0, err
    lines = JIADING.read_text(encoding="utf-8").count("\n")
    # the rows of the one file move on the redrawn line ...
    assert f"… reading 1 file: jiading_2021_2023.csv: line 500/{lines}" in err
    assert "\r" in err and "\x1b[K" in err
    # ... and every step closes with a line of its own
    # (a terminal ends lines with \r\n; a redrawn line starts with \r)
    closing = [ln.rstrip("\r").split("\r\x1b[K")[-1] for ln in err.split("\n")]
    assert any(ln.startswith("reading 1 file: 36 assessments (") for ln in closing)
    assert any(ln.startswith("scoring 36 assessments (") for ln in closing)
    assert any(ln.startswith(f"rendering json: {tmp_path / 'report.json'} (") for ln in closing)
    report_md, report_json = tmp_path / "report.md", tmp_path / "report.json"
    assert err.rstrip().endswith(f"wrote 2 files: {report_json}, {report_md}")
    assert '"schema_version"' in out


def test_piped_no_progress_a_repeated_warning_once_and_the_files_written(
    five_years: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [*map(str, five_years), "-f", "json", "-f", "md", "-o", str(tmp_path / "report")]
    assert main(["score", *args, "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "\r" not in err and "\x1b" not in err
    assert "reading" not in err and "scoring" not in err
    truncated = [ln for ln in err.splitlines() if "looks truncated, not rounded" in ln]
    assert [ln.split(":")[0] for ln in truncated] == [str(p) for p in five_years[:3]]
    assert err.splitlines()[3:] == [
        "warning: a printed rate looks truncated: 5 times in 5 files; 2 more not listed "
        "(anting-rol validate lists them all)",
        f"wrote 2 files: {tmp_path / 'report.json'}, {tmp_path / 'report.md'}",
    ]


def test_quiet_prints_nothing_on_success(five_years: list[Path], tmp_path: Path) -> None:
    code, out, err = _score(five_years, tmp_path, terminal=True, extra=("--quiet",))
    assert code == 0
    assert err == ""
    assert '"schema_version"' in out


def test_quiet_still_prints_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(ANTING.read_text(encoding="utf-8").replace("year: 2023", "year: 1900", 1))
    assert main(["score", str(bad), "-q", "--lang", "en"]) == 3
    assert "$.year: error: 1900 is less than the minimum of 2000" in capsys.readouterr().err
