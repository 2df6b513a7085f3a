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
  :func:`ranking_rows`, :func:`yoy_rows`, :func:`source_items`
  with their column keys and :func:`table_headers`, :func:`veto_names`;
- words for people: the :mod:`vocabulary` (every word a reader sees, in zh and
  en) and its helpers :func:`label`, :func:`localized`, :func:`stage_name`,
  :func:`status_name`, :func:`rule_kind_name`, :func:`veto_effect_name`,
  :func:`source_name`, :func:`provenance_text` (where the figures come from),
  :func:`yes_no`, :func:`level_title`, :func:`word` with :class:`Words`;
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
from anting_rule_of_law.reporters.display import inputs_text, score_text, share_text
from anting_rule_of_law.reporters.document import (
    SCHEMA_VERSION,
    ranking_order,
    report_document,
    result_key,
)
from anting_rule_of_law.reporters.tables import (
    GAP_KEYS,
    LEVEL_KEYS,
    RANKING_KEYS,
    gap_rows,
    gap_table,
    level_rows,
    ranking_rows,
    source_items,
    summary_rows,
    veto_names,
    yoy_headers,
    yoy_rows,
)
from anting_rule_of_law.reporters.tables import headers as table_headers
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

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.scoring.rounding import round_half_up
    from anting_rule_of_law.scoring.scorecard import Scorecard

__all__ = [
    "GAP_KEYS",
    "LEVEL_KEYS",
    "RANKING_KEYS",
    "SCHEMA_VERSION",
    "Detail",
    "Lang",
    "OutputError",
    "OutputFormat",
    "RenderOptions",
    "Scorecard",
    "Words",
    "gap_rows",
    "gap_table",
    "hookimpl",
    "inputs_text",
    "label",
    "level_rows",
    "level_title",
    "localized",
    "provenance_text",
    "ranking_order",
    "ranking_rows",
    "report_document",
    "result_key",
    "round_half_up",
    "rule_kind_name",
    "score_text",
    "share_text",
    "source_items",
    "source_name",
    "stage_name",
    "status_name",
    "summary_rows",
    "table_headers",
    "veto_effect_name",
    "veto_names",
    "vocabulary",
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
