"""The Excel reporter: one workbook a district office can sort, filter and print.

Sheets: 总览 (overview), 一级指标, 二级指标, 具体指标 (with the audit trail and,
with ``detail="full"``, the evidence), 失分清单 (gaps) and, for a batch (more
than one unit or year), 排名 (ranking); English names with ``lang="en"``.
Numbers are written unrounded with a display format (0.00, 0.0%), so Excel
shows half-up-looking values while sums and sorts use the real figures. All
user text goes through ``write_string`` with formulas and URLs switched off,
so a note beginning with ``=`` stays text.

The same document gives the same bytes: the workbook's creation date
(docProps/core.xml, which xlsxwriter would set to the clock) is fixed at
:data:`FIXED_CREATED`, 2000-01-01 00:00 UTC, a date no report was made on;
xlsxwriter stamps every zip member 1980-01-01. With ``timestamp=True`` the
creation date is the document's ``generated_at``.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import xlsxwriter

from anting_rule_of_law.hookspecs import OutputFormat, RenderOptions, hookimpl
from anting_rule_of_law.reporters.display import inputs_text
from anting_rule_of_law.reporters.document import ranking_order, report_document
from anting_rule_of_law.reporters.labels import (
    label,
    level_title,
    localized,
    stage_name,
    status_name,
    yes_no,
)

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.scoring import Scorecard

__all__ = [
    "FIXED_CREATED",
    "FORMAT",
    "SHEETS",
    "arol_register_formats",
    "arol_render",
    "render_workbook",
]

FORMAT = OutputFormat(
    name="xlsx",
    extension="xlsx",
    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    binary=True,
    description="Excel workbook: overview, levels, indicators with audit trail, gaps, ranking",
    aliases=("excel",),
)

#: Sheet names per language (all within Excel's 31-character limit).
SHEETS: Mapping[str, Mapping[str, str]] = {
    "zh": {
        "overview": "总览",
        "level1": "一级指标",
        "level2": "二级指标",
        "leaves": "具体指标",
        "gaps": "失分清单",
        "ranking": "排名",
    },
    "en": {
        "overview": "Overview",
        "level1": "Level 1",
        "level2": "Level 2",
        "leaves": "Indicators",
        "gaps": "Gaps",
        "ranking": "Ranking",
    },
}

#: The workbook's creation date unless a timestamp is asked for (no clock time: same bytes).
FIXED_CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)

_MAX_WIDTH = 60
_NUMERIC = frozenset({"int", "score", "share"})
# A column: (header label key, value getter, kind) with kind in text/int/score/share.
Column = tuple[str, Callable[[Mapping[str, Any]], Any], str]


@hookimpl
def arol_register_formats() -> list[OutputFormat]:
    return [FORMAT]


@hookimpl
def arol_render(scorecard: Scorecard, format_name: str, options: RenderOptions) -> bytes | None:
    if format_name != FORMAT.name:
        return None
    return render_workbook(report_document(scorecard, options), options)


def display_width(text: str) -> int:
    """Columns a text needs: CJK (wide and full-width) characters count 2."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


@functools.lru_cache(maxsize=65536)
def _text_width(text: str) -> int:
    """Columns the widest line of a cell's text needs (names and codes repeat: cached)."""
    return max((display_width(line) for line in text.split("\n")), default=0)


def render_workbook(doc: Mapping[str, Any], options: RenderOptions) -> bytes:
    """The workbook's bytes from a :func:`report_document` document."""
    lang = options.lang
    names = SHEETS[lang]
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    wb.set_properties(
        {
            "title": label("report_title", lang),
            "comments": doc["framework"]["id"],
            "created": _created(doc, options),
        }
    )
    styles = _Styles(wb)
    results: list[dict[str, Any]] = doc["results"]
    vetoes = {
        v["code"]: f"{v['code']} {localized(v.get('name'), v.get('name_en'), lang)}"
        for v in doc["framework"].get("vetoes") or []
    }

    _sheet(
        wb,
        styles,
        names["overview"],
        _overview_columns(lang, vetoes, doc["framework"]),
        results,
        lang,
    )
    for level, key in ((1, "level1"), (2, "level2")):
        rows = [
            {"_r": r, **n}
            for r in results
            for b in r["levels"]
            if b["level"] == level
            for n in b["nodes"]
        ]
        _sheet(
            wb, styles, names[key], _node_columns(lang), rows, lang, title=level_title(level, lang)
        )
    _sheet(wb, styles, names["leaves"], *_leaf_sheet(results, lang, options.detail))
    gaps = [{"_r": r, **g} for r in results for g in r["gaps"]]
    _sheet(wb, styles, names["gaps"], _gap_columns(lang), gaps, lang)
    units = {r["unit"]["code"] for r in results}
    years = {r["year"] for r in results}
    if len(units) > 1 or len(years) > 1:
        ranked = ranking_order(results)
        _sheet(wb, styles, names["ranking"], _ranking_columns(lang), ranked, lang)
    wb.close()
    return buf.getvalue()


