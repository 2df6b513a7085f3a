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
import io
import threading
import zipfile
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import xlsxwriter
import xlsxwriter.workbook

from anting_rule_of_law.hookspecs import OutputFormat, RenderOptions, hookimpl
from anting_rule_of_law.reporters.document import (
    collection_paused,
    ranking_order,
    report_document,
)
from anting_rule_of_law.reporters.excel_charts import write_charts
from anting_rule_of_law.reporters.tables import OPPORTUNITY_KINDS, gap_cause, pass_rule_text
from anting_rule_of_law.reporters.wording import (
    audit_lines,
    document_title,
    has_peers,
    scope_text,
    unit_name,
)
from anting_rule_of_law.reporters.xlsx_parts import Column, Page, Styles, write_table
from anting_rule_of_law.rulekinds.vocabulary import (
    GAP_PARTS,
    label,
    localized,
    provenance_text,
    rule_kind_name,
    source_name,
    stage_name,
    yes_no,
)
from anting_rule_of_law.xlsxprint import display_width

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.scoring import Scorecard

__all__ = [
    "FIXED_CREATED",
    "FORMAT",
    "SHEETS",
    "XLSX_MEDIA_TYPE",
    "ZIP_LEVEL",
    "arol_register_formats",
    "arol_render",
    "comparison_columns",
    "comparison_rows",
    "display_width",
    "framework_about",
    "new_workbook",
    "render_workbook",
    "veto_labels",
]

#: The media type of every workbook the library writes.
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMAT = OutputFormat(
    name="xlsx",
    extension="xlsx",
    media_type=XLSX_MEDIA_TYPE,
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
        "charts": "图表",
        "comparison": "阶段对比",
    },
    "en": {
        "overview": "Overview",
        "level1": "Level 1",
        "level2": "Level 2",
        "leaves": "Indicators",
        "gaps": "Gaps",
        "ranking": "Ranking",
        "charts": "Charts",
        "comparison": "Stages compared",
    },
}

#: The workbook's creation date unless a timestamp is asked for (no clock time: same bytes).
FIXED_CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


@hookimpl
def arol_register_formats() -> list[OutputFormat]:
    return [FORMAT]


@hookimpl
def arol_render(scorecard: Scorecard, format_name: str, options: RenderOptions) -> bytes | None:
    if format_name != FORMAT.name:
        return None
    with collection_paused():
        return render_workbook(report_document(scorecard, options), options)


def render_workbook(doc: Mapping[str, Any], options: RenderOptions) -> bytes:
    """The workbook's bytes from a :func:`report_document` document."""
    lang = options.lang
    names = SHEETS[lang]
    buf = io.BytesIO()
    results: list[dict[str, Any]] = doc["results"]
    wb = new_workbook(buf, doc, options, document_title(results, lang, options.title))
    page = Page(scope=scope_text(results, lang), lang=lang)
    styles = Styles(wb)
    vetoes = veto_labels(doc, lang)
    # One unit-year-stage: who and when are in every page header, not in every row.
    per_row = len(results) > 1

    # Where the figures come from, when the assessments say (the Anting example does).
    sourced = any(provenance_text(r.get("provenance"), lang) for r in results)
    overview = _overview_columns(
        lang, vetoes, doc["framework"], ranked=_any_peers(results), one=len(results) == 1
    )
    if sourced:
        overview.append(
            Column("source", lambda x: provenance_text(x.get("provenance"), lang), "long")
        )
    # A batch's overview (one page) names its indicator system, with the notice when it
    # is a reference reconstruction, once above the table: in the page header.
    about = "" if len(results) == 1 else framework_about(doc["framework"], lang)
    write_table(wb, styles, page, names["overview"], overview, results, one_page=True, note=about)
    level_rows: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    for r in results:
        for b in r["levels"]:
            if b["level"] in level_rows:
                level_rows[b["level"]] += [{"_r": r, **n} for n in b["nodes"]]
    for level, key in ((1, "level1"), (2, "level2")):
        write_table(wb, styles, page, names[key], _node_columns(lang, per_row), level_rows[level])
    rules = doc["framework"].get("rules") or {}
    leaf_columns, leaf_rows = _leaf_sheet(results, rules, lang, per_row)
    if sourced and any("audit" in r for r in results):
        leaf_columns += _source_columns(lang)
    write_table(wb, styles, page, names["leaves"], leaf_columns, leaf_rows)
    gap_columns, gap_rows = _gap_sheet(results, lang, per_row)
    if sourced:
        gap_columns.append(Column("source", lambda x: source_name(x.get("source"), lang), "text"))
    write_table(wb, styles, page, names["gaps"], gap_columns, gap_rows)
    compared = comparison_rows(results, lang)
    if compared:
        write_table(wb, styles, page, names["comparison"], comparison_columns(lang), compared)
    units = {r["unit"]["code"] for r in results}
    years = {r["year"] for r in results}
    ranked = ranking_order(results)
    if len(units) > 1 or len(years) > 1:
        write_table(wb, styles, page, names["ranking"], _ranking_columns(lang), ranked)
    write_charts(wb, styles, page, names["charts"], ranked, lang)
    wb.close()
    return buf.getvalue()


