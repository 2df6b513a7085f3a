"""The words the reports use: the vocabulary's label helpers, under their old home.

Why a re-export: every word a reader sees lives in :mod:`anting_rule_of_law.rulekinds.vocabulary`
(with the rule kinds' own names); reporters and plugins that import from here get
the same functions.
"""

from __future__ import annotations

from anting_rule_of_law.rulekinds.vocabulary import (
    LABELS,
    label,
    level_title,
    localized,
    provenance_text,
    rule_kind_name,
    source_name,
    stage_name,
    status_name,
    yes_no,
)

__all__ = [
    "LABELS",
    "label",
    "level_title",
    "localized",
    "provenance_text",
    "rule_kind_name",
    "source_name",
    "stage_name",
    "status_name",
    "yes_no",
]
