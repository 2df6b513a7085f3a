"""The examples in examples/ run, reproduce their committed outputs, and say what they claim.

The Anting 2023 example must take its figures from the town's report (the seed)
and quote it verbatim; the Jiading batch must regenerate byte for byte and rank
12 units in each of 3 years (the notebook: test_notebook.py).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl
import pytest

from anting_rule_of_law import (
    Assessment,
    check_files,
    load_framework,
    read_assessment,
    read_assessments,
    score,
)

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
ANTING = EXAMPLES / "anting_2023"
ANTING_YAML = ANTING / "anting_2023.yaml"
ANTING_XLSX = ANTING / "anting_2023.xlsx"
DISTRICT = EXAMPLES / "jiading_district"
DISTRICT_CSV = DISTRICT / "jiading_2021_2023.csv"
SEED = ANTING / "report_2023.txt"
REF = "安委〔2024〕14号"


def _load(path: Path) -> ModuleType:
    """Import an example script as a module (they are not a package)."""
    name = f"example_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def anting() -> Assessment:
    record: Assessment = read_assessment(ANTING_YAML)
    return record


def _entry(a: Assessment, code: str) -> Any:
    e = a.entry(code)
    assert e is not None, f"no entry for {code}"
    return e


# -- Anting 2023 -----------------------------------------------------------------


def test_anting_validates_with_only_the_truncated_rate_warning() -> None:
    checked = check_files([ANTING_YAML])
    assert checked.errors == ()
    assert len(checked.assessments) == 1
    [warning] = checked.warnings
    assert "1319/1333 = 98.95%" in warning.zh and "截断" in warning.zh
    assert "truncated" in warning.en


def test_anting_covers_every_specific_indicator(anting: Assessment) -> None:
    fw = load_framework("shanghai-town-2023")
    assert sorted(e.code for e in anting.entries) == sorted(n.code for n in fw.leaves())
    assert anting.unit.name == "安亭镇" and anting.unit.district == "嘉定区"
    assert (anting.year, anting.stage) == (2023, "self")


def test_anting_uses_the_reports_figures(anting: Assessment) -> None:
    e = _entry(anting, "2.2.2")
    assert (e.numerator, e.denominator, e.rate) == (1319, 1333, pytest.approx(0.9894))
    e = _entry(anting, "2.6.3")
    assert (e.rate, e.rate_bound) == (pytest.approx(0.95), "min")
    assert dict(e.raw)["rate"] == "95%以上"
    assert _entry(anting, "2.6.2").rate == pytest.approx(0.5915)
    assert (_entry(anting, "2.2.3").numerator, _entry(anting, "2.2.3").denominator) == (0, 22)
    assert _entry(anting, "2.6.1").denominator == 1658
    # ordinary-procedure decisions only: the 693 on-the-spot ones are not published one by one
    assert _entry(anting, "2.2.1").denominator == 640
    counts = {"2.6.4": 49, "2.7.4": 20, "3.3.2": 366, "3.5.1": 64, "3.5.2": 2}
    assert {c: _entry(anting, c).count for c in counts} == counts
    assert dict(_entry(anting, "1.3.2").clauses)["c1"] == 22
    assert (_entry(anting, "1.4.1").numerator, _entry(anting, "1.4.1").denominator) == (3, 3)
    assert _entry(anting, "3.4.2").numerator == 1542


def test_anting_evidence_quotes_the_report_verbatim(anting: Assessment) -> None:
    seed = SEED.read_text(encoding="utf-8")
    quotes = [
        (e.code, ev.ref) for e in anting.entries for ev in e.evidence if ev.ref.startswith(REF)
    ]
    assert len(quotes) >= 50
    for code, ref in quotes:
        _, sep, passage = ref.partition("：")
        assert sep and len(passage) >= 6, (code, ref)
        assert passage in seed, (code, passage)


def _provenance(a: Assessment) -> tuple[int, int]:
    kinds = [e.source.kind for e in a.entries if e.source is not None]
    return kinds.count("report"), kinds.count("illustrative")


def test_anting_every_entry_states_its_source(anting: Assessment) -> None:
    """Each entry is either the report's (quoting it) or illustrative (saying which value)."""
    seed = SEED.read_text(encoding="utf-8")
    for e in anting.entries:
        assert e.source is not None, e.code
        if e.source.quote:
            assert e.source.ref.startswith(REF), e.code
            assert e.source.quote in seed, (e.code, e.source.quote)
        if e.source.kind == "report":
            assert e.source.quote, e.code
            assert "示例" not in e.note + e.reason, e.code
        else:
            assert "示例" in e.note + e.reason, e.code  # which value is made up, and why


