"""A YAML/JSON assessment mapping (schema-valid) as a raw assessment with JSON paths.

Why: the builder needs every value with its place; here the place is the JSON
path into the file (``$.entries[3].numerator``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from anting_rule_of_law.assessments.raw import (
    ENTRY_FIELDS,
    RawAssessment,
    RawEntry,
    RawValue,
    RawVeto,
)
from anting_rule_of_law.errors import json_path

__all__ = ["raw_from_mapping"]


def _rv(data: Mapping[str, Any], key: str, *path: str | int) -> RawValue | None:
    if key not in data:
        return None
    return RawValue(data[key], json_path(*path, key))


def raw_from_mapping(
    data: Mapping[str, Any], file: str, *, sha256: str = "", source_path: str = ""
) -> RawAssessment:
    """Build the raw assessment of a mapping that already passed the assessment schema."""
    header: dict[str, RawValue] = {}
    fw = data.get("framework")
    if isinstance(fw, str):
        header["framework_id"] = RawValue(fw, json_path("framework"))
    elif isinstance(fw, Mapping):
        for key, name in (("id", "framework_id"), ("version", "framework_version")):
            rv = _rv(fw, key, "framework")
            if rv is not None:
                header[name] = rv
    unit = data.get("unit") or {}
    for key in ("code", "name", "name_en", "district"):
        rv = _rv(unit, key, "unit")
        if rv is not None:
            header[f"unit_{key}" if key != "district" else "district"] = rv
    for key in ("year", "stage", "assessor", "note"):
        rv = _rv(data, key)
        if rv is not None:
            header[key] = rv

    entries: list[RawEntry] = []
    for i, item in enumerate(data.get("entries") or ()):
        fields: dict[str, RawValue] = {}
        for key in ENTRY_FIELDS:
            rv = _rv(item, key, "entries", i)
            if rv is not None:
                fields[key] = rv
        source = item.get("source")
        if isinstance(source, Mapping):  # {kind, ref, quote}: the flat fields of CSV and Excel
            del fields["source"]
            for key, name in (("kind", "source"), ("ref", "source_ref"), ("quote", "source_quote")):
                rv = _rv(source, key, "entries", i, "source")
                if rv is not None:
                    fields[name] = rv
        clauses = item.get("clauses")
        places = (
            {str(k): json_path("entries", i, "clauses", str(k)) for k in clauses}
            if isinstance(clauses, Mapping)
            else {}
        )
        entries.append(
            RawEntry(
                where=json_path("entries", i),
                code=RawValue(item["code"], json_path("entries", i, "code")),
                fields=fields,
                clause_places=places,
            )
        )
    vetoes = [
        RawVeto(
            where=json_path("vetoes", i),
            code=RawValue(v["code"], json_path("vetoes", i, "code")),
            triggered=_rv(v, "triggered", "vetoes", i),
            note=str(v.get("note", "")),
        )
        for i, v in enumerate(data.get("vetoes") or ())
    ]
    return RawAssessment(
        file=file,
        where="",
        header=header,
        entries=entries,
        vetoes=vetoes,
        entries_where=json_path("entries"),
        sha256=sha256,
        source_path=source_path,
    )
