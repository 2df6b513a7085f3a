"""How a Framework and a Scorecard look in a notebook: short, in the reader's language.

Jupyter (and VS Code, marimo, ...) show an object through ``_repr_html_`` or
``_repr_markdown_``; both records delegate here so the words come from the
reports' vocabulary and the figures are rounded as in the reports (half up, for
display only). The language is ``ANTING_ROL_LANG`` (``zh`` or ``en``; default
``zh``), as for the command line, read each time an object is shown.

A framework shows its identity and size and its first-level indicators, not its
55 leaves (``Framework.to_polars()`` has them all); a Scorecard shows one row per
assessment up to :data:`SCORECARD_ROWS` and says when and how rows were left out.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from attrs import frozen

from anting_rule_of_law.reporters.display import score_text
from anting_rule_of_law.rulekinds.vocabulary import (
    framework_status_name,
    label,
    localized,
    stage_name,
)

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.records import Framework
    from anting_rule_of_law.scoring import Scorecard

__all__ = [
    "FIRST_LEVEL_ROWS",
    "SCORECARD_ROWS",
    "Table",
    "display_lang",
    "framework_repr",
    "framework_table",
    "scorecard_table",
]

#: Rows of a Scorecard's totals shown in a notebook before the rest is left out.
SCORECARD_ROWS = 50
#: First-level indicators shown for a framework before the rest is left out.
FIRST_LEVEL_ROWS = 10

_STATUS = {
    "official": ("官方版本", "official"),
    "reference": ("参考重构版", "reference reconstruction"),
}


def display_lang() -> str:
    """``ANTING_ROL_LANG`` when it is ``zh`` or ``en``, else ``zh``."""
    value = os.environ.get("ANTING_ROL_LANG", "")
    return value if value in ("zh", "en") else "zh"


def _say(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


@frozen
class Table:
    """A titled table with optional facts above it and a note below, as HTML or Markdown."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    facts: tuple[tuple[str, str], ...] = ()
    note: str = ""

    def html(self) -> str:
        esc = html.escape
        parts = ['<div class="anting-rol">', f"<p><b>{esc(self.title)}</b></p>"]
        if self.facts:
            parts.append("<table><tbody>")
            parts += [f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in self.facts]
            parts.append("</tbody></table>")
        parts.append("<table><thead><tr>")
        parts += [f"<th>{esc(h)}</th>" for h in self.headers]
        parts.append("</tr></thead><tbody>")
        for row in self.rows:
            parts.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>")
        parts.append("</tbody></table>")
        if self.note:
            parts.append(f"<p><i>{esc(self.note)}</i></p>")
        parts.append("</div>")
        return "\n".join(parts)

    def markdown(self) -> str:
        from tabulate import tabulate

        def cell(text: str) -> str:
            return " ".join(text.split()).replace("|", "\\|")

        out = [f"**{cell(self.title)}**", ""]
        if self.facts:
            out += [" · ".join(f"{cell(k)} {cell(v)}" for k, v in self.facts), ""]
        rows = [[cell(c) for c in row] for row in self.rows]
        out.append(
            tabulate(rows, headers=list(self.headers), tablefmt="pipe", disable_numparse=True)
        )
        if self.note:
            out += ["", f"*{cell(self.note)}*"]
        return "\n".join(out) + "\n"


