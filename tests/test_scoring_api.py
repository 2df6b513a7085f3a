"""score() / score_frame(): input errors, the frame entry point, identity, display."""

from __future__ import annotations

import polars as pl
import pytest

import anting_rule_of_law
from anting_rule_of_law.errors import ExitCode, InputError
from anting_rule_of_law.scoring import round_half_up, round_half_up_expr, score, score_frame
from scoring_helpers import assessment, framework

CHECK = {"type": "check"}


def fw2() -> object:
    return framework(
        [
            {"code": "1", "name": "一", "points": 10},
            {"code": "1.1", "name": "a", "points": 4, "rule": CHECK},
            {
                "code": "1.2",
                "name": "b",
                "points": 6,
                "rule": {"type": "ratio", "target": 1, "floor": 0.5},
            },
        ],
        vetoes=[{"code": "V1", "name": "否决"}],
    )


def test_all_problems_reported_at_once() -> None:
    fw = fw2()
    bad = assessment(
        [{"code": "9.9", "met": True}, {"code": "1", "met": True}], framework_id="other"
    )
    dup = assessment([{"code": "1.1", "met": True}, {"code": "1.1", "met": False}])
    again = assessment([], vetoes=[{"code": "V9", "triggered": True}])
    with pytest.raises(InputError) as info:
        score(fw, [bad, dup, again])
    wheres = [(p.file, p.where) for p in info.value.problems]
    assert ("<assessment 0>", "$.framework.id") in wheres
    assert ("<assessment 0>", "$.entries[0].code") in wheres
    assert ("<assessment 0>", "$.entries[1].code") in wheres  # "1" is not a leaf
    assert ("<assessment 1>", "$.entries[1].code") in wheres  # entered twice
    assert ("<assessment 1>", "$") in wheres  # same unit/year/stage as assessment 0
    assert ("<assessment 2>", "$.vetoes[0].code") in wheres
    assert info.value.exit_code == ExitCode.INVALID_INPUT
    zh = "\n".join(info.value.messages("zh"))
    assert "不存在" in zh and "重复" in zh


def test_score_frame_matches_score() -> None:
    fw = fw2()
    items = [
        assessment(
            [{"code": "1.1", "met": True}, {"code": "1.2", "numerator": 3, "denominator": 4}]
        ),
        assessment([{"code": "1.1", "met": False}], unit="u2", district="西"),
    ]
    by_records = score(fw, items)
    entries = pl.DataFrame(
        {
            "unit": ["u1", "u1", "u2"],
            "year": [2023, 2023, 2023],
            "code": ["1.1", "1.2", "1.1"],
            "met": [True, None, False],
            "numerator": [None, 3.0, None],
            "denominator": [None, 4.0, None],
        }
    )
    units = pl.DataFrame(
        {"unit": ["u1", "u2"], "unit_name": ["u1镇", "u2镇"], "district": ["嘉定区", "西"]}
    )
    by_frame = score_frame(fw, entries, units=units)
    assert by_frame.nodes.drop("status").equals(by_records.nodes.drop("status"))
    assert by_frame.totals.equals(by_records.totals)
    assert by_frame.audit.drop("inputs").equals(by_records.audit.drop("inputs"))
    assert by_frame.audit["inputs"][1] == '{"numerator":3.0,"denominator":4.0}'
    assert by_frame.assessments == ()
    # 1.2: 6 * (0.75 - 0.5) / 0.5 = 3; total 4 + 3 = 7.
    assert by_frame.totals["score"].to_list() == [7.0, 0.0]


@pytest.mark.parametrize("engine", ["auto", "polars"])
def test_a_lazy_frame_is_collected_once(engine: str) -> None:
    """The input digest and the scoring read the same collected rows."""
    from anting_rule_of_law.scoring._paths import forced

    calls: list[int] = []

    def counted(df: pl.DataFrame) -> pl.DataFrame:
        calls.append(1)
        return df

    data = {
        "unit": ["u1", "u2"],
        "year": [2023, 2023],
        "code": ["1.1", "1.1"],
        "met": [True, False],
    }
    lazy = pl.LazyFrame(data).map_batches(counted)
    with forced(engine):  # type: ignore[arg-type]
        sc = score_frame(fw2(), lazy)
        assert sc.totals["score"].to_list() == [4.0, 0.0]
        assert sc.input_sha256 == score_frame(fw2(), pl.DataFrame(data)).input_sha256
    assert calls == [1]


