"""The paths taken only for large inputs give the same answers as the small ones.

Ranks of MIN_ROWS rows and more are computed with numpy, and from LAZY_FROM_KEYS keys
the rules and roll-up run as one lazy query; the scoring tests use small inputs and
never reach either, so these tests force them and compare value for value: numpy's
ranks against polars' ``rank("min").over()`` (ties, nulls, NaN, a negative zero, one
group, many districts), and whole Scorecards against the plain-Python small path.
The long frames of a wide, short frame (more columns than keys, as a tree of
thousands of indicators gives) are built by a transpose, checked here against the
row-major order written out in Python.
"""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anting_rule_of_law.records import Assessment, Framework
from anting_rule_of_law.scoring import long, ranking, score
from anting_rule_of_law.scoring._paths import forced
from test_scoring_smallpath import _assert_same as assert_same
from test_scoring_smallpath import _both as both_paths
from test_scoring_smallpath import rich_cases

VALUES = st.one_of(
    st.none(),
    st.sampled_from([0.0, -0.0, 1.0, 2.5, 5.0, math.nan, 1e-300]),
    st.floats(0, 10, allow_nan=False),
)


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[pl.Series], pl.Series, pl.Series]:
    n = draw(st.integers(0, 60))
    n_ys = draw(st.integers(1, 4))
    n_dist = draw(st.integers(1, 5))
    ys = draw(st.lists(st.integers(0, n_ys - 1), min_size=n, max_size=n))
    district = draw(st.lists(st.integers(0, n_dist - 1), min_size=n, max_size=n))
    cols = [
        pl.Series(f"s{i}", draw(st.lists(VALUES, min_size=n, max_size=n)), dtype=pl.Float64)
        for i in range(draw(st.integers(1, 4)))
    ]
    # dense ids as the engine builds them: a district group lies inside one ys group
    keys = pl.DataFrame({"y": ys, "d": district}, schema={"y": pl.UInt32, "d": pl.UInt32})
    ids = keys.select(
        pl.col("y").rank("dense").cast(pl.UInt32).sub(1).alias("ys"),
        pl.struct("d", "y").rank("dense").cast(pl.UInt32).sub(1).alias("dys"),
    )
    return cols, ids["ys"], ids["dys"]


def _both(
    cols: list[pl.Series], ys: pl.Series, dys: pl.Series
) -> tuple[tuple[list[pl.Series], list[pl.Series]], tuple[list[pl.Series], list[pl.Series]]]:
    with forced(numpy_ranks_from=0):
        fast = ranking.group_ranks(cols, ys, dys)
    with forced(numpy_ranks_from=10**9):
        reference = ranking.group_ranks(cols, ys, dys)
    return fast, reference


@settings(max_examples=200, deadline=None)
@given(cases())
def test_numpy_ranks_equal_polars_ranks(case: tuple[list[pl.Series], pl.Series, pl.Series]) -> None:
    cols, ys, dys = case
    (fy, fd), (ry, rd) = _both(cols, ys, dys)
    for got, want in zip([*fy, *fd], [*ry, *rd], strict=True):
        assert got.dtype == want.dtype == pl.UInt32
        assert got.to_list() == want.to_list(), (cols, ys.to_list(), dys.to_list())


@settings(max_examples=100, deadline=None)
@given(cases())
def test_stacked_polars_ranks_equal_one_rank_per_column(
    case: tuple[list[pl.Series], pl.Series, pl.Series],
) -> None:
    """The stacked form (every column in one expression) against the plain one."""
    cols, ys, dys = case
    frame = pl.DataFrame([*cols, ys.alias("_ys"), dys.alias("_dys")])
    for got, group in zip(ranking._polars_ranks(cols, ys, dys), ("_ys", "_dys"), strict=True):
        want = frame.select(
            pl.col(c.name).rank("min", descending=True).cast(pl.UInt32).over(group) for c in cols
        )
        assert [g.to_list() for g in got] == [want[c.name].to_list() for c in cols]


def test_hand_ranked_example() -> None:
    # one year; districts A (rows 0-2) and B (rows 3-5)
    scores = pl.Series("s", [9.0, 9.004, 9.0, 7.0, None, 9.004], dtype=pl.Float64)
    ys = pl.Series("ys", [0] * 6, dtype=pl.UInt32)
    dys = pl.Series("dys", [0, 0, 0, 1, 1, 1], dtype=pl.UInt32)
    with forced(numpy_ranks_from=0):
        (year,), (district,) = ranking.group_ranks([scores], ys, dys)
    assert year.to_list() == [3, 1, 3, 5, None, 1]
    assert district.to_list() == [2, 1, 2, 2, None, 1]


@pytest.mark.parametrize(
    "threshold",
    ["numpy_ranks_from", "lazy_from_keys"],
    ids=["numpy ranks", "one lazy query"],
)
@settings(max_examples=30, deadline=None)
@given(case=rich_cases())
def test_large_input_path_equals_the_small_path(
    threshold: str, case: tuple[Framework, list[Assessment]]
) -> None:
    """The polars path with a large-input branch forced (its threshold at 0) gives the
    small path's Scorecard, bit for bit: the numpy ranks, and the rules and roll-up
    as one lazy query (the optimiser changes no bit)."""
    fw, items = case
    with forced(**{threshold: 0}):
        fast, slow, n = both_paths(lambda: score(fw, items))
    assert n == 1
    assert_same(fast, slow)


_CELLS = {
    pl.Float64: st.none() | st.sampled_from([0.0, -0.0, 1.5, math.nan]),
    pl.Int8: st.none() | st.integers(0, 2),
    pl.Boolean: st.none() | st.booleans(),
}


@settings(max_examples=100, deadline=None)
@given(data=st.data(), n_rows=st.integers(1, 5), n_cols=st.integers(1, 12))
def test_flatten_is_row_major_whether_wide_or_long(
    data: st.DataObject, n_rows: int, n_cols: int
) -> None:
    """Both branches of ``flatten`` (transpose below n_cols rows, arrays above) against
    the order written out: key k, then column c."""
    dtypes = list(_CELLS)
    frame = pl.DataFrame(
        [
            pl.Series(
                f"{t}{c}", data.draw(st.lists(_CELLS[t], min_size=n_rows, max_size=n_rows)), t
            )
            for t in dtypes
            for c in range(n_cols)
        ]
    )
    spec = {f"out_{t}": ([f"{t}{c}" for c in range(n_cols)], t) for t in dtypes}
    got = long.flatten(frame, spec)
    for name, (cols, dtype) in spec.items():
        want = [frame[c][k] for k in range(n_rows) for c in cols]
        assert got[name].dtype == dtype
        assert got[name].len() == len(want)
        for a, b in zip(got[name].to_list(), want, strict=True):
            assert (a is None and b is None) or a == b or (a != a and b != b), (name, a, b)
