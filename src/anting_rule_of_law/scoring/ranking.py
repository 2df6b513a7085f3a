"""Ranks within (year, stage) and within (district, year, stage), many columns at once.

The rule (docs/scoring.md): method "min", highest score first, ties share the better
rank, a null score has no rank; NaN counts as the highest value (as polars ranks it).

Why not ``rank("min", descending=True).over(group)``: polars ranks a float column by
arg-sorting (index, value) pairs, about 30 ms for 386,000 values, and ``nodes`` needs
two ranks per node — 156 for the reference framework, ~10 s of a national run. Here
each column is arg-sorted once per (year, stage) group with numpy, and the district
rank reuses that order: a district is a subset of its (year, stage) group, so ranking
the integer year-rank inside each district gives the same answer as ranking the
scores. numpy is imported on first use, so importing the library and scoring one town
do not pay for it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    import numpy as np

__all__ = ["group_ranks"]

#: Below this many rows polars' own rank is as fast and needs no conversion.
MIN_ROWS = 20_000
_SHIFT = 32


def _polars_ranks(
    columns: Sequence[pl.Series], ys: pl.Series, dys: pl.Series
) -> tuple[list[pl.Series], list[pl.Series]]:
    frame = pl.DataFrame([*(c.alias(f"c{i}") for i, c in enumerate(columns)), ys, dys])
    single_ys, single_dys = ys.n_unique() <= 1, dys.n_unique() <= 1

    def rank(name: str, group: str, single: bool) -> pl.Expr:
        r = pl.col(name).rank("min", descending=True).cast(pl.UInt32)
        return r if single else r.over(group)

    names = [f"c{i}" for i in range(len(columns))]
    out = frame.select(
        *[rank(n, ys.name, single_ys).alias(f"y{n}") for n in names],
        *[rank(n, dys.name, single_dys).alias(f"d{n}") for n in names],
    )
    return [out[f"y{n}"] for n in names], [out[f"d{n}"] for n in names]


def _rank_of_sorted(values: np.ndarray) -> np.ndarray:
    """ "min" rank (1-based) of each position of an already ordered array."""
    import numpy as np

    n = values.shape[0]
    new = np.empty(n, dtype=bool)
    if n:
        new[0] = True
        np.not_equal(values[1:], values[:-1], out=new[1:])
    return np.maximum.accumulate(np.where(new, np.arange(1, n + 1, dtype=np.int64), 0))


def _one(
    column: pl.Series, ys_order: np.ndarray, ys_bounds: np.ndarray, dys: np.ndarray
) -> tuple[pl.Series, pl.Series]:
    import numpy as np

    null = column.is_null().to_numpy()
    v = column.cast(pl.Float64).to_numpy().copy()
    v[np.isnan(v) & ~null] = np.inf  # a real NaN is the highest value
    v[null] = -np.inf  # below everything: never counted as higher; unranked below
    key = -v[ys_order]  # highest first
    year_rank = np.empty(v.shape[0], dtype=np.int64)
    for a, b in itertools.pairwise(ys_bounds.tolist()):
        part = key[a:b]
        o = np.argsort(part, kind="quicksort")
        r = np.empty(b - a, dtype=np.int64)
        r[o] = _rank_of_sorted(part[o])
        year_rank[ys_order[a:b]] = r
    # within a district: order by (district, year rank); the year rank is the score's
    # order inside the district's (year, stage) group, ties included
    composite = (dys.astype(np.uint64) << np.uint64(_SHIFT)) | year_rank.astype(np.uint64)
    o = np.argsort(composite, kind="quicksort")
    sorted_keys = composite[o]
    groups = sorted_keys >> np.uint64(_SHIFT)
    n = v.shape[0]
    first = np.empty(n, dtype=bool)
    if n:
        first[0] = True
        np.not_equal(groups[1:], groups[:-1], out=first[1:])
    pos = np.arange(n, dtype=np.int64)
    start = np.maximum.accumulate(np.where(first, pos, 0))
    district_rank = np.empty(n, dtype=np.int64)
    district_rank[o] = _rank_of_sorted(sorted_keys) - start

    def to_series(r: np.ndarray) -> pl.Series:
        s = pl.Series(column.name, r.astype(np.uint32), dtype=pl.UInt32)
        return s.set(pl.Series(null), None) if null.any() else s

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
    if n < MIN_ROWS or n >= 1 << _SHIFT:
        return _polars_ranks(columns, ys.alias("_ys"), dys.alias("_dys"))
    import numpy as np

    ys_np = ys.to_numpy()
    ys_order = np.argsort(ys_np, kind="stable")
    cuts = np.flatnonzero(np.diff(ys_np[ys_order])) + 1
    ys_bounds = np.concatenate(([0], cuts, [n])).astype(np.int64)
    dys_np = dys.to_numpy()

    def work(c: pl.Series) -> tuple[pl.Series, pl.Series]:
        return _one(c, ys_order, ys_bounds, dys_np)

    workers = max(1, min(pl.thread_pool_size(), len(columns)))
    results: list[Any]
    if workers == 1:
        results = [work(c) for c in columns]
    else:
        with ThreadPoolExecutor(workers) as pool:
            results = list(pool.map(work, columns))
    return [r[0] for r in results], [r[1] for r in results]
