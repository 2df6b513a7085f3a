"""Write report.md: the district summary of the SYNTHETIC Jiading batch.

Why a script and not only ``anting-rol score``: the command's Markdown report
gives the ranking, the year-over-year table and one gap list per unit-year; a
district office also wants one page with the towns side by side over the years
and the district's own gap list (整改清单) — which indicators cost the district
most points, and which department answers for them. This script builds that
page from the library's Scorecard frames (``totals``, ``level(1)``, ``yoy()``,
``gaps()``); numbers are rounded half up for display only.

    python examples/jiading_district/district_report.py [-o report.md]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl
from tabulate import tabulate

from anting_rule_of_law import Scorecard, read_assessments, round_half_up, score

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "jiading_2021_2023.csv"
TARGET = HERE / "report.md"
TOP_GAPS = 15


def _n(x: float | None, digits: int = 2) -> str:
    return "" if x is None else f"{round_half_up(x, digits):.{digits}f}"


def _pct(x: float | None) -> str:
    return "" if x is None else f"{round_half_up(x * 100, 1):.1f}%"


def _signed(x: float | None) -> str:
    if x is None:
        return ""
    shown = round_half_up(x, 2)
    return f"{shown:+.2f}" if shown != 0 else "0.00"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    return tabulate(rows, headers=headers, tablefmt="pipe", disable_numparse=True)


def ranking_table(sc: Scorecard) -> str:
    """Towns side by side: score and rank per year, latest year's grade and change."""
    totals = sc.totals
    years = sorted(totals.get_column("year").unique().to_list())
    last = years[-1]
    by_key = {(r["unit"], r["year"]): r for r in totals.iter_rows(named=True)}
    latest = totals.filter(pl.col("year") == last).sort("rank", "unit")
    headers = ["单位"]
    for y in years:
        headers += [f"{y} 得分", f"{y} 排名"]
    headers += [f"{last} 等次", "较上年"]
    rows: list[list[str]] = []
    for r in latest.iter_rows(named=True):
        row = [r["unit_name"]]
        for y in years:
            cell = by_key.get((r["unit"], y))
            row += ["", ""] if cell is None else [_n(cell["score"]), str(cell["rank"])]
        before = by_key.get((r["unit"], years[-2])) if len(years) > 1 else None
        grade = r["grade_name"] or ""
        if r["vetoed"]:
            grade += f"（否决项 {','.join(r['vetoes'])}）"
        row += [grade, "" if before is None else _signed(r["score"] - before["score"])]
        rows.append(row)
    return _table(headers, rows)


def pass_table(sc: Scorecard) -> str:
    """Per year: how many units pass, how many are excellent, and the spread of totals."""
    per_year = (
        sc.totals.group_by("year")
        .agg(
            pl.len().alias("n"),
            pl.col("passed").sum().alias("passed"),
            (pl.col("grade") == "excellent").sum().alias("excellent"),
            pl.col("score").mean().alias("mean"),
            pl.col("score").min().alias("min"),
            pl.col("score").max().alias("max"),
        )
        .sort("year")
    )
    rows = [
        [
            str(r["year"]),
            str(r["n"]),
            str(r["passed"]),
            str(r["excellent"]),
            _n(r["mean"]),
            _n(r["min"]),
            _n(r["max"]),
        ]
        for r in per_year.iter_rows(named=True)
    ]
    return _table(["年度", "单位数", "达标", "其中优秀", "平均分", "最低分", "最高分"], rows)


def first_level_table(sc: Scorecard) -> str:
    """Mean share of points per first-level indicator and year, across the district."""
    level1 = (
        sc.level(1)
        .group_by("year", "code", "name")
        .agg(pl.col("score").mean().alias("mean"), pl.col("max").first().alias("max"))
        .sort("code", "year")
    )
    years = sorted(level1.get_column("year").unique().to_list())
    cells = {(r["code"], r["year"]): r for r in level1.iter_rows(named=True)}
    codes = [n.code for n in sc.framework.roots()]
    rows: list[list[str]] = []
    for code in codes:
        node = sc.framework.node(code)
        row = [code, node.name, _n(node.points)]
        for y in years:
            c = cells.get((code, y))
            row.append("" if c is None else f"{_n(c['mean'])}（{_pct(c['mean'] / c['max'])}）")
        rows.append(row)
    return _table(["编号", "一级指标", "满分", *(f"{y} 平均得分" for y in years)], rows)


