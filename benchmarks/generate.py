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

__all__ = ["Data", "generate", "read_parquet", "write_parquet"]

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
    rule = lt["rule"][li]
    pts = lt["points"][li]
    target = lt["target"][li]
    floor = lt["floor"][li]

    # a latent quality per unit-year (mean ~0.75): good towns do well everywhere
    quality = rng.beta(4.0, 1.3, n_keys)
    qr = quality[k]
    u = rng.random(n)
    absent = u < P_ABSENT
    empty = (u >= P_ABSENT) & (u < P_ABSENT + P_EMPTY)
    na = (u >= P_ABSENT + P_EMPTY) & (u < P_ABSENT + P_EMPTY + P_NA)
    valued = ~(absent | empty | na)

    def where(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
        out = np.full(n, np.nan)
        out[mask] = values[mask]
        return out

    # check
    is_check = valued & (rule == "check")
    met_draw = rng.random(n) < 0.7 + 0.3 * qr
    # levels
    is_levels = valued & (rule == "levels")
    grade_i = np.minimum(rng.random(n) * (1.0 - qr) * 5.0, 3.0).astype(np.int64)
    # ratio: 70 % give numerator/denominator (1 % of those a zero denominator), 30 % a rate
    is_ratio = valued & (rule == "ratio")
    as_rate = rng.random(n) < 0.3
    q = rng.beta(2.0, 6.0, n) * 3.0 * (1.0 - qr)
    p = np.clip(target + (floor - target) * q, 0.0, 1.0)
    p = np.nan_to_num(p)
    den = rng.poisson(300.0, n).astype(np.float64)
    den[rng.random(n) < 0.01] = 0.0
    num = rng.binomial(den.astype(np.int64), p).astype(np.float64)
    numerator = where(is_ratio & ~as_rate, num)
    denominator = where(is_ratio & ~as_rate, den)
    rate = where(is_ratio & as_rate, np.round(p, 4))
    # count and bonus items
    is_count = valued & (rule == "count")
    is_bonus = valued & (rule == "bonus")
    lam = np.where(
        rule == "count",
        np.nan_to_num(target) * rng.uniform(0.4 + 0.6 * qr, 1.3),
        0.3 + 3.0 * qr,
    )
    cnt = rng.poisson(lam).astype(np.float64)
    bonus_scored = is_bonus & (rng.random(n) < 0.1)
    count = where(is_count | (is_bonus & ~bonus_scored), cnt)
    # manual (and some bonus) scores, to one decimal, a few above the maximum
    is_manual = valued & (rule == "manual")
    manual = np.round(rng.uniform(0.3 + 0.6 * qr, 1.05) * pts, 1)
    score = where(is_manual | bonus_scored, manual)
    # deduct: the gate (未开展不得分) on gated leaves
    is_deduct = valued & (rule == "deduct")
    gated = is_deduct & lt["gated"][li]
    gate_ok = rng.random(n) >= P_GATE_FAIL

    keep = ~absent
    unit_idx = k // years
    year = LAST_YEAR - years + 1 + (k % years)
    units_df = _units(units)
    codes = pl.Series("code", lt["code"], dtype=pl.String)
    grades = pl.Series("grade", GRADES, dtype=pl.String)

    rows = np.flatnonzero(keep)
    grade_s = grades.gather(grade_i[rows])
    entries = (
        pl.DataFrame(
            {
                "unit": units_df["unit"].gather(unit_idx[rows]),
                "year": year[rows],
                "code": codes.gather(li[rows]),
                "met": met_draw[rows],
                "grade": grade_s,
                "numerator": numerator[rows],
                "denominator": denominator[rows],
                "rate": rate[rows],
                "count": count[rows],
                "score": score[rows],
                "gate": gate_ok[rows],
                "not_applicable": na[rows],
                "_check": is_check[rows],
                "_levels": is_levels[rows],
                "_gated": gated[rows],
                "_manual": is_manual[rows],
            },
            nan_to_null=True,
        )
        .with_columns(
            pl.when("_check").then("met").alias("met"),
            pl.when("_levels").then("grade").alias("grade"),
            pl.when("_gated").then("gate").alias("gate"),
            pl.when("_manual").then(pl.lit("依据台账评定")).alias("reason"),
        )
        .drop("_check", "_levels", "_gated", "_manual")
    )

    clauses = _clause_inputs(
        rng, lt, rows[is_deduct[rows]], qr, li, unit_idx, year, units_df, codes
    )
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
    qr: np.ndarray,
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
    bad = 1.0 - qr[src]
    flag = (rng.random(m) < 0.25 * bad).astype(np.float64)
    items = rng.poisson(0.8 * bad).astype(np.float64)
    around = rng.poisson(np.nan_to_num(thr[ci]) * (0.9 + 0.8 * qr[src]) + 0.1).astype(np.float64)
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


def read_parquet(src: Path) -> Data:
    """Read back what :func:`write_parquet` wrote."""
    return Data(**{name: pl.read_parquet(src / f"{name}.parquet") for name in _FILES})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=38_600)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--seed", type=int, default=20230101)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    data = generate(args.units, args.years, args.seed)
    write_parquet(data, args.out)
    print(
        f"entries {data.entries.height:,} rows, clause inputs {data.clauses.height:,},"
        f" units {data.units.height:,}, vetoes {data.vetoes.height:,} -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
