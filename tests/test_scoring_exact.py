"""A unit's score does not depend on which other units are scored with it, to the last bit.

polars may hold a column whose values are all equal as a scalar and then divide by
multiplying with the reciprocal (5/3 -> 1.6666666666666665); the engine must not.
"""

from __future__ import annotations

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
