"""Every malformed input in tests/malformed gives a located error, exit 3, no traceback, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from anting_rule_of_law.cli import main

CORPUS = Path(__file__).parent / "malformed"
FRAMEWORK = CORPUS / "_framework.yaml"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (CORPUS / "expected.yaml").read_text(encoding="utf-8")
)


def _snapshot(directory: Path) -> dict[str, tuple[int, float]]:
    return {
        str(p.relative_to(directory)): (p.stat().st_size, p.stat().st_mtime)
        for p in directory.rglob("*")
    }


def test_corpus_is_large_and_indexed() -> None:
    files = {p.name for p in CORPUS.iterdir() if not p.name.startswith(("_", "expected"))}
    assert len(files) >= 40
    assert files == set(EXPECTED), "every corpus file needs an expected.yaml entry"


def _run(name: str, lang: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    argv = ["validate", str(CORPUS / name), "--lang", lang]
    if EXPECTED[name].get("framework", True):
        argv += ["--framework", str(FRAMEWORK)]
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_is_rejected_with_its_place(
    name: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = _snapshot(CORPUS)
    expect = EXPECTED[name]
    code, out, err = _run(name, "en", capsys)
    assert code == 3, err
    assert "Traceback" not in err + out
    error_lines = [line for line in err.splitlines() if ": error: " in line]
    assert error_lines, err
    place = f"{CORPUS / name}: {expect['where']}" if expect["where"] else str(CORPUS / name)
    matching = [
        line for line in error_lines if line.startswith(place) and expect["message"] in line
    ]
    assert matching, f"expected {place!r} + {expect['message']!r} in:\n{err}"
    # the same problems in Chinese, same count, each with the 错误 label
    code_zh, _, err_zh = _run(name, "zh", capsys)
    assert code_zh == 3
    assert len([line for line in err_zh.splitlines() if ": 错误: " in line]) == len(error_lines)
    assert _snapshot(CORPUS) == before
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name", ["alias_bomb.yaml", "pdf_renamed.xlsx", "not_utf8.csv", "nan.json"]
)
def test_malformed_file_in_a_real_process(name: str) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "anting_rule_of_law",
            "validate",
            str(CORPUS / name),
            "--framework",
            str(FRAMEWORK),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    assert EXPECTED[name]["message"] in proc.stderr


def test_all_files_at_once_report_every_file(capsys: pytest.CaptureFixture[str]) -> None:
    names = ["unknown_code.yaml", "bad_cell.csv", "pdf_renamed.xlsx"]
    code = main(["validate", *(str(CORPUS / n) for n in names), "--framework", str(FRAMEWORK)])
    err = capsys.readouterr().err
    assert code == 3
    for n in names:
        assert str(CORPUS / n) in err
