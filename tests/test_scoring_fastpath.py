"""Key encoding: sorted/complete frames (no scatter) and shuffled/incomplete ones agree.

Also the two input fixes: evidence keeps its description, and an upper-bound rate
("5%以下") is scored as the rate with a note.
"""

from __future__ import annotations

import polars as pl

from anting_rule_of_law.scoring import score, score_frame
from scoring_helpers import assessment, framework

FW = framework(
    [
        {"code": "1", "name": "一", "points": 10},
        {"code": "1.1", "name": "a", "points": 4, "rule": {"type": "check"}},
        {
            "code": "1.2",
            "name": "b",
            "points": 6,
            "rule": {"type": "ratio", "target": 1, "floor": 0.5},
        },
    ]
)


def _entries(units: list[str]) -> pl.DataFrame:
    rows = []
    for i, u in enumerate(units):
        for y in (2022, 2023):
            rows.append({"unit": u, "year": y, "code": "1.1", "met": (i + y) % 2 == 0})
            rows.append({"unit": u, "year": y, "code": "1.2", "rate": 0.5 + 0.1 * i})
    return pl.DataFrame(rows, schema_overrides={"met": pl.Boolean, "rate": pl.Float64})


def _same(a: object, b: object) -> None:
    for name in ("nodes", "totals", "audit", "clauses"):
        assert getattr(a, name).equals(getattr(b, name)), name


def test_complete_sorted_and_shuffled_give_identical_scorecards() -> None:
    ent = _entries(["u1", "u2", "u3"])  # complete and in (unit, year, code) order
    fast = score_frame(FW, ent)
    slow = score_frame(FW, ent.reverse())
    _same(fast, slow)
    # u2 (i=1): 2022 met ((1+2022)%2=1 -> False), rate 0.6 -> 6*(0.6-0.5)/0.5 = 1.2
    row = fast.totals.filter(unit="u2", year=2022).row(0, named=True)
    assert abs(row["score"] - 1.2) < 1e-12


def test_incomplete_input_scores_missing_leaves_like_absent_rows() -> None:
    ent = _entries(["u1", "u2"])
    holes = ent.filter(~((pl.col("unit") == "u1") & (pl.col("code") == "1.1")))
    a = score_frame(FW, holes)
    b = score_frame(FW, holes.sample(fraction=1.0, shuffle=True, seed=3))
    _same(a, b)
    missing = a.audit.filter(unit="u1", code="1.1")
    assert missing["status"].to_list() == ["missing", "missing"]
    # missing under a zero policy counts 0: u1 2022 total = 6*(0.5-0.5)/0.5 = 0
    assert a.totals.filter(unit="u1", year=2022)["score"].item() == 0.0


def test_evidence_keeps_its_description() -> None:
    a = assessment(
        [
            {
                "code": "1.1",
                "met": True,
                "evidence": [{"ref": "台账1", "description": "会议记录"}, "台账2"],
            }
        ]
    )
    ev = score(FW, a).audit.filter(code="1.1")["evidence"].item().to_list()
    assert ev == ["台账1 — 会议记录", "台账2"]


def test_upper_bound_rate_is_scored_as_the_rate_with_a_note() -> None:
    a = assessment([{"code": "1.2", "rate": 0.8, "rate_bound": "max"}])
    row = score(FW, a).audit.filter(code="1.2").row(0, named=True)
    assert abs(row["score"] - 6 * (0.8 - 0.5) / 0.5) < 1e-12  # 3.6
    assert row["adjustments"] == ["rate is an upper bound (80%以下), scored as the rate"]
