"""Parse one raw entry's values (as typed) into typed values, each problem located.

Why a module of its own: the parsing of a field depends only on the field (and,
for deduction clauses, on the clause's kind); the checks that compare values
with the indicator's rule live in ``validate``, the cross-figure warnings in
``consistency``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from anting_rule_of_law.assessments.numbers import (
    NumberError,
    ParsedNumber,
    parse_bool,
    parse_number,
    raw_text,
)
from anting_rule_of_law.assessments.raw import RawEntry, RawValue
from anting_rule_of_law.errors import Problem
from anting_rule_of_law.records import Evidence, Indicator, Source
from anting_rule_of_law.rulekinds.vocabulary import SOURCE_WORDS

__all__ = [
    "BOOL_FIELDS",
    "COUNT_FIELDS",
    "NUMBER_FIELDS",
    "SOURCE_FIELDS",
    "TEXT_FIELDS",
    "ParsedEntry",
    "is_blank",
    "parse_entry",
]

BOOL_FIELDS = ("met", "gate", "not_applicable")
NUMBER_FIELDS = ("numerator", "denominator", "rate", "count", "value", "score")
#: Fields that count things: a percentage there is a figure typed in the wrong column.
COUNT_FIELDS = ("numerator", "denominator", "count")
TEXT_FIELDS = ("grade", "reason", "note")
#: Provenance of the figures: kind, where in which document, the passage quoted.
SOURCE_FIELDS = ("source", "source_ref", "source_quote")

_CLAUSE_SPLIT = re.compile(r"[;\n]+")


@dataclass
class ParsedClause:
    value: float
    where: str
    raw: str
    number: ParsedNumber | None = None


@dataclass
class ParsedEntry:
    """An entry's typed values; only the fields given (non-blank) are present."""

    code: str
    where: str
    places: dict[str, str] = field(default_factory=dict)
    bools: dict[str, bool] = field(default_factory=dict)
    numbers: dict[str, ParsedNumber] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    clauses: dict[str, ParsedClause] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    source: Source | None = None
    raw: dict[str, str] = field(default_factory=dict)
    #: Fields given but unreadable (already reported): later checks stay quiet about them.
    failed: set[str] = field(default_factory=set)

    @property
    def given(self) -> set[str]:
        """Names of the fields that carry a value (``clauses`` when any clause is given)."""
        names = set(self.bools) | set(self.numbers) | set(self.texts)
        if self.clauses:
            names.add("clauses")
        if self.evidence:
            names.add("evidence")
        return names


def is_blank(value: Any) -> bool:
    """Empty cells and blank strings mean "not given", in every format."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict)):
        return len(value) == 0
    return False


def _error(file: str, where: str, err: NumberError, field_name: str) -> Problem:
    return Problem(
        file=file, where=where, en=f"{field_name}: {err.en}", zh=f"{field_name}：{err.zh}"
    )


def parse_entry(
    raw: RawEntry, indicator: Indicator | None, file: str
) -> tuple[ParsedEntry, list[Problem]]:
    """Typed values of one entry; every value that cannot be read is one located problem."""
    problems: list[Problem] = []
    out = ParsedEntry(code=_text(raw.code.value), where=raw.where)
    for name, rv in raw.fields.items():
        if is_blank(rv.value) or name in SOURCE_FIELDS:
            continue
        out.places[name] = rv.where
        try:
            if name in BOOL_FIELDS:
                out.bools[name] = parse_bool(rv.value)
                out.raw[name] = raw_text(rv.value)
            elif name in NUMBER_FIELDS:
                number = parse_number(rv.value)
                if name in COUNT_FIELDS:
                    _not_percent(number, "a count")
                out.numbers[name] = number
                out.raw[name] = raw_text(rv.value)
            elif name in TEXT_FIELDS:
                out.texts[name] = _text(rv.value)
            elif name == "evidence":
                out.evidence = _evidence(rv.value)
            elif name == "clauses":
                problems.extend(_clauses(rv, raw.clause_places, indicator, file, out))
        except NumberError as err:
            out.failed.add(name)
            problems.append(_error(file, rv.where, err, name))
    out.source = _source(raw, file, problems)
    return out, problems


def _source(raw: RawEntry, file: str, problems: list[Problem]) -> Source | None:
    """The entry's provenance from its ``source`` / ``source_ref`` / ``source_quote`` fields."""
    given = {
        name: rv
        for name, rv in raw.fields.items()
        if name in SOURCE_FIELDS and not is_blank(rv.value)
    }
    if not given:
        return None

    def refuse(where: str, en: str, zh: str) -> None:
        problems.append(Problem(file=file, where=where, en=en, zh=zh))

    ref, quote = (_text(given[n].value) if n in given else "" for n in SOURCE_FIELDS[1:])
    kind_rv = given.get("source")
    if kind_rv is None:
        refuse(
            next(iter(given.values())).where,
            "a source reference or quote needs its kind: source report or illustrative",
            "填写了来源出处或原文，但未填写数据来源（年度报告 / 示例值）",
        )
        return None
    word = unicodedata.normalize("NFKC", _text(kind_rv.value))
    kind = SOURCE_WORDS.get(word) or SOURCE_WORDS.get(word.lower())
    known = " / ".join(SOURCE_WORDS)
    if kind is None:
        refuse(
            kind_rv.where,
            f"source {word!r} is not known (one of {known})",
            f"未知的数据来源 {word!r}（应为 {known} 之一）",
        )
    elif kind == "report" and not quote:
        refuse(
            kind_rv.where,
            "a figure taken from the report quotes the passage it rests on (source quote)",
            "取自年度报告的数据须摘录所依据的原文（来源原文）",
        )
    else:
        return Source(kind=kind, ref=ref, quote=quote)
    return None


