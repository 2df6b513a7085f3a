"""The input edge: keys and codes become integers once, before anything is scored.

Why: at national scale (20 million entry rows, as many clause inputs) every pass
over a text column costs a comparison or a hash per row. Here each row gets, in
one pass over its key columns, the number of its *run* (a run is a stretch of
rows with the same unit, year and stage — an export grouped by assessment has
one per assessment), its leaf position ``li`` and, for a clause input, its clause
position ``g``. Text is read only once per run (a few hundred thousand rows), never
per row. ``Categorical`` and ``Enum`` columns are read by their integer codes as
they come (a province's Parquet files usually store codes so); ``String``
columns are compared as text, and cast only where a code is looked up.

The key of every (unit, year, stage) is ``k`` (0..K-1, sorted by unit, year,
stage in process order), and a leaf row sits at ``pos = k × L + li``.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from anting_rule_of_law.scoring.inputs import is_coded, stage_or_self, stage_order

__all__ = ["KEY", "code_index", "key_table", "positions", "runs", "slot_rows", "strided"]

KEY = ("unit", "year", "stage")


def code_index(frame: pl.DataFrame, column: str, codes: Sequence[str]) -> pl.Expr:
    """Each row's position in ``codes`` (UInt32; null when its value is not one of them).

    An ``Enum`` column is mapped by a table over its categories and a
    ``Categorical`` one over the physical codes of ``codes`` (no text touched per
    row); a ``String`` column by a cast to an ``Enum`` of ``codes``.
    """
    dtype = frame.schema[column]
    col = pl.col(column)
    if isinstance(dtype, pl.Enum):
        categories = dtype.categories.to_list()
        if categories == list(codes):
            return col.to_physical().cast(pl.UInt32)
        at = {c: i for i, c in enumerate(codes)}
        table = pl.Series([at.get(c) for c in categories], dtype=pl.UInt32)
        return pl.lit(table).gather(col.to_physical())
    if isinstance(dtype, pl.Categorical):
        physical = pl.Series(list(codes), dtype=pl.String).cast(dtype).to_physical().to_list()
        size = max(physical, default=-1) + 1
        lookup: list[int | None] = [None] * (size + 1)
        for i, p in enumerate(physical):
            lookup[p] = i
        table = pl.Series(lookup, dtype=pl.UInt32)
        # any code past the table (another text) lands on its last, null, slot
        return pl.lit(table).gather(col.to_physical().cast(pl.UInt32).clip(upper_bound=size))
    return col.cast(pl.Enum(list(codes)), strict=False).to_physical().cast(pl.UInt32)


def _changed(frame: pl.DataFrame) -> pl.Expr:
    """True on the first row of every run of equal (unit, year, stage)."""
    diff = []
    for name in KEY:
        if name not in frame.columns:
            continue  # an absent stage is "self" on every row
        col = pl.col(name)
        if is_coded(frame.schema[name]):
            col = col.to_physical()
        diff.append(col.ne_missing(col.shift(1)))
    return pl.any_horizontal(diff).alias("_chg")


def runs(frame: pl.DataFrame, extra: list[pl.Expr]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per row: its run number ``_run`` (+ the ``extra`` columns); per run: its key as text.

    One query over the rows: the change flags, the extra columns and the run
    numbers in a single plan. The key of each run is then read from its first row.
    """
    if frame.height == 0:
        empty = pl.DataFrame(schema={"unit": pl.String, "year": pl.Int64, "stage": pl.String})
        return frame.select(pl.lit(0, pl.UInt32).alias("_run"), *extra), empty
    flags = (
        frame.lazy()
        .select(_changed(frame), *extra)
        .with_columns((pl.col("_chg").cum_sum().cast(pl.UInt32) - 1).alias("_run"))
        .collect()
    )
    present = [name for name in KEY if name in frame.columns]
    keys = (
        frame.select(present)
        .filter(flags.get_column("_chg"))
        .select(pl.col("unit").cast(pl.String), pl.col("year"), stage_or_self(frame))
    )
    return flags.select("_run", pl.exclude("_chg", "_run")), keys


def key_table(parts: list[pl.DataFrame], units: pl.DataFrame) -> pl.DataFrame:
    """Every (unit, year, stage) once, numbered ``k`` in sorted order, with its unit's
    name and district and its ranking groups: ``ys`` (year, stage) and ``dys``
    (district, year, stage), dense ids from 0."""
    keys = (
        pl.concat([p.select(KEY) for p in parts])
        .unique()
        .with_columns(stage_order().alias("_so"))
        .sort("unit", "year", "_so", "stage")
        .drop("_so")
        .with_row_index("k")
        .join(units, on="unit", how="left", maintain_order="left")
        .with_columns(
            pl.col("unit_name").fill_null(pl.col("unit")), pl.col("district").fill_null("")
        )
    )
    return keys.with_columns(
        pl.struct("year", "stage").rank("dense").cast(pl.UInt32).sub(1).alias("ys"),
        pl.struct("district", "year", "stage").rank("dense").cast(pl.UInt32).sub(1).alias("dys"),
    )


def positions(
    ids: pl.DataFrame, run_keys: pl.DataFrame, keys: pl.DataFrame, width: int, col: str
) -> pl.Series:
    """``k × width + ids[col]`` of every row: its slot (a join over the runs only, then
    one fused gather-multiply-add over the rows)."""
    if run_keys.height == 0:
        return pl.Series("pos", [], dtype=pl.Int64)
    run_k = run_keys.join(keys.select([*KEY, "k"]), on=list(KEY), how="left", maintain_order="left")
    base = run_k.get_column("k").cast(pl.Int64) * width
    return ids.select(
        (pl.lit(base).gather(pl.col("_run")) + pl.col(col).cast(pl.Int64)).alias("pos")
    ).to_series()


def slot_rows(pos: pl.Series, size: int, n: int) -> pl.Series | None:
    """Row of each slot 0..size-1 (null: none); None when rows are exactly the slots."""
    # strictly increasing and as many rows as slots: row i is slot i
    if n == size and (n == 0 or (pos.item(0) == 0 and (pos.diff().slice(1) > 0).all())):
        return None
    full = pl.repeat(None, size, dtype=pl.UInt32, eager=True)
    return full.scatter(pos, pl.int_range(0, n, dtype=pl.UInt32, eager=True))


def strided(row_of: pl.Series | None, n_keys: int, width: int, i: int) -> pl.Expr:
    """Rows of slot ``i`` of every k. The K indices are taken eagerly, so each gather
    carries a K-long literal rather than the K × width-long slot map."""
    if row_of is None:
        return pl.int_range(0, n_keys, dtype=pl.UInt32) * width + i
    return pl.lit(row_of.gather_every(width, i))
