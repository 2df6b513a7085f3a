"""Typed, frozen records: what a framework and an assessment *are*, independent of files.

Records are plain attrs classes with validators, so a bad value fails where it is
made rather than deep inside the scoring engine. Collections are tuples, never
lists, so a frozen record stays frozen. Each record has a ``from_dict`` named
constructor taking the plain mapping found in a YAML/JSON file.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, cast

import attrs
from attrs import field, frozen

from anting_rule_of_law.literals import VETO_EFFECTS, Stage, VetoEffect
from anting_rule_of_law.rulekinds.registry import BUILTIN_RULE_KINDS
from anting_rule_of_law.rulekinds.vocabulary import STAGE_WORDS
from anting_rule_of_law.rulekinds.vocabulary import STAGES as _STAGE_WORDS

__all__ = [
    "BASIS_KINDS",
    "RULE_TYPES",
    "SOURCE_KINDS",
    "STAGES",
    "Assessment",
    "Basis",
    "Clause",
    "Entry",
    "Evidence",
    "Framework",
    "GradeBand",
    "Indicator",
    "Rule",
    "Source",
    "Unit",
    "Veto",
    "VetoDeclaration",
    "level_of",
    "parent_of",
]

#: The built-in leaf scoring rule kinds (see docs/scoring.md); plugins may add more
#: (``anting_rule_of_law.rulekinds``).
RULE_TYPES = BUILTIN_RULE_KINDS

#: Assessment stages, in the order a creation goes through them.
STAGES: tuple[str, ...] = tuple(_STAGE_WORDS)

#: The names people write for the stages (Chinese words and the ids themselves).
STAGE_ALIASES: Mapping[str, str] = {**STAGE_WORDS, **{s: s for s in STAGES}}

#: Where an entry's figures come from: the unit's published annual report (with
#: the passage quoted) or an illustrative value made up for an example.
SOURCE_KINDS = ("report", "illustrative")
#: What an indicator's basis passage is: the work measured, a plan, a general statement.
BASIS_KINDS = ("work", "plan", "general")

AGGREGATIONS = ("sum", "mean", "weighted_mean")
MISSING_POLICIES = ("zero", "exclude", "null")
CLAUSE_KINDS = ("flag", "per_item", "threshold")
THRESHOLD_OPS = ("lt", "le", "gt", "ge")


def parent_of(code: str) -> str | None:
    """The parent of a dotted code (``"1.2.3"`` -> ``"1.2"``); ``None`` for a root."""
    head, sep, _ = code.rpartition(".")
    return head if sep else None


def level_of(code: str) -> int:
    """Depth of a dotted code: ``"1"`` is level 1, ``"1.2.3"`` level 3."""
    return code.count(".") + 1


def _finite(_inst: object, att: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and not math.isfinite(value):
        raise ValueError(f"{att.name} must be a finite number, got {value!r}")


def _non_negative(_inst: object, att: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and (not math.isfinite(value) or value < 0):
        raise ValueError(f"{att.name} must be a finite number >= 0, got {value!r}")


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _text_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


@frozen
class Basis:
    """Where an indicator comes from: a seed passage or a public document.

    ``kind`` says what the quoted passage is, so a reader can weigh it: ``work``
    (it reports the work the indicator measures), ``plan`` (a plan for the
    following year, not work done) or ``general`` (a heading or a general
    statement, not specific work).
    """

    source: str
    quote: str = ""
    url: str = ""
    kind: str = field(default="work", validator=attrs.validators.in_(BASIS_KINDS))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | str) -> Basis:
        if isinstance(data, str):
            return cls(source=data)
        return cls(
            source=str(data.get("source", "")),
            quote=str(data.get("quote", "")),
            url=str(data.get("url", "")),
            kind=str(data.get("kind", "work")),
        )


@frozen
class Clause:
    """One deduction clause of a ``deduct`` rule (扣分制), e.g. "少于2次的，扣2分".

    ``kind``: ``flag`` (input yes/no: deduct ``amount`` once), ``per_item`` (input a
    count: deduct ``amount`` per occurrence), ``threshold`` (input a number:
    deduct ``amount`` when ``value <op> threshold`` holds). ``max`` caps what one
    clause may cost.
    """

    id: str
    text: str
    amount: float = field(converter=float, validator=_non_negative)
    kind: str = field(default="flag", validator=attrs.validators.in_(CLAUSE_KINDS))
    op: str | None = field(default=None)
    threshold: float | None = field(default=None, converter=_opt_float, validator=_finite)
    max: float | None = field(default=None, converter=_opt_float, validator=_non_negative)
    text_en: str = ""

    @op.validator
    def _check_op(self, _att: attrs.Attribute[Any], value: str | None) -> None:
        if self.kind == "threshold" and value not in THRESHOLD_OPS:
            raise ValueError(f"a threshold clause needs op in {THRESHOLD_OPS}, got {value!r}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Clause:
        return cls(
            id=str(data["id"]),
            text=str(data.get("text", "")),
            text_en=str(data.get("text_en", "")),
            amount=data["amount"],
            kind=str(data.get("kind", "flag")),
            op=data.get("op"),
            threshold=data.get("threshold"),
            max=data.get("max"),
        )


def _known_kind(_inst: object, att: attrs.Attribute[Any], value: str) -> None:
    from anting_rule_of_law.rulekinds.registry import find_rule_kind, rule_kinds

    if find_rule_kind(value) is None:
        raise ValueError(f"{att.name} must be one of {tuple(rule_kinds())}, got {value!r}")


def _frozen_value(value: Any) -> Any:
    """A parameter value with lists as tuples and mappings as sorted pairs (hashable)."""
    if isinstance(value, Mapping):
        return tuple((str(k), _frozen_value(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_frozen_value(v) for v in value)
    return value


#: The keys of a rule mapping that are attributes of :class:`Rule` itself.
_RULE_KEYS = frozenset(
    {
        "type",
        "levels",
        "target",
        "floor",
        "zero_denominator",
        "low",
        "high",
        "gate",
        "gate_en",
        "clauses",
        "per_item",
        "extra",
        "description",
        "description_en",
        "inferred",
    }
)


@frozen
class Rule:
    """A leaf's scoring rule with its parameters (one record for all rule kinds).

    Only the parameters of ``type`` are meaningful; the framework checks reject a
    rule whose parameters do not fit its kind. :attr:`params` gives them as the
    kind's own typed record; a kind added by a plugin finds its parameters in
    :attr:`options`.
    """

    type: str = field(validator=_known_kind)
    #: ``levels``: grade -> fraction of the points, in the order given.
    levels: tuple[tuple[str, float], ...] = ()
    #: ``ratio``: rate earning full points / rate earning nothing (fractions, 0.95 = 95%).
    target: float | None = field(default=None, converter=_opt_float, validator=_finite)
    floor: float | None = field(default=None, converter=_opt_float, validator=_finite)
    #: ``ratio``: what a denominator of 0 means: ``full``, ``zero`` or ``exclude``.
    zero_denominator: str = "full"
    #: ``normalized``: goalposts of the raw value (low scores 0, high scores 1).
    low: float | None = field(default=None, converter=_opt_float, validator=_finite)
    high: float | None = field(default=None, converter=_opt_float, validator=_finite)
    #: ``deduct``: the prerequisite (未开展不得分) and the clauses.
    gate: str = ""
    gate_en: str = ""
    clauses: tuple[Clause, ...] = ()
    #: ``bonus``: points per item; ``extra`` bonuses sit on top of the parent's max.
    per_item: float | None = field(default=None, converter=_opt_float, validator=_non_negative)
    extra: bool = False
    #: Free text of the scoring standard (评分标准) as written.
    description: str = ""
    description_en: str = ""
    #: True when the rule was inferred from free text (e.g. by ``anting-rol import``).
    inferred: bool = False
    #: Parameters of a plugin's rule kind: ``(name, value)`` pairs as written
    #: (lists as tuples), in file order.
    options: tuple[tuple[str, Any], ...] = ()

    @property
    def params(self) -> Any:
        """The parameters as the rule kind's typed record (``RatioParams`` ...)."""
        from anting_rule_of_law.rulekinds.registry import rule_kind

        return rule_kind(self.type).params_of(self)

    def option(self, name: str, default: Any = None) -> Any:
        """A plugin kind's parameter ``name`` (``default`` when absent)."""
        return dict(self.options).get(name, default)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rule:
        levels = data.get("levels") or {}
        if isinstance(levels, Mapping):
            level_pairs = tuple((str(k), float(v)) for k, v in levels.items())
        else:
            level_pairs = tuple((str(d["grade"]), float(d["fraction"])) for d in levels)
        gate = data.get("gate") or ""
        gate_en = str(data.get("gate_en", ""))
        if isinstance(gate, Mapping):
            gate_en = str(gate.get("text_en", gate_en))
            gate = gate.get("text", "")
        return cls(
            type=str(data["type"]),
            levels=level_pairs,
            target=data.get("target"),
            floor=data.get("floor"),
            zero_denominator=str(data.get("zero_denominator", "full")),
            low=data.get("low"),
            high=data.get("high"),
            gate=str(gate),
            gate_en=gate_en,
            clauses=tuple(Clause.from_dict(c) for c in data.get("clauses") or ()),
            per_item=data.get("per_item"),
            extra=bool(data.get("extra", False)),
            description=str(data.get("description", "")),
            description_en=str(data.get("description_en", "")),
            inferred=bool(data.get("inferred", False)),
            options=tuple(
                (str(k), _frozen_value(v)) for k, v in data.items() if k not in _RULE_KEYS
            ),
        )


