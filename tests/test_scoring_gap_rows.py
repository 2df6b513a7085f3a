"""``Scorecard.gaps()`` writes the audit text of the leaves it lists only: the same gap
list as from the whole audit, for every filter, on both engines, with entries left
out (slots without a row) and clauses that fired."""

from __future__ import annotations

import attrs
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from anting_rule_of_law import load_framework, score_frame
from anting_rule_of_law.scoring import _paths, compare
from script_loader import BENCH, load_script

FILTERS = [
    {},
    {"year": 2022},
    {"stage": "self"},
    {"unit": "100001103"},
    {"unit": "100001103", "year": 2023, "stage": "self"},
    {"unit": "no such unit"},
]


@pytest.fixture(scope="module")
def data() -> object:  # the generated Data
    generate = load_script(BENCH / "generate.py", "bench_generate_gap_rows")
    d = generate.generate(9, 3, seed=11)
    # some leaves not entered at all: slots without an entry row
    return attrs.evolve(d, entries=d.entries.filter(pl.int_range(0, pl.len()) % 7 != 3))


@pytest.mark.parametrize("engine", ["polars", "python"])
@pytest.mark.parametrize("chosen", FILTERS)
def test_gaps_equal_the_gaps_of_the_whole_audit(
    data: object, engine: str, chosen: dict[str, object]
) -> None:
    fw = load_framework("shanghai-town-2023")
    d = data

    def card() -> object:
        return score_frame(fw, d.entries, d.clauses, d.units, d.vetoes)  # type: ignore[attr-defined]

    with _paths.forced(engine):  # type: ignore[arg-type]
        fresh, whole = card(), card()
        listed = fresh.gaps(**chosen)  # type: ignore[attr-defined]
        assert not fresh._audit  # type: ignore[attr-defined]  # no whole audit written for it
        expected = compare.gaps(whole.audit, fw, **chosen)  # type: ignore[attr-defined]
    assert_frame_equal(listed, expected)
    if chosen.get("unit") != "no such unit":
        assert listed.height > 0
        assert listed.get_column("reason").str.len_chars().min() > 0  # type: ignore[operator]


def _yoy_by_definition(nodes: pl.DataFrame) -> pl.DataFrame:
    """Year over year as docs/scoring.md defines it: per (unit, stage, node), the row of
    the latest earlier year present, by a sort and a window over every node row."""
    from anting_rule_of_law.columns import YOY

    order = nodes.select("code").unique(maintain_order=True).with_row_index("_order")
    key = ("unit", "stage", "code")
    return (
        nodes.select(*key, "level", "name", "name_en", "year", "score")
        .sort(*key, "year")
        .with_columns(
            pl.col("year").shift(1).over(key).alias("previous_year"),
            pl.col("score").shift(1).over(key).alias("previous_score"),
        )
        .filter(pl.col("previous_year").is_not_null())
        .with_columns((pl.col("score") - pl.col("previous_score")).alias("delta"))
        .join(order, on="code", how="left")
        .sort("unit", "stage", "year", "_order")
        .select(YOY.columns)
    )


@pytest.mark.parametrize("engine", ["polars", "python"])
def test_yoy_equals_its_definition(data: object, engine: str) -> None:
    d = data
    # a unit without its middle year, a second stage in some years, not-applicable
    # and missing nodes (null scores)
    gone = ~((pl.col("unit") == "100001102") & (pl.col("year") == 2022))
    entries = d.entries.filter(gone)  # type: ignore[attr-defined]
    review = entries.filter(pl.col("year") != 2021).with_columns(stage=pl.lit("review"))
    entries = pl.concat([entries.with_columns(stage=pl.lit("self")), review])
    clauses = d.clauses.filter(gone)  # type: ignore[attr-defined]
    clauses = pl.concat(
        [
            clauses.with_columns(stage=pl.lit("self")),
            clauses.filter(pl.col("year") != 2021).with_columns(stage=pl.lit("review")),
        ]
    )
    fw = load_framework("shanghai-town-2023")
    with _paths.forced(engine):  # type: ignore[arg-type]
        card = score_frame(fw, entries, clauses, d.units, d.vetoes)  # type: ignore[attr-defined]
        got = card.yoy()
    assert card.nodes.get_column("score").null_count() > 0
    expected = _yoy_by_definition(card.nodes)
    assert_frame_equal(got, expected)
    skipped = got.filter(pl.col("unit") == "100001102", pl.col("stage") == "self")
    assert sorted(set(zip(skipped["year"], skipped["previous_year"], strict=True))) == [
        (2023, 2021)
    ]
