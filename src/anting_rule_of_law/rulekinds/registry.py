"""The rule kinds the library knows: the built-ins, then any a plugin adds.

Why lazy: a framework that uses only built-in kinds never loads a plugin. The
first time a name is not a built-in (or someone asks for every kind), the
plugin manager's entry points are loaded once and each plugin's
``arol_register_rule_kinds`` hook is called; a plugin kind can neither replace a
built-in nor share a name with another plugin's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from anting_rule_of_law.rulekinds.bonus import BONUS
from anting_rule_of_law.rulekinds.check import CHECK
from anting_rule_of_law.rulekinds.count import COUNT
from anting_rule_of_law.rulekinds.deduct import DEDUCT
from anting_rule_of_law.rulekinds.kind import RuleKind
from anting_rule_of_law.rulekinds.levels import LEVELS
from anting_rule_of_law.rulekinds.manual import MANUAL
from anting_rule_of_law.rulekinds.normalized import NORMALIZED
from anting_rule_of_law.rulekinds.ratio import RATIO

__all__ = [
    "BUILTIN_KINDS",
    "BUILTIN_RULE_KINDS",
    "find_rule_kind",
    "rule_kind",
    "rule_kinds",
]

#: The built-in kinds, in the order the docs list them.
BUILTIN_KINDS: Mapping[str, RuleKind[Any]] = {
    k.name: k for k in (CHECK, LEVELS, RATIO, COUNT, DEDUCT, MANUAL, BONUS, NORMALIZED)
}
#: Their names (``records.RULE_TYPES``).
BUILTIN_RULE_KINDS: tuple[str, ...] = tuple(BUILTIN_KINDS)

_plugin_kinds: dict[str, RuleKind[Any]] | None = None


def _load_plugin_kinds() -> dict[str, RuleKind[Any]]:
    global _plugin_kinds
    if _plugin_kinds is None:
        _plugin_kinds = {}
    return _plugin_kinds


def find_rule_kind(name: str) -> RuleKind[Any] | None:
    """The kind called ``name``; ``None`` when neither a built-in nor a plugin has it."""
    found = BUILTIN_KINDS.get(name)
    if found is None:
        found = _load_plugin_kinds().get(name)
    return found


def rule_kind(name: str) -> RuleKind[Any]:
    """The kind called ``name``; ``KeyError`` naming the known kinds otherwise."""
    found = find_rule_kind(name)
    if found is None:
        known = ", ".join(rule_kinds())
        raise KeyError(f"unknown rule kind {name!r} (known: {known})")
    return found


def rule_kinds() -> Mapping[str, RuleKind[Any]]:
    """Every kind: the built-ins, then the plugins' (loading them once)."""
    return {**BUILTIN_KINDS, **_load_plugin_kinds()}