def comparison_rows(results: Sequence[Mapping[str, Any]], lang: str) -> list[dict[str, Any]]:
    """阶段对比: per unit-year assessed at two stages, the totals (with whether each
    passes) and then every changed specific indicator, largest change first."""
    rows: list[dict[str, Any]] = []
    for r in results:
        c = r.get("comparison")
        if not c:
            continue
        before, after = c["before"], c["after"]

        def verdict(side: Mapping[str, Any]) -> str:
            passed = side.get("passed")
            word = "" if passed is None else label("passed" if passed else "failed", lang)
            return (
                f"{stage_name(side['stage'], lang)}：{word}"
                if lang == "zh"
                else (f"{stage_name(side['stage'], lang)}: {word}")
            )

        rows.append(
            {
                "_r": r,
                "_c": c,
                "code": "",
                "name": label("total", lang),
                "score_before": before.get("score"),
                "score": after.get("score"),
                "difference": c.get("difference"),
                "remark": "；".join((verdict(before), verdict(after)))
                if lang == "zh"
                else "; ".join((verdict(before), verdict(after))),
            }
        )
        for change in c.get("indicators") or []:
            remark = change.get("remark") or localized(
                change.get("reason"), change.get("reason_en"), lang
            )
            rows.append({"_r": r, "_c": c, **change, "remark": remark})
    return rows


def comparison_columns(lang: str) -> list[Column]:
    return [
        *_unit_columns(lang),
        Column("against", lambda x: stage_name(x["_c"]["against"], lang), "text"),
        Column("code", lambda x: x["code"], "code"),
        Column("indicator", lambda x: localized(x.get("name"), x.get("name_en"), lang), "name"),
        Column("score_before", lambda x: x.get("score_before"), "score"),
        Column("score", lambda x: x.get("score"), "score"),
        Column("difference", lambda x: x.get("difference"), "delta"),
        Column("remark", lambda x: x.get("remark"), "long"),
    ]