def test_anting_provenance_count_is_stated_where_people_read_it(anting: Assessment) -> None:
    """The count in the file's header, its note, the README and the docs is the file's own."""
    report, illustrative = _provenance(anting)
    assert report + illustrative == len(anting.entries) == 55
    sentence = f"55 项中 {report} 项取自年度报告，{illustrative} 项为示例值"
    assert sentence in ANTING_YAML.read_text(encoding="utf-8")
    assert sentence in anting.note
    for doc in (REPO / "README.md", REPO / "docs" / "examples.md", ANTING / "README.md"):
        assert sentence in doc.read_text(encoding="utf-8"), doc


def test_anting_report_shows_the_provenance(run_cli: Callable[..., Any]) -> None:
    """The summary line and one marker per specific indicator, in zh and en."""
    report, illustrative = _provenance(read_assessment(ANTING_YAML))
    out = run_cli("score", str(ANTING_YAML)).out
    assert f"| 数据来源 | 55 项中 {report} 项取自年度报告，{illustrative} 项为示例值 |" in out
    assert out.count("- 数据来源：取自年度报告") == report
    assert out.count("- 数据来源：示例值") == illustrative
    out = run_cli("score", str(ANTING_YAML), "--lang", "en").out
    assert f"{report} of 55 from the annual report, {illustrative} illustrative" in out
    assert out.count("- Source: from the annual report") == report
    assert out.count("- Source: illustrative value") == illustrative


def test_anting_score_by_hand(anting: Assessment) -> None:
    sc = score("shanghai-town-2023", anting)
    lost = {
        "4.1.2": 1.5,  # bonus: 1 of 2 items at 1.5
        "3.1.1": 1.0,  # clause c1: duty lists not yet working across departments
        "4.1.1": 2.0,  # bonus: 1 of 3 items at 1 (the cross-province platform)
        "2.3.2": 2 * (1 - 0.6),  # grade 中: 60%
        "2.6.2": 1.5 - 1.5 * (0.5915 - 0.4) / (0.8 - 0.4),
        "3.1.3": 1.5 * (1 - 0.6),  # grade 中
        "4.2.1": 0.5,
        "4.2.2": 0.5,
        "2.5.2": 2 * (1 - 0.8),  # grade 良
        "3.2.3": 0.3,
        "3.3.4": 1.5 * (1 - 0.8),  # grade 良
        "2.2.2": 2.5 - 2.5 * (1319 / 1333 - 0.9) / (1 - 0.9),  # numerator/denominator win
    }
    gaps = sc.gaps()
    got = dict(zip(gaps.get_column("code"), gaps.get_column("lost"), strict=True))
    assert got == pytest.approx(lost)
    total = sc.totals.row(0, named=True)
    assert total["score"] == pytest.approx(100 - sum(lost.values()))
    assert total["grade"] == "pass" and total["passed"] is True
    level1 = dict(sc.level(1).select("code", "score").iter_rows())
    assert level1 == pytest.approx(
        {
            "1": 20.0,
            "2": 40 - lost["2.3.2"] - lost["2.6.2"] - lost["2.5.2"] - lost["2.2.2"],
            "3": 30 - lost["3.1.1"] - lost["3.1.3"] - lost["3.2.3"] - lost["3.3.4"],
            "4": 10 - 1.5 - 2.0 - 0.5 - 0.5,
        }
    )


