"""The Markdown reporter: the self-assessment report a town hands in (自评报告).

One section per unit-year-stage: summary, first- and second-level tables, the
gap list (整改清单) and — with ``detail="full"`` — every specific indicator's
audit trail and evidence. A batch (several units or years) starts with a
ranking table and, when there are several years, the year-over-year changes.
User text is escaped so a ``|`` or a newline in a note cannot break a table.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

from anting_rule_of_law.hookspecs import OutputFormat, RenderOptions, hookimpl
from anting_rule_of_law.reporters.document import collection_paused, report_document, result_key
from anting_rule_of_law.reporters.md_levels import SHOWN_LEVELS, TableKey, level_tables
from anting_rule_of_law.reporters.mdtable import github_table, measured
from anting_rule_of_law.reporters.stage_tables import (
    comparison_changes,
    comparison_note,
    comparison_standing,
    comparison_title,
)
from anting_rule_of_law.reporters.tables import (
    LEVEL_KEYS,
    RANKING_KEYS,
    gap_part_tables,
    headers,
    level_rows,
    ranking_rows,
    summary_rows,
    veto_names,
    yoy_headers,
    yoy_rows,
)
from anting_rule_of_law.reporters.wording import (
    document_title,
    has_peers,
    indicator_details,
    result_title,
)
from anting_rule_of_law.rulekinds.vocabulary import (
    GAP_PARTS,
    label,
    level_title,
    localized,
)
from anting_rule_of_law.textsafe import markdown_text

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.scoring import Scorecard

__all__ = [
    "FORMAT",
    "arol_register_formats",
    "arol_render",
    "cell",
    "iter_markdown",
    "markdown_document",
    "render_markdown",
    "write_markdown",
]

FORMAT = OutputFormat(
    name="markdown",
    extension="md",
    media_type="text/markdown; charset=utf-8",
    binary=False,
    description="self-assessment report (自评报告) in Markdown",
    aliases=("md",),
)


@hookimpl
def arol_register_formats() -> list[OutputFormat]:
    return [FORMAT]


@hookimpl
def arol_render(scorecard: Scorecard, format_name: str, options: RenderOptions) -> str | None:
    if format_name != FORMAT.name:
        return None
    with collection_paused():
        doc, tables = _prepared(scorecard, options)
        return "".join(iter_markdown(doc, options, level_tables=tables))


def write_markdown(scorecard: Scorecard, options: RenderOptions, out: IO[str]) -> None:
    """The report written to ``out`` section by section (the text :func:`arol_render`
    returns, never held whole: a batch of 16,950 unit-years is 94 M characters)."""
    with collection_paused():
        doc, tables = _prepared(scorecard, options)
        for chunk in iter_markdown(doc, options, level_tables=tables):
            out.write(chunk)


def markdown_document(
    scorecard: Scorecard, options: RenderOptions, *, levels: bool = True
) -> dict[str, Any]:
    """The :func:`report_document` this report shows: the year-over-year change of the
    totals only and, without the audit trail (which names the specific indicators),
    the first two levels of nodes (none without ``levels``)."""
    max_level = None if options.detail == "full" else 2 if levels else 0
    return report_document(scorecard, options, max_level=max_level, yoy_totals_only=True)


def _prepared(
    scorecard: Scorecard, options: RenderOptions
) -> tuple[dict[str, Any], dict[TableKey, str] | None]:
    """The document and, at ``detail="summary"``, every level table made at once
    (:func:`~anting_rule_of_law.reporters.md_levels.level_tables`; the document then
    leaves the nodes out)."""
    tables = None
    if options.detail != "full":
        fw = scorecard.framework
        order = {node.code: i for i, node in enumerate(fw.walk())}
        heads = [cell(h) for h in headers(LEVEL_KEYS, options.lang)]
        tables = level_tables(scorecard.nodes, order, heads, options.lang, _cell_measured)
    return markdown_document(scorecard, options, levels=tables is None), tables


def cell(value: Any) -> str:
    """User text made safe for one Markdown table cell (or one line of text): no syntax, no controls."""
    if type(value) is str:
        return _cell_text(value)
    return markdown_text(value)


@functools.lru_cache(maxsize=65536)
def _cell_text(text: str) -> str:
    """Names, scores and words repeat in every unit's tables of a batch: made safe once each."""
    return markdown_text(text)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    return github_table([cell(h) for h in headers], rows, _cell_measured)


@functools.lru_cache(maxsize=262144)
def _cell_measured(value: str) -> tuple[str, int]:
    """A table cell made safe and measured at once (:func:`cell`, then ``measured``):
    a batch's tables repeat their names, words and scores."""
    return measured(cell(value))


def render_markdown(doc: Mapping[str, Any], options: RenderOptions) -> str:
    """The report text from a :func:`report_document` document."""
    return "".join(iter_markdown(doc, options))


def iter_markdown(
    doc: Mapping[str, Any],
    options: RenderOptions,
    *,
    level_tables: Mapping[TableKey, str] | None = None,
) -> Iterator[str]:
    """The report text of :func:`render_markdown` in pieces, one section at a time;
    ``level_tables``: each result's level tables made beforehand (instead of the
    document's ``levels``)."""
    return _ended(_sections(doc, options, level_tables))


