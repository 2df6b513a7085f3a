"""Seeded synthetic national-scale assessments for a framework (default ``shanghai-town-2023``).

Why synthetic: no national data set of town self-assessments exists, and a
benchmark must be reproducible. Every value is drawn with numpy from one seeded
generator, column by column (no Python loop over rows), so the same
``(units, years, seed)`` always gives the same frames, bit for bit.

The mix follows the framework: each leaf gets the input its rule needs (``check``
met yes/no, ``levels`` a grade, ``ratio`` numerator/denominator or a rate,
``count`` a count, ``deduct`` a gate and one input per clause, ``manual`` a score
with a reason, ``bonus`` a count of items or a score). About 1.5 % of the leaf rows
are absent (never filled in), 0.5 % present with no value, 1 % not applicable,
and 0.5 % of the unit-years declare a triggered veto.

Run ``python benchmarks/generate.py --units 100 --years 2 --out DIR`` to write the
frames as Parquet files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from attrs import frozen

from anting_rule_of_law import Framework, load_framework

__all__ = ["CODED", "Data", "generate", "read_parquet", "write_coded", "write_parquet"]

#: Share of leaf rows never entered / entered without a value / not applicable.
P_ABSENT = 0.015
P_EMPTY = 0.005
P_NA = 0.01
#: Share of unit-years with a triggered veto item, and of gates not met.
P_VETO = 0.005
P_GATE_FAIL = 0.03
#: Towns per county-level district (China: ~38,600 townships in ~2,850 counties).
UNITS_PER_DISTRICT = 14
LAST_YEAR = 2023
GRADES = ("优", "良", "中", "差")


@frozen
class Data:
    """The long frames ``score_frame`` takes: entries, clause inputs, units, vetoes."""

    entries: pl.DataFrame
    clauses: pl.DataFrame
    units: pl.DataFrame
    vetoes: pl.DataFrame


def _leaf_table(fw: Framework) -> dict[str, Any]:
    """Per-leaf parameters as numpy arrays (index = leaf position in file order)."""
    leaves = fw.leaves()
    rules = [n.rule for n in leaves]
    assert all(r is not None for r in rules)
    return {
        "code": [n.code for n in leaves],
        "rule": np.array([r.type for r in rules if r is not None]),
        "points": np.array([n.points or 0.0 for n in leaves]),
        "target": np.array([np.nan if r is None or r.target is None else r.target for r in rules]),
        "floor": np.array([np.nan if r is None or r.floor is None else r.floor for r in rules]),
        "gated": np.array([r is not None and bool(r.gate) for r in rules]),
        "clauses": [() if r is None else r.clauses for r in rules],
    }


def _units(n_units: int) -> pl.DataFrame:
    """Unit codes like a 9-digit township code: 6-digit district + 3-digit town."""
    i = pl.int_range(0, n_units, eager=True)
    district = (i // UNITS_PER_DISTRICT + 100001).cast(pl.String)
    town = (i % UNITS_PER_DISTRICT + 101).cast(pl.String)
    return pl.DataFrame(
        {
            "unit": district + town,
            "unit_name": "第" + (i + 1).cast(pl.String) + "镇",
            "district": "D" + district,
        }
    )


def generate(
    units: int, years: int, seed: int = 20230101, framework: Framework | str = "shanghai-town-2023"
) -> Data:
    """Draw ``units × years`` assessments of every leaf of ``framework`` (stage ``self``)."""
    fw = load_framework(framework)
    rng = np.random.default_rng(seed)
    lt = _leaf_table(fw)
    n_leaves = len(lt["code"])
    n_keys = units * years
    n = n_keys * n_leaves

    li = np.tile(np.arange(n_leaves, dtype=np.int64), n_keys)
    k = np.repeat(np.arange(n_keys, dtype=np.int64), n_leaves)
    rule_names = sorted(set(lt["rule"].tolist()))
    rule = np.searchsorted(rule_names, lt["rule"]).astype(np.int8)[li]

    def rid(name: str) -> int:
        return rule_names.index(name) if name in rule_names else -1

    # a latent quality per unit-year (mean ~0.75): good towns do well everywhere
    quality = rng.beta(4.0, 1.3, n_keys)
    u = rng.random(n)
    absent = u < P_ABSENT
    empty = (u >= P_ABSENT) & (u < P_ABSENT + P_EMPTY)
    na = (u >= P_ABSENT + P_EMPTY) & (u < P_ABSENT + P_EMPTY + P_NA)
    valued = ~(absent | empty | na)

    def subset(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows with a value for rule ``name``: positions, their leaf, their quality."""
        at = np.flatnonzero(valued & (rule == rid(name)))
        return at, li[at], quality[k[at]]

    def column(at: np.ndarray, values: np.ndarray) -> np.ndarray:
        out = np.full(n, np.nan)
        out[at] = values
        return out

    # check: met yes/no
    at, _, q = subset("check")
    met = column(at, rng.random(at.size) < 0.7 + 0.3 * q)
    # levels: better towns get better grades
    at, _, q = subset("levels")
    grade_i = np.full(n, -1, dtype=np.int64)
    grade_i[at] = np.minimum(rng.random(at.size) * (1.0 - q) * 5.0, 3.0).astype(np.int64)
    # ratio: 70 % give numerator/denominator (1 % of those a zero denominator), 30 % a rate
    at, lv, q = subset("ratio")
    target, floor = lt["target"][lv], lt["floor"][lv]
    p = np.clip(target + (floor - target) * rng.beta(2.0, 6.0, at.size) * 3.0 * (1.0 - q), 0, 1)
    as_rate = rng.random(at.size) < 0.3
    den = rng.poisson(300.0, at.size)
    den[rng.random(at.size) < 0.01] = 0
    num = rng.binomial(den, p)
    numerator = column(at[~as_rate], num[~as_rate].astype(np.float64))
    denominator = column(at[~as_rate], den[~as_rate].astype(np.float64))
    rate = column(at[as_rate], np.round(p[as_rate], 4))
    # count: around the target; bonus: items (10 % give a score instead)
    at, lv, q = subset("count")
    count = column(at, rng.poisson(lt["target"][lv] * rng.uniform(0.4 + 0.6 * q, 1.3)) * 1.0)
    at, lv, q = subset("bonus")
    scored = rng.random(at.size) < 0.1
    count[at[~scored]] = rng.poisson(0.3 + 3.0 * q[~scored])
    score = np.full(n, np.nan)
    bonus_pts = lt["points"][lv[scored]]
    score[at[scored]] = np.round(rng.uniform(0.3 + 0.6 * q[scored], 1.05) * bonus_pts, 1)
    # manual: an assessor's score to one decimal, a few above the maximum
    at, lv, q = subset("manual")
    score[at] = np.round(rng.uniform(0.3 + 0.6 * q, 1.05) * lt["points"][lv], 1)
    is_manual = np.zeros(n, dtype=bool)
    is_manual[at] = True
    # deduct: the gate (未开展不得分) on gated leaves; clause inputs below
    at, lv, q = subset("deduct")
    is_deduct = np.zeros(n, dtype=bool)
    is_deduct[at] = True
    gat = at[lt["gated"][lv]]
    gate = column(gat, rng.random(gat.size) >= P_GATE_FAIL)

    keep = ~absent
    unit_idx = k // years
    year = LAST_YEAR - years + 1 + (k % years)
    units_df = _units(units)
    codes = pl.Series("code", lt["code"], dtype=pl.String)
    grades = pl.Series("grade", GRADES, dtype=pl.String)

    rows = np.flatnonzero(keep)
    gi = grade_i[rows]
    entries = (
        pl.DataFrame(
            {
                "unit": units_df["unit"].gather(unit_idx[rows]),
                "year": year[rows],
                "code": codes.gather(li[rows]),
                "met": pl.Series(met[rows], nan_to_null=True).cast(pl.Boolean),
                "grade": grades.gather(pl.Series(np.where(gi < 0, 0, gi)))
                .to_frame()
                .select(pl.when(pl.Series(gi >= 0)).then(pl.col("grade")))
                .to_series(),
                "numerator": pl.Series(numerator[rows], nan_to_null=True),
                "denominator": pl.Series(denominator[rows], nan_to_null=True),
                "rate": pl.Series(rate[rows], nan_to_null=True),
                "count": pl.Series(count[rows], nan_to_null=True),
                "score": pl.Series(score[rows], nan_to_null=True),
                "gate": pl.Series(gate[rows], nan_to_null=True).cast(pl.Boolean),
                "not_applicable": na[rows],
                "_manual": is_manual[rows],
            }
        )
        .with_columns(pl.when("_manual").then(pl.lit("依据台账评定")).alias("reason"))
        .drop("_manual")
    )

    drows = np.flatnonzero(is_deduct)
    clauses = _clause_inputs(rng, lt, drows, quality[k[drows]], li, unit_idx, year, units_df, codes)
    vk = np.flatnonzero(rng.random(n_keys) < P_VETO)
    vcodes = pl.Series([v.code for v in fw.vetoes], dtype=pl.String)
    vetoes = pl.DataFrame(
        {
            "unit": units_df["unit"].gather(vk // years),
            "year": LAST_YEAR - years + 1 + (vk % years),
            "veto": vcodes.gather(rng.integers(0, len(vcodes), vk.size)),
            "triggered": np.ones(vk.size, dtype=bool),
        }
    )
    return Data(entries=entries, clauses=clauses, units=units_df, vetoes=vetoes)


def _clause_inputs(
    rng: np.random.Generator,
    lt: dict[str, Any],
    rows: np.ndarray,
    q_rows: np.ndarray,
    li: np.ndarray,
    unit_idx: np.ndarray,
    year: np.ndarray,
    units_df: pl.DataFrame,
    codes: pl.Series,
) -> pl.DataFrame:
    """One input per clause of every valued ``deduct`` row, drawn by clause kind."""
    n_cl = np.array([len(c) for c in lt["clauses"]], dtype=np.int64)
    start = np.concatenate([[0], np.cumsum(n_cl)[:-1]])
    flat = [c for cs in lt["clauses"] for c in cs]
    kind = np.array([c.kind for c in flat])
    thr = np.array([np.nan if c.threshold is None else c.threshold for c in flat])
    ids = pl.Series("clause", [c.id for c in flat], dtype=pl.String)

    per_row = n_cl[li[rows]]
    src = np.repeat(rows, per_row)
    offset = np.arange(src.size) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    ci = start[li[src]] + offset
    m = src.size
    q = np.repeat(q_rows, per_row)
    bad = 1.0 - q
    flag = (rng.random(m) < 0.25 * bad).astype(np.float64)
    items = rng.poisson(0.8 * bad).astype(np.float64)
    around = rng.poisson(np.nan_to_num(thr[ci]) * (0.9 + 0.8 * q) + 0.1).astype(np.float64)
    value = np.where(kind[ci] == "flag", flag, np.where(kind[ci] == "per_item", items, around))
    return pl.DataFrame(
        {
            "unit": units_df["unit"].gather(unit_idx[src]),
            "year": year[src],
            "code": codes.gather(li[src]),
            "clause": ids.gather(ci),
            "input": value,
        }
    )


_FILES = ("entries", "clauses", "units", "vetoes")


def write_parquet(data: Data, out: Path) -> None:
    """Write the four frames as ``out/<name>.parquet``."""
    out.mkdir(parents=True, exist_ok=True)
    for name in _FILES:
        getattr(data, name).write_parquet(out / f"{name}.parquet")


#: The key and code columns the coded form stores as ``Categorical``.
CODED = ("unit", "code", "clause")


def write_coded(src: Path, out: Path) -> None:
    """Copy the four files of ``src`` to ``out`` with the entries' and clause inputs'
    unit, code and clause as ``Categorical`` — the form a province system writing
    with polars keeps them in, which ``score_frame`` reads by their integer codes
    (docs/benchmarks.md, "The input files' form"). Streamed: the copy never holds a
    whole file in memory."""
    out.mkdir(parents=True, exist_ok=True)
    for name in _FILES:
        lf = pl.scan_parquet(src / f"{name}.parquet")
        if name in ("entries", "clauses"):
            names = lf.collect_schema().names()
            lf = lf.with_columns(pl.col(c).cast(pl.Categorical) for c in CODED if c in names)
        lf.sink_parquet(out / f"{name}.parquet")


def read_parquet(src: Path) -> Data:
    """Read back what :func:`write_parquet` wrote."""
    return Data(**{name: pl.read_parquet(src / f"{name}.parquet") for name in _FILES})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=38_600)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--seed", type=int, default=20230101)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument(
        "--coded",
        action="store_true",
        help="also write OUT/coded: unit, code and clause as Categorical (see write_coded)",
    )
    args = ap.parse_args(argv)
    data = generate(args.units, args.years, args.seed)
    write_parquet(data, args.out)
    if args.coded:
        write_coded(args.out, args.out / "coded")
    print(
        f"entries {data.entries.height:,} rows, clause inputs {data.clauses.height:,},"
        f" units {data.units.height:,}, vetoes {data.vetoes.height:,} -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