def yoy_table(sc: Scorecard) -> str:
    """Totals of the latest year against the year before, largest change first."""
    totals = sc.yoy().filter(pl.col("level") == 0)
    last = totals.get_column("year").max()
    names = dict(sc.totals.select("unit", "unit_name").unique().iter_rows())
    latest = totals.filter(pl.col("year") == last).sort(["delta", "unit"], descending=[True, False])
    rows = [
        [
            names.get(r["unit"], r["unit"]),
            _n(r["previous_score"]),
            _n(r["score"]),
            _signed(r["delta"]),
        ]
        for r in latest.iter_rows(named=True)
    ]
    return _table(
        ["单位", f"{_single(latest, 'previous_year')} 得分", f"{last} 得分", "变化"], rows
    )


def _single(frame: pl.DataFrame, column: str) -> str:
    """The one value of ``column`` (its name when there are several)."""
    values = frame.get_column(column).unique().to_list()
    return str(values[0]) if len(values) == 1 else column


def district_gaps(sc: Scorecard, year: int) -> pl.DataFrame:
    """The district's 整改清单 for ``year``: points lost per specific indicator, summed over units."""
    gaps = sc.gaps(year=year)
    order = {leaf.code: i for i, leaf in enumerate(sc.framework.leaves())}
    summed: pl.DataFrame = (
        gaps.group_by("code", "name", "department")
        .agg(
            pl.col("lost").sum().alias("lost"),
            pl.len().alias("units"),
            pl.col("max").first().alias("max"),
        )
        .with_columns(pl.col("code").replace_strict(order, return_dtype=pl.Int64).alias("_order"))
        .sort(["lost", "_order"], descending=[True, False])
        .drop("_order")
    )
    return summed


def gaps_table(sc: Scorecard, year: int, n_units: int) -> str:
    frame = district_gaps(sc, year).head(TOP_GAPS)
    rows = [
        [
            r["code"],
            r["name"],
            _n(r["max"]),
            _n(r["lost"]),
            f"{r['units']}/{n_units}",
            _n(r["lost"] / n_units),
            r["department"],
        ]
        for r in frame.iter_rows(named=True)
    ]
    headers = ["编号", "具体指标", "分值", "全区失分", "失分单位", "平均每单位失分", "责任部门"]
    return _table(headers, rows)


def veto_lines(sc: Scorecard) -> list[str]:
    hit = sc.totals.filter(pl.col("vetoed")).sort("year", "unit")
    if hit.height == 0:
        return ["无。"]
    return [
        f"- {r['year']} 年 {r['unit_name']}：{', '.join(r['vetoes'])}，"
        f"总分 {_n(r['score'])}，等次限定为“{r['grade_name']}”。"
        for r in hit.iter_rows(named=True)
    ]


def render(sc: Scorecard) -> str:
    fw = sc.framework
    totals = sc.totals
    years = sorted(totals.get_column("year").unique().to_list())
    last = years[-1]
    n_units = totals.filter(pl.col("year") == last).height
    parts = [
        f"# 嘉定区法治建设示范创建自评汇总（{years[0]}–{last}）",
        "",
        "> **SYNTHETIC：本文件的全部数据均为合成示例，不是各街镇的真实填报或得分。**"
        " 数据由 `generate.py` 以固定随机种子生成，仅用于演示区级批量评分、排名、年度对比和整改清单。",
        "",
        f"指标体系：{fw.title}（{fw.id} {fw.version}）。得分为自评阶段；显示值四舍五入到两位小数，排名按未取整的得分。",
        "",
        "## 得分与排名",
        "",
        f"按 {last} 年排名排列。",
        "",
        ranking_table(sc),
        "",
        "## 达标情况",
        "",
        pass_table(sc),
        "",
        "## 一级指标平均得分",
        "",
        first_level_table(sc),
        "",
        f"## 年度变化（{last} 年较上年）",
        "",
        yoy_table(sc),
        "",
        f"## 全区失分清单（{last} 年，前 {TOP_GAPS} 项）",
        "",
        "各具体指标在全区各单位的失分之和，从大到小；“失分单位”为失分的单位数。",
        "",
        gaps_table(sc, last, n_units),
        "",
        "## 否决项",
        "",
        *veto_lines(sc),
        "",
    ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=TARGET)
    parser.add_argument("source", nargs="?", type=Path, default=SOURCE)
    args = parser.parse_args(argv)
    sc = score("shanghai-town-2023", read_assessments([args.source]))
    args.output.write_text(render(sc), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