def _created(doc: Mapping[str, Any], options: RenderOptions) -> dt.datetime:
    """The creation date to write: fixed, or (asked for) when the document was made, in UTC."""
    if not options.timestamp:
        return FIXED_CREATED
    stamp = doc.get("generated_at")
    made = (
        dt.datetime.fromisoformat(stamp)
        if isinstance(stamp, str)
        else dt.datetime.now(dt.timezone.utc)
    )
    if made.tzinfo is None:
        made = made.replace(tzinfo=dt.timezone.utc)
    return made.astimezone(dt.timezone.utc)


class _Styles:
    def __init__(self, wb: Any) -> None:
        self.header = wb.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.text = wb.add_format({"valign": "top", "text_wrap": True})
        self.int = wb.add_format({"num_format": "0", "valign": "top"})
        self.score = wb.add_format({"num_format": "0.00", "valign": "top"})
        self.share = wb.add_format({"num_format": "0.0%", "valign": "top"})

    def for_kind(self, kind: str) -> Any:
        return {"int": self.int, "score": self.score, "share": self.share}.get(kind, self.text)


def _sheet(
    wb: Any,
    styles: _Styles,
    name: str,
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Any]],
    lang: str,
    title: str = "",
) -> None:
    ws = wb.add_worksheet(name)
    widths = [display_width(label(key, lang)) + 2 for key, _, _ in columns]
    for c, (key, _, _) in enumerate(columns):
        ws.write_string(0, c, label(key, lang), styles.header)
    # Per column once: its getter, its cell format and whether it holds numbers.
    plan = [
        (c, get, styles.for_kind(kind), kind in _NUMERIC)
        for c, (_, get, kind) in enumerate(columns)
    ]
    write_blank, write_number, write_string = ws.write_blank, ws.write_number, ws.write_string
    numeric_seen = [False] * len(columns)
    for r, row in enumerate(rows, start=1):
        for c, get, fmt, numeric in plan:
            value = get(row)
            if value is None or value == "":
                write_blank(r, c, None, fmt)
            elif numeric:
                write_number(r, c, float(value), fmt)
                numeric_seen[c] = True
            else:
                text = str(value)
                write_string(r, c, text, fmt)
                width = _text_width(text) + 2
                if width > widths[c]:
                    widths[c] = width
    for c, seen in enumerate(numeric_seen):
        if seen:
            widths[c] = max(widths[c], 10)
    for c, width in enumerate(widths):
        ws.set_column(c, c, min(width, _MAX_WIDTH))
    ws.freeze_panes(1, 0)
    if rows:
        ws.autofilter(0, 0, len(rows), len(columns) - 1)
        for c, (_, _, kind) in enumerate(columns):
            if kind == "share":
                ws.conditional_format(
                    1,
                    c,
                    len(rows),
                    c,
                    {
                        "type": "3_color_scale",
                        "min_type": "num",
                        "min_value": 0,
                        "mid_type": "num",
                        "mid_value": 0.5,
                        "max_type": "num",
                        "max_value": 1,
                        "min_color": "#F8696B",
                        "mid_color": "#FFEB84",
                        "max_color": "#63BE7B",
                    },
                )
            elif kind == "score" and columns[c][0] == "lost":
                ws.conditional_format(
                    1, c, len(rows), c, {"type": "data_bar", "data_bar_2010": False}
                )
    if title:
        ws.set_header(f"&C{title}")


def _unit_columns(lang: str) -> list[Column]:
    return [
        ("unit_code", lambda x: _r(x)["unit"]["code"], "text"),
        (
            "unit",
            lambda x: localized(_r(x)["unit"]["name"], _r(x)["unit"].get("name_en"), lang),
            "text",
        ),
        ("year", lambda x: _r(x)["year"], "int"),
        ("stage", lambda x: stage_name(_r(x)["stage"], lang), "text"),
    ]


def _r(row: Mapping[str, Any]) -> Mapping[str, Any]:
    """The result a row belongs to (rows of the detail sheets carry it as ``_r``)."""
    result: Mapping[str, Any] = row.get("_r", row)
    return result


def _overview_columns(
    lang: str, vetoes: Mapping[str, str], framework: Mapping[str, Any]
) -> list[Column]:
    # Which indicator system the scores are against, on every row: a workbook handed
    # in must say when that system is a reference reconstruction and not the official one.
    title = localized(framework.get("title"), framework.get("title_en"), lang)
    about = f"{title} ({framework['id']} {framework['version']})"
    if framework.get("status") == "reference":
        about += "\n" + label("reference_notice", lang)

    def t(x: Mapping[str, Any]) -> Mapping[str, Any]:
        total: Mapping[str, Any] = x["total"]
        return total

    def verdict(x: Mapping[str, Any]) -> str:
        passed = t(x).get("passed")
        return "" if passed is None else label("passed" if passed else "failed", lang)

    return [
        *_unit_columns(lang)[:2],
        ("district", lambda x: x["unit"].get("district", ""), "text"),
        *_unit_columns(lang)[2:],
        ("score", lambda x: t(x).get("score"), "score"),
        ("max", lambda x: t(x).get("max"), "score"),
        ("share", lambda x: t(x).get("share"), "share"),
        (
            "grade",
            lambda x: localized(t(x).get("grade_name"), t(x).get("grade_name_en"), lang),
            "text",
        ),
        ("result", verdict, "text"),
        ("vetoes", lambda x: "\n".join(vetoes.get(v, v) for v in t(x).get("vetoes") or []), "text"),
        ("rank", lambda x: t(x).get("rank"), "int"),
        ("district_rank", lambda x: t(x).get("district_rank"), "int"),
        ("framework", lambda x: about, "text"),
    ]


