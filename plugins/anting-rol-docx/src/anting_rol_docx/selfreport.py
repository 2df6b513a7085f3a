"""The self-assessment report (自评报告) as blocks for the Word writer.

The same content as the library's Markdown report, from the same report
document and in the same words: summary, first- and second-level tables, the
gap list (整改清单), and with ``detail="full"`` one table of every specific
indicator's audit trail and evidence. A batch starts with the ranking and, over
several years, the year-over-year totals. Sections are numbered as GB/T 9704
numbers headings: 一、 for a section, （一） within a unit of a batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from anting_rol_docx.blocks import Block, Document, Heading, Paragraph, Table
from anting_rol_docx.words import numbered, word
from anting_rule_of_law.reporting import (
    GAP_KEYS,
    LEVEL_KEYS,
    RANKING_KEYS,
    RenderOptions,
    gap_table,
    inputs_text,
    label,
    level_rows,
    level_title,
    localized,
    ranking_rows,
    report_document,
    rule_kind_name,
    score_text,
    source_items,
    stage_name,
    status_name,
    summary_rows,
    veto_names,
    yoy_headers,
    yoy_rows,
)
from anting_rule_of_law.reporting import table_headers as headers

__all__ = ["build_report"]


def build_report(scorecard: Any, options: RenderOptions) -> Document:
    doc = report_document(scorecard, options)
    lang = options.lang
    results: list[Mapping[str, Any]] = doc["results"]
    batch = len(results) > 1
    title = options.title or (
        label("batch_title", lang) if batch or not results else _title(results[0], lang)
    )
    blocks: list[Block] = [Heading(0, title), *_framework(doc, lang)]
    counter = _Counter()
    if batch:
        blocks.append(Heading(1, numbered(1, counter.next(), label("ranking", lang), lang)))
        blocks.append(_ranking(results, lang))
        yoy = _yoy(doc.get("yoy") or [], results, lang)
        if yoy is not None:
            blocks.append(Heading(1, numbered(1, counter.next(), label("yoy", lang), lang)))
            blocks.append(yoy)
    vetoes = veto_names(doc, lang)
    for result in results:
        if batch:
            blocks.append(Heading(1, numbered(1, counter.next(), _title(result, lang), lang)))
        blocks += _result(result, lang, options.detail, batch, vetoes)
    return Document(title=title, blocks=blocks, lang=lang)


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def next(self) -> int:
        self.n += 1
        return self.n


def _title(result: Mapping[str, Any], lang: str) -> str:
    unit = localized(result["unit"]["name"], result["unit"].get("name_en"), lang)
    stage = stage_name(result["stage"], lang)
    if lang == "zh":
        return f"{unit}{result['year']}年度{label('report_title', lang)}（{stage}）"
    return f"{unit} {result['year']}: {label('report_title', lang)} ({stage})"


def _framework(doc: Mapping[str, Any], lang: str) -> list[Block]:
    fw = doc["framework"]
    name = localized(fw.get("title"), fw.get("title_en"), lang)
    sep = "：" if lang == "zh" else ": "
    out: list[Block] = [
        Paragraph(
            [
                f"{label('framework', lang)}{sep}{name}（{fw['id']} {fw['version']}）"
                if lang == "zh"
                else f"{label('framework', lang)}{sep}{name} ({fw['id']} {fw['version']})"
            ]
        )
    ]
    if fw.get("status") == "reference":
        out.append(Paragraph([label("reference_notice", lang)]))
    return out


def _ranking(results: Sequence[Mapping[str, Any]], lang: str) -> Table:
    return Table(
        headers(RANKING_KEYS, lang),
        ranking_rows(results, lang),
        numeric=(True, False, False, True, False, True, False),
        widths=(0.8, 2, 1.4, 1, 1.2, 1.2, 1.2),
    )


def _yoy(
    yoy: Sequence[Mapping[str, Any]], results: Sequence[Mapping[str, Any]], lang: str
) -> Table | None:
    rows = yoy_rows(yoy, results, lang)
    if not rows:
        return None
    return Table(
        yoy_headers(lang),
        rows,
        numeric=(False, False, True, True, True, True, True),
        widths=(2, 1.2, 1, 1.2, 1, 1.2, 1.2),
    )


def _result(
    result: Mapping[str, Any],
    lang: str,
    detail: str,
    batch: bool,
    vetoes: Mapping[str, str],
) -> list[Block]:
    level = 2 if batch else 1
    counter = _Counter()

    def heading(text: str) -> Heading:
        return Heading(level, numbered(level, counter.next(), text, lang))

    out: list[Block] = [
        heading(label("summary", lang)),
        Table(
            [label("item", lang), label("value", lang)],
            summary_rows(result, lang, vetoes),
            widths=(1, 3),
        ),
    ]
    for block in result["levels"]:
        if block["level"] > 2:
            continue
        out.append(heading(level_title(block["level"], lang)))
        out.append(
            Table(
                headers(LEVEL_KEYS, lang),
                level_rows(block["nodes"], lang),
                numeric=(False, False, True, True, True),
                widths=(1, 4, 1.2, 1.2, 1.2),
            )
        )
    out.append(heading(label("gaps", lang)))
    gaps = result.get("gaps") or []
    if gaps:
        keys, rows = gap_table(gaps, lang)
        sourced = len(keys) > len(GAP_KEYS)  # a source column: the assessment says where from
        out.append(
            Table(
                keys,
                rows,
                numeric=(False, False, True, False, False, False)[: len(keys)],
                widths=(1, 2.2, 1, 1.6, 3.4, 1.2) if sourced else (1, 2.4, 1, 1.8, 4),
            )
        )
    else:
        out.append(Paragraph([label("no_gaps", lang)]))
    if detail == "full" and "audit" in result:
        out.append(heading(label("details", lang)))
        out.append(_details(result, lang))
    return out


def _details(result: Mapping[str, Any], lang: str) -> Table:
    """One row per specific indicator: its score, the audit trail, the evidence."""
    names = {
        n["code"]: localized(n.get("name"), n.get("name_en"), lang)
        for block in result["levels"]
        for n in block["nodes"]
    }
    clauses: dict[str, list[Mapping[str, Any]]] = {}
    for c in result.get("clauses") or []:
        clauses.setdefault(c["code"], []).append(c)
    sep = "：" if lang == "zh" else ": "
    rows = []
    for a in result["audit"]:
        code = a["code"]
        items = [
            (label("rule", lang), rule_kind_name(str(a.get("rule") or ""), lang)),
            (label("status", lang), status_name(a.get("status"), lang)),
            (label("inputs", lang), inputs_text(a.get("inputs"))),
            (label("lost", lang), score_text(a.get("lost"))),
            (label("reason", lang), localized(a.get("reason"), a.get("reason_en"), lang)),
            (label("note", lang), a.get("note")),
        ]
        items += source_items(a.get("source"), lang)
        lines = [f"{k}{sep}{v}" for k, v in items if v not in (None, "")]
        lines += [f"{label('adjustments', lang)}{sep}{adj}" for adj in a.get("adjustments") or []]
        for c in clauses.get(code, []):
            text = localized(c.get("text"), c.get("text_en"), lang) or str(c.get("clause", ""))
            lines.append(
                f"{label('clause', lang)} {c.get('clause')}{sep}{text}"
                f"（{label('deduction', lang)} {score_text(c.get('deduction'))}）"
            )
        rows.append(
            (
                code,
                names.get(code, ""),
                f"{score_text(a.get('score'))} / {score_text(a.get('max'))}",
                "\n".join(lines),
                "\n".join(str(e) for e in a.get("evidence") or []),
            )
        )
    headers = [label("code", lang), label("indicator", lang), label("score", lang)]
    headers += [word("scoring", lang), label("evidence", lang)]
    return Table(
        headers,
        rows,
        numeric=(False, False, True, False, False),
        widths=(1.0, 2.0, 1.9, 4.0, 3.1),
    )
