"""Clause rows in the fill-in template: per clause kind, Excel's own check, validate's
located error, and an exact round trip; and the layouts the reader knows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from anting_rule_of_law import check_files, load_framework, read_assessment, write_template
from anting_rule_of_law.records import Framework
from form_fill import MINI_FRAMEWORK, fill, form_cell

ROOT = Path(__file__).resolve().parents[1]
LAYOUT1 = ROOT / "tests" / "fixtures" / "layout1_anting_2023.xlsx"
ANTING_YAML = ROOT / "examples" / "anting_2023" / "anting_2023.yaml"


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(MINI_FRAMEWORK)


@pytest.fixture
def template(tmp_path: Path, fw: Framework) -> Path:
    return write_template(fw, tmp_path / "form.xlsx")


INFO = {"unit_code": "310114102", "unit_name": "安亭镇", "year": 2023}


def _validation(ws: Any, cell: str) -> Any:
    found = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == cell]
    assert len(found) == 1, f"{cell}: {len(found)} validations"
    return found[0]


# (clause id in the mini framework, kind, the check Excel applies, a good value and what
# it reads as, a wrong value and the start of validate's message about it)
KINDS = [
    ("gate", "gate", ("list", None, '"是,否"'), ("否", False), ("也许", "gate: ")),
    ("c1", "per_item", ("whole", "greaterThanOrEqual", "0"), (2, 2.0), (1.5, "1.1.3: clause c1")),
    ("c2", "flag", ("list", None, '"是,否"'), ("是", 1.0), ("也许", "clauses.c2: ")),
    (
        "c3",
        "threshold",
        ("decimal", None, "0"),  # between 0 and 1 (Excel leaves "between" unsaid)
        ("93%", 0.93),
        ("九成", "clauses.c3: "),
    ),
]


@pytest.mark.parametrize(
    ("cid", "kind", "check", "good", "wrong"), KINDS, ids=[k[1] for k in KINDS]
)
def test_clause_kind(
    template: Path,
    tmp_path: Path,
    fw: Framework,
    cid: str,
    kind: str,
    check: tuple[str, str | None, str],
    good: tuple[Any, Any],
    wrong: tuple[Any, str],
) -> None:
    field = "gate" if cid == "gate" else f"clauses.{cid}"
    ws = openpyxl.load_workbook(template)["具体指标"]
    cell = form_cell(ws, "1.1.3", field)
    # Excel's own check of the cell, read back
    dv = _validation(ws, cell)
    kind_, operator, first = check
    assert dv.type == kind_
    assert dv.operator == operator
    assert dv.formula1 == first
    assert not ws[cell].protection.locked
    # the clause's text (or the gate's) stands on the row, its hint next to the cell
    row = cell[1:]
    assert ws[f"B{row}"].value.strip().startswith("c" if cid != "gate" else "前提条件")
    # a wrong value: validate reports it at exactly this cell
    values: dict[str, Any] = {"gate": "是", "clauses": {}} if cid != "gate" else {}
    if cid == "gate":
        values["gate"] = wrong[0]
    else:
        values["clauses"][cid] = wrong[0]
    bad = fill(template, tmp_path / "bad.xlsx", {"1.1.3": values}, INFO, {})
    errors = [p for p in check_files([bad], fw).errors if p.where == f"具体指标!{cell}"]
    assert errors, [p.message("en") for p in check_files([bad], fw).problems]
    assert errors[0].en.startswith(wrong[1])
    # a good value: read back exactly
    values = {"gate": good[0]} if cid == "gate" else {"gate": "是", "clauses": {cid: good[0]}}
    ok = fill(template, tmp_path / "ok.xlsx", {"1.1.3": values}, INFO, {})
    record = read_assessment(ok, fw)
    (entry,) = record.entries
    if cid == "gate":
        assert entry.gate is good[1]
    else:
        assert dict(entry.clauses) == {cid: good[1]}
        assert entry.gate is True


def test_round_trip_reproduces_every_input(template: Path, tmp_path: Path, fw: Framework) -> None:
    values = {
        "1.1.1": {"met": "是", "note": "专题会议", "evidence": "纪要1；纪要2"},
        "1.1.2": {"grade": "良"},
        "1.1.3": {"gate": "是", "clauses": {"c1": 3, "c2": "否", "c3": 0.9}},
        "2.1.1": {"numerator": "1,319件", "denominator": 1333, "rate": "98.94%"},
        "2.1.2": {"count": "366件"},
        "2.1.3": {"score": 8.5, "reason": "表现良好"},
        "2.1.4": {"not_applicable": "是", "reason": "无创新项目"},
        "2.1.5": {"value": 0.73},
    }
    filled = fill(template, tmp_path / "filled.xlsx", values, INFO, {"V1": "否"})
    record = read_assessment(filled, fw)
    by_code = {e.code: e for e in record.entries}
    first = by_code["1.1.1"]
    assert (first.met, first.note, first.raw) == (True, "专题会议", (("met", "是"),))
    assert [e.ref for e in first.evidence] == ["纪要1", "纪要2"]
    assert by_code["1.1.2"].grade == "良"
    assert by_code["1.1.3"].gate is True
    assert by_code["1.1.3"].clauses == (("c1", 3.0), ("c2", 0.0), ("c3", 0.9))
    assert dict(by_code["1.1.3"].raw) == {
        "gate": "是",
        "clauses.c1": "3",
        "clauses.c2": "否",
        "clauses.c3": "0.9",
    }
    ratio = by_code["2.1.1"]
    assert (ratio.numerator, ratio.denominator, ratio.rate) == (1319.0, 1333.0, 0.9894)
    assert dict(ratio.raw) == {"numerator": "1,319件", "denominator": "1333", "rate": "98.94%"}
    assert by_code["2.1.2"].count == 366.0
    assert (by_code["2.1.3"].score, by_code["2.1.3"].reason) == (8.5, "表现良好")
    assert by_code["2.1.4"].not_applicable and by_code["2.1.4"].reason == "无创新项目"
    assert by_code["2.1.5"].value == 0.73
    assert [v.code for v in record.vetoes] == ["V1"]


def test_the_anting_example_round_trips_through_the_new_layout() -> None:
    from_yaml = read_assessment(ANTING_YAML)
    from_xlsx = read_assessment(ROOT / "examples" / "anting_2023" / "anting_2023.xlsx")
    assert from_xlsx.entries == from_yaml.entries


def test_layout_1_workbooks_are_still_read() -> None:
    # the layout-1 workbook holds the example as it was then (the YAML beside it)
    from_yaml = read_assessment(LAYOUT1.with_suffix(".yaml"))
    old = read_assessment(LAYOUT1)
    assert old.entries == from_yaml.entries
    assert (old.unit, old.year, old.stage) == (from_yaml.unit, from_yaml.year, from_yaml.stage)


def test_an_unknown_layout_is_refused_by_its_number(template: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(template)
    info = wb["基本信息"]
    assert info["B12"].value == "layout"
    info["C12"] = 3
    wb.save(tmp_path / "future.xlsx")
    (problem,) = check_files([tmp_path / "future.xlsx"]).errors
    assert problem.where == "基本信息!C12"
    assert "workbook layout 3" in problem.en and "anting-rol template" in problem.en
    assert "版式 3" in problem.zh
