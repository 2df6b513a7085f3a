"""The plugin contract: everything an output plugin (a reporter) may use, in one module.

Why one module: a reporter written against these names keeps working across
releases of the same minor series (``anting-rule-of-law>=0.1,<0.2``); every
other module of the package is internal and may change in any release. The
contract (documented in docs/plugins.md) is:

- the hooks: :data:`hookimpl` to mark ``arol_register_formats`` and
  ``arol_render``, :class:`OutputFormat`, :class:`RenderOptions`;
- the report document: :func:`report_document` (its keys are listed one by one
  in docs/plugins.md and described by ``anting-rol schema report``),
  :data:`SCHEMA_VERSION`, :func:`ranking_order`, :func:`result_key`;
- numbers for people: :func:`score_text`, :func:`share_text`,
  :func:`inputs_text`, :func:`round_half_up` (四舍五入, never half-to-even);
- the report's tables as rows of display text: :func:`summary_rows`,
  :func:`level_rows`, :func:`gap_rows` (:func:`gap_table` with the source column),
  :func:`ranking_rows`, :func:`yoy_rows`, :func:`source_items`, the comparison of
  two stages (:func:`comparison_title`, :func:`comparison_standing`,
  :func:`comparison_changes`, :func:`comparison_note`)
  with their column keys and :func:`table_headers`, :func:`veto_names`; the gap
  list in its two parts, :func:`gap_part_tables` (headers and rows, a source
  column when sources are stated), :func:`gap_parts` (:data:`DEDUCTION_KEYS`,
  :data:`OPPORTUNITY_KEYS`) and :func:`gap_cause`;
- the report's sentences: :func:`document_title`, :func:`result_title` (自评报告 /
  初审意见 / 核定结果), :func:`scope_text` (unit, year and stage for page headers),
  :func:`has_peers` (no rank for a single unit), :func:`audit_lines` (how each
  specific indicator was scored, in words), :func:`indicator_details` (the
  report's details section as :class:`IndicatorDetail` records) and the number styles
  :func:`rate_text`, :func:`count_text`, :func:`standard_text`;
- words for people: the :mod:`vocabulary` (every word a reader sees, in zh and
  en) and its helpers :func:`label`, :func:`localized`, :func:`stage_name`,
  :func:`status_name`, :func:`rule_kind_name`, :func:`veto_effect_name`,
  :func:`source_name`, :func:`provenance_text` (where the figures come from),
  :func:`yes_no`, :func:`level_title`, :func:`word` with :class:`Words`;
- text from input files made safe for where it goes (:mod:`textsafe`):
  :func:`without_controls` (NUL, ESC, BEL, bidi overrides removed),
  :func:`markdown_text` (no link, image, HTML or table break can form) and
  :func:`spreadsheet_text` (no cell runs as a formula);
- types: :data:`Lang`, :data:`Detail`, :class:`Scorecard` (for annotations),
  :class:`OutputError` (raise it to fail your format with a message of your own).

Importing this module is light (no polars): plugins are imported whenever
formats are listed. :class:`Scorecard` and :func:`round_half_up` are loaded on
first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from anting_rule_of_law._lazy import lazy_exports
from anting_rule_of_law.errors import OutputError
from anting_rule_of_law.hookspecs import OutputFormat, RenderOptions, hookimpl
from anting_rule_of_law.literals import Detail, Lang
from anting_rule_of_law.reporters.display import (
    inputs_text,
    lost_text,
    score_text,
    share_of_text,
    share_text,
)
from anting_rule_of_law.reporters.document import (
    SCHEMA_VERSION,
    ranking_order,
    report_document,
    result_key,
)
from anting_rule_of_law.reporters.stage_tables import (
    comparison_changes,
    comparison_note,
    comparison_standing,
    comparison_title,
)
from anting_rule_of_law.reporters.tables import (
    DEDUCTION_KEYS,
    GAP_KEYS,
    LEVEL_KEYS,
    OPPORTUNITY_KEYS,
    RANKING_KEYS,
    gap_cause,
    gap_part_tables,
    gap_parts,
    gap_rows,
    gap_table,
    level_rows,
    pass_rule_text,
    ranking_rows,
    source_items,
    summary_rows,
    veto_names,
    yoy_headers,
    yoy_rows,
)
from anting_rule_of_law.reporters.tables import headers as table_headers
from anting_rule_of_law.reporters.wording import (
    IndicatorDetail,
    audit_lines,
    count_text,
    document_title,
    has_peers,
    indicator_details,
    rate_text,
    result_title,
    scope_text,
    standard_text,
    unit_name,
)
from anting_rule_of_law.rulekinds import vocabulary
from anting_rule_of_law.rulekinds.vocabulary import (
    Words,
    label,
    level_title,
    localized,
    provenance_text,
    rule_kind_name,
    source_name,
    stage_name,
    status_name,
    veto_effect_name,
    word,
    yes_no,
)
from anting_rule_of_law.textsafe import markdown_text, spreadsheet_text, without_controls

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.scoring.rounding import round_half_up
    from anting_rule_of_law.scoring.scorecard import Scorecard

__all__ = [
    "DEDUCTION_KEYS",
    "GAP_KEYS",
    "LEVEL_KEYS",
    "OPPORTUNITY_KEYS",
    "RANKING_KEYS",
    "SCHEMA_VERSION",
    "Detail",
    "IndicatorDetail",
    "Lang",
    "OutputError",
    "OutputFormat",
    "RenderOptions",
    "Scorecard",
    "Words",
    "audit_lines",
    "comparison_changes",
    "comparison_note",
    "comparison_standing",
    "comparison_title",
    "count_text",
    "document_title",
    "gap_cause",
    "gap_part_tables",
    "gap_parts",
    "gap_rows",
    "gap_table",
    "has_peers",
    "hookimpl",
    "indicator_details",
    "inputs_text",
    "label",
    "level_rows",
    "level_title",
    "localized",
    "lost_text",
    "markdown_text",
    "pass_rule_text",
    "provenance_text",
    "ranking_order",
    "ranking_rows",
    "rate_text",
    "report_document",
    "result_key",
    "result_title",
    "round_half_up",
    "rule_kind_name",
    "scope_text",
    "score_text",
    "share_of_text",
    "share_text",
    "source_items",
    "source_name",
    "spreadsheet_text",
    "stage_name",
    "standard_text",
    "status_name",
    "summary_rows",
    "table_headers",
    "unit_name",
    "veto_effect_name",
    "veto_names",
    "vocabulary",
    "without_controls",
    "word",
    "yes_no",
    "yoy_headers",
    "yoy_rows",
]

_LAZY = {
    "Scorecard": "anting_rule_of_law.scoring.scorecard",
    "round_half_up": "anting_rule_of_law.scoring.rounding",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