# -- Framework ---------------------------------------------------------------------------
def _points(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _levels(fw: Framework) -> str:
    return " / ".join(str(len(fw.level(n))) for n in range(1, fw.depth + 1))


def framework_repr(fw: Framework) -> str:
    """A one-line repr (the attrs one lists every node: 63,530 characters for 4/18/55)."""
    title = fw.title if len(fw.title) <= 40 else fw.title[:39] + "…"
    return (
        f"Framework(id={fw.id!r}, version={fw.version!r}, status={fw.status!r}, "
        f"levels={_levels(fw).replace(' ', '')!r}, total_points={_points(fw.total_points) or None}, "
        f"title={title!r})"
    )


def framework_table(fw: Framework, lang: str | None = None) -> Table:
    """Identity, size and the first-level indicators of ``fw``."""
    lang = display_lang() if lang is None else lang
    facts = (
        ("id", fw.id),
        (_say(lang, "版本", "Version"), fw.version),
        (label("status", lang), framework_status_name(fw.status, lang)),
        (_say(lang, "各级指标数", "Indicators per level"), _levels(fw)),
        (_say(lang, "总分", "Total points"), _points(fw.total_points)),
    )
    roots = fw.roots()
    rows = tuple(
        (
            node.code,
            localized(node.name, node.name_en, lang),
            _points(node.points),
            str(len(fw.children(node.code))),
        )
        for node in roots[:FIRST_LEVEL_ROWS]
    )
    shown = len(rows)
    note = _say(
        lang,
        f"一级指标显示前 {shown} 个（共 {len(roots)} 个）；" if shown < len(roots) else "",
        f"first {shown} of {len(roots)} first-level indicators; " if shown < len(roots) else "",
    ) + _say(lang, "全部指标：.to_polars()", "every indicator: .to_polars()")
    return Table(
        title=localized(fw.title, fw.title_en, lang) or fw.id,
        headers=(
            label("code", lang),
            label("level_1", lang),
            _say(lang, "分值", "Points"),
            _say(lang, "下级指标数", "Sub-indicators"),
        ),
        rows=rows,
        facts=facts,
        note=note,
    )


# -- Scorecard ---------------------------------------------------------------------------
def scorecard_table(
    sc: Scorecard, lang: str | None = None, limit: int | None = SCORECARD_ROWS
) -> Table:
    """One row per (unit, year, stage): the totals as the reports show them."""
    lang = display_lang() if lang is None else lang
    totals = sc.totals
    n = totals.height
    head = totals if limit is None else totals.head(limit)
    vetoes = {v.code: localized(v.name, v.name_en, lang) or v.code for v in sc.framework.vetoes}
    rows = tuple(_scorecard_row(r, lang, vetoes) for r in head.iter_rows(named=True))
    fw = sc.framework
    title = _say(
        lang,
        f"评分结果：{fw.id} {fw.version}，{n} 份评价",
        f"Scorecard {fw.id} {fw.version}: {n} assessment{'s' if n != 1 else ''}",
    )
    note = ""
    if len(rows) < n:
        note = _say(
            lang,
            f"只显示前 {len(rows)} 行（共 {n} 行）；全部行见 .totals（polars DataFrame，未四舍五入）",
            f"only the first {len(rows)} of {n} rows are shown; all of them: .totals "
            "(a polars DataFrame, unrounded)",
        )
    headers = (
        label("unit_code", lang),
        label("unit", lang),
        label("district", lang),
        label("year", lang),
        label("stage", lang),
        label("total", lang),
        label("max", lang),
        label("grade", lang),
        label("result", lang),
        label("rank", lang),
    )
    return Table(title=title, headers=headers, rows=rows, note=note)


def _scorecard_row(r: dict[str, Any], lang: str, vetoes: dict[str, str]) -> tuple[str, ...]:
    fired: Sequence[str] = r.get("vetoes") or ()
    passed = r.get("passed")
    result = "" if passed is None else label("passed" if passed else "failed", lang)
    if r.get("vetoed") and fired:
        names = "、".join(vetoes.get(code, code) for code in fired)
        result += f"（{label('vetoes', lang)}：{names}）" if lang != "en" else f" (veto: {names})"
    return (
        str(r["unit"]),
        "" if r["unit_name"] is None else str(r["unit_name"]),
        "" if r.get("district") is None else str(r["district"]),
        str(r["year"]),
        stage_name(str(r["stage"]), lang),
        score_text(r["score"]),
        score_text(r["max"]),
        localized(r.get("grade_name"), r.get("grade_name_en"), lang),
        result,
        "" if r["rank"] is None else str(r["rank"]),
    )
