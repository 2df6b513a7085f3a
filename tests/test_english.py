"""``--lang en`` speaks English: the library's and the bundled framework's words, the
reasons for lost points included; only what a user typed (names, notes, quotes) stays
as written. CSV written for people starts with a UTF-8 byte-order mark."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from anting_rule_of_law import assessment_from_dict, read_assessment, score

REPO = Path(__file__).resolve().parents[1]
ANTING = REPO / "examples" / "anting_2023" / "anting_2023.yaml"
DISTRICT = REPO / "examples" / "jiading_district" / "jiading_2021_2023.csv"
HAN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


def _section(text: str, heading: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start:end]


def test_english_report_has_english_gap_reasons(run_cli: Callable[..., Any]) -> None:
    out = run_cli("score", str(ANTING), "--lang", "en").out
    gaps = _section(out, "## Points lost (rectification list)")
    rows = [line for line in gaps if line.startswith("| ") and "---" not in line]
    # the header of each of the two parts and the 12 indicators that lost points
    assert len(rows) == 14
    assert [line for line in rows if HAN.search(line)] == []
    assert "| 2.3.2  | Staffing of comprehensive administrative enforcement" in out
    assert "grade: fair" in out and "rate 59.15%, target 80%" in out
    summary = _section(out, "## Summary")
    # the district is a proper name; everything else the summary says is English
    chinese = [line.split("|")[1].strip() for line in summary if HAN.search(line)]
    assert chinese == ["District"]


def test_english_lines_of_the_details_are_the_users_text_only(run_cli: Callable[..., Any]) -> None:
    """In the audit trail, Chinese appears only where the town's own words are quoted."""
    out = run_cli("score", str(ANTING), "--lang", "en").out
    details = _section(out, "## Indicator details")
    # the note, the quoted passage, the evidence, the inputs and a bound as typed
    typed = ("- Note: ", "- Quote", "  - ", "- Inputs: ", "- Adjustments: rate is a")
    leaked = [line for line in details if HAN.search(line) and not line.startswith(typed)]
    assert leaked == []
    headings = [line for line in details if line.startswith("### ")]
    assert len(headings) == 55 and not any(HAN.search(h) for h in headings)


def test_a_users_chinese_reason_stays_in_the_chinese_reason() -> None:
    data = {
        "schema_version": 1,
        "framework": "shanghai-town-2023",
        "unit": {"code": "t", "name": "某镇"},
        "year": 2023,
        "entries": [
            {"code": "2.6.2", "rate": "59.15%", "reason": "网信公开率低于目标"},
            {"code": "2.6.3", "rate": "85%", "reason": "survey of 120 petitioners"},
            {"code": "1.3.3", "grade": "良"},
        ],
    }
    gaps = score("shanghai-town-2023", assessment_from_dict(data)).gaps()
    reasons = {r["code"]: (r["reason"], r["reason_en"]) for r in gaps.iter_rows(named=True)}
    assert reasons["2.6.2"] == ("网信公开率低于目标", "rate 59.15%, target 80%")
    assert reasons["2.6.3"] == ("survey of 120 petitioners", "survey of 120 petitioners")
    assert reasons["1.3.3"] == ("等次：良", "grade: good")


def test_bundled_framework_english_fields_are_english() -> None:
    from anting_rule_of_law import load_framework

    fw = load_framework("shanghai-town-2023")
    texts = [fw.title_en]
    for node in fw.walk():
        texts += [node.name_en, node.department_en]
        if node.rule is not None:
            texts += [node.rule.description_en, node.rule.gate_en]
            texts += [c.text_en for c in node.rule.clauses]
    texts += [v.name_en for v in fw.vetoes] + [g.name_en for g in fw.grades]
    assert all(texts[:1])
    assert [t for t in texts if t and HAN.search(t)] == []


@pytest.mark.parametrize("command", [("indicators",), ("frameworks",)])
def test_csv_for_people_starts_with_a_bom(
    run_cli: Callable[..., Any], command: tuple[str, ...]
) -> None:
    out = run_cli(*command, "--format", "csv").out
    assert out.startswith("\ufeff")
    assert out.count("\ufeff") == 1


def test_english_indicator_table_names_departments_in_english(
    run_cli: Callable[..., Any],
) -> None:
    out = run_cli("indicators", "--lang", "en").out
    assert "Party and Government Office" in out and "党政办公室" not in out


def test_the_district_example_csv_has_a_bom_and_reads_the_same() -> None:
    raw = DISTRICT.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    assert len(read_assessment(ANTING).entries) == 55  # the reader is unaffected elsewhere
