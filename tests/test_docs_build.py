"""The documentation builds in strict mode, with every warning shown (none hidden by --quiet)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ci_does_not_hide_docs_warnings() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    builds = [line for line in ci.splitlines() if re.match(r"\s*mkdocs build", line)]
    assert builds, "CI builds the docs"
    for line in builds:
        assert "--strict" in line
        assert "--quiet" not in line and " -q" not in line


@pytest.mark.skipif(
    shutil.which("mkdocs") is None and not (Path(sys.executable).parent / "mkdocs").exists(),
    reason="mkdocs is not installed",
)
def test_docs_build_strict_without_warnings(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
