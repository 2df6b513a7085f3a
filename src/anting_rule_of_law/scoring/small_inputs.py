"""The small path's inputs: records or a notebook's frames as plain Python rows.

Why: scoring one town in Python (small.py) needs its inputs as Python values —
exactly the values the polars path's frames hold (scoring/inputs.py), so both
paths score the same numbers. A notebook's frames are taken as they are only
when their columns already have the engine's dtypes; anything else goes to the
polars path, which checks and reports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
from attrs import frozen

from anting_rule_of_law.records import Assessment, Framework
from anting_rule_of_law.scoring.inputs import (
    CLAUSE_SCHEMA,
    ENTRY_SCHEMA,
    UNIT_SCHEMA,
    VALUE_COLUMNS,
    VETO_SCHEMA,
    from_assessments,
    from_frames,
)

__all__ = ["Given", "Key", "given_of_frames", "given_of_records"]

_VALUES = ("met", "grade", "numerator", "denominator", "rate", "count", "value", "score", "gate")
#: dtypes as text (comparing polars dtypes costs more than the whole rule pass).
_TEXT = {
    id(dtype): str(dtype)
    for schema in (ENTRY_SCHEMA, CLAUSE_SCHEMA, UNIT_SCHEMA, VETO_SCHEMA)
    for dtype in schema.values()
}

Key = tuple[str, int, str]
Row = dict[str, Any]


@frozen
class Given:
    """The inputs as Python rows (the same values the polars path's frames hold)."""

    #: per entry row, in input order: its key, code and values.
    entries: list[tuple[Key, str | None, Row]]
    #: (key, code, clause id, input)
    clauses: list[tuple[Key, str | None, str | None, float | None]]
    #: unit -> (unit_name, district), first occurrence
    units: dict[str, tuple[str, str]]
    #: (key, veto, triggered)
    vetoes: list[tuple[Key, str | None, bool]]
    #: keys scored even without entries
    keys: list[Key]
    given: tuple[str, ...]
    entries_frame: Callable[[], pl.DataFrame]


# -- inputs ---------------------------------------------------------------------------


def _f(x: Any) -> float | None:
    return None if x is None else float(x)


def given_of_records(items: Sequence[Assessment]) -> Given:
    """Python rows of assessments, as :func:`from_assessments` would put them in frames."""
    entries: list[tuple[Key, str | None, Row]] = []
    clauses: list[tuple[Key, str | None, str | None, float | None]] = []
    units: dict[str, tuple[str, str]] = {}
    vetoes: list[tuple[Key, str | None, bool]] = []
    for a in items:
        key = (a.unit.code, a.year, a.stage)
        if a.unit.code not in units:
            units[a.unit.code] = (
                a.unit.code if a.unit.name is None else a.unit.name,
                "" if a.unit.district is None else a.unit.district,
            )
        for v in a.vetoes:
            vetoes.append((key, v.code, bool(v.triggered)))
        for e in a.entries:
            # the number fields are float or None already (Entry's converters)
            row: Row = {
                "met": e.met,
                "grade": e.grade,
                "numerator": e.numerator,
                "denominator": e.denominator,
                "rate": e.rate,
                "count": e.count,
                "value": e.value,
                "score": e.score,
                "gate": e.gate,
                "not_applicable": bool(e.not_applicable),
            }
            entries.append((key, e.code, row))
            if e.clauses:
                clauses.extend((key, e.code, cid, _f(val)) for cid, val in e.clauses)
    return Given(
        entries=entries,
        clauses=clauses,
        units=units,
        vetoes=vetoes,
        keys=[(a.unit.code, a.year, a.stage) for a in items],
        given=(),
        entries_frame=lambda: _entries_of_records(items),
    )


def _entries_of_records(items: Sequence[Assessment]) -> pl.DataFrame:
    return from_assessments(items).entries


def _columns(
    frame: pl.DataFrame | None, schema: dict[str, pl.DataType], required: Sequence[str]
) -> dict[str, list[Any]] | None:
    """The frame's columns as lists when they already have the engine's dtypes."""
    if frame is None:
        return {name: [] for name in schema}
    have = dict(zip(frame.columns, map(str, frame.dtypes), strict=True))
    if any(name not in have for name in required):
        return None
    out: dict[str, list[Any]] = {}
    for name, dtype in schema.items():
        if name in have:
            if have[name] != _TEXT[id(dtype)]:
                return None
            out[name] = frame.get_column(name).to_list()
        else:
            out[name] = [None] * frame.height
    return out


def given_of_frames(
    fw: Framework,
    entries: pl.DataFrame,
    clauses: pl.DataFrame | None,
    units: pl.DataFrame | None,
    vetoes: pl.DataFrame | None,
) -> Given | None:
    """Python rows of a notebook's frames, or None when the polars path must check them."""
    ec = _columns(entries, ENTRY_SCHEMA, ("unit", "year", "code"))
    cc = _columns(clauses, CLAUSE_SCHEMA, ("unit", "year", "code", "clause", "input"))
    uc = _columns(units, UNIT_SCHEMA, ("unit",))
    vc = _columns(vetoes, VETO_SCHEMA, ("unit", "year", "veto", "triggered"))
    if ec is None or cc is None or uc is None or vc is None:
        return None
    if None in ec["unit"] or None in ec["year"]:
        return None
    veto_codes = {v.code for v in fw.vetoes}
    if any(v not in veto_codes for v in vc["veto"]):
        return None

    def st(x: str | None) -> str:
        return "self" if x is None else x

    rows: list[tuple[Key, str | None, Row]] = []
    for i in range(entries.height):
        row: Row = {name: ec[name][i] for name in _VALUES}
        na = ec["not_applicable"][i]
        row["not_applicable"] = False if na is None else na
        rows.append(((ec["unit"][i], ec["year"][i], st(ec["stage"][i])), ec["code"][i], row))
    clause_rows = [
        ((u, y, st(s)), code, cid, x)
        for u, y, s, code, cid, x in zip(
            cc["unit"], cc["year"], cc["stage"], cc["code"], cc["clause"], cc["input"], strict=True
        )
    ]
    unit_map: dict[str, tuple[str, str]] = {}
    for u, name, district in zip(uc["unit"], uc["unit_name"], uc["district"], strict=True):
        if u not in unit_map:
            unit_map[u] = (u if name is None else name, "" if district is None else district)
    veto_rows = [
        ((u, y, st(s)), code, bool(t))
        for u, y, s, code, t in zip(
            vc["unit"], vc["year"], vc["stage"], vc["veto"], vc["triggered"], strict=True
        )
    ]
    frames = (entries, clauses, units, vetoes)
    return Given(
        entries=rows,
        clauses=clause_rows,
        units=unit_map,
        vetoes=veto_rows,
        keys=[],
        given=tuple(c for c in VALUE_COLUMNS if c in entries.columns),
        entries_frame=lambda: _entries_of_frames(*frames),
    )


def _entries_of_frames(
    entries: pl.DataFrame,
    clauses: pl.DataFrame | None,
    units: pl.DataFrame | None,
    vetoes: pl.DataFrame | None,
) -> pl.DataFrame:
    return from_frames(entries, clauses, units, vetoes).entries
