"""docs/reliability.md states the malformed-input tests as they are: its counts are checked."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
DOC = (REPO / "docs" / "reliability.md").read_text(encoding="utf-8")


def _collected(*files: str) -> dict[str, int]:
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *files],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    ).stdout
    counts: dict[str, int] = {}
    for line in out.splitlines():
        if "::" in line:
            name = line.split("::")[0]
            counts[name] = counts.get(name, 0) + 1
    return counts


def test_the_counts_in_the_table_and_the_total_are_the_real_ones() -> None:
    stated = {
        name: int(n) for name, n in re.findall(r"^\| `(tests/[\w/]+\.py)` \| (\d+) \|", DOC, re.M)
    }
    assert len(stated) >= 6
    counted = _collected(*stated)
    assert counted == stated
    total = int(re.search(r"\*\*(\d+) malformed-input tests\*\*", DOC).group(1))  # type: ignore[union-attr]
    assert total == sum(counted.values())


def test_the_corpus_size_is_the_real_one() -> None:
    corpus = yaml.safe_load((REPO / "tests" / "malformed" / "expected.yaml").read_text("utf-8"))
    assert f"each of the {len(corpus)} files in `tests/malformed/`" in DOC
    assert f"{len(corpus)} of them files in the corpus" in DOC
