"""The JSON report: schema-valid (checked by jsonschema itself), reproducible, unrounded."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jsonschema
import pytest

from anting_rule_of_law import __version__
from anting_rule_of_law.hookspecs import RenderOptions
from anting_rule_of_law.plugins import get_plugin_manager
from anting_rule_of_law.schemas import load_schema
from anting_rule_of_law.scoring import score
from plugin_fixtures import scorecards as sample


def render(options: RenderOptions | None = None, assessments: Any = None) -> str:
    sc = score(sample.framework(), assessments or sample.batch())
    out = get_plugin_manager(load_entrypoints=False).render(sc, "json", options or RenderOptions())
    assert isinstance(out, str)
    return out


def validate(doc: Any) -> None:
    schema = load_schema("report")
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(doc)


def result(doc: dict[str, Any], unit: str, year: int) -> dict[str, Any]:
    (found,) = [r for r in doc["results"] if r["unit"]["code"] == unit and r["year"] == year]
    return found


@pytest.mark.parametrize("detail", ["full", "summary"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_valid_against_the_shipped_schema(detail: str, lang: str) -> None:
    validate(json.loads(render(RenderOptions(lang=lang, detail=detail))))


def test_same_input_same_bytes() -> None:
    assert render().encode() == render().encode()


def test_envelope() -> None:
    doc = json.loads(render())
    fw = sample.framework()
    assert doc["schema_version"] == 2
    assert doc["tool"] == {"name": "anting-rule-of-law", "version": __version__}
    assert doc["framework"]["id"] == "mini-2023"
    assert doc["framework"]["version"] == "1.0"
    assert doc["framework"]["sha256"] == fw.sha256
    assert doc["framework"]["status"] == "reference"
    assert len(doc["input_sha256"]) == 64
    assert "generated_at" not in doc
    # results ordered by unit code, then year
    keys = [(r["unit"]["code"], r["year"]) for r in doc["results"]]
    assert keys == [("anting", 2022), ("anting", 2023), ("huating", 2023)]


def test_timestamp_only_when_asked() -> None:
    doc = json.loads(render(RenderOptions(timestamp=True)))
    validate(doc)
    stamp = dt.datetime.fromisoformat(doc["generated_at"])
    assert abs((dt.datetime.now(dt.timezone.utc) - stamp).total_seconds()) < 60


def test_numbers_are_full_precision() -> None:
    doc = json.loads(render())
    a = result(doc, "anting", 2023)
    assert a["total"]["score"] == pytest.approx(sample.TOTAL_A_2023, rel=1e-12)
    assert a["total"]["score"] != round(a["total"]["score"], 2)  # not rounded
    assert a["total"]["grade"] == "pass" and a["total"]["passed"] is True
    level1 = {n["code"]: n["score"] for n in a["levels"][0]["nodes"]}
    assert level1 == pytest.approx({"1": 2.5, "2": 3 * (1319 / 1333 - 0.9) / 0.1 + 1.6})
    assert [b["level"] for b in a["levels"]] == [1, 2, 3]
    assert [n["code"] for n in a["levels"][2]["nodes"]] == ["1.1.1", "1.1.2", "2.1.1", "2.1.2"]


def test_gaps_audit_and_clauses() -> None:
    doc = json.loads(render())
    a = result(doc, "anting", 2023)
    assert [(g["code"], g["lost"]) for g in a["gaps"]] == [
        ("1.1.2", 2.5),
        ("2.1.2", pytest.approx(0.4)),
        ("2.1.1", pytest.approx(3 - 3 * (1319 / 1333 - 0.9) / 0.1)),
    ]
    assert a["gaps"][0]["reason"] == sample.PIPE_REASON
    assert a["gaps"][0]["department"] == "组织人事办"
    assert [(c["clause"], c["deduction"]) for c in a["clauses"]] == [("c1", 1.0), ("c2", 1.5)]
    audit = {r["code"]: r for r in a["audit"]}
    assert audit["2.1.1"]["inputs"] == {"numerator": 1319.0, "denominator": 1333.0}
    assert audit["1.1.1"]["evidence"] == ["党委会议纪要.pdf"]
    assert audit["1.1.2"]["note"] == sample.FORMULA_NOTE


def test_summary_leaves_out_the_audit_trail() -> None:
    doc = json.loads(render(RenderOptions(detail="summary")))
    assert doc["detail"] == "summary"
    assert all("audit" not in r and "clauses" not in r for r in doc["results"])


def test_year_over_year_only_with_several_years() -> None:
    doc = json.loads(render())
    total_rows = [r for r in doc["yoy"] if r["code"] == ""]
    assert [(r["unit"], r["year"], r["previous_year"]) for r in total_rows] == [
        ("anting", 2023, 2022)
    ]
    assert total_rows[0]["delta"] == pytest.approx(sample.TOTAL_A_2023 - 8)
    single = json.loads(render(assessments=[sample.assessment()]))
    assert single["yoy"] == []


def test_chinese_kept_as_characters() -> None:
    text = render()
    assert "安亭镇" in text and "\\u5b89" not in text


def test_schema_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from anting_rule_of_law.cli import main

    assert main(["schema", "report"]) == 0
    assert json.loads(capsys.readouterr().out) == load_schema("report")


def test_bundled_framework_report_is_valid() -> None:
    from anting_rule_of_law import Assessment

    a = Assessment.from_dict(
        {
            "framework": {"id": "shanghai-town-2023"},
            "unit": {"code": "anting", "name": "安亭镇", "district": "嘉定区"},
            "year": 2023,
            "entries": [
                {"code": "2.2.2", "numerator": 1319, "denominator": 1333},
                {"code": "1.2.1", "met": True},
            ],
        }
    )
    sc = score("shanghai-town-2023", [a])
    doc = json.loads(get_plugin_manager(load_entrypoints=False).render(sc, "json", RenderOptions()))
    validate(doc)
    assert len(doc["framework"]["sha256"]) == 64
    assert [len(b["nodes"]) for b in doc["results"][0]["levels"]] == [4, 18, 55]
