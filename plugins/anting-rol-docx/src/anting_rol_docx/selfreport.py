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
    LEVEL_KEYS,
    RANKING_KEYS,
    RenderOptions,
    document_title,
    gap_part_tables,
    has_peers,
    indicator_details,
    label,
    level_rows,
    level_title,
    localized,
    ranking_rows,
    report_document,
    result_title,
    summary_rows,
    veto_names,
    vocabulary,
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
    title = document_title(results, lang, options.title)
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
    rules = doc["framework"].get("rules") or {}
    for result in results:
        if batch:
            blocks.append(Heading(1, numbered(1, counter.next(), result_title(result, lang), lang)))
        blocks += _result(result, results, rules, lang, options.detail, vetoes)
    return Document(title=title, blocks=blocks, lang=lang)


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def next(self) -> int:
        self.n += 1
        return self.n


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


#: Relative column widths of the gap tables: code, name, lost, what / why, department
#: (and the source column when the assessment states where its figures come from).
_GAP_WIDTHS = (1.0, 2.1, 0.9, 3.8, 1.6, 1.5)


def _result(
    result: Mapping[str, Any],
    results: Sequence[Mapping[str, Any]],
    rules: Mapping[str, Any],
    lang: str,
    detail: str,
    vetoes: Mapping[str, str],
) -> list[Block]:
    level = 2 if len(results) > 1 else 1
    counter = _Counter()

    def heading(text: str) -> Heading:
        return Heading(level, numbered(level, counter.next(), text, lang))

    summary = summary_rows(result, lang, vetoes, show_rank=has_peers(result, results))
    out: list[Block] = [
        heading(label("summary", lang)),
        Table([label("item", lang), label("value", lang)], summary, widths=(1, 3)),
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
    if not gaps:
        out.append(Paragraph([label("no_gaps", lang)]))
    parts = gap_part_tables(gaps, lang) if gaps else []
    for sub, (part, heads, rows) in enumerate(parts, 1):
        title = vocabulary.GAP_PARTS[part].get(lang)
        out.append(Heading(level + 1, numbered(level + 1, sub, title, lang)))
        if rows:
            numeric = tuple(i == 2 for i in range(len(heads)))
            out.append(Table(heads, rows, numeric=numeric, widths=_GAP_WIDTHS[: len(heads)]))
        else:
            out.append(Paragraph([vocabulary.GAP_PARTS[f"{part}_none"].get(lang)]))
    if detail == "full" and "audit" in result:
        out.append(heading(label("details", lang)))
        out.append(_details(result, rules, lang))
    return out


def _details(result: Mapping[str, Any], rules: Mapping[str, Any], lang: str) -> Table:
    """One row per specific indicator: its score, the audit trail in words, the evidence."""
    rows = [
        (d.code, d.name, f"{d.score} / {d.max}", "\n".join(d.lines), "\n".join(d.evidence))
        for d in indicator_details(result, rules, lang)
    ]
    heads = [label("code", lang), label("indicator", lang), label("score", lang)]
    heads += [word("scoring", lang), label("evidence", lang)]
    return Table(
        heads,
        rows,
        numeric=(False, False, True, False, False),
        widths=(1.0, 2.0, 1.9, 4.0, 3.1),
    )