@frozen
class Indicator:
    """A node of the indicator tree: a first-level, second-level or specific indicator.

    A node with a ``rule`` is a leaf (a specific indicator, 具体指标). Non-leaf nodes
    carry how their children roll up: ``aggregate``, ``missing`` policy and ``cap``.
    """

    code: str
    name: str
    name_en: str = ""
    parent: str | None = None
    points: float | None = field(default=None, converter=_opt_float, validator=_non_negative)
    rule: Rule | None = None
    aggregate: str = field(default="sum", validator=attrs.validators.in_(AGGREGATIONS))
    missing: str = field(default="zero", validator=attrs.validators.in_(MISSING_POLICIES))
    min_available: float = field(default=0.0, converter=float)
    cap: float | None = field(default=None, converter=_opt_float, validator=_non_negative)
    weight: float = field(default=1.0, converter=float, validator=_non_negative)
    evidence: tuple[str, ...] = field(default=(), converter=_text_tuple)
    department: str = ""
    department_en: str = ""
    basis: Basis | None = None
    veto: str | None = None
    #: Marks a duty of the principal Party and government leaders as first responsible
    #: persons for the rule of law (第一责任人职责); a marked node marks every node below it.
    #: The annual-report draft reports these indicators in their own section.
    first_responsible_duty: bool = False

    @property
    def level(self) -> int:
        return level_of(self.code)

    @property
    def is_leaf(self) -> bool:
        return self.rule is not None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Indicator:
        code = str(data["code"])
        rule = data.get("rule")
        basis = data.get("basis")
        parent = data.get("parent", parent_of(code))
        return cls(
            code=code,
            name=str(data.get("name", "")),
            name_en=str(data.get("name_en", "")),
            parent=None if parent is None else str(parent),
            points=data.get("points"),
            rule=None if rule is None else Rule.from_dict(rule),
            aggregate=str(data.get("aggregate", "sum")),
            missing=str(data.get("missing", "zero")),
            min_available=data.get("min_available", 0.0),
            cap=data.get("cap"),
            weight=data.get("weight", 1.0),
            evidence=data.get("evidence"),
            department=str(data.get("department", "")),
            department_en=str(data.get("department_en", "")),
            basis=None if basis is None else Basis.from_dict(basis),
            veto=data.get("veto"),
            first_responsible_duty=bool(data.get("first_responsible_duty", False)),
        )


