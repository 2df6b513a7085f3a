"""The output-column contract (scoring/columns.py) holds for every frame, on both paths,
and matches the JSON report's schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings

from anting_rule_of_law.assessments import read_assessment
from anting_rule_of_law.columns import FRAMES, STATUSES, Frame, status_dtype
from anting_rule_of_law.records import Assessment, Framework
from anting_rule_of_law.reporters.document import report_document
from anting_rule_of_law.schemas import load_schema
from anting_rule_of_law.scoring import Scorecard, score, score_frame
from anting_rule_of_law.scoring._paths import forced
from test_scoring_smallpath import rich_cases

ROOT = Path(__file__).resolve().parents[1]
ANTING = ROOT / "examples" / "anting_2023" / "anting_2023.yaml"

#: How a frame's dtype is written in the report (its JSON Schema types).
_JSON: dict[str, set[str]] = {
    "String": {"string"},
    "Categorical": {"string"},
    "Float64": {"number"},
    "Int64": {"integer"},
    "Int8": {"integer"},
    "UInt32": {"integer"},
    "Boolean": {"boolean"},
    "List": {"array"},
}


def _frames(sc: Scorecard) -> dict[str, pl.DataFrame]:
    return {
        "totals": sc.totals,
        "nodes": sc.nodes,
        "audit": sc.audit,
        "audit_compact": sc.audit_compact,
        "clauses": sc.clauses,
        "gaps": sc.gaps(),
        "yoy": sc.yoy(),
        "compare_stages": sc.compare_stages(),
    }


def _check(sc: Scorecard) -> None:
    frames = _frames(sc)
    assert set(frames) == set(FRAMES)
    for name, frame in frames.items():
        assert dict(frame.schema) == dict(FRAMES[name].schema), name


@pytest.mark.parametrize("engine", ["python", "polars"])
def test_the_anting_example_has_the_declared_columns(engine: str) -> None:
    a = read_assessment(ANTING)
    review = Assessment(
        framework_id=a.framework_id, unit=a.unit, year=a.year, entries=a.entries, stage="review"
    )
    earlier = Assessment(framework_id=a.framework_id, unit=a.unit, year=a.year - 1, entries=())
    with forced(engine):  # type: ignore[arg-type]
        sc = score(a.framework_id, [a, review, earlier])
    assert sc._result.path == engine
    assert sc.yoy().height and sc.compare_stages().height and sc.clauses.height
    _check(sc)


@settings(max_examples=20, deadline=None)
@given(rich_cases())
def test_generated_cases_have_the_declared_columns(case: tuple[Framework, Any]) -> None:
    fw, items = case
    for engine in ("python", "polars"):
        with forced(engine):  # type: ignore[arg-type]
            _check(score(fw, items))


def test_an_empty_frame_input_has_the_declared_columns() -> None:
    entries = pl.DataFrame(schema={"unit": pl.String, "year": pl.Int64, "code": pl.String})
    _check(score_frame("shanghai-town-2023", entries))


def _json_types(prop: dict[str, Any]) -> set[str]:
    if "enum" in prop:
        return {"string" if v is not None else "null" for v in prop["enum"]}
    kind = prop.get("type", [])
    return {kind} if isinstance(kind, str) else set(kind)


@pytest.mark.parametrize("frame", [f for f in FRAMES.values() if f.report_def], ids=str)
def test_report_fields_are_the_report_schema(frame: Frame) -> None:
    schema = load_schema("report")["$defs"][frame.report_def]
    assert set(frame.report) | set(frame.report_added) == set(schema["properties"])
    assert set(schema["required"]) <= set(frame.report) | set(frame.report_added)
    for field in frame.report:
        dtype = frame.schema[field]
        want = _json_types(schema["properties"][field]) - {"null"}
        if field == "inputs":  # JSON text in the frame, an object in the report
            assert dtype == pl.String and want == {"object"}
        elif dtype == status_dtype():
            assert tuple(schema["properties"][field]["enum"][:-1]) == STATUSES
        else:
            assert want <= _JSON[type(dtype).__name__], (frame.name, field, dtype, want)


def test_the_report_document_writes_the_contract_fields() -> None:
    a = read_assessment(ANTING)
    doc = report_document(score(a.framework_id, a))
    result = doc["results"][0]
    assert tuple(result["total"]) == FRAMES["totals"].report
    assert tuple(result["levels"][0]["nodes"][0]) == FRAMES["nodes"].report
    audit = FRAMES["audit"]
    assert tuple(result["audit"][0]) == audit.report + audit.report_added
    gaps = FRAMES["gaps"]
    assert tuple(result["gaps"][0]) == gaps.report + gaps.report_added
    assert tuple(result["clauses"][0]) == FRAMES["clauses"].report
