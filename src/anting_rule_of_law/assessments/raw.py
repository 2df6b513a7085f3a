"""What a reader hands to the builder: values as typed, each with its place.

Why: YAML/JSON, CSV and Excel differ only in where a value sits (a JSON path, a
CSV line and column, a sheet and cell). Each reader turns its file into these
records, and one builder parses, checks and reports for all three the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ENTRY_FIELDS", "HEADER_FIELDS", "RawAssessment", "RawEntry", "RawValue", "RawVeto"]

#: Assessment-level fields, by the names the builder knows.
HEADER_FIELDS = (
    "framework_id",
    "framework_version",
    "unit_code",
    "unit_name",
    "unit_name_en",
    "district",
    "year",
    "stage",
    "assessor",
    "note",
)

#: Entry fields other than ``code``, in the order of the file format.
ENTRY_FIELDS = (
    "met",
    "grade",
    "numerator",
    "denominator",
    "rate",
    "count",
    "value",
    "score",
    "reason",
    "gate",
    "clauses",
    "not_applicable",
    "evidence",
    "note",
    "source",
    "source_ref",
    "source_quote",
)


@dataclass
class RawValue:
    """A value as found in the file (text, number, bool, list, mapping) and its place."""

    value: Any
    where: str


@dataclass
class RawEntry:
    """One entry (one specific indicator) before parsing; ``fields`` hold only what was given."""

    where: str
    code: RawValue
    fields: dict[str, RawValue] = field(default_factory=dict)
    #: For a clauses mapping: each clause id's place (a string of ``c1=..;c2=..`` has one place).
    clause_places: dict[str, str] = field(default_factory=dict)


@dataclass
class RawVeto:
    """One veto declaration before parsing."""

    where: str
    code: RawValue
    triggered: RawValue | None
    note: str = ""


@dataclass
class RawAssessment:
    """One unit-year-stage as read from a file, before parsing and checking."""

    file: str
    #: Place of the whole assessment ("" for a YAML/JSON file, "line 2" for a CSV group ...).
    where: str
    header: dict[str, RawValue]
    entries: list[RawEntry] = field(default_factory=list)
    vetoes: list[RawVeto] = field(default_factory=list)
    #: Where problems about missing entries are reported.
    entries_where: str = ""
    sha256: str = ""
    source_path: str = ""