@frozen
class GradeBand:
    """A grade (等次) given to totals at or above ``min``."""

    code: str
    name: str
    min: float = field(converter=float, validator=_finite)
    name_en: str = ""
    passed: bool = False

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GradeBand:
        return cls(
            code=str(data["code"]),
            name=str(data.get("name", data["code"])),
            name_en=str(data.get("name_en", "")),
            min=data["min"],
            passed=bool(data.get("pass", False)),
        )


def _veto_effect(value: str) -> VetoEffect:
    if value not in VETO_EFFECTS:
        raise ValueError(f"effect must be one of {VETO_EFFECTS}, got {value!r}")
    return value


@frozen
class Veto:
    """A veto item (一票否决): when triggered, the unit fails or its grade is capped."""

    code: str
    name: str
    name_en: str = ""
    effect: VetoEffect = field(default="fail", converter=_veto_effect)
    cap_grade: str | None = None
    basis: Basis | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Veto:
        basis = data.get("basis")
        return cls(
            code=str(data["code"]),
            name=str(data.get("name", "")),
            name_en=str(data.get("name_en", "")),
            effect=str(data.get("effect", "fail")),
            cap_grade=data.get("cap_grade"),
            basis=None if basis is None else Basis.from_dict(basis),
        )


def _in_process_order(stages: Iterable[str]) -> tuple[str, ...]:
    """Stages sorted 自评 → 初审 → 核定 (an unknown one last, for the validator to name)."""
    return tuple(sorted(stages, key=lambda s: STAGES.index(s) if s in STAGES else len(STAGES)))


