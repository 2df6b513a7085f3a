"""The package's metadata says what the repository holds: license, URLs, how to contribute."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project() -> dict[str, Any]:
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from 3.11")
    data: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]  # type: ignore[no-any-return]


def test_the_license_file_is_the_mit_license_pyproject_declares(project: dict[str, Any]) -> None:
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) ")
    authors = {a["name"] for a in project["authors"]}
    assert any(name in text.splitlines()[2] for name in authors)
    flat = " ".join(text.split())
    assert "Permission is hereby granted, free of charge, to any person obtaining a copy" in flat
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in flat


def test_project_urls_are_absolute_when_given(project: dict[str, Any]) -> None:
    """A relative path in Project-URL would be a broken link on an index or in `pip show`."""
    for name, url in project.get("urls", {}).items():
        parts = urlparse(url)
        assert parts.scheme == "https" and parts.netloc, f"{name}: {url!r}"


def _code_lines(doc: Path) -> list[str]:
    text = doc.read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```", text, re.M | re.S)
    return [line.split("  #")[0].strip() for b in blocks for line in b.splitlines() if line.strip()]


def test_contributing_names_files_that_exist() -> None:
    doc = ROOT / "CONTRIBUTING.md"
    words = [w.rstrip(";") for line in _code_lines(doc) for w in shlex.split(line, comments=True)]
    words += re.findall(r"`([\w./-]+\.(?:py|md|toml))`", doc.read_text(encoding="utf-8"))
    made = ("/", "$", "-", ".venv/")  # absolute, variables, options, made by the set-up
    paths = {w for w in words if "/" in w and not w.startswith(made) and "{" not in w}
    paths |= {w for w in words if w.endswith((".md", ".toml", ".py")) and "/" not in w}
    assert "benchmarks/run.py" in paths and "scripts/gen_cli_docs.py" in paths
    for path in sorted(paths):
        assert list(ROOT.glob(path)), path  # plugins/*/tests: at least one match


def test_contributing_runs_the_checks_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = _code_lines(ROOT / "CONTRIBUTING.md")
    for check in ("ruff check", "ruff format --check", "mypy", "MYPYPATH=src mypy"):
        (in_ci,) = [ln.strip() for ln in ci.splitlines() if ln.strip().startswith(check)]
        (in_doc,) = [ln for ln in lines if ln.startswith(check)]
        assert in_doc == in_ci
    assert "for t in plugins/*/tests; do" in ci
