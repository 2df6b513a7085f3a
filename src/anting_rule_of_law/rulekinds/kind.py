"""The record of a rule kind: everything about one kind of leaf scoring rule.

Why one record: a kind of rule (扣分制, 比率, ...) is one idea, and a maintainer
changing it — or a district adding its own from a plugin — should find all of it
together: its typed parameters, the entry fields it reads, its names and entry
hint, its checks, its reason texts, its polars expression and its plain-Python
twin. The framework checks, assessment validation, the template, the table
import, the engine and the audit trail read the record; none of them lists the
kinds again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from attrs import field, frozen

from anting_rule_of_law.rulekinds.vocabulary import Words

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.assessments.parse import ParsedEntry
    from anting_rule_of_law.records import Indicator, Rule

__all__ = [
    "COMMON_PARAMETERS",
    "EntryReport",
    "ParamReport",
    "ReasonText",
    "RuleKind",
    "number_text",
    "percent_text",
]

#: Parameters every rule may carry whatever its kind.
COMMON_PARAMETERS = frozenset({"type", "description", "description_en", "inferred"})

P = TypeVar("P")


@frozen
class ReasonText:
    """Why a leaf lost points, around the one number the reason shows.

    The reason reads ``{zh}{number}{zh_after}`` (``比率 93.5%，目标 95%``); a kind
    that shows no number leaves the ``*_after`` parts empty.
    """

    zh: str = ""
    zh_after: str = ""
    en: str = ""
    en_after: str = ""


class ParamReport:
    """Where a kind's parameter check reports a problem (the framework checks collect them).

    ``rule`` is the rule's mapping as written in the file; problems are located
    under its JSON path ``where``.
    """

    def __init__(
        self,
        rule: Mapping[str, Any],
        code: str,
        where: str,
        add: Callable[[str, str, str], None],
    ) -> None:
        self.rule = rule
        self.code = code
        self.where = where
        self._add = add

    def problem(self, name: str | None, en: str, zh: str) -> None:
        """A problem at parameter ``name`` (``None``: the rule itself)."""
        self._add(self.where if name is None else f"{self.where}.{name}", en, zh)


class EntryReport(Protocol):
    """Where a kind's entry check reports (assessment validation collects them)."""

    def error(self, where: str, en: str, zh: str) -> None: ...

    def warn(self, where: str, en: str, zh: str) -> None: ...


def _no_reason(_params: Any) -> ReasonText:
    return ReasonText()


@frozen
class RuleKind(Generic[P]):
    """One kind of leaf scoring rule (``rule.type`` in a framework file).

    Build one per kind; the built-ins live in ``rulekinds/<name>.py`` and a plugin
    adds its own through the ``arol_register_rule_kinds`` hook (docs/plugins.md).
    """

    #: The name written in a framework file (``type: deduct``).
    name: str
    #: What a reader calls it: 扣分制 / deductions.
    title: Words
    #: The entry fields it reads (``numerator``, ``denominator``, ``rate`` ...), in
    #: the order the engine reads them. Any other value field is an error.
    inputs: tuple[str, ...]
    #: What a town enters, for the template and validation messages. Placeholders:
    #: ``{points}``, ``{grades}``, ``{clauses}``, ``{gate}``.
    hint: Words
    #: The rule's typed parameters, made from a checked :class:`Rule`.
    params_of: Callable[[Rule], P]
    #: The parameters it accepts besides :data:`COMMON_PARAMETERS`.
    parameters: frozenset[str] = frozenset()
    #: The parameters it needs.
    required: tuple[str, ...] = ()
    #: Further checks of the parameters as written (after ``required``).
    check: Callable[[ParamReport], None] | None = None
    #: Further checks of an entry against the indicator (after the shared ones).
    check_entry: Callable[[ParsedEntry, Indicator, EntryReport], None] | None = None
    #: Whether an entry without any of :attr:`inputs` counts as missing (validation
    #: warns). ``False`` for ``deduct``: no clause input means no deduction.
    empty_is_missing: bool = True
    #: The static text of a loss reason.
    reason: Callable[[P], ReasonText] = field(default=_no_reason)

    def words(self, lang: str) -> str:
        """The kind's name in ``lang``."""
        return self.title.get(lang)


def number_text(x: float | None) -> str:
    """A compact number for messages and reasons: 5.0 -> "5", 0.95 -> "0.95"."""
    if x is None:
        return ""
    return f"{x:.10g}"


def percent_text(x: float | None) -> str:
    """A fraction as a percentage rounded half up to 2 decimals: 0.955 -> "95.5%"."""
    from anting_rule_of_law.scoring.rounding import round_half_up

    return "" if x is None else number_text(round_half_up(x * 100, 2)) + "%"
