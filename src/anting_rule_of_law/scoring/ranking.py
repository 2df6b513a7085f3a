"""Ranks within (year, stage) and within (district, year, stage), many columns at once.

The rule (docs/scoring.md): method "min", highest score first, ties share the better
rank, a null score has no rank; NaN counts as the highest value (as polars ranks it).

Why not ``rank("min", descending=True).over(group)``: polars ranks a float column by
arg-sorting (index, value) pairs, about 30 ms for 386,000 values, and ``nodes`` needs
two ranks per node — 156 for the reference framework, ~10 s of a national run. Here
each column is arg-sorted once per (year, stage) group with numpy, and the district
rank reuses that order: a district is a subset of its (year, stage) group, so
regrouping the group's score order by district (a stable radix sort of small
district numbers, no second comparison sort) and ranking the integer year-rank
inside each district gives the same answer as ranking the scores. numpy is imported on first use, so importing the library and scoring one town
do not pay for it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import polars as pl

from anting_rule_of_law.scoring import _paths

if TYPE_CHECKING:
    import numpy as np

__all__ = ["dense_ids", "group_ranks", "rank_values", "ranks_of_rows"]

#: Below this many rows polars' own rank is as fast and needs no conversion
#: (tests move it with ``scoring._paths.forced(numpy_ranks_from=...)``).
MIN_ROWS = 20_000
_SHIFT = 32


def _polars_ranks(
    columns: Sequence[pl.Series], ys: pl.Series, dys: pl.Series
) -> tuple[list[pl.Series], list[pl.Series]]:
    """Every column stacked into one, ranked over (column, group) in one expression.

    One expression per column costs some microseconds each to build and plan, which
    a tree of 10,000 indicators (11,110 nodes, two ranks each) pays in seconds; the
    stacked form costs one pass. The ranks are the same: each (column, group)
    partition holds exactly that column's values of that group.
    """
    n, m = ys.len(), len(columns)
    i = pl.int_range(0, n * m, dtype=pl.UInt32)
    stacked = pl.DataFrame(
        pl.concat([c.cast(pl.Float64).alias("v") for c in columns], rechunk=True)
    ).with_columns(
        (i // max(n, 1)).alias("_c"),
        pl.lit(ys).gather(i % max(n, 1)).alias("_ys"),
        pl.lit(dys).gather(i % max(n, 1)).alias("_dys"),
    )

    def rank(group: str, single: bool) -> pl.Expr:
        partition = ["_c"] if single else ["_c", group]
        return pl.col("v").rank("min", descending=True).cast(pl.UInt32).over(partition)

    out = stacked.select(
        rank("_ys", ys.n_unique() <= 1).alias("y"), rank("_dys", dys.n_unique() <= 1).alias("d")
    )
    year, district = out.get_column("y"), out.get_column("d")
    return (
        [year.slice(j * n, n).alias(c.name) for j, c in enumerate(columns)],
        [district.slice(j * n, n).alias(c.name) for j, c in enumerate(columns)],
    )


def _rank_of_sorted(values: np.ndarray, one_to_n: np.ndarray) -> np.ndarray:
    """ "min" rank (1-based) of each position of an already ordered array."""
    import numpy as np

    n = values.shape[0]
    new = np.empty(n, dtype=bool)
    if n:
        new[0] = True
        np.not_equal(values[1:], values[:-1], out=new[1:])
    return np.maximum.accumulate(np.where(new, one_to_n[:n], 0))


def _local_districts(
    dys: np.ndarray, ys_order: np.ndarray, ys_bounds: list[int]
) -> list[np.ndarray]:
    """Per (year, stage) group: each member's district numbered 0.. inside the group,
    as ``uint16`` when the group has fewer than 65,536 districts (numpy sorts those
    by radix, in one pass) — the same for every column, so computed once."""
    import numpy as np

    out = []
    for a, b in itertools.pairwise(ys_bounds):
        _, local = np.unique(dys[ys_order[a:b]], return_inverse=True)
        small = local.size == 0 or int(local.max()) < 1 << 16
        out.append(local.astype(np.uint16 if small else np.uint32))
    return out


def _one(
    column: pl.Series,
    ys_order: np.ndarray,
    ys_bounds: list[int],
    districts: list[np.ndarray],
    one_to_n: np.ndarray,
) -> tuple[pl.Series, pl.Series]:
    import numpy as np

    n = column.len()
    # a real NaN is the highest value; a null below everything (never counted as
    # higher), and unranked below
    v, null = _comparable(column)
    key = -v[ys_order]  # highest first
    year_rank = np.empty(n, dtype=np.int64)
    district_rank = np.empty(n, dtype=np.int64)
    for (a, b), local in zip(itertools.pairwise(ys_bounds), districts, strict=True):
        part = key[a:b]
        o = np.argsort(part, kind="quicksort")
        r = _rank_of_sorted(part[o], one_to_n)  # year ranks, in score order
        rows = ys_order[a:b][o]
        year_rank[rows] = r
        # within a district: the group's score order, regrouped by district (a stable
        # sort keeps the score order inside each); ties share the year rank, so
        # ranking (district, year rank) gives the district's "min" rank
        d = local[o]
        o2 = np.argsort(d, kind="stable")
        d2 = d[o2]
        composite = (d2.astype(np.uint64) << np.uint64(_SHIFT)) | r[o2].astype(np.uint64)
        first = np.empty(b - a, dtype=bool)
        if b > a:
            first[0] = True
            np.not_equal(d2[1:], d2[:-1], out=first[1:])
        start = np.maximum.accumulate(np.where(first, one_to_n[: b - a], 0))
        district_rank[rows[o2]] = _rank_of_sorted(composite, one_to_n) - start + 1

    def to_series(r: np.ndarray) -> pl.Series:
        s = pl.Series(column.name, r.astype(np.uint32), dtype=pl.UInt32)
        return s if null is None else s.set(pl.Series(null), None)

    return to_series(year_rank), to_series(district_rank)


def group_ranks(
    columns: Sequence[pl.Series], ys: pl.Series, dys: pl.Series
) -> tuple[list[pl.Series], list[pl.Series]]:
    """Per column: its rank within ``ys`` groups and within ``dys`` groups.

    ``ys``/``dys``: UInt32 group ids per row; every ``dys`` group must lie inside one
    ``ys`` group (a district's units in one year and stage).
    """
    n = ys.len()
    if not columns:
        return [], []
    threshold = _paths.current().numpy_ranks_from
    if n < (MIN_ROWS if threshold is None else threshold) or n >= 1 << _SHIFT:
        return _polars_ranks(columns, ys.alias("_ys"), dys.alias("_dys"))
    import numpy as np

    ys_np = ys.to_numpy()
    ys_order = np.argsort(ys_np, kind="stable")
    cuts = np.flatnonzero(np.diff(ys_np[ys_order])) + 1
    ys_bounds = [0, *cuts.tolist(), n]
    districts = _local_districts(dys.to_numpy(), ys_order, ys_bounds)
    one_to_n = np.arange(1, n + 1, dtype=np.int64)

    def work(c: pl.Series) -> tuple[pl.Series, pl.Series]:
        return _one(c, ys_order, ys_bounds, districts, one_to_n)

    workers = max(1, min(pl.thread_pool_size(), len(columns)))
    results: list[Any]
    if workers == 1:
        results = [work(c) for c in columns]
    else:
        with ThreadPoolExecutor(workers) as pool:
            results = list(pool.map(work, columns))
    return [r[0] for r in results], [r[1] for r in results]


def _comparable(column: pl.Series) -> tuple[np.ndarray, np.ndarray | None]:
    """The column as floats ordered as the ranks order them: a null below everything,
    NaN above; and the null mask (None when there is no null)."""
    import numpy as np

    null = column.is_null().to_numpy() if column.null_count() else None
    v = column.cast(pl.Float64).to_numpy()
    if not v.flags.writeable:
        v = v.copy()
    if null is not None:
        v[np.isnan(v) & ~null] = np.inf
        v[null] = -np.inf
    else:
        v[np.isnan(v)] = np.inf
    return v, null


def _greater(members: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """For each value of ``chosen``: how many of ``members`` are strictly greater."""
    import numpy as np

    ordered = np.sort(chosen)
    below = np.searchsorted(ordered, members, side="left")  # chosen values under each member
    hist = np.bincount(below, minlength=ordered.size + 1)
    above = np.cumsum(hist[::-1])[::-1][1:]  # members above the j-th smallest chosen value
    return above[np.searchsorted(ordered, chosen, side="left")]


def _touched(ids: np.ndarray, rows: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per group holding one of ``rows``: its members and which of ``rows`` are in it."""
    import numpy as np

    order = np.argsort(ids, kind="stable")
    ordered = ids[order]
    row_ids = ids[rows]
    out = []
    for g in np.unique(row_ids):
        lo, hi = np.searchsorted(ordered, [g, g + 1], side="left")
        out.append((order[lo:hi], np.flatnonzero(row_ids == g)))
    return out


def ranks_of_rows(
    columns: Sequence[pl.Series], ys: pl.Series, dys: pl.Series, rows: pl.Series
) -> tuple[list[pl.Series], list[pl.Series]]:
    """Per column: :func:`group_ranks` of the rows ``rows`` only, ranked within the whole.

    Why: a district's or a unit's ranks are ranks among every unit of the year, but
    ranking every row of every node to read a few of them costs seconds at national
    scale. A "min" rank is one more than the number of strictly greater values in
    the group, so each chosen value is counted against its group's values (a sort
    of the chosen ones and a binary search per member, no sort of the group).
    """
    n = ys.len()
    threshold = _paths.current().numpy_ranks_from
    if n < (MIN_ROWS if threshold is None else threshold) or n >= 1 << _SHIFT:
        year, district = group_ranks(columns, ys, dys)
        return [r.gather(rows) for r in year], [r.gather(rows) for r in district]
    import numpy as np

    at = rows.cast(pl.Int64).to_numpy()
    by_year = _touched(ys.to_numpy(), at)
    by_district = _touched(dys.to_numpy(), at)

    def one(column: pl.Series) -> tuple[pl.Series, pl.Series]:
        v, null = _comparable(column)
        out = []
        for groups in (by_year, by_district):
            r = np.empty(at.size, dtype=np.int64)
            for members, chosen in groups:
                r[chosen] = _greater(v[members], v[at[chosen]]) + 1
            s = pl.Series(column.name, r.astype(np.uint32), dtype=pl.UInt32)
            out.append(s if null is None else s.set(pl.Series(null[at]), None))
        return out[0], out[1]

    results = [one(c) for c in columns]
    return [r[0] for r in results], [r[1] for r in results]


# -- plain Python (the small path) ------------------------------------------------------


def dense_ids(values: list[Any]) -> list[int]:
    """0-based dense rank of each value (the twin of ``rank("dense") - 1``)."""
    order = {v: i for i, v in enumerate(sorted(set(values)))}
    return [order[v] for v in values]


def rank_values(scores: list[float | None], groups: list[int]) -> list[int | None]:
    """Python twin of one column of :func:`group_ranks`: rank "min", highest first,
    within each group; null scores get no rank (a few keys: quadratic is fine)."""
    out: list[int | None] = []
    for s, g in zip(scores, groups, strict=True):
        if s is None:
            out.append(None)
            continue
        out.append(
            1
            + sum(
                1 for t, h in zip(scores, groups, strict=True) if h == g and t is not None and t > s
            )
        )
    return out
