"""Rule kinds: one record per kind of leaf scoring rule, the registry, and the vocabulary.

A rule kind (``check`` 达标制, ``levels`` 等次评价, ``ratio`` 比率, ``count`` 计数,
``deduct`` 扣分制, ``manual`` 评审打分, ``bonus`` 加分项, ``normalized`` 标准化)
is one :class:`RuleKind` record in its own module here; every other part of the
library asks the registry. :mod:`.vocabulary` holds every other word a reader
sees. Importing this package is light (attrs only).
"""

from __future__ import annotations

from anting_rule_of_law.rulekinds.kind import (
    COMMON_PARAMETERS,
    EntryReport,
    ParamReport,
    ReasonText,
    RuleKind,
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
    "EntryReport",
    "ParamReport",
    "ReasonText",
    "RuleKind",
    "Words",
    "find_rule_kind",
    "rule_kind",
    "rule_kinds",
]
