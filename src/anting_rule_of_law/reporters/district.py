"""The district desk (区级汇总表): one workbook a district office reads, prints and forwards.

Why a format of its own: the report workbook (``xlsx``) holds every unit's
details; a district office scoring forty towns wants the batch at a glance —
who ranks where each year, who was vetoed, who moved since last year, where the
district's reviewers scored differently from the towns, and which indicators
most towns lose points on (the district's common weaknesses). Sheets, in order:

- 总览: per year and stage, the number of units, passing, failing and vetoed, and
  the mean, highest and lowest total;
- 排名图: per year and stage, a native column chart of the totals in rank order,
  the pass line drawn across, bars coloured by the verdict (blue passes, orange
  fails, red vetoed), one chart per printed page;
- one ranking sheet per year and stage (``2023自评排名``), in process order
  (自评 → 初审 → 核定): rank, unit, total, share, grade, verdict, the veto items
  that fired (the row shaded red), the change on the year before and the rank then;
- 年度对比 (more than one year): per stage and unit, the total of every year, the
  change on the year before and the change in rank;
- 阶段差异 and 阶段差异明细 (a unit-year assessed at two stages): both totals and
  verdicts, the difference and the largest change; then every changed
  specific indicator with the reviewers' remark;
- 共性问题: for the latest year, per stage, the specific indicators on which units
  lost points, the most units first — with how many lost them the year before
  and the responsible department (bonus items, which are opportunities rather
  than faults, are left out).

Every sheet prints on A4, one page wide, its header rows repeated, with the
scope and page numbers in the header and footer (:mod:`anting_rule_of_law.xlsxprint`).
Numbers are written unrounded with display formats, as in the report workbook;
the same document gives the same bytes.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import xlsxwriter

from anting_rule_of_law.hookspecs import OutputFormat, RenderOptions, hookimpl
from anting_rule_of_law.records import STAGES
from anting_rule_of_law.reporters.document import ranking_order, report_document
from anting_rule_of_law.reporters.excel import (
    XLSX_MEDIA_TYPE,
    comparison_columns,
    comparison_rows,
    framework_about,
    new_workbook,
    veto_labels,
)
from anting_rule_of_law.reporters.tables import OPPORTUNITY_KINDS
from anting_rule_of_law.reporters.wording import scope_text, unit_name
from anting_rule_of_law.reporters.xlsx_parts import Column, Page, Styles, write_table
from anting_rule_of_law.rulekinds.vocabulary import label, localized, stage_name
from anting_rule_of_law.xlsxprint import page_setup

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.scoring import Scorecard

__all__ = ["FORMAT", "SHEETS", "arol_register_formats", "arol_render", "render_district"]

FORMAT = OutputFormat(
    name="district",
    extension="xlsx",
    media_type=XLSX_MEDIA_TYPE,
    binary=True,
    description="district desk workbook: rankings with charts, vetoes, year over year, "
    "stage differences, common weaknesses (区级汇总表)",
    aliases=("区级汇总",),
)

#: Sheet names per language (a ranking sheet is named by its year and stage).
SHEETS: Mapping[str, Mapping[str, str]] = {
    "zh": {
        "summary": "总览",
        "charts": "排名图",
        "ranking": "{year}{stage}排名",
        "yoy": "年度对比",
        "stages": "阶段差异",
        "stage_details": "阶段差异明细",
        "weaknesses": "共性问题",
    },
    "en": {
        "summary": "Summary",
        "charts": "Ranking charts",
        "ranking": "{year} {stage} ranking",
        "yoy": "Year over year",
        "stages": "Stage differences",
        "stage_details": "Stage difference details",
        "weaknesses": "Common weaknesses",
    },
}

#: Bar colours of the ranking charts by verdict.
COLOURS = {"passed": "#1F4E79", "failed": "#ED7D31", "vetoed": "#C00000"}
_FONT = {"name": "等线", "size": 9}
#: The chart fills a landscape A4 page (pixels at 96 dpi, inside the margins), in one
#: column as wide as the chart: a printout breaks pages between columns, so a chart
#: spanning several could be cut where the spreadsheet's column widths differ.
_CHART_W, _CHART_H = 1000, 600
_CHART_COLUMN_WIDTH = 144.0
_ROWS_PER_CHART = 30
#: Where a chart sheet keeps the pass line's values for its chart (hidden).
_HELPER_COLUMN = 2

Group = tuple[int, str]


@hookimpl
def arol_register_formats() -> list[OutputFormat]:
    return [FORMAT]


@hookimpl
def arol_render(scorecard: Scorecard, format_name: str, options: RenderOptions) -> bytes | None:
    if format_name != FORMAT.name:
        return None
    # the desk shows totals, gaps and comparisons: no audit trail needed
    return render_district(
        report_document(scorecard, attrs.evolve(options, detail="summary")), options
    )


def render_district(doc: Mapping[str, Any], options: RenderOptions) -> bytes:
    """The district desk's bytes from a :func:`report_document` document."""
    lang = options.lang
    names = SHEETS[lang]
    results: list[Mapping[str, Any]] = doc["results"]
    buf = io.BytesIO()
    wb = new_workbook(buf, doc, options, options.title or label("district_title", lang))
    page = Page(scope=scope_text(results, lang), lang=lang)
    styles = Styles(wb)
    vetoes = veto_labels(doc, lang)
    groups = _groups(results)
    before = _previous_year(results)

    # the indicator system (with the notice when it is a reference reconstruction) is
    # printed once in the summary's page header, not repeated on every row
    about = framework_about(doc["framework"], lang)
    summary = _summary_columns(lang)
    write_table(
        wb,
        styles,
        page,
        names["summary"],
        summary,
        _summary_rows(groups),
        one_page=True,
        note=about,
    )
    chart_sheet = wb.add_worksheet(names["charts"])
    ranking_sheets: list[tuple[str, Group, int]] = []
    for (year, stage), ranked in groups.items():
        name = names["ranking"].format(year=year, stage=stage_name(stage, lang))[:31]
        rows = [{**r, "_before": before.get(_key(r))} for r in ranked]
        columns = _ranking_columns(lang, vetoes)
        write_table(wb, styles, page, name, columns, rows)
        _shade_vetoed(wb, name, columns, len(rows))
        ranking_sheets.append((name, (year, stage), len(rows)))
    _charts(wb, chart_sheet, page, ranking_sheets, groups, doc["framework"].get("pass_line"), lang)
    years = sorted({int(r["year"]) for r in results})
    if len(years) > 1:
        write_table(wb, styles, page, names["yoy"], *_yoy_sheet(results, years, lang))
    compared = sorted(
        (r for r in results if r.get("comparison")),
        key=lambda r: (r["year"], r["comparison"].get("difference") or 0.0, r["unit"]["code"]),
    )
    if compared:
        write_table(wb, styles, page, names["stages"], _stage_columns(lang), compared)
        details = comparison_rows(compared, lang)
        write_table(wb, styles, page, names["stage_details"], comparison_columns(lang), details)
    write_table(wb, styles, page, names["weaknesses"], *_weaknesses(results, lang))
    wb.close()
    return buf.getvalue()


