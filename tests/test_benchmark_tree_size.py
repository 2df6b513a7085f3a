"""benchmarks/tree_size.py builds a valid framework and assessment at any size and times every step."""

from __future__ import annotations

from anting_rule_of_law import read_framework, score
from anting_rule_of_law.assessments import assessment_from_dict
from script_loader import BENCH, load_script

tree = load_script(BENCH / "tree_size.py", "arol_bench_tree_size")


def test_the_generated_tree_has_the_size_asked_and_validates() -> None:
    data = tree.framework(300)
    fw = read_framework(data)
    assert [len(fw.level(n)) for n in (1, 2, 3)] == [10, 100, 300]
    assert len(tree.assessment(data)["entries"]) == 300


def test_every_step_runs_at_a_small_size() -> None:
    times = tree.measure(200, tree.ALL, 1)
    assert set(times) == {"load", "list", "read", "score", "report", *tree.COMMANDS}
    assert all(t >= 0 for t in times.values())


def test_several_units_are_scored_together() -> None:
    data = tree.framework(120)
    fw = read_framework(data)
    docs = [tree._as_unit(tree.assessment(data), u) for u in range(3)]
    totals = score(fw, [assessment_from_dict(d, fw) for d in docs]).totals
    assert totals.height == 3 and totals.get_column("unit").n_unique() == 3
    assert set(tree.measure(120, ("load", "read", "score"), 1, units=3)) == {
        "load",
        "read",
        "score",
    }