@frozen
class Framework:
    """An indicator system: the tree of nodes, grade bands and veto items.

    Build it with :func:`anting_rule_of_law.load_framework`, which validates the
    file first; the constructor itself trusts its inputs' structure.
    """

    id: str
    version: str
    title: str
    nodes: tuple[Indicator, ...]
    title_en: str = ""
    status: str = field(
        default="reference", validator=attrs.validators.in_(("official", "reference"))
    )
    description: str = ""
    declared_levels: tuple[int, ...] = ()
    declared_total: float | None = field(default=None, converter=_opt_float)
    #: Points of the whole tree; for mean-style frameworks usually 1.
    total_points: float | None = field(default=None, converter=_opt_float)
    #: How the first-level nodes roll up into the total.
    aggregate: str = field(default="sum", validator=attrs.validators.in_(AGGREGATIONS))
    missing: str = field(default="zero", validator=attrs.validators.in_(MISSING_POLICIES))
    min_available: float = field(default=0.0, converter=float)
    cap: float | None = field(default=None, converter=_opt_float)
    grades: tuple[GradeBand, ...] = ()
    pass_line: float | None = field(default=None, converter=_opt_float)
    vetoes: tuple[Veto, ...] = ()
    #: Stages that must each pass on their own for a unit-year to pass (青岛: 自评 and
    #: 区级初审 both at least 90), in process order; empty: each stage on its own.
    pass_requires: tuple[str, ...] = field(
        default=(),
        converter=_in_process_order,
        validator=attrs.validators.deep_iterable(attrs.validators.in_(STAGES)),
    )
    #: sha256 of the file the framework was read from ("" when built in code).
    sha256: str = ""
    source_path: str = ""
    _by_code: Mapping[str, Indicator] = field(init=False, repr=False, eq=False)
    _children: Mapping[str | None, tuple[Indicator, ...]] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_code = {n.code: n for n in self.nodes}
        children: dict[str | None, list[Indicator]] = {}
        for node in self.nodes:
            children.setdefault(node.parent, []).append(node)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, sha256: str = "", source_path: str = ""
    ) -> Framework:
        title = data.get("title", "")
        title_zh, title_en = (
            (str(title.get("zh", "")), str(title.get("en", "")))
            if isinstance(title, Mapping)
            else (str(title), str(data.get("title_en", "")))
        )
        declared = data.get("declared") or {}
        return cls(
            id=str(data["id"]),
            version=str(data["version"]),
            title=title_zh,
            title_en=title_en,
            status=str(data.get("status", "reference")),
            description=str(data.get("description", "")),
            nodes=tuple(Indicator.from_dict(n) for n in data.get("nodes") or ()),
            declared_levels=tuple(int(n) for n in declared.get("levels") or ()),
            declared_total=declared.get("total_points"),
            total_points=data.get("total_points", declared.get("total_points")),
            aggregate=str(data.get("aggregate", "sum")),
            missing=str(data.get("missing", "zero")),
            min_available=data.get("min_available", 0.0),
            cap=data.get("cap"),
            grades=tuple(GradeBand.from_dict(g) for g in data.get("grades") or ()),
            pass_line=data.get("pass_line"),
            vetoes=tuple(Veto.from_dict(v) for v in data.get("vetoes") or ()),
            pass_requires=tuple(str(s) for s in data.get("pass_requires") or ()),
            sha256=sha256,
            source_path=source_path,
        )

    # -- navigation -------------------------------------------------------------
    def node(self, code: str) -> Indicator:
        """The node with this code; ``KeyError`` naming the code otherwise."""
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"no indicator {code!r} in framework {self.id}") from None

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)

    def children(self, code: str | None) -> tuple[Indicator, ...]:
        """Direct children of ``code``; ``None`` gives the first-level nodes."""
        return self._children.get(code, ())

    def roots(self) -> tuple[Indicator, ...]:
        return self.children(None)

    def level(self, n: int) -> tuple[Indicator, ...]:
        """All nodes at depth ``n`` (1 = first-level), in file order."""
        return tuple(node for node in self.nodes if node.level == n)

    def leaves(self) -> tuple[Indicator, ...]:
        return tuple(node for node in self.nodes if node.is_leaf)

    @property
    def depth(self) -> int:
        return max((n.level for n in self.nodes), default=0)

    def walk(self, code: str | None = None) -> Iterator[Indicator]:
        """Depth-first, in file order, below ``code`` (the whole tree for ``None``)."""
        for child in self.children(code):
            yield child
            yield from self.walk(child.code)

    def ancestors(self, code: str) -> tuple[Indicator, ...]:
        """From the parent up to the first-level node."""
        out: list[Indicator] = []
        parent = self.node(code).parent
        while parent is not None:
            node = self.node(parent)
            out.append(node)
            parent = node.parent
        return tuple(out)

    def first_responsible_duties(self) -> tuple[Indicator, ...]:
        """The leaves marked ``first_responsible_duty`` (themselves or through an
        ancestor), in file order; empty when the framework marks none."""
        return tuple(
            leaf
            for leaf in self.leaves()
            if leaf.first_responsible_duty
            or any(a.first_responsible_duty for a in self.ancestors(leaf.code))
        )

    def grade_for(self, total: float) -> GradeBand | None:
        """The highest band whose ``min`` the total reaches."""
        for band in sorted(self.grades, key=lambda b: b.min, reverse=True):
            if total >= band.min:
                return band
        return None

    def to_polars(self) -> Any:
        """The tree as a polars DataFrame, one row per node, in file order."""
        from anting_rule_of_law.scoring.framework_tables import framework_frame

        return framework_frame(self)

    # -- display ----------------------------------------------------------------
    def __repr__(self) -> str:
        """One line: id, version, status, size, title (not every node)."""
        from anting_rule_of_law.display import framework_repr

        return framework_repr(self)

    def _repr_html_(self) -> str:
        from anting_rule_of_law.display import framework_table

        return framework_table(self).html()

    def _repr_markdown_(self) -> str:
        from anting_rule_of_law.display import framework_table

        return framework_table(self).markdown()


