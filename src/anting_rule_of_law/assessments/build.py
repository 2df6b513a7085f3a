"""Turn a raw assessment (values as typed, with places) into an Assessment record.

Why: one builder for every input format, so a YAML file, a CSV row and an Excel
cell are read by the same rules and report problems the same way. It resolves
the framework, parses every value, runs the semantic checks and the consistency
warnings, and builds the record only when no error was found.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from anting_rule_of_law.assessments.consistency import rate_consistency
from anting_rule_of_law.assessments.entry_checks import check_entry, check_year, missing_entries
from anting_rule_of_law.assessments.numbers import NumberError, parse_bool, parse_number, raw_text
from anting_rule_of_law.assessments.parse import ParsedEntry, is_blank, parse_entry
from anting_rule_of_law.assessments.raw import RawAssessment, RawValue
from anting_rule_of_law.errors import InputError, Problem
from anting_rule_of_law.indicators.registry import load_framework
from anting_rule_of_law.literals import Severity
from anting_rule_of_law.records import STAGE_ALIASES, Assessment, Entry, Framework, Unit
from anting_rule_of_law.records import VetoDeclaration as VetoRecord

__all__ = [
    "FrameworkRef",
    "assessment_record",
    "build_assessment",
    "entry_record",
    "leaf_of",
    "read_header",
    "read_vetoes",
    "resolve_framework",
    "unknown_code",
]

#: What a caller may pass as the framework: a loaded one, a bundled id or a path.
FrameworkRef = Framework | str | Path


def _err(
    file: str, where: str, en: str, zh: str, severity: Severity = "error", kind: str = ""
) -> Problem:
    return Problem(file=file, where=where, en=en, zh=zh, severity=severity, kind=kind)


def resolve_framework(
    raw: RawAssessment, given: Framework | None
) -> tuple[Framework | None, list[Problem]]:
    """The framework to check against: the caller's, else the one the file names.

    The file's framework id must match the caller's framework; a different
    version is only a warning, since the indicator codes are checked anyway.
    """
    file = raw.file
    fid = raw.header.get("framework_id")
    fver = raw.header.get("framework_version")
    fid_text = "" if fid is None or is_blank(fid.value) else raw_text(fid.value).strip()
    problems: list[Problem] = []
    framework = given
    if framework is None:
        if not fid_text:
            where = fid.where if fid is not None else raw.where
            return None, [
                _err(
                    file,
                    where,
                    "no framework named: give the framework id in the file or --framework",
                    "未指明指标体系：请在文件中填写框架编号，或使用 --framework",
                )
            ]
        try:
            framework = load_framework(fid_text)
        except InputError as exc:
            assert fid is not None
            for p in exc.problems:
                problems.append(_err(file, fid.where, p.en, p.zh))
            return None, problems
    elif fid_text and fid_text != framework.id:
        assert fid is not None
        problems.append(
            _err(
                file,
                fid.where,
                f"the file is for framework {fid_text!r}, not {framework.id!r}",
                f"该文件对应指标体系 {fid_text!r}，而不是 {framework.id!r}",
            )
        )
        return None, problems
    ver_text = "" if fver is None or is_blank(fver.value) else raw_text(fver.value).strip()
    if ver_text and ver_text != framework.version:
        assert fver is not None
        problems.append(
            _err(
                file,
                fver.where,
                f"the file is for version {ver_text!r} of {framework.id}; "
                f"checked against version {framework.version!r}",
                f"该文件对应 {framework.id} 的 {ver_text!r} 版，按 {framework.version!r} 版检查",
                "warning",
                "framework_version",
            )
        )
    return framework, problems


def build_assessment(
    raw: RawAssessment, framework: Framework | None
) -> tuple[Assessment | None, list[Problem]]:
    """Parse and check ``raw``; the record is ``None`` when any error was found."""
    fw, problems = resolve_framework(raw, framework)
    header, header_problems = read_header(raw)
    problems.extend(header_problems)
    if fw is None:
        # Without a framework, only the values themselves can be checked.
        for raw_entry in raw.entries:
            problems.extend(parse_entry(raw_entry, None, raw.file)[1])
        return None, problems

    entries: list[Entry] = []
    first_at: dict[str, str] = {}
    for raw_entry in raw.entries:
        parsed, entry_problems = parse_entry(raw_entry, leaf_of(fw, raw_entry.code.value), raw.file)
        problems.extend(entry_problems)
        code = parsed.code
        where = raw_entry.code.where
        if code in first_at:
            problems.append(
                _err(
                    raw.file,
                    where,
                    f"indicator {code} entered twice (first at {first_at[code]})",
                    f"指标 {code} 重复填写（首次出现于 {first_at[code]}）",
                )
            )
            continue
        first_at[code] = where
        ind = leaf_of(fw, code)
        if ind is None:
            problems.append(unknown_code(fw, code, raw.file, where))
            continue
        problems.extend(check_entry(parsed, ind, raw.file))
        num, den, rate = (parsed.numbers.get(k) for k in ("numerator", "denominator", "rate"))
        if num is not None and den is not None and rate is not None:
            problems.extend(
                rate_consistency(
                    raw.file, parsed.places.get("rate", parsed.where), num.value, den.value, rate
                )
            )
        entries.append(entry_record(parsed))
    problems.extend(missing_entries(fw, first_at, raw.file, raw.entries_where or raw.where))
    vetoes, veto_problems = read_vetoes(raw, fw)
    problems.extend(veto_problems)
    if any(p.is_error for p in problems) or header is None:
        return None, problems
    record = assessment_record(fw, header, entries, vetoes, raw.sha256, raw.source_path)
    return record, problems


def assessment_record(
    fw: Framework,
    header: dict[str, Any],
    entries: Sequence[Entry],
    vetoes: Sequence[VetoRecord],
    sha256: str,
    source_path: str,
) -> Assessment:
    """The record of a checked assessment: its header values (:func:`read_header`) and parts."""
    return Assessment(
        framework_id=fw.id,
        framework_version=header["framework_version"] or fw.version,
        unit=Unit(
            code=header["unit_code"],
            name=header["unit_name"] or header["unit_code"],
            name_en=header["unit_name_en"],
            district=header["district"],
        ),
        year=header["year"],
        stage=header["stage"],
        assessor=header["assessor"],
        entries=tuple(entries),
        vetoes=tuple(vetoes),
        note=header["note"],
        sha256=sha256,
        source_path=source_path,
    )


def leaf_of(fw: Framework, code: Any) -> Any:
    key = raw_text(code).strip()
    if key in fw:
        node = fw.node(key)
        return node if node.is_leaf else None
    return None


def unknown_code(fw: Framework, code: str, file: str, where: str) -> Problem:
    if code in fw:
        leaves = [n.code for n in fw.walk(code) if n.is_leaf]
        shown = ", ".join(leaves[:8]) + (" ..." if len(leaves) > 8 else "")
        return _err(
            file,
            where,
            f"{code} is not a specific indicator; enter its specific indicators ({shown})",
            f"{code} 不是具体指标，请填写其下的具体指标（{shown}）",
        )
    return _err(
        file,
        where,
        f"unknown indicator code {code!r} (not in framework {fw.id} {fw.version})",
        f"未知的指标编号 {code!r}（指标体系 {fw.id} {fw.version} 中没有）",
    )


def entry_record(p: ParsedEntry) -> Entry:
    def num(name: str) -> float | None:
        n = p.numbers.get(name)
        return None if n is None else n.value

    rate = p.numbers.get("rate")
    raw = dict(p.raw)
    for cid, clause in p.clauses.items():
        raw[f"clauses.{cid}"] = clause.raw
    return Entry(
        code=p.code,
        met=p.bools.get("met"),
        grade=p.texts.get("grade"),
        numerator=num("numerator"),
        denominator=num("denominator"),
        rate=num("rate"),
        rate_bound=None if rate is None else rate.bound,
        count=num("count"),
        value=num("value"),
        score=num("score"),
        reason=p.texts.get("reason", ""),
        gate=p.bools.get("gate"),
        clauses=tuple((cid, c.value) for cid, c in p.clauses.items()),
        not_applicable=p.bools.get("not_applicable", False),
        evidence=p.evidence,
        note=p.texts.get("note", ""),
        raw=tuple(raw.items()),
        source=p.source,
    )


def _text(raw: RawAssessment, name: str) -> str:
    rv = raw.header.get(name)
    return "" if rv is None or is_blank(rv.value) else raw_text(rv.value).strip()


def read_header(raw: RawAssessment) -> tuple[dict[str, Any] | None, list[Problem]]:
    file = raw.file
    problems: list[Problem] = []
    out: dict[str, Any] = {
        name: _text(raw, name)
        for name in (
            "framework_version",
            "unit_code",
            "unit_name",
            "unit_name_en",
            "district",
            "assessor",
            "note",
        )
    }
    if not out["unit_code"]:
        rv = raw.header.get("unit_code")
        problems.append(
            _err(
                file,
                rv.where if rv else raw.where,
                "unit code is missing",
                "缺少单位代码（unit code）",
            )
        )
    out["year"] = _year(raw.header.get("year"), raw, problems)
    stage = _text(raw, "stage") or "self"
    if stage not in STAGE_ALIASES:
        rv = raw.header.get("stage")
        known = "/".join(STAGE_ALIASES)
        problems.append(
            _err(
                file,
                rv.where if rv else raw.where,
                f"unknown stage {stage!r} (one of {known})",
                f"未知的阶段 {stage!r}（应为 {known} 之一）",
            )
        )
    out["stage"] = STAGE_ALIASES.get(stage, "self")
    return (None if problems else out), problems


def _year(rv: RawValue | None, raw: RawAssessment, problems: list[Problem]) -> int:
    if rv is None or is_blank(rv.value):
        problems.append(
            _err(raw.file, rv.where if rv else raw.where, "year is missing", "缺少年度")
        )
        return 0
    try:
        number = parse_number(rv.value)
    except NumberError as err:
        problems.append(_err(raw.file, rv.where, f"year: {err.en}", f"年度：{err.zh}"))
        return 0
    if not number.value.is_integer() or number.percent or number.bound:
        problems.append(
            _err(
                raw.file,
                rv.where,
                f"year {number.text!r} is not a whole year",
                f"年度 {number.text!r} 不是整数年份",
            )
        )
        return 0
    year = int(number.value)
    year_problems = check_year(year, raw.file, rv.where)
    problems.extend(year_problems)
    return year


def read_vetoes(raw: RawAssessment, fw: Framework) -> tuple[list[VetoRecord], list[Problem]]:
    problems: list[Problem] = []
    known = {v.code for v in fw.vetoes}
    out: list[VetoRecord] = []
    first_at: dict[str, str] = {}
    for rv in raw.vetoes:
        code = raw_text(rv.code.value).strip()
        if code in first_at:
            problems.append(
                _err(
                    raw.file,
                    rv.code.where,
                    f"veto item {code} declared twice (first at {first_at[code]})",
                    f"否决项 {code} 重复填写（首次出现于 {first_at[code]}）",
                )
            )
            continue
        first_at[code] = rv.code.where
        if code not in known:
            shown = ", ".join(sorted(known)) or "-"
            problems.append(
                _err(
                    raw.file,
                    rv.code.where,
                    f"unknown veto item {code!r} (framework {fw.id} has: {shown})",
                    f"未知的否决项 {code!r}（指标体系 {fw.id} 的否决项：{shown}）",
                )
            )
            continue
        if rv.triggered is None or is_blank(rv.triggered.value):
            continue
        try:
            triggered = parse_bool(rv.triggered.value)
        except NumberError as err:
            problems.append(
                _err(raw.file, rv.triggered.where, f"triggered: {err.en}", f"是否触发：{err.zh}")
            )
            continue
        out.append(VetoRecord(code=code, triggered=triggered, note=rv.note))
    undeclared = [v.code for v in fw.vetoes if v.code not in {d.code for d in out}]
    if undeclared and not any(p.where in first_at.values() for p in problems):
        problems.append(
            _err(
                raw.file,
                raw.entries_where or raw.where,
                f"veto item(s) not declared (say triggered yes/no): {', '.join(undeclared)}",
                f"以下否决项未填写是否触发：{', '.join(undeclared)}",
                "warning",
                "vetoes_undeclared",
            )
        )
    return out, problems
