"""benchmarks/tree_size.py builds a valid framework and assessment at any size and times every step."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from anting_rule_of_law import read_framework

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("arol_bench_tree_size", BENCH / "tree_size.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


tree = _module()


def test_the_generated_tree_has_the_size_asked_and_validates() -> None:
    data = tree.framework(300)
    fw = read_framework(data)
    assert [len(fw.level(n)) for n in (1, 2, 3)] == [10, 100, 300]
    assert len(tree.assessment(data)["entries"]) == 300


def test_every_step_runs_at_a_small_size() -> None:
    times = tree.measure(200, tree.ALL, 1)
    assert set(times) == {"load", "list", "read", "score", "report", *tree.COMMANDS}
    assert all(t >= 0 for t in times.values())