@frozen
class Evidence:
    """A piece of evidence (佐证材料) backing an entry: a reference and what it shows."""

    ref: str
    description: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | str) -> Evidence:
        if isinstance(data, str):
            return cls(ref=data)
        return cls(ref=str(data.get("ref", "")), description=str(data.get("description", "")))


@frozen
class Source:
    """Where an entry's figures come from (provenance), so a reader can weigh them.

    ``kind`` is ``"report"`` — the figures are the unit's published annual report's,
    and ``quote`` is the passage they rest on, verbatim, found at ``ref`` (document
    and section) — or ``"illustrative"``: a value made up for an example, not the
    unit's (``ref``/``quote`` may still cite what the report does say).
    """

    kind: str = field(validator=attrs.validators.in_(SOURCE_KINDS))
    ref: str = ""
    quote: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | str) -> Source:
        if isinstance(data, str):
            return cls(kind=data)
        return cls(
            kind=str(data["kind"]),
            ref=str(data.get("ref", "")),
            quote=str(data.get("quote", "")),
        )


@frozen
class Entry:
    """One specific indicator's input in an assessment, in the form its rule needs.

    Numbers are already parsed (``1254.4万`` -> 12544000.0); ``raw`` keeps the text
    as the user typed it, keyed by field name, for the audit trail. A rate is a
    fraction (``0.9894`` for 98.94%). ``rate_bound`` is ``"min"`` when the source
    said "95%以上" (a lower bound, not an exact figure).
    """

    code: str
    met: bool | None = None
    grade: str | None = None
    numerator: float | None = field(default=None, converter=_opt_float, validator=_finite)
    denominator: float | None = field(default=None, converter=_opt_float, validator=_finite)
    rate: float | None = field(default=None, converter=_opt_float, validator=_finite)
    rate_bound: str | None = None
    count: float | None = field(default=None, converter=_opt_float, validator=_finite)
    value: float | None = field(default=None, converter=_opt_float, validator=_finite)
    score: float | None = field(default=None, converter=_opt_float, validator=_finite)
    reason: str = ""
    gate: bool | None = None
    clauses: tuple[tuple[str, float], ...] = ()
    not_applicable: bool = False
    evidence: tuple[Evidence, ...] = ()
    note: str = ""
    raw: tuple[tuple[str, str], ...] = ()
    #: Where the figures come from (``None``: not stated); never changes the score.
    source: Source | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entry:
        """From already-parsed values (numbers as numbers); see ``anting_rule_of_law.io``
        for reading what people type."""
        clauses = data.get("clauses") or {}
        clause_pairs = tuple((str(k), float(v)) for k, v in clauses.items())
        raw = data.get("raw") or {}
        return cls(
            code=str(data["code"]),
            met=data.get("met"),
            grade=None if data.get("grade") is None else str(data["grade"]),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            rate=data.get("rate"),
            rate_bound=data.get("rate_bound"),
            count=data.get("count"),
            value=data.get("value"),
            score=data.get("score"),
            reason=str(data.get("reason", "")),
            gate=data.get("gate"),
            clauses=clause_pairs,
            not_applicable=bool(data.get("not_applicable", False)),
            evidence=tuple(Evidence.from_dict(e) for e in data.get("evidence") or ()),
            note=str(data.get("note", "")),
            raw=tuple((str(k), str(v)) for k, v in dict(raw).items()),
            source=None if data.get("source") is None else Source.from_dict(data["source"]),
        )