def test_anting_shortfalls_carry_the_reports_own_words(anting: Assessment) -> None:
    """Section 二 of the report (普法实效, 公共法律服务, 执法力量) shows up as reasons."""
    gaps = score("shanghai-town-2023", anting).gaps()
    reasons = dict(zip(gaps.get_column("code"), gaps.get_column("reason"), strict=True))
    assert "局限于制度建设" in reasons["3.1.1"]
    assert "新媒体普法" in reasons["3.1.3"]
    assert "服务质量" in reasons["3.3.4"]
    assert "执法力量" in reasons["2.3.2"]


def test_anting_cli_report(run_cli: Callable[..., Any]) -> None:
    result = run_cli("score", str(ANTING_YAML))
    assert result.code == 0
    out = result.out
    assert out.startswith("# 安亭镇2023年度法治建设示范创建自评报告")
    assert re.search(r"^\| 总分 +\| 91\.06 / 100\.00 +\|$", out, re.M)
    assert re.search(r"^\| 等次 +\| 达标 +\|$", out, re.M)
    assert "## 失分清单（整改清单）" in out


def test_anting_validate_command(run_cli: Callable[..., Any]) -> None:
    result = run_cli("validate", str(ANTING_YAML))
    assert result.code == 0
    text = result.out + result.err
    assert "$.entries[14].rate" in text and "填报值似为截断而非四舍五入" in text
    assert "0 个错误，1 个警告" in text


def test_anting_workbook_holds_the_same_assessment(anting: Assessment) -> None:
    from_xlsx = read_assessment(ANTING_XLSX)
    assert from_xlsx.entries == anting.entries
    assert (from_xlsx.unit, from_xlsx.year, from_xlsx.stage) == (
        anting.unit,
        anting.year,
        anting.stage,
    )
    assert (from_xlsx.assessor, from_xlsx.note, from_xlsx.vetoes) == (
        anting.assessor,
        anting.note,
        anting.vetoes,
    )
    a = score("shanghai-town-2023", anting).totals.get_column("score").item()
    b = score("shanghai-town-2023", from_xlsx).totals.get_column("score").item()
    assert a == b


def test_anting_workbook_regenerates(tmp_path: Path, anting: Assessment) -> None:
    pytest.importorskip("openpyxl")
    make_workbook = _load(ANTING / "make_workbook.py")
    target = tmp_path / "anting.xlsx"
    assert make_workbook.main([str(target)]) == 0
    assert read_assessment(target).entries == anting.entries


# -- Jiading district batch ----------------------------------------------------------


@pytest.fixture(scope="module")
def district() -> Any:
    return score("shanghai-town-2023", read_assessments([DISTRICT_CSV]))


def test_district_csv_regenerates_byte_for_byte(tmp_path: Path) -> None:
    generate = _load(DISTRICT / "generate.py")
    target = tmp_path / "batch.csv"
    assert generate.main(["-o", str(target)]) == 0
    assert target.read_bytes() == DISTRICT_CSV.read_bytes()
    other = tmp_path / "other.csv"
    assert generate.main(["-o", str(other), "--seed", "7"]) == 0
    assert other.read_bytes() != DISTRICT_CSV.read_bytes()


def test_district_csv_is_labelled_synthetic() -> None:
    frame = pl.read_csv(DISTRICT_CSV, infer_schema=False)
    assert frame.height == 12 * 3 * (55 + 4)
    assert frame.get_column("note").str.contains("SYNTHETIC").all()
    assert frame.get_column("assessor").str.contains("SYNTHETIC").all()
    assert "SYNTHETIC" in (DISTRICT / "README.md").read_text(encoding="utf-8")


