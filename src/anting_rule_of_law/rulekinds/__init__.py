"""Rule kinds: one record per kind of leaf scoring rule, the registry, and the vocabulary.

A rule kind (``check`` 达标制, ``levels`` 等次评价, ``ratio`` 比率, ``count`` 计数,
``deduct`` 扣分制, ``manual`` 评审打分, ``bonus`` 加分项, ``normalized`` 标准化)
is one :class:`RuleKind` record in its own module here; every other part of the
library asks the registry. :mod:`.vocabulary` holds every other word a reader
sees. Importing this package is light (attrs only).

A plugin adds a kind by returning :class:`RuleKind` records from the
``arol_register_rule_kinds`` hook (docs/plugins.md); the names exported here are
what it needs — the record and its parts, and the exact arithmetic that keeps
its polars expression and its Python twin bit for bit alike.
"""

from __future__ import annotations

from anting_rule_of_law.exact import div, exact_div, fdiv, hmin, hsum, hsum_expr
from anting_rule_of_law.rulekinds.kind import (
    COMMON_PARAMETERS,
    RULE_INPUTS,
    EntryReport,
    ExprOutcome,
    LeafColumns,
    LeafValues,
    ParamReport,
    ReasonText,
    RuleKind,
    ValueOutcome,
)
from anting_rule_of_law.rulekinds.registry import (
    BUILTIN_KINDS,
    BUILTIN_RULE_KINDS,
    find_rule_kind,
    rule_kind,
    rule_kinds,
)
from anting_rule_of_law.rulekinds.vocabulary import Words

__all__ = [
    "BUILTIN_KINDS",
    "BUILTIN_RULE_KINDS",
    "COMMON_PARAMETERS",
    "RULE_INPUTS",
    "EntryReport",
    "ExprOutcome",
    "LeafColumns",
    "LeafValues",
    "ParamReport",
    "ReasonText",
    "RuleKind",
    "ValueOutcome",
    "Words",
    "div",
    "exact_div",
    "fdiv",
    "find_rule_kind",
    "hmin",
    "hsum",
    "hsum_expr",
    "rule_kind",
    "rule_kinds",
]
