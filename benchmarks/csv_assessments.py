"""A long CSV of assessments (one row per unit, year and indicator or veto item) at batch scale.

Why: a district or a province hands in its towns as one CSV; the readers must
check and score a million rows of it. The values are :mod:`generate`'s (seeded,
vectorised), written as a town office types them — 是/否, grades, counts, rates
as percentages, deduction clauses as ``c1=0;c2=1`` — in the layout
``anting-rol validate`` reads (docs/input.md). Every unit-year declares its four
veto items; a not-applicable row carries its reason and a manual score stays
within its points, so the file is valid and scores. 1,695 units × 10 years =
16,950 unit-years ≈ 1 million rows:

    python benchmarks/csv_assessments.py --units 1695 --years 10 --out big.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

from anting_rule_of_law import load_framework
from anting_rule_of_law.assessments.layout import CSV_COLUMNS

__all__ = ["CSV_HEADER", "assessments_csv", "write_csv"]

FRAMEWORK = "shanghai-town-2023"
#: Columns the generated data has no values for.
_NOT_WRITTEN = frozenset(
    {"framework_version", "unit_name_en", "stage", "assessor", "value", "evidence", "note"}
    | {"source", "source_ref", "source_quote"}
)
#: The columns written, in the order of docs/input.md's CSV layout.
CSV_HEADER = tuple(key for key, _ in CSV_COLUMNS if key not in _NOT_WRITTEN)


def _yes_no(name: str) -> pl.Expr:
    return pl.col(name).replace_strict({True: "是", False: "否"}, default=None)


def _number(name: str) -> pl.Expr:
    """A count as typed (``12``), other figures with their decimals (``12.5``)."""
    col = pl.col(name)
    return (
        pl.when(col == col.floor())
        .then(col.cast(pl.Int64).cast(pl.String))
        .otherwise(col.cast(pl.String))
    )


def assessments_csv(units: int, years: int, seed: int = 20230101) -> pl.DataFrame:
    """The rows of the CSV, all text, sorted by unit, year and code (entries, then vetoes)."""
    fw = load_framework(FRAMEWORK)
    data = generate(units, years, seed, fw)
    points = pl.DataFrame(
        {"code": [n.code for n in fw.leaves()], "_points": [n.points or 0.0 for n in fw.leaves()]}
    )
    order = pl.DataFrame({"code": [n.code for n in fw.leaves()]}).with_row_index("_order")
    clauses = (
        data.clauses.sort("unit", "year", "code", "clause")
        .group_by("unit", "year", "code", maintain_order=True)
        .agg(
            pl.concat_str(
                pl.col("clause"), pl.lit("="), pl.col("input").cast(pl.Int64).cast(pl.String)
            )
            .str.join(";")
            .alias("clauses")
        )
    )
    entries = (
        data.entries.join(points, on="code", how="left")
        .join(clauses, on=["unit", "year", "code"], how="left")
        .join(order, on="code", how="left")
        .with_columns(
            pl.when(pl.col("score").is_not_null())
            .then(pl.min_horizontal("score", "_points"))
            .alias("score"),
            pl.when("not_applicable")
            .then(pl.lit("本年度未涉及此项工作"))
            .when(pl.col("score").is_not_null())
            .then(pl.coalesce("reason", pl.lit("依据台账评定")))
            .otherwise("reason")
            .alias("reason"),
        )
        .select(
            pl.col("unit").alias("unit_code"),
            "year",
            "_order",
            "code",
            _yes_no("met").alias("met"),
            "grade",
            _number("numerator").alias("numerator"),
            _number("denominator").alias("denominator"),
            pl.format("{}%", (pl.col("rate") * 100).round(2)).alias("rate"),
            _number("count").alias("count"),
            _number("score").alias("score"),
            "reason",
            _yes_no("gate").alias("gate"),
            "clauses",
            pl.when("not_applicable").then(pl.lit("是")).alias("not_applicable"),
            pl.lit(None, pl.String).alias("triggered"),
        )
    )
    keys = data.entries.select("unit", "year").unique()
    triggered = data.vetoes.select("unit", "year", pl.col("veto").alias("code"), "triggered")
    vetoes = (
        keys.join(pl.DataFrame({"code": [v.code for v in fw.vetoes]}), how="cross")
        .join(triggered.unique(["unit", "year", "code"]), on=["unit", "year", "code"], how="left")
        .select(
            pl.col("unit").alias("unit_code"),
            "year",
            (pl.int_range(0, pl.len()) * 0 + len(fw.leaves())).cast(pl.UInt32).alias("_order"),
            "code",
            pl.when(pl.col("triggered"))
            .then(pl.lit("是"))
            .otherwise(pl.lit("否"))
            .alias("triggered"),
        )
    )
    rows = pl.concat([entries, vetoes], how="diagonal_relaxed")
    return (
        rows.join(data.units.rename({"unit": "unit_code"}), on="unit_code", how="left")
        .with_columns(pl.lit(FRAMEWORK).alias("framework"), pl.col("year").cast(pl.String))
        .sort("unit_code", "year", "_order", "code")
        .select(CSV_HEADER)
    )


def write_csv(units: int, years: int, out: Path, seed: int = 20230101) -> int:
    """Write the CSV; the number of data rows."""
    rows = assessments_csv(units, years, seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    rows.write_csv(out)
    return rows.height


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=1695)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--seed", type=int, default=20230101)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    n = write_csv(args.units, args.years, args.out, args.seed)
    size = args.out.stat().st_size / 1e6
    print(f"{n:,} rows, {args.units * args.years:,} unit-years, {size:.1f} MB -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