def _key(result: Mapping[str, Any]) -> tuple[str, int, str]:
    return (str(result["unit"]["code"]), int(result["year"]), str(result["stage"]))


def _groups(results: Sequence[Mapping[str, Any]]) -> dict[Group, list[Mapping[str, Any]]]:
    """Results by (year, stage), years in order, stages in process order, units by rank."""
    out: dict[Group, list[Mapping[str, Any]]] = {}
    for r in ranking_order(results):
        out.setdefault((int(r["year"]), str(r["stage"])), []).append(r)
    return out


def _previous_year(results: Sequence[Mapping[str, Any]]) -> dict[tuple[str, int, str], Any]:
    """Per result key, the same unit's and stage's result of the latest earlier year."""
    by_unit: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for r in results:
        by_unit.setdefault((str(r["unit"]["code"]), str(r["stage"])), []).append(r)
    out: dict[tuple[str, int, str], Any] = {}
    for items in by_unit.values():
        items = sorted(items, key=lambda r: int(r["year"]))
        for earlier, later in itertools.pairwise(items):
            out[_key(later)] = earlier
    return out


def _t(x: Mapping[str, Any]) -> Mapping[str, Any]:
    total: Mapping[str, Any] = x["total"]
    return total


def _verdict(total: Mapping[str, Any], lang: str) -> str:
    passed = total.get("passed")
    return "" if passed is None else label("passed" if passed else "failed", lang)


# -- 总览 ------------------------------------------------------------------------------
def _summary_rows(groups: Mapping[Group, Sequence[Mapping[str, Any]]]) -> list[dict[str, Any]]:
    rows = []
    for (year, stage), ranked in groups.items():
        scores = [float(_t(r)["score"]) for r in ranked if _t(r).get("score") is not None]
        rows.append(
            {
                "year": year,
                "stage": stage,
                "units": len(ranked),
                "passed": sum(1 for r in ranked if _t(r).get("passed")),
                "failed": sum(1 for r in ranked if _t(r).get("passed") is False),
                "vetoed": sum(1 for r in ranked if _t(r).get("vetoed")),
                "mean": sum(scores) / len(scores) if scores else None,
                "highest": max(scores, default=None),
                "lowest": min(scores, default=None),
            }
        )
    return rows