def _node_columns(lang: str) -> list[Column]:
    return [
        *_unit_columns(lang),
        ("code", lambda x: x["code"], "text"),
        ("indicator", lambda x: localized(x.get("name"), x.get("name_en"), lang), "text"),
        ("score", lambda x: x.get("score"), "score"),
        ("max", lambda x: x.get("max"), "score"),
        ("share", lambda x: x.get("share"), "share"),
        ("rank", lambda x: x.get("rank"), "int"),
    ]


def _leaf_sheet(
    results: Sequence[Mapping[str, Any]], lang: str, detail: str
) -> tuple[list[Column], list[dict[str, Any]], str]:
    """Columns and rows of 具体指标: the audit trail when present, else the leaf nodes."""
    rows: list[dict[str, Any]] = []
    for r in results:
        names = {n["code"]: n for b in r["levels"] for n in b["nodes"]}
        if "audit" in r:
            clauses: dict[str, list[str]] = {}
            for c in r.get("clauses") or []:
                text = localized(c.get("text"), c.get("text_en"), lang)
                clauses.setdefault(c["code"], []).append(
                    f"{c['clause']} {text} ({_plain(c.get('input'))}): -{_plain(c.get('deduction'))}"
                )
            for a in r["audit"]:
                node = names.get(a["code"], {})
                rows.append(
                    {
                        "_r": r,
                        **a,
                        "name": node.get("name", ""),
                        "name_en": node.get("name_en", ""),
                        "clause_text": "\n".join(clauses.get(a["code"], [])),
                    }
                )
        else:
            parents = {n.get("parent") for n in names.values()}
            rows += [{"_r": r, **n} for code, n in names.items() if code not in parents]
    columns: list[Column] = [
        *_unit_columns(lang),
        ("code", lambda x: x["code"], "text"),
        ("indicator", lambda x: localized(x.get("name"), x.get("name_en"), lang), "text"),
        ("score", lambda x: x.get("score"), "score"),
        ("max", lambda x: x.get("max"), "score"),
    ]
    if any("audit" in r for r in results):
        columns += [
            ("lost", lambda x: x.get("lost"), "score"),
            ("rule", lambda x: x.get("rule"), "text"),
            ("status", lambda x: status_name(x.get("status"), lang), "text"),
            ("inputs", lambda x: inputs_text(x.get("inputs")), "text"),
            ("raw", lambda x: _plain(x.get("raw")), "text"),
            ("adjustments", lambda x: "\n".join(x.get("adjustments") or []), "text"),
            ("clauses", lambda x: x.get("clause_text"), "text"),
            ("reason", lambda x: localized(x.get("reason"), x.get("reason_en"), lang), "text"),
            ("note", lambda x: x.get("note"), "text"),
        ]
        if detail == "full":
            columns.append(("evidence", lambda x: "\n".join(x.get("evidence") or []), "text"))
    else:
        columns.append(("share", lambda x: x.get("share"), "share"))
    return columns, rows, lang


def _gap_columns(lang: str) -> list[Column]:
    return [
        *_unit_columns(lang),
        ("code", lambda x: x["code"], "text"),
        ("indicator", lambda x: localized(x.get("name"), x.get("name_en"), lang), "text"),
        ("lost", lambda x: x.get("lost"), "score"),
        ("score", lambda x: x.get("score"), "score"),
        ("max", lambda x: x.get("max"), "score"),
        (
            "department",
            lambda x: localized(x.get("department"), x.get("department_en"), lang),
            "text",
        ),
        ("reason", lambda x: localized(x.get("reason"), x.get("reason_en"), lang), "text"),
    ]


def _ranking_columns(lang: str) -> list[Column]:
    def t(x: Mapping[str, Any]) -> Mapping[str, Any]:
        total: Mapping[str, Any] = x["total"]
        return total

    return [
        ("rank", lambda x: t(x).get("rank"), "int"),
        ("district_rank", lambda x: t(x).get("district_rank"), "int"),
        *_unit_columns(lang)[:2],
        ("district", lambda x: x["unit"].get("district", ""), "text"),
        *_unit_columns(lang)[2:],
        ("score", lambda x: t(x).get("score"), "score"),
        ("share", lambda x: t(x).get("share"), "share"),
        (
            "grade",
            lambda x: localized(t(x).get("grade_name"), t(x).get("grade_name_en"), lang),
            "text",
        ),
        ("result", lambda x: yes_no(t(x).get("passed"), lang), "text"),
    ]


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
