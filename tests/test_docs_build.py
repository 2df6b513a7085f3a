"""The documentation builds in strict mode, with every warning shown (none hidden by --quiet).

``--quiet`` hides warnings, and a strict build then passes whatever the docs
link to; CI runs the build without it, and this test holds it to no warning at
all (broken links and anchors included, see ``validation`` in mkdocs.yml), and
shows that a broken link does fail it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

needs_mkdocs = pytest.mark.skipif(
    shutil.which("mkdocs") is None and not (Path(sys.executable).parent / "mkdocs").exists(),
    reason="mkdocs is not installed",
)


def _build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_ci_does_not_hide_docs_warnings() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    builds = [line for line in ci.splitlines() if re.match(r"\s*mkdocs build", line)]
    assert builds, "CI builds the docs"
    for line in builds:
        assert "--strict" in line
        assert "--quiet" not in line and " -q" not in line


@needs_mkdocs
def test_docs_build_strict_without_warnings(tmp_path: Path) -> None:
    proc = _build(ROOT, tmp_path / "site")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "WARNING" not in output, output
    assert (tmp_path / "site" / "scoring" / "index.html").is_file()


@needs_mkdocs
@pytest.mark.parametrize(
    "broken",
    ["[gone](no-such-page.md)", "[gone](scoring.md#no-such-heading)", "[gone](../README.md)"],
)
def test_docs_build_fails_on_a_broken_link(tmp_path: Path, broken: str) -> None:
    """The check above can fail: a copy of the docs with one bad link is refused."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    faq = project / "docs" / "faq.md"
    faq.write_text(faq.read_text(encoding="utf-8") + f"\n{broken}\n", encoding="utf-8")
    proc = _build(project, tmp_path / "site")
    assert proc.returncode != 0
    assert "WARNING" in proc.stdout + proc.stderr