def _summary_columns(lang: str) -> list[Column]:
    return [
        Column("year", lambda x: x["year"], "int"),
        Column("stage", lambda x: stage_name(x["stage"], lang), "text"),
        Column("units_count", lambda x: x["units"], "int"),
        Column("passed_count", lambda x: x["passed"], "int"),
        Column("failed_count", lambda x: x["failed"], "int"),
        Column("vetoed_count", lambda x: x["vetoed"], "int"),
        Column("mean_total", lambda x: x["mean"], "score"),
        Column("highest_total", lambda x: x["highest"], "score"),
        Column("lowest_total", lambda x: x["lowest"], "score"),
    ]


# -- ranking sheets --------------------------------------------------------------------
def _ranking_columns(lang: str, vetoes: Mapping[str, str]) -> list[Column]:
    def previous(x: Mapping[str, Any]) -> Mapping[str, Any]:
        found: Mapping[str, Any] = x.get("_before") or {}
        return found

    def delta(x: Mapping[str, Any]) -> float | None:
        now, then = _t(x).get("score"), (previous(x).get("total") or {}).get("score")
        return None if now is None or then is None else float(now) - float(then)

    return [
        Column("rank", lambda x: _t(x).get("rank"), "int"),
        Column("unit", lambda x: unit_name(x, lang), "name"),
        Column("total", lambda x: _t(x).get("score"), "score"),
        Column("share", lambda x: _t(x).get("share"), "share"),
        Column(
            "grade",
            lambda x: localized(_t(x).get("grade_name"), _t(x).get("grade_name_en"), lang),
            "text",
        ),
        Column("result", lambda x: _verdict(_t(x), lang), "text"),
        Column(
            "vetoes",
            lambda x: "\n".join(vetoes.get(v, v) for v in _t(x).get("vetoes") or []),
            "name",
        ),
        Column("on_year_before", delta, "delta"),
        Column("previous_rank", lambda x: (previous(x).get("total") or {}).get("rank"), "int"),
    ]


def _shade_vetoed(wb: Any, name: str, columns: Sequence[Column], n: int) -> None:
    """Shade the rows of vetoed units (their 一票否决 cell is not empty)."""
    if not n:
        return
    ws = wb.get_worksheet_by_name(name)
    col = next(i for i, c in enumerate(columns) if c.key == "vetoes")
    letter = xlsxwriter.utility.xl_col_to_name(col)
    shade = wb.add_format({"bg_color": "#FFEBE9", "font_color": "#9C0006"})
    ws.conditional_format(
        1,
        0,
        n,
        len(columns) - 1,
        {"type": "formula", "criteria": f"=LEN(${letter}2)>0", "format": shade},
    )


# -- 排名图 ----------------------------------------------------------------------------
def _charts(
    wb: Any,
    ws: Any,
    page: Page,
    sheets: Sequence[tuple[str, Group, int]],
    groups: Mapping[Group, Sequence[Mapping[str, Any]]],
    pass_line: float | None,
    lang: str,
) -> None:
    """One column chart per year and stage, one per printed page (landscape A4)."""
    breaks = []
    for i, (sheet, (year, stage), n) in enumerate(sheets):
        top = i * _ROWS_PER_CHART
        if i:
            breaks.append(top)
        chart = wb.add_chart({"type": "column"})
        points = [
            {"fill": {"color": COLOURS[_standing(r)]}, "border": {"none": True}}
            for r in groups[(year, stage)]
        ]
        chart.add_series(
            {
                "name": label("total", lang),
                "categories": [sheet, 1, 1, n, 1],
                "values": [sheet, 1, 2, n, 2],
                "points": points,
                "data_labels": {"value": True, "num_format": "0.00", "font": _FONT},
                "gap": 60,
            }
        )
        if pass_line is not None and n:
            for row in range(n):
                ws.write_number(top + row, _HELPER_COLUMN, float(pass_line))
            line = wb.add_chart({"type": "line"})
            line.add_series(
                {
                    "name": label("pass_line", lang),
                    "categories": [sheet, 1, 1, n, 1],
                    "values": [ws.name, top, _HELPER_COLUMN, top + n - 1, _HELPER_COLUMN],
                    "line": {"color": "#C00000", "width": 1.5, "dash_type": "dash"},
                    "marker": {"type": "none"},
                }
            )
            chart.combine(line)
        heading = (
            f"{year}年度 {stage_name(stage, lang)} {label('chart_ranking', lang)}"
            if lang == "zh"
            else f"{year} {stage_name(stage, lang)}: {label('chart_ranking', lang)}"
        )
        chart.set_title({"name": heading, "name_font": {**_FONT, "size": 12}})
        chart.set_x_axis(
            {
                "name": label("chart_colours", lang),
                "name_font": {**_FONT, "bold": False},
                "num_font": {**_FONT, "rotation": -45 if n > 8 else 0},
            }
        )
        top_points = max((float(_t(r).get("max") or 0) for r in groups[(year, stage)]), default=0)
        axis: dict[str, Any] = {"min": 0, "num_format": "0", "major_gridlines": {"visible": True}}
        if top_points > 0:
            axis["max"] = top_points
        chart.set_y_axis({**axis, "num_font": _FONT})
        chart.set_legend({"position": "top", "font": _FONT})
        chart.set_size({"width": _CHART_W, "height": _CHART_H})
        chart.show_hidden_data()
        ws.insert_chart(top, 0, chart, {"x_offset": 4, "y_offset": 4})
    ws.set_column(0, 0, _CHART_COLUMN_WIDTH)
    ws.set_column(_HELPER_COLUMN, _HELPER_COLUMN, None, None, {"hidden": True})
    # landscape, at 100%: the charts are sized for the page and the breaks must hold
    page_setup(
        ws, [_CHART_COLUMN_WIDTH], scope=page.scope, lang=lang, header_rows=0, scale_to_width=False
    )
    ws.set_h_pagebreaks(breaks)


