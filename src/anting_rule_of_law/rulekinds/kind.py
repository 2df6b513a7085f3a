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
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, Protocol, TypeVar

import attrs
from attrs import field, frozen

from anting_rule_of_law.rulekinds.vocabulary import Words

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

    from anting_rule_of_law.assessments.parse import ParsedEntry
    from anting_rule_of_law.records import Indicator, Rule

__all__ = [
    "AUDIT_EXTRAS",
    "COMMON_PARAMETERS",
    "RULE_INPUTS",
    "SHOWN",
    "EntryReport",
    "ExprOutcome",
    "LeafColumns",
    "LeafValues",
    "ParamReport",
    "ReasonText",
    "RuleKind",
    "ValueOutcome",
    "number_text",
    "percent_text",
]

#: Parameters every rule may carry whatever its kind.
COMMON_PARAMETERS = frozenset({"type", "description", "description_en", "inferred"})
#: The entry fields a kind may read: the value fields every reader (YAML, CSV, the
#: workbook, a frame) gives and the engine holds (``scoring/inputs.py``).
RULE_INPUTS = frozenset(
    [
        "met",
        "grade",
        "numerator",
        "denominator",
        "rate",
        "count",
        "value",
        "score",
        "gate",
        "clauses",
    ]
)

#: What a kind may keep in the audit trail besides the raw result: the rate it
#: used (``rate_used``) and the clause deductions it took (``deduction``).
AUDIT_EXTRAS = frozenset({"rate_used", "deduction"})
#: The numbers a reason can show, one per kind (see :class:`ReasonText`).
SHOWN = frozenset({"rate", "count", "value", "score", "grade", "clauses"})

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
    #: What stands between the texts: the entry's ``rate`` (as a percentage),
    #: ``count``, ``value``, ``score`` or ``grade``; ``clauses`` (the clauses that
    #: fired, each with what it cost, instead of the texts); ``None`` for nothing.
    shows: str | None = field(default=None)

    @shows.validator
    def _check_shows(self, _att: Any, value: str | None) -> None:
        if value is not None and value not in SHOWN:
            raise ValueError(f"shows must be one of {sorted(SHOWN)} or None, got {value!r}")


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

    def warn(self, where: str, en: str, zh: str, kind: str = "") -> None: ...


def _no_reason(_params: Any) -> ReasonText:
    return ReasonText()


class LeafColumns:
    """What a kind's polars expression reads: one leaf's columns of the wide frame.

    One row per (unit, year, stage). :meth:`input` is an entry field of this leaf
    (null when not entered); :attr:`entered` says whether the leaf has an entry
    row; :attr:`deduction` is the sum of its clauses' deductions (0 without
    clauses) and :attr:`clauses_given` whether any clause has an input.
    """

    def __init__(self, li: int, deduction: pl.Expr, clauses_given: pl.Expr | None) -> None:
        self.li = li
        self.deduction = deduction
        self.clauses_given = clauses_given

    def input(self, name: str) -> pl.Expr:
        import polars as pl

        return pl.col(f"{name}_{self.li}")

    @property
    def entered(self) -> pl.Expr:
        return self.input("h")


@frozen
class ExprOutcome:
    """A kind's polars result for one leaf: the raw formula result and its flags.

    ``raw`` is null for missing data. ``gate_failed`` zeroes the score,
    ``zero_denominator`` marks a zero denominator (for the audit),
    ``not_applicable`` takes the leaf out of its parent's denominator besides an
    entry marked so; ``rate`` and ``deduction`` are kept in the audit trail (give
    them exactly when the kind's :attr:`RuleKind.audit` names them).
    """

    raw: pl.Expr
    gate_failed: pl.Expr | None = None
    zero_denominator: pl.Expr | None = None
    not_applicable: pl.Expr | None = None
    rate: pl.Expr | None = None
    deduction: pl.Expr | None = None


class LeafValues:
    """What a kind's plain-Python twin reads: one leaf of one assessment (the twin of
    :class:`LeafColumns`, same names). The engine reuses one instance per run."""

    __slots__ = ("clauses_given", "deduction", "entered", "entry")

    def __init__(self) -> None:
        self.entry: Mapping[str, Any] = {}
        self.entered = False
        self.deduction = 0.0
        self.clauses_given = False

    def input(self, name: str) -> Any:
        """An entry field of this leaf (None when not entered or not given)."""
        return self.entry.get(name)


class ValueOutcome(NamedTuple):
    """The plain-Python twin of :class:`ExprOutcome` for one leaf of one assessment."""

    raw: float | None
    gate_failed: bool = False
    zero_denominator: bool = False
    not_applicable: bool = False
    rate: float | None = None
    deduction: float | None = None


@frozen
class RuleKind(Generic[P]):
    """One kind of leaf scoring rule (``rule.type`` in a framework file).

    Build one per kind; the built-ins live in ``rulekinds/<name>.py`` and a plugin
    adds its own through the ``arol_register_rule_kinds`` hook (docs/plugins.md).
    """

    #: The name written in a framework file (``type: deduct``): lower-case letters,
    #: digits and ``_``, starting with a letter.
    name: str = field(validator=attrs.validators.matches_re(r"[a-z][a-z0-9_]*"))
    #: What a reader calls it: 扣分制 / deductions.
    title: Words
    #: The entry fields it reads (``numerator``, ``denominator``, ``rate`` ...), in
    #: the order the engine reads them. Any other value field is an error.
    inputs: tuple[str, ...] = field()
    #: What a town enters, for the template and validation messages. Placeholders:
    #: ``{points}``, ``{grades}``, ``{clauses}``, ``{gate}``.
    hint: Words
    #: The rule's typed parameters, made from a checked :class:`Rule`.
    params_of: Callable[[Rule], P]
    #: The formula as polars expressions over the wide frame (batches).
    expr: Callable[[P, float, LeafColumns], ExprOutcome]
    #: The same formula in plain Python (one town), giving the same bits.
    value: Callable[[P, float, LeafValues], ValueOutcome]
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
    #: What the audit trail keeps besides the raw result (see :data:`AUDIT_EXTRAS`).
    audit: frozenset[str] = field(default=frozenset())
    #: JSON Schema of the parameters a plugin's kind adds (name -> schema), merged
    #: into the framework schema when a framework uses the kind. The built-ins'
    #: parameters are in ``schemas/framework.schema.json``.
    schema: Mapping[str, Any] = field(factory=dict)

    @inputs.validator
    def _check_inputs(self, _att: Any, value: tuple[str, ...]) -> None:
        unknown = sorted(set(value) - RULE_INPUTS)
        if unknown:
            raise ValueError(
                f"rule kind {self.name!r} reads {unknown}, not entry fields "
                f"(one of {sorted(RULE_INPUTS)})"
            )

    @audit.validator
    def _check_audit(self, _att: Any, value: frozenset[str]) -> None:
        if not value <= AUDIT_EXTRAS:
            raise ValueError(f"audit must be a subset of {sorted(AUDIT_EXTRAS)}, got {value!r}")

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