def _text(value: Any) -> str:
    return raw_text(value).strip()


def _evidence(value: Any) -> tuple[Evidence, ...]:
    if isinstance(value, str):
        parts = re.split(r"[;；\n]+", value)
        return tuple(Evidence(ref=p.strip()) for p in parts if p.strip())
    items: list[Evidence] = []
    for item in value:
        if isinstance(item, Mapping):
            items.append(
                Evidence(
                    ref=str(item.get("ref", "")).strip(),
                    description=str(item.get("description", "")).strip(),
                )
            )
        elif not is_blank(item):
            items.append(Evidence(ref=raw_text(item).strip()))
    return tuple(items)


def _clause_items(
    rv: RawValue, places: Mapping[str, str], file: str
) -> tuple[list[tuple[str, Any, str]], list[Problem]]:
    """(clause id, value, place) pairs from a mapping or a ``c1=0;c2=是`` string."""
    if isinstance(rv.value, Mapping):
        return [
            (str(k), v, places.get(str(k), rv.where))
            for k, v in rv.value.items()
            if not is_blank(v)
        ], []
    text = unicodedata.normalize("NFKC", raw_text(rv.value))
    pairs: list[tuple[str, Any, str]] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for part in _CLAUSE_SPLIT.split(text):
        part = part.strip()
        if not part:
            continue
        key, sep, val = part.partition("=")
        if not sep:
            key, sep, val = part.partition(":")
        key = key.strip()
        if not sep or not key:
            problems.append(
                Problem(
                    file=file,
                    where=rv.where,
                    en=f"clauses: {part!r} is not 'id=value' (write c1=0;c2=是)",
                    zh=f"扣分项：{part!r} 不是“编号=值”的形式（例如 c1=0;c2=是）",
                )
            )
            continue
        if key in seen:
            problems.append(
                Problem(
                    file=file,
                    where=rv.where,
                    en=f"clauses: clause {key!r} given twice",
                    zh=f"扣分项：{key!r} 重复填写",
                )
            )
            continue
        seen.add(key)
        if val.strip():
            pairs.append((key, val.strip(), rv.where))
    return pairs, problems


def _clauses(
    rv: RawValue,
    places: Mapping[str, str],
    indicator: Indicator | None,
    file: str,
    out: ParsedEntry,
) -> list[Problem]:
    pairs, problems = _clause_items(rv, places, file)
    rule = indicator.rule if indicator is not None else None
    kinds = {c.id: c.kind for c in rule.clauses} if rule is not None else {}
    for cid, value, where in pairs:
        kind = kinds.get(cid)
        if rule is not None and rule.type == "deduct" and kind is None:
            known = ", ".join(kinds) or "-"
            problems.append(
                Problem(
                    file=file,
                    where=where,
                    en=f"unknown clause {cid!r} of indicator {out.code} (its clauses: {known})",
                    zh=f"指标 {out.code} 没有扣分项 {cid!r}（其扣分项：{known}）",
                )
            )
            continue
        try:
            if kind == "flag" or (kind is None and _looks_bool(value)):
                flag = parse_bool(value)
                out.clauses[cid] = ParsedClause(1.0 if flag else 0.0, where, raw_text(value))
            else:
                number = parse_number(value)
                if kind == "per_item":
                    _not_percent(number, "a number of items")
                out.clauses[cid] = ParsedClause(number.value, where, raw_text(value), number)
        except NumberError as err:
            problems.append(_error(file, where, err, f"clauses.{cid}"))
    return problems


def _not_percent(number: ParsedNumber, what: str) -> None:
    """A percentage where things are counted is a figure in the wrong field (a rate?)."""
    if number.percent:
        what_zh = {"a count": "数量", "a number of items": "件数"}[what]
        raise NumberError(
            f"{number.text!r} is a percentage, but {what} is expected here "
            "(a rate goes in the rate field)",
            f"{number.text!r} 是百分比，此处应填{what_zh}（比率请填在“比率”栏）",
        )


def _looks_bool(value: Any) -> bool:
    try:
        parse_bool(value)
    except NumberError:
        return False
    return not isinstance(value, (int, float)) or isinstance(value, bool)
