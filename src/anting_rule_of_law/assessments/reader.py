"""Read assessment files (YAML, JSON, CSV, Excel) into Assessment records, or say exactly what is wrong.

Why: this is the front door for a town's self-assessment and a district's batch.
Every file is read in full and every problem of every file is collected, so one
run shows the user everything to fix; warnings (a truncated rate, an indicator
left empty) never stop the reading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from anting_rule_of_law.assessments.build import FrameworkRef, build_assessment
from anting_rule_of_law.assessments.mapping import raw_from_mapping
from anting_rule_of_law.assessments.raw import RawAssessment
from anting_rule_of_law.errors import InputError, Problem
from anting_rule_of_law.fileio import read_mapping, sha256_bytes
from anting_rule_of_law.indicators.registry import load_framework
from anting_rule_of_law.records import Assessment, Framework
from anting_rule_of_law.schemas import schema_problems

__all__ = [
    "Checked",
    "ReadProgress",
    "assessment_from_dict",
    "check_files",
    "read_assessment",
    "read_assessments",
    "validate_files",
]

MAPPING_SUFFIXES = (".yaml", ".yml", ".json")
CSV_SUFFIXES = (".csv",)
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")


@frozen
class Checked:
    """What reading some files gave: the assessments that are valid and every problem found."""

    assessments: tuple[Assessment, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    @property
    def ok(self) -> bool:
        return not self.errors


@frozen
class ReadProgress:
    """How far :func:`check_files` has come, for a caller that shows progress.

    The library never prints; a command line or a notebook passes a callback and
    draws what it likes. ``file`` is the file being read, ``file_number`` its place
    (from 1) among ``files``; ``step`` is ``"lines"`` while a CSV file's rows are
    parsed, ``"assessments"`` while its assessments are checked and ``"files"``
    when a file is done; ``done`` of ``total`` of that step. Reported every few
    hundred lines and after every assessment, so a single large CSV moves too.
    """

    file: str
    file_number: int
    files: int
    step: str
    done: int
    total: int


#: A callback :func:`check_files` calls with each :class:`ReadProgress`.
OnProgress = Callable[[ReadProgress], None]
#: A step's own callback: (done, total).
_Tick = Callable[[int, int], None]


def _ignore(_done: int, _total: int) -> None:
    return None


def _ticks(
    progress: OnProgress | None, file: str, number: int, files: int
) -> Callable[[str], _Tick]:
    """One file's callback per step (each doing nothing without ``progress``)."""

    def ticks(step: str) -> _Tick:
        if progress is None:
            return _ignore
        report = progress

        def tick(done: int, total: int) -> None:
            report(ReadProgress(file, number, files, step, done, total))

        return tick

    return ticks


def _framework(ref: FrameworkRef | None) -> Framework | None:
    return None if ref is None else load_framework(ref)


def _build_all(
    raws: list[RawAssessment], framework: Framework | None, tick: _Tick = _ignore
) -> tuple[list[Assessment], list[Problem]]:
    out: list[Assessment] = []
    problems: list[Problem] = []
    for i, raw in enumerate(raws, start=1):
        record, found = build_assessment(raw, framework)
        problems.extend(found)
        if record is not None:
            out.append(record)
        tick(i, len(raws))
    return out, problems


def _mapping_file(
    path: Path, framework: Framework | None
) -> tuple[list[Assessment], list[Problem]]:
    file = str(path)
    data, raw_bytes, read_problems = read_mapping(path)
    if data is None:
        return [], read_problems
    problems = schema_problems("assessment", data, file)
    if not problems:
        raw = raw_from_mapping(data, file, sha256=sha256_bytes(raw_bytes), source_path=file)
        records, problems = _build_all([raw], framework)
    else:
        records = []
    # A place the reader already flagged (NaN, a duplicate key) is not reported twice.
    flagged = {p.where for p in read_problems}
    problems = read_problems + [p for p in problems if p.where not in flagged]
    if any(p.is_error for p in read_problems):
        records = []
    return records, problems