def _standing(result: Mapping[str, Any]) -> str:
    total = _t(result)
    if total.get("vetoed"):
        return "vetoed"
    return "passed" if total.get("passed") else "failed"


# -- 年度对比 --------------------------------------------------------------------------
def _yoy_sheet(
    results: Sequence[Mapping[str, Any]], years: Sequence[int], lang: str
) -> tuple[list[Column], list[dict[str, Any]]]:
    """Per stage assessed in more than one year, per unit: the total of every year, the
    change on the year before and the change in rank; units in the order of their
    latest rank."""
    by_key = {_key(r): r for r in results}
    latest: dict[tuple[str, str], Mapping[str, Any]] = {}
    for r in ranking_order(results):  # years ascending: the last one seen is the latest
        latest[(str(r["stage"]), str(r["unit"]["code"]))] = r
    order = sorted(
        latest.items(),
        key=lambda item: (
            _stage_index(item[0][0]),
            _t(item[1]).get("rank") is None,
            _t(item[1]).get("rank") or 0,
            item[0][1],
        ),
    )
    stage_years: dict[str, set[int]] = {}
    for r in results:
        stage_years.setdefault(str(r["stage"]), set()).add(int(r["year"]))
    rows = []
    for (stage, code), last in order:
        present = [y for y in years if (code, y, stage) in by_key]
        if len(stage_years[stage]) < 2:  # one year of this stage: nothing to compare
            continue
        row: dict[str, Any] = {"_r": last, "stage": stage}
        for y in years:
            found = by_key.get((code, y, stage))
            row[f"y{y}"] = None if found is None else _t(found).get("score")
        if len(present) > 1:
            now, then = by_key[(code, present[-1], stage)], by_key[(code, present[-2], stage)]
            a, b = _t(now).get("score"), _t(then).get("score")
            row["delta"] = None if a is None or b is None else float(a) - float(b)
            ra, rb = _t(now).get("rank"), _t(then).get("rank")
            row["rank_change"] = None if ra is None or rb is None else int(rb) - int(ra)
        rows.append(row)
    suffix = "年" if lang == "zh" else ""
    columns = [
        Column("unit", lambda x: unit_name(x["_r"], lang), "name"),
        Column("stage", lambda x: stage_name(x["stage"], lang), "text"),
        *(Column(f"y{y}", _year_total(y), "score", header=f"{y}{suffix}") for y in years),
        Column("on_year_before", lambda x: x.get("delta"), "delta"),
        Column("rank_change", lambda x: x.get("rank_change"), "places"),
    ]
    return columns, rows


def _year_total(year: int) -> Callable[[Mapping[str, Any]], Any]:
    def get(row: Mapping[str, Any]) -> Any:
        return row[f"y{year}"]

    return get


def _stage_index(stage: str) -> int:
    return STAGES.index(stage) if stage in STAGES else len(STAGES)


