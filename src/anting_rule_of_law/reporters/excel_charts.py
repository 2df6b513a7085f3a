"""The report workbook's chart sheet (图表): native Excel charts over a small table.

Why native charts: a town office would rather look than read, and a chart drawn
by Excel (or LibreOffice) from cells in the workbook stays true to the figures
next to it, prints with the sheet and can be copied into a Word document.

Per year and stage (in process order): a table of the units in rank order with
their total and first-level shares (得分率); a column chart of the first-level
shares (one series per unit, or — past :data:`SERIES_LIMIT` units — one series
per first-level indicator with the units as categories); and, when the group has
more than one unit, the ranking as a bar chart of totals, first place on top.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import groupby
from typing import Any

from anting_rule_of_law.reporters.labels import label, localized, stage_name
from anting_rule_of_law.reporters.wording import unit_name
from anting_rule_of_law.xlsxprint import display_width

__all__ = ["SERIES_LIMIT", "write_charts"]

#: Past this many units a chart has one series per first-level indicator instead of per unit.
SERIES_LIMIT = 8
_ROW_PX = 20
_CHART_W = 720
_FONT = {"name": "等线", "size": 9}


def write_charts(
    wb: Any,
    styles: Any,
    page: Any,
    name: str,
    ranked: Sequence[Mapping[str, Any]],
    lang: str,
) -> None:
    """Add the chart sheet ``name`` for ``ranked`` results (ranking order)."""
    ws = wb.add_worksheet(name)
    row = 0
    widest = 10
    level1_count = 0
    for (year, stage), group in groupby(ranked, key=lambda r: (r["year"], r["stage"])):
        results = list(group)
        nodes = _level1(results[0])
        level1_count = max(level1_count, len(nodes))
        heading = (
            f"{year}年度 {stage_name(stage, lang)}"
            if lang == "zh"
            else f"{year} {stage_name(stage, lang)}"
        )
        ws.write_string(row, 0, heading, styles.heading)
        row += 1
        top = row
        headers = [label("unit", lang), label("total", lang)] + [
            f"{n['code']} {localized(n.get('name'), n.get('name_en'), lang)}" for n in nodes
        ]
        for c, text in enumerate(headers):
            ws.write_string(row, c, text, styles.plain_header)
        for r in results:
            row += 1
            shown = unit_name(r, lang)
            widest = max(widest, display_width(shown) + 2)
            ws.write_string(row, 0, shown)
            total = r["total"].get("score")
            if total is not None:
                ws.write_number(row, 1, float(total), styles.plain_score)
            shares = {n["code"]: n.get("share") for n in _level1(r)}
            for c, node in enumerate(nodes, start=2):
                share = shares.get(node["code"])
                if share is not None:
                    ws.write_number(row, c, float(share), styles.plain_share)
        first, last = top + 1, row
        row += 2
        chart = _shares_chart(wb, name, results, nodes, top, first, last, lang)
        ws.insert_chart(row, 0, chart, {"x_offset": 2, "y_offset": 2})
        row += _rows_for(chart) + 1
        if len(results) > 1:
            ranking = _ranking_chart(wb, name, results, top, first, last, lang)
            ws.insert_chart(row, 0, ranking, {"x_offset": 2, "y_offset": 2})
            row += _rows_for(ranking) + 1
        row += 1
    ws.set_column(0, 0, min(widest, 26))
    ws.set_column(1, 1 + max(level1_count, 1), 12)
    width = min(widest, 26) + 12 * (1 + max(level1_count, 1))
    page.apply(ws, [max(width, _CHART_W / 7)], header_rows=0)


def _level1(result: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    for block in result["levels"]:
        if block["level"] == 1:
            nodes: list[Mapping[str, Any]] = block["nodes"]
            return nodes
    return []


def _rows_for(chart: Any) -> int:
    return int(chart.height // _ROW_PX) + 1


def _shares_chart(
    wb: Any,
    sheet: str,
    results: Sequence[Mapping[str, Any]],
    nodes: Sequence[Mapping[str, Any]],
    header_row: int,
    first: int,
    last: int,
    lang: str,
) -> Any:
    chart = wb.add_chart({"type": "column"})
    n_nodes = len(nodes)
    if len(results) <= SERIES_LIMIT:
        # categories: the first-level indicators; one series per unit
        for row in range(first, last + 1):
            chart.add_series(
                {
                    "name": [sheet, row, 0],
                    "categories": [sheet, header_row, 2, header_row, 1 + n_nodes],
                    "values": [sheet, row, 2, row, 1 + n_nodes],
                    "data_labels": {"value": True, "num_format": "0.0%", "font": _FONT},
                }
            )
    else:
        # categories: the units; one series per first-level indicator
        for c in range(2, 2 + n_nodes):
            chart.add_series(
                {
                    "name": [sheet, header_row, c],
                    "categories": [sheet, first, 0, last, 0],
                    "values": [sheet, first, c, last, c],
                }
            )
    chart.set_title({"name": label("chart_shares", lang), "name_font": {**_FONT, "size": 11}})
    chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True}})
    chart.set_x_axis({"num_font": _FONT})
    chart.set_legend({"position": "bottom", "font": _FONT})
    chart.set_size({"width": _CHART_W, "height": 300})
    return chart


def _ranking_chart(
    wb: Any,
    sheet: str,
    results: Sequence[Mapping[str, Any]],
    header_row: int,
    first: int,
    last: int,
    lang: str,
) -> Any:
    chart = wb.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": [sheet, header_row, 1],
            "categories": [sheet, first, 0, last, 0],
            "values": [sheet, first, 1, last, 1],
            "data_labels": {"value": True, "num_format": "0.00", "font": _FONT},
            "fill": {"color": "#1F4E79"},
        }
    )
    chart.set_title({"name": label("chart_ranking", lang), "name_font": {**_FONT, "size": 11}})
    # first place on top: categories from the top down
    chart.set_y_axis({"reverse": True, "num_font": _FONT})
    top = max((float(r["total"].get("max") or 0) for r in results), default=0.0)
    axis: dict[str, Any] = {"min": 0, "num_format": "0", "major_gridlines": {"visible": True}}
    if top > 0:
        axis["max"] = top
    chart.set_x_axis(axis)
    chart.set_legend({"none": True})
    chart.set_size({"width": _CHART_W, "height": max(240, 24 * len(results) + 90)})
    return chart
