"""The rule kinds the library knows: the built-ins, then any a plugin adds.

Why lazy: a framework that uses only built-in kinds never loads a plugin. The
first time a name is not a built-in (or someone asks for every kind), the
plugin manager's entry points are loaded once and each plugin's
``arol_register_rule_kinds`` hook is called; a plugin kind can neither replace a
built-in nor share a name with another plugin's.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from anting_rule_of_law.errors import PluginError
from anting_rule_of_law.rulekinds.bonus import BONUS
from anting_rule_of_law.rulekinds.check import CHECK
from anting_rule_of_law.rulekinds.count import COUNT
from anting_rule_of_law.rulekinds.deduct import DEDUCT
from anting_rule_of_law.rulekinds.kind import RuleKind
from anting_rule_of_law.rulekinds.levels import LEVELS
from anting_rule_of_law.rulekinds.manual import MANUAL
from anting_rule_of_law.rulekinds.normalized import NORMALIZED
from anting_rule_of_law.rulekinds.ratio import RATIO

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.plugins import PluginInfo, PluginManager

__all__ = [
    "BUILTIN_KINDS",
    "BUILTIN_RULE_KINDS",
    "find_rule_kind",
    "forget_plugin_kinds",
    "framework_schema",
    "plugin_rule_kinds",
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
        from anting_rule_of_law.plugins import get_plugin_manager

        _plugin_kinds = plugin_rule_kinds(get_plugin_manager())
    return _plugin_kinds


def forget_plugin_kinds() -> None:
    """Load the plugins' kinds again on next use (after installing one in-process)."""
    global _plugin_kinds
    _plugin_kinds = None
    framework_schema.cache_clear()


def plugin_rule_kinds(pm: PluginManager) -> dict[str, RuleKind[Any]]:
    """The kinds the plugins of ``pm`` add through ``arol_register_rule_kinds``.

    Each plugin is asked alone (through pluggy); one that answers anything but a
    list of :class:`RuleKind`, or claims a built-in's or another plugin's name,
    is broken, and :class:`PluginError` names every broken plugin.
    """
    kinds: dict[str, RuleKind[Any]] = {}
    owners: dict[str, PluginInfo] = {}
    for info, answer in pm.ask_each("arol_register_rule_kinds"):
        try:
            declared = _declared(info, answer)
            for kind in declared:
                if kind.name in BUILTIN_KINDS or kind.name in kinds:
                    other = owners[kind.name].label if kind.name in owners else "the library"
                    raise PluginError(
                        f"rule kind {kind.name!r} of plugin {info.label} is already "
                        f"defined by {other}",
                        f"插件 {info.label} 的评分规则类型 {kind.name!r} 已由 "
                        f"{'本库' if kind.name in BUILTIN_KINDS else other} 定义",
                        plugin=info.name,
                        distribution=info.distribution,
                    )
        except PluginError as exc:
            pm.mark_broken(info, exc)
            continue
        for kind in declared:
            kinds[kind.name] = kind
            owners[kind.name] = info
    pm.check()
    return kinds


def _declared(info: PluginInfo, answer: Any) -> list[RuleKind[Any]]:
    if answer is None:
        return []
    if not isinstance(answer, (list, tuple)) or not all(isinstance(k, RuleKind) for k in answer):
        raise PluginError(
            f"plugin {info.label}: arol_register_rule_kinds must return a list of RuleKind, "
            f"got {answer!r}",
            f"插件 {info.label} 的 arol_register_rule_kinds 必须返回 RuleKind 列表，"
            f"实际返回 {answer!r}",
            plugin=info.name,
            distribution=info.distribution,
        )
    return list(answer)


@functools.cache
def framework_schema(kinds: tuple[str, ...]) -> dict[str, Any]:
    """The framework file's JSON Schema accepting also the plugin ``kinds`` (names),
    with their parameters' schemas."""
    from anting_rule_of_law.schemas import load_schema

    schema = copy.deepcopy(load_schema("framework"))
    rule = schema["properties"]["nodes"]["items"]["properties"]["rule"]
    enum = rule["properties"]["type"]["enum"]
    for name in kinds:
        kind = rule_kind(name)
        if name not in enum:
            enum.append(name)
        for param, param_schema in kind.schema.items():
            rule["properties"].setdefault(param, param_schema)
    return schema


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