def test_district_has_the_12_units_of_jiading(district: Any) -> None:
    names = set(district.totals.get_column("unit_name"))
    assert names == {
        "新成路街道",
        "真新街道",
        "菊园新区管委会",
        "嘉定镇街道",
        "南翔镇",
        "安亭镇",
        "马陆镇",
        "徐行镇",
        "华亭镇",
        "外冈镇",
        "江桥镇",
        "嘉定工业区",
    }


def test_district_scores_36_totals_ranked_1_to_12_per_year(district: Any) -> None:
    totals = district.totals
    assert totals.height == 36
    for year in (2021, 2022, 2023):
        one = totals.filter(pl.col("year") == year).sort("rank")
        assert one.get_column("rank").to_list() == list(range(1, 13))
        scores = one.get_column("score").to_list()
        assert scores == sorted(scores, reverse=True)


def test_district_veto_caps_a_grade(district: Any) -> None:
    row = district.totals.filter((pl.col("unit") == "zhenxin") & (pl.col("year") == 2022))
    r = row.row(0, named=True)
    assert r["vetoes"] == ["V4"] and r["score"] >= 95 and r["grade"] == "pass"


def test_district_report_md_is_current(district: Any) -> None:
    module = _load(DISTRICT / "district_report.py")
    expected = (DISTRICT / "report.md").read_text(encoding="utf-8")
    assert module.render(district) == expected, (
        "report.md is stale: run python examples/jiading_district/district_report.py"
    )


def test_district_gap_list_sums_unit_losses(district: Any) -> None:
    module = _load(DISTRICT / "district_report.py")
    summed = module.district_gaps(district, 2023)
    per_unit = district.gaps(year=2023)
    assert summed.get_column("lost").sum() == pytest.approx(per_unit.get_column("lost").sum())
    losses = summed.get_column("lost").to_list()
    assert losses == sorted(losses, reverse=True)
    top = summed.row(0, named=True)
    assert top["lost"] == pytest.approx(
        per_unit.filter(pl.col("code") == top["code"]).get_column("lost").sum()
    )


def test_district_report_xlsx_matches_a_fresh_score(district: Any) -> None:
    import fastexcel

    sheet = fastexcel.read_excel(DISTRICT / "report.xlsx").load_sheet_by_name("总览").to_polars()
    got = {
        (r["单位编号"], int(r["年度"])): (r["得分"], int(r["排名"]))
        for r in sheet.iter_rows(named=True)
    }
    want = {
        (r["unit"], r["year"]): (r["score"], r["rank"])
        for r in district.totals.iter_rows(named=True)
    }
    assert got.keys() == want.keys()
    for key, (score_, rank) in want.items():
        assert got[key][0] == pytest.approx(score_, abs=1e-9), key
        assert got[key][1] == rank, key


def test_district_review_regenerates_byte_for_byte_and_is_synthetic(tmp_path: Path) -> None:
    generate = _load(DISTRICT / "generate.py")
    target = tmp_path / "review.csv"
    assert generate.main(["--review", "-o", str(target)]) == 0
    committed = DISTRICT / "jiading_2023_review.csv"
    assert target.read_bytes() == committed.read_bytes()
    frame = pl.read_csv(committed, infer_schema=False)
    assert frame.height == 12 * (55 + 4)
    assert set(frame.get_column("stage")) == {"初审"} and set(frame.get_column("year")) == {"2023"}
    assert frame.get_column("note").str.contains("SYNTHETIC").all()
    assert frame.get_column("assessor").str.contains("SYNTHETIC").all()
    # a reviewed indicator says why: every reason the self-assessment did not have
    own = pl.read_csv(DISTRICT_CSV, infer_schema=False).filter(pl.col("year") == "2023")
    changed = frame.join(own, on=["unit_code", "code"], suffix="_self").filter(
        pl.col("reason").fill_null("") != pl.col("reason_self").fill_null("")
    )
    assert changed.height >= 12
    assert changed.get_column("reason").str.starts_with("初审核查：").all()