# -- 阶段差异 --------------------------------------------------------------------------
def _stage_columns(lang: str) -> list[Column]:
    def c(x: Mapping[str, Any]) -> Mapping[str, Any]:
        comparison: Mapping[str, Any] = x["comparison"]
        return comparison

    def largest(x: Mapping[str, Any]) -> str:
        changes = c(x).get("indicators") or []
        if not changes:
            return ""
        top = changes[0]
        name = localized(top.get("name"), top.get("name_en"), lang)
        why = top.get("remark") or localized(top.get("reason"), top.get("reason_en"), lang)
        sign = "+" if top["difference"] > 0 else ""
        shown = f"{top['code']} {name}（{sign}{top['difference']:.2f}）"
        if lang == "en":
            shown = f"{top['code']} {name} ({sign}{top['difference']:.2f})"
        return f"{shown}\n{why}" if why else shown

    return [
        Column("unit", lambda x: unit_name(x, lang), "name"),
        Column("year", lambda x: x["year"], "int"),
        Column("against", lambda x: stage_name(c(x)["against"], lang), "text"),
        Column("stage", lambda x: stage_name(x["stage"], lang), "text"),
        Column("total_before", lambda x: c(x)["before"].get("score"), "score"),
        Column("total", lambda x: c(x)["after"].get("score"), "score"),
        Column("difference", lambda x: c(x).get("difference"), "delta"),
        Column("result_before", lambda x: _verdict(c(x)["before"], lang), "text"),
        Column("result", lambda x: _verdict(c(x)["after"], lang), "text"),
        Column("changed_count", lambda x: len(c(x).get("indicators") or []), "int"),
        Column("largest_change", largest, "long"),
    ]


# -- 共性问题 --------------------------------------------------------------------------
def _weaknesses(
    results: Sequence[Mapping[str, Any]], lang: str
) -> tuple[list[Column], list[dict[str, Any]]]:
    """The latest year's specific indicators on which units lost points, per stage: the
    most units first, then the most points lost district-wide, then framework order."""
    latest = max(int(r["year"]) for r in results) if results else 0
    rows: list[dict[str, Any]] = []
    for stage in sorted({str(r["stage"]) for r in results}, key=_stage_index):
        now = [r for r in results if int(r["year"]) == latest and r["stage"] == stage]
        if not now:
            continue
        earlier = [
            int(r["year"]) for r in results if r["stage"] == stage and int(r["year"]) < latest
        ]
        then = max(earlier, default=None)
        counts_then: dict[str, int] = {}
        for r in results:
            if r["stage"] == stage and int(r["year"]) == then:
                for g in _faults(r):
                    counts_then[g["code"]] = counts_then.get(g["code"], 0) + 1
        found: dict[str, dict[str, Any]] = {}
        for r in now:
            for g in _faults(r):
                row = found.setdefault(
                    g["code"],
                    {
                        "stage": stage,
                        "year": latest,
                        "code": g["code"],
                        "name": g.get("name"),
                        "name_en": g.get("name_en"),
                        "max": g.get("max"),
                        "department": g.get("department"),
                        "department_en": g.get("department_en"),
                        "losing": 0,
                        "lost": 0.0,
                        "units": len(now),
                        "then": None if then is None else counts_then.get(g["code"], 0),
                    },
                )
                row["losing"] += 1
                row["lost"] += float(g.get("lost") or 0.0)
        rows += sorted(
            found.values(), key=lambda w: (-w["losing"], -w["lost"], _code_key(w["code"]))
        )
    columns = [
        Column("year", lambda x: x["year"], "int"),
        Column("stage", lambda x: stage_name(x["stage"], lang), "text"),
        Column("code", lambda x: x["code"], "code"),
        Column("indicator", lambda x: localized(x.get("name"), x.get("name_en"), lang), "name"),
        Column("max", lambda x: x.get("max"), "score"),
        Column("units_losing", lambda x: x["losing"], "int"),
        Column("units_losing_share", lambda x: x["losing"] / x["units"], "percent"),
        Column("district_lost", lambda x: x["lost"], "score"),
        Column("mean_lost", lambda x: x["lost"] / x["units"], "score"),
        Column("previous_units_losing", lambda x: x.get("then"), "int"),
        Column(
            "department",
            lambda x: localized(x.get("department"), x.get("department_en"), lang),
            "text",
        ),
    ]
    return columns, rows


def _faults(result: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """A result's gaps that are faults (bonus and innovation items are opportunities)."""
    return [g for g in result.get("gaps") or [] if g.get("rule") not in OPPORTUNITY_KINDS]


def _code_key(code: str) -> tuple[int | str, ...]:
    """``2.10`` after ``2.9``: dotted codes compared part by part, numbers as numbers."""
    return tuple(int(p) if p.isdigit() else p for p in code.split("."))