def _one_file(
    path: Path, framework: Framework | None, ticks: Callable[[str], _Tick]
) -> tuple[list[Assessment], list[Problem]]:
    suffix = path.suffix.lower()
    if path.is_dir():
        return [], [
            Problem(
                file=str(path),
                where="",
                en=f"is a folder, not a file: name the files in it (for example {path / '*.yaml'})",
                zh=f"这是文件夹而不是文件：请给出其中的文件（例如 {path / '*.yaml'}）",
            )
        ]
    if suffix in MAPPING_SUFFIXES:
        return _mapping_file(path, framework)
    if suffix in CSV_SUFFIXES:
        from anting_rule_of_law.assessments.csvfile import read_csv

        raws, problems = read_csv(path, on_lines=ticks("lines"))
        records, more = _build_all(raws, framework, ticks("assessments"))
        if any(p.is_error for p in problems):
            records = []  # a row-level problem (conflicting unit names ...) taints the file
        return records, problems + more
    if suffix in EXCEL_SUFFIXES:
        from anting_rule_of_law.assessments.workbook import read_workbook

        raw, problems = read_workbook(path)
        if raw is None:
            return [], problems
        records, more = _build_all([raw], framework)
        if any(p.is_error for p in problems):
            records = []
        return records, problems + more
    known = ", ".join(MAPPING_SUFFIXES + CSV_SUFFIXES + EXCEL_SUFFIXES)
    return [], [
        Problem(
            file=str(path),
            where="",
            en=f"unknown kind of file {suffix or '(no suffix)'!r}: expected one of {known}",
            zh=f"无法识别的文件类型 {suffix or '（无扩展名）'!r}：应为 {known} 之一",
        )
    ]


def check_files(
    paths: Iterable[str | Path],
    framework: FrameworkRef | None = None,
    *,
    progress: OnProgress | None = None,
) -> Checked:
    """Read every file; never raises for bad content (a bad ``framework`` argument does raise).

    ``framework``: check every file against this framework (a loaded one, a
    bundled id or a path) instead of the one each file names. ``progress``: called
    with a :class:`ReadProgress` as the reading goes on.
    """
    fw = _framework(framework)
    records: list[Assessment] = []
    problems: list[Problem] = []
    files = list(paths)
    for number, path in enumerate(files, start=1):
        ticks = _ticks(progress, str(path), number, len(files))
        found, more = _one_file(Path(path), fw, ticks)
        problems.extend(more)
        records.extend(found)  # only assessments without errors of their own
        ticks("files")(number, len(files))
    return Checked(assessments=tuple(records), problems=tuple(problems))


def validate_files(
    paths: Iterable[str | Path], framework: FrameworkRef | None = None
) -> list[Problem]:
    """Every problem (errors and warnings) of the files, in file order."""
    return list(check_files(paths, framework).problems)


def read_assessments(
    paths: Iterable[str | Path], framework: FrameworkRef | None = None
) -> tuple[Assessment, ...]:
    """All assessments of the files; :class:`InputError` with every problem of every file if any is an error.

    Warnings alone do not raise: get them from :func:`check_files`.
    """
    checked = check_files(paths, framework)
    if checked.errors:
        raise InputError(checked.problems)
    return checked.assessments


def read_assessment(path: str | Path, framework: FrameworkRef | None = None) -> Assessment:
    """The one assessment in a file (a CSV holding several is an error: use read_assessments)."""
    records = read_assessments([path], framework)
    if len(records) != 1:
        raise InputError(
            [
                Problem(
                    file=str(path),
                    where="",
                    en=f"the file holds {len(records)} assessments, not one: use read_assessments",
                    zh=f"该文件包含 {len(records)} 份评估而不是一份：请用 read_assessments",
                )
            ]
        )
    return records[0]


def assessment_from_dict(
    data: Mapping[str, Any], framework: FrameworkRef | None = None, file: str = "<data>"
) -> Assessment:
    """An Assessment from a mapping in the file format (values as typed); InputError if invalid."""
    problems = schema_problems("assessment", data, file)
    if problems:
        raise InputError(problems)
    raw = raw_from_mapping(data, file)
    record, problems = build_assessment(raw, _framework(framework))
    if record is None:
        raise InputError(problems)
    return record