def new_workbook(
    buf: io.BytesIO, doc: Mapping[str, Any], options: RenderOptions, title: str
) -> Any:
    """A workbook writing into ``buf``: user text never becomes a formula, link or
    number; the title, the framework id and a fixed (or asked-for) creation date."""
    wb = _Workbook(
        buf,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    wb.set_properties(
        {"title": title, "comments": doc["framework"]["id"], "created": _created(doc, options)}
    )
    return wb


#: The deflate level of the workbook's zip members. xlsxwriter leaves zlib at its
#: default, 6; level 3 writes a city's full workbook (21.6 MB of XML) in about 40 %
#: of the time for a file about 16 % larger (2.7 MB against 2.4 MB), still one to mail.
ZIP_LEVEL = 3
_ZIP_LOCK = threading.Lock()


class _LevelledZipInfo(zipfile.ZipInfo):
    """A zip member compressed at :data:`ZIP_LEVEL` (``writestr`` takes the level of the
    member it is given)."""

    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compresslevel = ZIP_LEVEL  # type: ignore[misc]  # a slot of ZipInfo itself


class _Workbook(xlsxwriter.Workbook):  # type: ignore[misc]
    """A workbook whose zip is deflated at :data:`ZIP_LEVEL`.

    Why this way: xlsxwriter makes each member's ``ZipInfo`` inside ``_store_workbook``
    and has no option for the level, so the member class its module uses is swapped
    for the store only (under a lock, put back afterwards). Should a later xlsxwriter
    store differently, the swap simply has no effect and the default level is used.
    """

    def _store_workbook(self) -> None:
        module = xlsxwriter.workbook
        with _ZIP_LOCK:
            original = getattr(module, "ZipInfo", None)
            if original is not zipfile.ZipInfo:
                super()._store_workbook()
                return
            module.ZipInfo = _LevelledZipInfo
            try:
                super()._store_workbook()
            finally:
                module.ZipInfo = original


def veto_labels(doc: Mapping[str, Any], lang: str) -> dict[str, str]:
    """Veto code -> ``V4 未按规定…`` (the code and its name in ``lang``)."""
    return {
        v["code"]: f"{v['code']} {localized(v.get('name'), v.get('name_en'), lang)}"
        for v in doc["framework"].get("vetoes") or []
    }


def framework_about(framework: Mapping[str, Any], lang: str, *, in_cell: bool = False) -> str:
    """Which indicator system, and the notice when it is a reference reconstruction:
    a workbook handed in must say so on the page. ``in_cell``: the id and version on a
    line of their own, for a cell that wraps — left to the spreadsheet, a wrap may
    fall just before a closing parenthesis and start the next line with it."""
    title = localized(framework.get("title"), framework.get("title_en"), lang)
    version = f"{framework['id']} {framework['version']}"
    gap = "\n" if in_cell else ("" if lang == "zh" else " ")
    about = f"{title}{gap}（{version}）" if lang == "zh" else f"{title}{gap}({version})"
    if framework.get("status") == "reference":
        about += "\n" + label("reference_notice", lang)
    return about


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


def _unit_columns(lang: str) -> list[Column]:
    return [
        Column("unit_code", lambda x: _r(x)["unit"]["code"], "code"),
        Column("unit", lambda x: unit_name(_r(x), lang), "name"),
        Column("year", lambda x: _r(x)["year"], "int"),
        Column("stage", lambda x: stage_name(_r(x)["stage"], lang), "text"),
    ]


def _r(row: Mapping[str, Any]) -> Mapping[str, Any]:
    """The result a row belongs to (rows of the detail sheets carry it as ``_r``)."""
    result: Mapping[str, Any] = row.get("_r", row)
    return result


def _t(x: Mapping[str, Any]) -> Mapping[str, Any]:
    total: Mapping[str, Any] = x["total"]
    return total


def _any_peers(results: Sequence[Mapping[str, Any]]) -> bool:
    """Whether any result was ranked against another unit (else no rank columns)."""
    return any(has_peers(r, results) for r in results)


def _overview_columns(
    lang: str,
    vetoes: Mapping[str, str],
    framework: Mapping[str, Any],
    *,
    ranked: bool,
    one: bool = True,
) -> list[Column]:
    # Which indicator system the scores are against (a single unit's overview).
    about = framework_about(framework, lang, in_cell=True)

    def verdict(x: Mapping[str, Any]) -> str:
        passed = _t(x).get("passed")
        return "" if passed is None else label("passed" if passed else "failed", lang)

    return [
        *_unit_columns(lang)[:2],
        Column("district", lambda x: x["unit"].get("district", ""), "text"),
        *_unit_columns(lang)[2:],
        Column("score", lambda x: _t(x).get("score"), "score"),
        Column("max", lambda x: _t(x).get("max"), "score"),
        Column("share", lambda x: _t(x).get("share"), "share"),
        Column(
            "grade",
            lambda x: localized(_t(x).get("grade_name"), _t(x).get("grade_name_en"), lang),
            "text",
        ),
        Column("result", verdict, "text"),
        *(
            [Column("pass_rule", lambda x: pass_rule_text(x["pass_rule"], lang), "long")]
            if framework.get("pass_requires")
            else []
        ),
        Column(
            "vetoes",
            lambda x: "\n".join(vetoes.get(v, v) for v in _t(x).get("vetoes") or []),
            "name",
        ),
        *(
            [
                Column("rank", lambda x: _t(x).get("rank"), "int"),
                Column("district_rank", lambda x: _t(x).get("district_rank"), "int"),
            ]
            if ranked
            else []
        ),
        # A single unit's row shows it all; a batch says it once, in the page header.
        *([Column("framework", lambda x: about, "about")] if one else []),
    ]


def _node_columns(lang: str, per_row: bool) -> list[Column]:
    return [
        *(_unit_columns(lang) if per_row else []),
        Column("code", lambda x: x["code"], "code"),
        Column("indicator", lambda x: localized(x.get("name"), x.get("name_en"), lang), "name"),
        Column("score", lambda x: x.get("score"), "score"),
        Column("max", lambda x: x.get("max"), "score"),
        Column("share", lambda x: x.get("share"), "share"),
        *([Column("rank", lambda x: x.get("rank"), "int")] if per_row else []),
    ]


def _leaf_sheet(
    results: Sequence[Mapping[str, Any]],
    rules: Mapping[str, Any],
    lang: str,
    per_row: bool,
) -> tuple[list[Column], list[dict[str, Any]]]:
    """Columns and rows of 具体指标: the audit trail in words when present, else the
    leaf nodes."""
    rows: list[dict[str, Any]] = []
    for r in results:
        names = {n["code"]: n for b in r["levels"] for n in b["nodes"]}
        if "audit" in r:
            fired: dict[str, list[Mapping[str, Any]]] = {}
            for c in r.get("clauses") or []:
                fired.setdefault(c["code"], []).append(c)
            for a in r["audit"]:
                node = names.get(a["code"], {})
                trail = audit_lines(a, rules.get(a["code"]), fired.get(a["code"], []), lang)
                reason = localized(a.get("reason"), a.get("reason_en"), lang)
                if a.get("lost") and reason and a.get("status") == "scored":
                    sep = "：" if lang == "zh" else ": "
                    trail.append(f"{label('reason', lang)}{sep}{reason}")
                rows.append(
                    {
                        "_r": r,
                        **a,
                        "name": node.get("name", ""),
                        "name_en": node.get("name_en", ""),
                        "trail": "\n".join(trail),
                    }
                )
        else:
            parents = {n.get("parent") for n in names.values()}
            rows += [{"_r": r, **n} for code, n in names.items() if code not in parents]
    columns: list[Column] = [
        *(_unit_columns(lang) if per_row else []),
        Column("code", lambda x: x["code"], "code"),
        Column("indicator", lambda x: localized(x.get("name"), x.get("name_en"), lang), "name"),
        Column("score", lambda x: x.get("score"), "score"),
        Column("max", lambda x: x.get("max"), "score"),
    ]
    if any("audit" in r for r in results):
        columns += [
            Column("lost", lambda x: x.get("lost"), "score"),
            Column("rule", lambda x: rule_kind_name(str(x.get("rule") or ""), lang), "text"),
            Column("trail", lambda x: x.get("trail"), "trail"),
            Column("note", lambda x: x.get("note"), "long"),
            Column("evidence", lambda x: "\n".join(x.get("evidence") or []), "long"),
        ]
    else:
        columns.append(Column("share", lambda x: x.get("share"), "share"))
    return columns, rows


def _source_columns(lang: str) -> list[Column]:
    """An audit row's source: the marker, and the passage it cites with where it is."""

    def quote(x: Mapping[str, Any]) -> str:
        source = x.get("source") or {}
        text = str(source.get("quote") or "")
        return f"{source.get('ref')}：{text}" if text and source.get("ref") else text

    return [
        Column("source", lambda x: source_name((x.get("source") or {}).get("kind"), lang), "text"),
        Column("quote", quote, "long"),
    ]


def _gap_sheet(
    results: Sequence[Mapping[str, Any]], lang: str, per_row: bool
) -> tuple[list[Column], list[dict[str, Any]]]:
    """Columns and rows of 失分清单: its two parts one after the other, each row
    naming its part (扣分事项 / 未得分的加分与创新项)."""
    rows: list[dict[str, Any]] = []
    for part in ("deductions", "opportunities"):
        for r in results:
            for g in r["gaps"]:
                if (g.get("rule") in OPPORTUNITY_KINDS) == (part == "opportunities"):
                    why = (
                        gap_cause(g, lang)
                        if part == "deductions"
                        else localized(g.get("reason"), g.get("reason_en"), lang)
                    )
                    rows.append({"_r": r, **g, "part": GAP_PARTS[part].get(lang), "why": why})
    columns = [
        Column("gap_part", lambda x: x["part"], "name"),
        *(_unit_columns(lang) if per_row else []),
        Column("code", lambda x: x["code"], "code"),
        Column("indicator", lambda x: localized(x.get("name"), x.get("name_en"), lang), "name"),
        Column("lost", lambda x: x.get("lost"), "score"),
        Column("score", lambda x: x.get("score"), "score"),
        Column("max", lambda x: x.get("max"), "score"),
        Column("cause", lambda x: x.get("why"), "trail"),
        Column(
            "department",
            lambda x: localized(x.get("department"), x.get("department_en"), lang),
            "text",
        ),
    ]
    return columns, rows


def _ranking_columns(lang: str) -> list[Column]:
    return [
        Column("rank", lambda x: _t(x).get("rank"), "int"),
        Column("district_rank", lambda x: _t(x).get("district_rank"), "int"),
        *_unit_columns(lang)[:2],
        Column("district", lambda x: x["unit"].get("district", ""), "text"),
        *_unit_columns(lang)[2:],
        Column("score", lambda x: _t(x).get("score"), "score"),
        Column("share", lambda x: _t(x).get("share"), "share"),
        Column(
            "grade",
            lambda x: localized(_t(x).get("grade_name"), _t(x).get("grade_name_en"), lang),
            "text",
        ),
        Column("result", lambda x: yes_no(_t(x).get("passed"), lang), "text"),
    ]


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
