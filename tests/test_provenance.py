"""Where an entry's figures come from (``source``): read from every input format, checked,
and shown by every report (summary count, a marker per indicator), never scored."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from anting_rule_of_law import (
    InputError,
    Source,
    assessment_from_dict,
    check_files,
    read_assessment,
    report_document,
    score,
)
from anting_rule_of_law.hookspecs import RenderOptions
from anting_rule_of_law.plugins import get_plugin_manager
from anting_rule_of_law.rulekinds.vocabulary import SOURCE_WORDS, provenance_text
from anting_rule_of_law.schemas import load_schema

FW = "shanghai-town-2023"
QUOTE = "律师参与周四镇领导接访工作49次"


def _data(*entries: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "framework": FW,
        "unit": {"code": "t", "name": "某镇"},
        "year": 2023,
        "vetoes": [{"code": c, "triggered": False} for c in ("V1", "V2", "V3", "V4")],
        "entries": list(entries),
    }


def _errors(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as info:
        assessment_from_dict(data)
    return [(p.where, p.en) for p in info.value.errors]


def test_yaml_mapping_and_word() -> None:
    a = assessment_from_dict(
        _data(
            {
                "code": "2.6.4",
                "count": 49,
                "source": {"kind": "年度报告", "ref": "安委〔2024〕14号 一（2）一", "quote": QUOTE},
            },
            {"code": "2.6.1", "rate": "100%", "source": "示例值"},
            {"code": "3.3.2", "count": 366},
        )
    )
    sources = {e.code: e.source for e in a.entries}
    assert sources == {
        "2.6.4": Source(kind="report", ref="安委〔2024〕14号 一（2）一", quote=QUOTE),
        "2.6.1": Source(kind="illustrative"),
        "3.3.2": None,
    }


def test_source_errors_are_located() -> None:
    errors = _errors(
        _data(
            {"code": "2.6.4", "count": 49, "source": {"kind": "report", "ref": "安委"}},
            {"code": "2.6.1", "rate": "100%", "source": "猜的"},
        )
    )
    assert errors == [
        (
            "$.entries[0].source.kind",
            "a figure taken from the report quotes the passage it rests on (source quote)",
        ),
        (
            "$.entries[1].source",
            "source '猜的' is not known (one of " + " / ".join(SOURCE_WORDS) + ")",
        ),
    ]


def test_csv_columns(tmp_path: Path) -> None:
    path = tmp_path / "towns.csv"
    path.write_text(
        "framework,unit_code,year,code,count,数据来源,来源出处,来源原文\n"
        f"{FW},t,2023,2.6.4,49,年度报告,安委〔2024〕14号,{QUOTE}\n"
        f"{FW},t,2023,3.3.2,366,示例值,,\n"
        f"{FW},t,2023,3.5.1,64,,,只有原文\n",
        encoding="utf-8",
    )
    checked = check_files([path])
    [error] = checked.errors
    assert error.where == "line 4, column source_quote"
    assert "needs its kind" in error.en


def test_the_score_does_not_depend_on_the_source() -> None:
    plain = _data({"code": "2.6.4", "count": 30}, {"code": "3.3.2", "count": 366})
    marked = _data(
        {"code": "2.6.4", "count": 30, "source": "示例值"},
        {"code": "3.3.2", "count": 366, "source": {"kind": "report", "quote": "366件"}},
    )
    a = score(FW, assessment_from_dict(plain)).totals
    b = score(FW, assessment_from_dict(marked)).totals
    assert a.drop("unit_name").equals(b.drop("unit_name"))


def test_document_counts_and_rows() -> None:
    data = _data(
        {"code": "2.6.4", "count": 30, "source": {"kind": "report", "quote": QUOTE}},
        {"code": "3.3.2", "count": 100, "source": "示例值"},
        {"code": "3.5.1", "count": 10},
    )
    doc = report_document(score(FW, assessment_from_dict(data)))
    [result] = doc["results"]
    assert result["provenance"] == {"leaves": 55, "report": 1, "illustrative": 1, "unstated": 53}
    audit = {row["code"]: row["source"] for row in result["audit"]}
    assert audit["2.6.4"] == {"kind": "report", "ref": "", "quote": QUOTE}
    assert audit["3.3.2"] == {"kind": "illustrative", "ref": "", "quote": ""}
    assert audit["3.5.1"] is None
    gaps = {row["code"]: row["source"] for row in result["gaps"]}
    assert (gaps["2.6.4"], gaps["3.3.2"], gaps["3.5.1"]) == ("report", "illustrative", None)
    schema = load_schema("report")
    jsonschema.Draft202012Validator(schema).validate(json.loads(json.dumps(doc)))
    assert provenance_text(result["provenance"], "zh") == (
        "55 项中 1 项取自年度报告，1 项为示例值，53 项未注明"
    )
    assert provenance_text(result["provenance"], "en") == (
        "1 of 55 from the annual report, 1 illustrative, 53 not stated"
    )


def test_nothing_is_said_when_no_entry_states_a_source() -> None:
    card = score(FW, assessment_from_dict(_data({"code": "2.6.4", "count": 49})))
    doc = report_document(card)
    assert doc["results"][0]["provenance"]["unstated"] == 55
    text = get_plugin_manager(load_entrypoints=False).render(card, "markdown", RenderOptions())
    assert isinstance(text, str)
    assert "数据来源" not in text


ANTING = Path(__file__).resolve().parents[1] / "examples" / "anting_2023" / "anting_2023.yaml"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_excel_report_shows_count_and_markers(lang: str) -> None:
    import fastexcel

    anting = read_assessment(ANTING)
    kinds = [e.source.kind for e in anting.entries if e.source is not None]
    card = score(FW, anting)
    data = get_plugin_manager(load_entrypoints=False).render(card, "xlsx", RenderOptions(lang=lang))
    assert isinstance(data, bytes)
    book = fastexcel.read_excel(io.BytesIO(data).getvalue())
    sheets = book.sheet_names
    overview = book.load_sheet(sheets[0]).to_polars()
    source_word = "数据来源" if lang == "zh" else "Source"
    [line] = overview.get_column(source_word).to_list()
    assert line == provenance_text(report_document(card)["results"][0]["provenance"], lang)
    leaves = book.load_sheet(sheets[3]).to_polars()
    markers = leaves.get_column(source_word).to_list()
    report_word = "取自年度报告" if lang == "zh" else "from the annual report"
    assert markers.count(report_word) == kinds.count("report")
    assert len(markers) == 55