def _sections(
    doc: Mapping[str, Any], options: RenderOptions, tables: Mapping[TableKey, str] | None
) -> Iterator[list[str]]:
    lang = options.lang
    results: list[dict[str, Any]] = doc["results"]
    batch = len(results) > 1
    yield [f"# {cell(document_title(results, lang, options.title))}", ""]
    yield _framework_lines(doc, lang)
    if batch:
        yield _ranking(results, lang)
        if doc.get("yoy"):
            yield _yoy(doc["yoy"], results, lang)
    vetoes = veto_names(doc, lang)
    rules = doc["framework"].get("rules") or {}
    for result in results:
        yield _result(result, results, rules, lang, options.detail, vetoes, tables)


def _ended(sections: Iterable[list[str]]) -> Iterator[str]:
    """The sections' lines joined by line breaks, the text ending in exactly one:
    ``"\\n".join(all lines).rstrip("\\n") + "\\n"``, written piece by piece."""
    held = ""  # line breaks that end the text so far: written only if text follows
    for lines in sections:
        if not lines:
            continue
        chunk = "\n".join(lines) + "\n"
        body = chunk.rstrip("\n")
        if body:
            yield held + body
            held = chunk[len(body) :]
        else:
            held += chunk
    yield "\n"


def _framework_lines(doc: Mapping[str, Any], lang: str) -> list[str]:
    fw = doc["framework"]
    name = localized(fw.get("title"), fw.get("title_en"), lang)
    sep = "：" if lang == "zh" else ": "
    lines = [
        f"{label('framework', lang)}{sep}{cell(name)}（{cell(fw['id'])} {cell(fw['version'])}）"
    ]
    if lang != "zh":
        lines = [
            f"{label('framework', lang)}: {cell(name)} ({cell(fw['id'])} {cell(fw['version'])})"
        ]
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
    results: Sequence[Mapping[str, Any]],
    rules: Mapping[str, Any],
    lang: str,
    detail: str,
    vetoes: Mapping[str, str],
    tables: Mapping[TableKey, str] | None = None,
) -> list[str]:
    batch = len(results) > 1
    h = "###" if batch else "##"
    out: list[str] = []
    if batch:
        out += [f"## {cell(result_title(result, lang))}", ""]
    summary = summary_rows(result, lang, vetoes, show_rank=has_peers(result, results))
    out += [
        f"{h} {label('summary', lang)}",
        "",
        _table([label("item", lang), label("value", lang)], summary),
        "",
    ]
    out += _comparison(result, lang, h)
    if tables is not None:
        key = result_key(result)
        for level in SHOWN_LEVELS:
            table = tables.get((*key, level))
            if table is not None:
                out += [f"{h} {level_title(level, lang)}", "", table, ""]
    for block in result["levels"]:
        if block["level"] > 2:
            continue
        table = _table(headers(LEVEL_KEYS, lang), level_rows(block["nodes"], lang))
        out += [f"{h} {level_title(block['level'], lang)}", "", table, ""]
    out += _gaps(result.get("gaps") or [], lang, h)
    if detail == "full" and "audit" in result:
        out += _details(result, rules, lang, h)
    return out


def _comparison(result: Mapping[str, Any], lang: str, h: str) -> list[str]:
    """自评与初审对比: both totals, then every changed specific indicator with the remark."""
    comparison = result.get("comparison")
    if not comparison:
        return []
    out = [f"{h} {cell(comparison_title(comparison, lang))}", ""]
    out += [_table(*comparison_standing(comparison, lang)), ""]
    changes = comparison_changes(comparison, lang)
    if changes[1]:
        out += [_table(*changes), ""]
    return [*out, comparison_note(comparison, lang), ""]


def _gaps(gaps: Sequence[Mapping[str, Any]], lang: str, h: str) -> list[str]:
    out = [f"{h} {label('gaps', lang)}", ""]
    if not gaps:
        return [*out, label("no_gaps", lang), ""]
    for part, heads, rows in gap_part_tables(gaps, lang):
        out += [f"{h}# {GAP_PARTS[part].get(lang)}", ""]
        if rows:
            out += [_table(heads, rows), ""]
        else:
            out += [GAP_PARTS[f"{part}_none"].get(lang), ""]
    return out


def _details(result: Mapping[str, Any], rules: Mapping[str, Any], lang: str, h: str) -> list[str]:
    out = [f"{h} {label('details', lang)}", ""]
    sep = "：" if lang == "zh" else ": "
    for d in indicator_details(result, rules, lang):
        out += [f"{h}# {cell(d.code)} {cell(d.name)} — {d.score} / {d.max}", ""]
        out += [f"- {cell(line)}" for line in d.lines]
        if d.evidence:
            out.append(f"- {label('evidence', lang)}{sep}")
            out += [f"  - {cell(e)}" for e in d.evidence]
        out.append("")
    return out