@frozen
class Unit:
    """A town or sub-district (街道乡镇) being assessed."""

    code: str
    name: str
    name_en: str = ""
    district: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Unit:
        return cls(
            code=str(data["code"]),
            name=str(data.get("name", data["code"])),
            name_en=str(data.get("name_en", "")),
            district=str(data.get("district", "")),
        )


@frozen
class VetoDeclaration:
    """Whether a veto item (一票否决) was triggered for this unit-year, and why."""

    code: str
    triggered: bool
    note: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> VetoDeclaration:
        return cls(
            code=str(data["code"]),
            triggered=bool(data["triggered"]),
            note=str(data.get("note", "")),
        )


def _stage(value: str) -> Stage:
    try:
        return cast(Stage, STAGE_ALIASES[value])
    except KeyError:
        raise ValueError(f"stage must be one of {sorted(STAGE_ALIASES)}, got {value!r}") from None


@frozen
class Assessment:
    """One unit's assessment for one year at one stage (自评 / 初审 / 核定)."""

    framework_id: str
    unit: Unit
    year: int
    entries: tuple[Entry, ...]
    framework_version: str = ""
    stage: Stage = field(default="self", converter=_stage)
    assessor: str = ""
    vetoes: tuple[VetoDeclaration, ...] = ()
    note: str = ""
    #: sha256 of the file it was read from ("" when built in code).
    sha256: str = ""
    source_path: str = ""

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, sha256: str = "", source_path: str = ""
    ) -> Assessment:
        fw = data.get("framework") or {}
        if isinstance(fw, str):
            fw = {"id": fw}
        return cls(
            framework_id=str(fw.get("id", "")),
            framework_version=str(fw.get("version", "")),
            unit=Unit.from_dict(data["unit"]),
            year=int(data["year"]),
            stage=str(data.get("stage", "self")),
            assessor=str(data.get("assessor", "")),
            entries=tuple(Entry.from_dict(e) for e in data.get("entries") or ()),
            vetoes=tuple(VetoDeclaration.from_dict(v) for v in data.get("vetoes") or ()),
            note=str(data.get("note", "")),
            sha256=sha256,
            source_path=source_path,
        )

    def entry(self, code: str) -> Entry | None:
        for e in self.entries:
            if e.code == code:
                return e
        return None
