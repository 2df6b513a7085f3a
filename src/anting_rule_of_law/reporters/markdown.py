"""The Markdown reporter: the self-assessment report a town hands in (自评报告).

One section per unit-year-stage: summary, first- and second-level tables, the
gap list (整改清单) and — with ``detail="full"`` — every specific indicator's
audit trail and evidence. A batch (several units or years) starts with a
ranking table and, when there are several years, the year-over-year changes.
User text is escaped so a ``|`` or a newline in a note cannot break a table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from tabulate import tabulate

from anting_rule_of_law.hookspecs import OutputFormat, RenderOptions, hookimpl
from anting_rule_of_law.reporters.display import inputs_text, score_text
from anting_rule_of_law.reporters.document import report_document
from anting_rule_of_law.reporters.labels import (
    label,
    level_title,
    localized,
    stage_name,
    status_name,
)
from anting_rule_of_law.reporters.tables import (
    LEVEL_KEYS,
    RANKING_KEYS,
    gap_table,
    headers,
    level_rows,
    ranking_rows,
    source_items,
    summary_rows,
    veto_names,
    yoy_headers,
    yoy_rows,
)

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.scoring import Scorecard

__all__ = ["FORMAT", "arol_register_formats", "arol_render", "cell", "render_markdown"]

FORMAT = OutputFormat(
    name="markdown",
    extension="md",
    media_type="text/markdown; charset=utf-8",
    binary=False,
    description="self-assessment report (自评报告) in Markdown",
    aliases=("md",),
)


#: Characters :func:`cell` rewrites (a line break, or what Markdown or HTML would read).
_SPECIAL = re.compile(r"[\\|<>\n]")


@hookimpl
def arol_register_formats() -> list[OutputFormat]:
    return [FORMAT]


@hookimpl
def arol_render(scorecard: Scorecard, format_name: str, options: RenderOptions) -> str | None:
    if format_name != FORMAT.name:
        return None
    return render_markdown(report_document(scorecard, options), options)


def cell(value: Any) -> str:
    """User text made safe for one Markdown table cell (or one line of text)."""
    text = "" if value is None else str(value)
    if not _SPECIAL.search(text) and text == text.strip():
        return text  # nothing to escape (most cells): skip the replacements
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return "<br>".join(line.strip() for line in text.replace("\r\n", "\n").split("\n"))


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    return tabulate(
        [[cell(v) for v in row] for row in rows],
        headers=[cell(h) for h in headers],
        tablefmt="github",
        disable_numparse=True,
    )


def render_markdown(doc: Mapping[str, Any], options: RenderOptions) -> str:
    """The report text from a :func:`report_document` document."""
    lang = options.lang
    results: list[dict[str, Any]] = doc["results"]
    batch = len(results) > 1
    out: list[str] = []
    title = options.title or (
        label("batch_title", lang) if batch or not results else _result_title(results[0], lang)
    )
    out.append(f"# {cell(title)}")
    out.append("")
    out.extend(_framework_lines(doc, lang))
    if batch:
        out.extend(_ranking(results, lang))
        if doc.get("yoy"):
            out.extend(_yoy(doc["yoy"], results, lang))
    vetoes = veto_names(doc, lang)
    for result in results:
        out.extend(_result(result, doc, lang, options.detail, batch, vetoes))
    return "\n".join(out).rstrip("\n") + "\n"


def _result_title(result: Mapping[str, Any], lang: str) -> str:
    unit = localized(result["unit"]["name"], result["unit"].get("name_en"), lang)
    year = result["year"]
    stage = stage_name(result["stage"], lang)
    if lang == "zh":
        return f"{unit}{year}年度{label('report_title', lang)}（{stage}）"
    return f"{unit} {year}: {label('report_title', lang)} ({stage})"


def _framework_lines(doc: Mapping[str, Any], lang: str) -> list[str]:
    fw = doc["framework"]
    name = localized(fw.get("title"), fw.get("title_en"), lang)
    lines = [f"{label('framework', lang)}: {cell(name)} ({cell(fw['id'])} {cell(fw['version'])})"]
    if fw.get("status") == "reference":
        lines.append("")
        lines.append(f"> {label('reference_notice', lang)}")
    lines.append("")
    return lines


def _ranking(results: Sequence[Mapping[str, Any]], lang: str) -> list[str]:
    table = _table(headers(RANKING_KEYS, lang), ranking_rows(results, lang))
    return [f"## {label('ranking', lang)}", "", table, ""]


def _yoy(
    yoy: Sequence[Mapping[str, Any]], results: Sequence[Mapping[str, Any]], lang: str
) -> list[str]:
    rows = yoy_rows(yoy, results, lang)
    if not rows:
        return []
    return [f"## {label('yoy', lang)}", "", _table(yoy_headers(lang), rows), ""]


def _result(
    result: Mapping[str, Any],
    doc: Mapping[str, Any],
    lang: str,
    detail: str,
    batch: bool,
    vetoes: Mapping[str, str],
) -> list[str]:
    h = "###" if batch else "##"
    out: list[str] = []
    if batch:
        out += [f"## {cell(_result_title(result, lang))}", ""]
    summary = summary_rows(result, lang, vetoes)
    out += [
        f"{h} {label('summary', lang)}",
        "",
        _table([label("item", lang), label("value", lang)], summary),
        "",
    ]
    for block in result["levels"]:
        if block["level"] > 2:
            continue
        table = _table(headers(LEVEL_KEYS, lang), level_rows(block["nodes"], lang))
        out += [f"{h} {level_title(block['level'], lang)}", "", table, ""]
    out += _gaps(result.get("gaps") or [], lang, h)
    if detail == "full" and "audit" in result:
        out += _details(result, lang, h)
    return out


def _gaps(gaps: Sequence[Mapping[str, Any]], lang: str, h: str) -> list[str]:
    out = [f"{h} {label('gaps', lang)}", ""]
    if not gaps:
        return [*out, label("no_gaps", lang), ""]
    return [*out, _table(*gap_table(gaps, lang)), ""]


def _details(result: Mapping[str, Any], lang: str, h: str) -> list[str]:
    names = {
        n["code"]: localized(n.get("name"), n.get("name_en"), lang)
        for block in result["levels"]
        for n in block["nodes"]
    }
    clauses: dict[str, list[Mapping[str, Any]]] = {}
    for c in result.get("clauses") or []:
        clauses.setdefault(c["code"], []).append(c)
    out = [f"{h} {label('details', lang)}", ""]
    sep = "：" if lang == "zh" else ": "
    for a in result["audit"]:
        code = a["code"]
        head = f"{h}# {cell(code)} {cell(names.get(code, ''))}"
        out += [
            f"{head} — {score_text(a.get('score'))} / {score_text(a.get('max'))}",
            "",
        ]
        items = [
            (label("rule", lang), a.get("rule")),
            (label("status", lang), status_name(a.get("status"), lang)),
            (label("inputs", lang), inputs_text(a.get("inputs"))),
            (label("raw", lang), None if a.get("raw") is None else _raw(a["raw"])),
            (label("lost", lang), score_text(a.get("lost"))),
            (label("reason", lang), localized(a.get("reason"), a.get("reason_en"), lang)),
            (label("note", lang), a.get("note")),
        ]
        out += [f"- {k}{sep}{cell(v)}" for k, v in items if v not in (None, "")]
        out += [f"- {cell(k)}{sep}{cell(v)}" for k, v in source_items(a.get("source"), lang)]
        for adj in a.get("adjustments") or []:
            out.append(f"- {label('adjustments', lang)}{sep}{cell(adj)}")
        for c in clauses.get(code, []):
            text = localized(c.get("text"), c.get("text_en"), lang) or c.get("clause", "")
            out.append(
                f"- {label('clause', lang)} {cell(c.get('clause'))}{sep}{cell(text)}"
                f"（{label('inputs', lang)} {cell(_raw(c.get('input')))}，"
                f"{label('deduction', lang)} {score_text(c.get('deduction'))}）"
                if lang == "zh"
                else f"- {label('clause', lang)} {cell(c.get('clause'))}{sep}{cell(text)}"
                f" ({label('inputs', lang).lower()} {cell(_raw(c.get('input')))}, "
                f"{label('deduction', lang).lower()} {score_text(c.get('deduction'))})"
            )
        evidence = a.get("evidence") or []
        if evidence:
            out.append(f"- {label('evidence', lang)}{sep}")
            out += [f"  - {cell(e)}" for e in evidence]
        out.append("")
    return out


def _raw(value: Any) -> str:
    if isinstance(value, float):
        return score_text(value) if not value.is_integer() else str(int(value))
    return "" if value is None else str(value)