def test_score_frame_lazy_and_errors() -> None:
    fw = fw2()
    lazy = pl.LazyFrame({"unit": ["u1"], "year": [2023], "code": ["1.1"], "met": [True]})
    assert score_frame(fw, lazy).totals["score"].item() == 4.0
    bad = pl.DataFrame(
        {"unit": ["u1", "u1", "u1"], "code": ["1.1", "x", "1.1"], "met": ["y", "n", "y"]}
    )
    with pytest.raises(InputError) as info:
        score_frame(fw, bad)
    text = "\n".join(info.value.messages("en"))
    assert "'year'" in text and "'met'" in text
    dup = pl.DataFrame({"unit": ["u1", "u1"], "year": [2023, 2023], "code": ["1.1", "1.1"]})
    with pytest.raises(InputError, match="more than once"):
        score_frame(fw, dup)
    unknown = pl.DataFrame({"unit": ["u1"], "year": [2023], "code": ["7"]})
    with pytest.raises(InputError, match="'7' is not a specific indicator"):
        score_frame(fw, unknown)


def test_input_sha256_is_deterministic_and_order_free() -> None:
    fw = fw2()
    entries = pl.DataFrame(
        {"unit": ["a", "b"], "year": [2023, 2023], "code": ["1.1", "1.1"], "met": [True, False]}
    )
    one = score_frame(fw, entries)
    two = score_frame(fw, entries.reverse())
    assert one.input_sha256 == two.input_sha256
    assert len(one.input_sha256) == 64
    assert one.totals.equals(two.totals)
    other = score_frame(fw, entries.with_columns(pl.lit(True).alias("met")))
    assert other.input_sha256 != one.input_sha256


def test_round_half_up_python_and_polars_agree() -> None:
    values = [2.675, 2.665, 0.125, -0.125, 1.005, 98.945, 0.5, 2.5, -2.5, 94.999999]
    expected = [2.68, 2.67, 0.13, -0.13, 1.01, 98.95, 0.5, 2.5, -2.5, 95.0]
    assert [round_half_up(v, 2) for v in values] == expected
    got = pl.DataFrame({"x": values}).select(round_half_up_expr("x", 2))["x"].to_list()
    assert got == expected
    assert round_half_up(0.5, 0) == 1.0 and round_half_up(2.5, 0) == 3.0
    assert round_half_up(None) is None


def test_display_is_rounded_half_up() -> None:
    fw = framework([{"code": "1", "name": "a", "points": 10, "rule": {"type": "manual"}}])
    sc = score(fw, assessment([{"code": "1", "score": 2.675}]))
    md = sc._repr_markdown_()
    assert "2.68" in md and "| u1 " in md
    assert "<table>" in sc._repr_html_()


def test_lazy_public_names() -> None:
    assert anting_rule_of_law.score is score
    assert anting_rule_of_law.Scorecard.__name__ == "Scorecard"


def test_duplicate_clause_inputs_are_reported() -> None:
    """Two inputs for one clause of one leaf of one assessment: which one counts would
    be arbitrary, so it is an input error, located by row, in both languages."""
    fw = framework(
        [
            {"code": "1", "name": "一", "points": 10},
            {
                "code": "1.1",
                "name": "a",
                "points": 10,
                "rule": {
                    "type": "deduct",
                    "clauses": [{"id": "c1", "text": "每起扣1分", "amount": 1, "kind": "per_item"}],
                },
            },
        ]
    )
    entries = pl.DataFrame({"unit": ["u1", "u2"], "year": [2023, 2023], "code": ["1.1", "1.1"]})
    clauses = pl.DataFrame(
        {
            "unit": ["u1", "u2", "u1"],
            "year": [2023, 2023, 2023],
            "code": ["1.1", "1.1", "1.1"],
            "clause": ["c1", "c1", "c1"],
            "input": [1.0, 2.0, 3.0],
        }
    )
    with pytest.raises(InputError) as info:
        score_frame(fw, entries, clauses)
    (problem,) = info.value.problems
    assert problem.file == "<clauses>"
    assert problem.where == "rows 0"
    assert "1 (unit, year, stage, code, clause) combinations appear more than once" in problem.en
    assert "u1/2023/self/1.1/c1" in problem.en
    assert "组合重复" in problem.zh
    # one input per clause is fine, in any row order
    ok = score_frame(fw, entries, clauses.slice(0, 2).reverse())
    assert ok.totals.sort("unit")["score"].to_list() == [9.0, 8.0]
