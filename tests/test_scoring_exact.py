"""A unit's score does not depend on which other units are scored with it, to the last bit.

polars may hold a column whose values are all equal as a scalar and then divide by
multiplying with the reciprocal (5/3 -> 1.6666666666666665); the engine must not.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from anting_rule_of_law import read_framework, score_frame

FRAMEWORK = read_framework(
    {
        "schema_version": 1,
        "id": "exact",
        "version": "1",
        "title": "exact",
        "missing": "exclude",
        "nodes": [
            {"code": "1", "name": "a", "points": 2, "rule": {"type": "check"}},
            {"code": "2", "name": "b", "points": 3},
            {"code": "2.1", "name": "c", "points": 1, "rule": {"type": "manual"}},
            {"code": "2.2", "name": "d", "points": 2, "rule": {"type": "check"}},
        ],
    }
)


def test_rescaled_total_is_exact_alone_and_together() -> None:
    entries = pl.DataFrame(
        {
            "unit": ["u0", "u1", "u1", "u2"],
            "year": [2023] * 4,
            "code": ["2.2", "2.1", "2.2", "2.1"],
            "met": [False, None, False, None],
            "score": [None, 0.0, None, 1.0],
        }
    )
    together = score_frame(FRAMEWORK, entries).totals.filter(unit="u2")["score"].item()
    alone = score_frame(FRAMEWORK, entries.filter(unit="u2")).totals["score"].item()
    # leaf 1 is missing and excluded: 1 of 3 available points, rescaled to 5
    assert alone == together == 1.0 * 5 / 3 == 1.6666666666666667


def test_long_sums_agree_between_the_small_and_the_polars_path() -> None:
    """Twelve children with awkward decimals: both paths add left to right."""
    from anting_rule_of_law.scoring._paths import forced

    values = [0.1, 0.7, 0.3, 1e-9, 0.2, 0.6, 0.05, 0.15, 0.33, 0.01, 0.9, 0.45]
    nodes: list[dict[str, Any]] = [{"code": "1", "name": "all", "points": 12}]
    nodes += [
        {"code": f"1.{i + 1}", "name": f"l{i}", "points": 1, "rule": {"type": "manual"}}
        for i in range(12)
    ]
    fw = read_framework(
        {"schema_version": 1, "id": "long", "version": "1", "title": "long", "nodes": nodes}
    )
    entries = pl.DataFrame(
        {
            "unit": ["u"] * 12,
            "year": [2023] * 12,
            "code": [f"1.{i + 1}" for i in range(12)],
            "score": values,
        }
    )
    with forced("python"):
        fast = score_frame(fw, entries).totals["score"].item()
    with forced("polars"):
        slow = score_frame(fw, entries).totals["score"].item()
    expected = 0.0
    for v in values:
        expected = expected + v if expected else v
    assert fast == slow == expected
