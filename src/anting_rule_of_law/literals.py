"""The closed sets of words the API takes, as ``Literal`` types, in one place.

Why: a language, a detail level or a stage is one of a few fixed words; typed as
``Literal`` a type checker catches ``RenderOptions(lang="cn")`` before a user
does. Each alias has a tuple of its values beside it for run-time checks
(``LANGS``, ``STAGES``, …), derived from the alias so the two cannot drift.

Rule kinds are not closed — a plugin may add one — so :data:`BuiltinRuleKind`
names the kinds the library ships and a rule's ``type`` stays ``str``.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "BUILTIN_RULE_KINDS",
    "DETAILS",
    "LANGS",
    "SEVERITIES",
    "STAGES",
    "VETO_EFFECTS",
    "BuiltinRuleKind",
    "Detail",
    "Lang",
    "Severity",
    "Stage",
    "VetoEffect",
]

#: Language of messages and reports.
Lang = Literal["zh", "en"]
#: How much a report shows: ``summary`` leaves out the audit trail and evidence.
Detail = Literal["full", "summary"]
#: A problem stops the run (``error``) or is only reported (``warning``).
Severity = Literal["error", "warning"]
#: Assessment stage, in process order: 自评, 初审, 核定.
Stage = Literal["self", "review", "final"]
#: What a fired veto item does: fail the unit, or cap its grade.
VetoEffect = Literal["fail", "cap"]
#: The rule kinds the library ships (plugins may add more; see docs/scoring.md).
BuiltinRuleKind = Literal[
    "check", "levels", "ratio", "count", "deduct", "manual", "bonus", "normalized"
]

LANGS: tuple[Lang, ...] = get_args(Lang)
DETAILS: tuple[Detail, ...] = get_args(Detail)
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
STAGES: tuple[Stage, ...] = get_args(Stage)
VETO_EFFECTS: tuple[VetoEffect, ...] = get_args(VetoEffect)
BUILTIN_RULE_KINDS: tuple[BuiltinRuleKind, ...] = get_args(BuiltinRuleKind)
