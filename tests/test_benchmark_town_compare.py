"""benchmarks/town_compare.py: the revision it compares with is extracted and imported
beside this checkout, and a difference in any frame stops it before timing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from script_loader import BENCH

ROOT = BENCH.parent

pytestmark = pytest.mark.skipif(
    subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "HEAD"], capture_output=True
    ).returncode
    != 0,
    reason="needs a git checkout (the script extracts a revision with git archive)",
)

#: Runs the script with the revision's Anting assessment one entry short, so its
#: frames differ from this checkout's.
_ALTERED = """
import sys, attrs
sys.path.insert(0, {bench!r})
import town_compare as t
plain = t.inputs
def inputs(package, seed):
    score, fw, ins = plain(package, seed)
    if package == t.BASE_PACKAGE:
        a = ins["anting"]
        ins["anting"] = attrs.evolve(a, entries=a.entries[1:])
    return score, fw, ins
t.inputs = inputs
sys.argv = ["town_compare.py", "--base", "HEAD", "--rounds", "1", "--calls", "2"]
raise SystemExit(t.main())
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=ROOT, timeout=600
    )


def test_the_same_library_gives_the_same_frames_and_is_timed(tmp_path: Path) -> None:
    done = _run(str(BENCH / "town_compare.py"), "--base", "HEAD", "--rounds", "1", "--calls", "2")
    assert done.returncode == 0, done.stderr
    assert "the same frames before and after: totals, nodes, audit" in done.stdout
    timed = [line for line in done.stdout.splitlines() if "after/before" in line]
    assert [line.split(":")[0] for line in timed] == [
        "anting",
        "anting",
        "town",
        "town",
    ]


def test_a_frame_that_differs_stops_it_before_timing() -> None:
    done = _run("-c", _ALTERED.format(bench=str(BENCH)))
    assert done.returncode == 1, done.stderr
    assert "DIFFERENT anting: totals" in done.stdout
    assert "after/before" not in done.stdout
