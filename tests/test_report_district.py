"""The district desk (``-f district``): the batch at a glance, as a district office reads
and prints it — checked cell by cell against the Scorecard, and printed by LibreOffice."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import fastexcel
import polars as pl
import pytest

from anting_rule_of_law import Scorecard, read_assessments, score
from anting_rule_of_law.hookspecs import RenderOptions
from anting_rule_of_law.plugins import get_plugin_manager
from printed import pages_by_sheet, pdf_pages, soffice, to_pdf

ROOT = Path(__file__).resolve().parents[1]
DISTRICT = ROOT / "examples" / "jiading_district"
SHEETS = [
    "总览",
    "排名图",
    "2021自评排名",
    "2022自评排名",
    "2023自评排名",
    "2023初审排名",
    "年度对比",
    "阶段差异",
    "阶段差异明细",
    "共性问题",
]


@pytest.fixture(scope="module")
def card() -> Scorecard:
    files = [DISTRICT / "jiading_2021_2023.csv", DISTRICT / "jiading_2023_review.csv"]
    return score("shanghai-town-2023", read_assessments(files))


@pytest.fixture(scope="module")
def desk(card: Scorecard, tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = get_plugin_manager(load_entrypoints=False).render(card, "district", RenderOptions())
    assert isinstance(content, bytes)
    path = tmp_path_factory.mktemp("desk") / "区级汇总.xlsx"
    path.write_bytes(content)
    return path


def _sheet(path: Path, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        fastexcel.read_excel(path).load_sheet_by_name(name).to_polars().rows(named=True)
    )
    return rows


def test_the_sheets_follow_the_years_and_the_stages_in_process_order(desk: Path) -> None:
    assert fastexcel.read_excel(desk).sheet_names == SHEETS


def test_a_ranking_sheet_is_the_year_and_stage_in_rank_order(desk: Path, card: Scorecard) -> None:
    rows = _sheet(desk, "2023自评排名")
    totals = card.totals.filter((pl.col("year") == 2023) & (pl.col("stage") == "self"))
    expected = totals.sort("rank").select("rank", "unit_name", "score").rows()
    assert [(r["排名"], r["单位"], r["总分"]) for r in rows] == [
        (float(rank), name, total) for rank, name, total in expected
    ]
    before = dict(
        card.totals.filter((pl.col("year") == 2022) & (pl.col("stage") == "self"))
        .select("unit_name", "score")
        .rows()
    )
    for r in rows:
        assert r["较上年"] == pytest.approx(r["总分"] - before[r["单位"]], abs=1e-12)


def test_a_vetoed_unit_is_named_with_its_veto_item(desk: Path) -> None:
    rows = {r["单位"]: r for r in _sheet(desk, "2022自评排名")}
    assert rows["真新街道"]["一票否决"].startswith("V4 ")
    assert all(not r["一票否决"] for name, r in rows.items() if name != "真新街道")
    summary = {(int(r["年度"]), r["评价阶段"]): r for r in _sheet(desk, "总览")}
    assert summary[(2022, "自评")]["一票否决"] == 1
    assert summary[(2023, "初审")]["单位数"] == 12


def test_each_ranking_has_a_native_chart_with_the_pass_line(desk: Path) -> None:
    with zipfile.ZipFile(desk) as z:
        charts = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        xml = {n: z.read(n).decode("utf-8") for n in charts}
    assert len(charts) == 4  # 2021, 2022, 2023 self-assessment, 2023 review
    titles = [re.search(r"<a:t>(\d{4}年度[^<]*)</a:t>", x) for x in xml.values()]
    assert [t.group(1) for t in titles if t] == [
        "2021年度 自评 总分排名",
        "2022年度 自评 总分排名",
        "2023年度 自评 总分排名",
        "2023年度 初审 总分排名",
    ]
    for text in xml.values():
        assert "<c:barChart>" in text and "<c:lineChart>" in text  # totals and the pass line
    # 2022: the vetoed unit's bar is red (its point), the failing ones orange
    assert "C00000" in xml[charts[1]] and "ED7D31" in xml[charts[1]]


def test_the_common_weaknesses_count_the_units_losing_points(desk: Path, card: Scorecard) -> None:
    rows = [r for r in _sheet(desk, "共性问题") if r["评价阶段"] == "自评"]
    gaps = card.gaps(year=2023, stage="self").join(
        pl.DataFrame(
            {
                "code": [leaf.code for leaf in card.framework.leaves()],
                "kind": [leaf.rule.type if leaf.rule else "" for leaf in card.framework.leaves()],
            }
        ),
        on=pl.col("code").cast(pl.String),
        how="left",
    )
    faults = gaps.filter(pl.col("kind") != "bonus")
    counted = dict(faults.group_by(pl.col("code").cast(pl.String)).len().rows())
    assert {r["编号"]: int(r["失分单位数"]) for r in rows} == counted
    losing = [int(r["失分单位数"]) for r in rows]
    assert losing == sorted(losing, reverse=True)
    top = rows[0]
    lost = faults.filter(pl.col("code").cast(pl.String) == top["编号"]).get_column("lost").sum()
    assert top["全区失分"] == pytest.approx(lost, abs=1e-9)
    assert top["失分单位占比"] == pytest.approx(top["失分单位数"] / 12, abs=1e-12)


def test_the_stage_differences_match_compare_stages(desk: Path, card: Scorecard) -> None:
    rows = _sheet(desk, "阶段差异")
    totals = card.compare_stages("self", "review").filter(pl.col("code") == "")
    expected = dict(totals.select(pl.col("unit").cast(pl.String), "difference").rows())
    names = dict(card.totals.select("unit_name", "unit").unique().rows())
    assert len(rows) == 12
    for r in rows:
        assert r["差值"] == pytest.approx(expected[names[r["单位"]]], abs=1e-12)
    differences = [r["差值"] for r in rows]
    assert differences == sorted(differences)  # the largest fall first
    anting = next(r for r in rows if r["单位"] == "安亭镇")
    assert (anting["对比阶段结论"], anting["结论"]) == ("达标", "未达标")


def test_years_of_one_stage_only_are_compared_year_over_year(desk: Path) -> None:
    rows = _sheet(desk, "年度对比")
    assert {r["评价阶段"] for r in rows} == {"自评"}  # 初审 has one year only
    anting = next(r for r in rows if r["单位"] == "安亭镇")
    assert anting["较上年"] == pytest.approx(anting["2023年"] - anting["2022年"], abs=1e-12)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_the_desk_prints_on_a4_with_its_charts(desk: Path, tmp_path: Path) -> None:
    (pdf,) = to_pdf([desk], tmp_path)
    pages = pdf_pages(pdf)
    by_sheet = pages_by_sheet(pages, SHEETS)
    # one chart a page, each with its title, the pass line's legend and every unit
    charts = by_sheet["排名图"]
    assert len(charts) == 4
    for page, title in zip(
        charts,
        [
            "2021 年度 自评 总分排名",
            "2022 年度 自评 总分排名",
            "2023 年度 自评 总分排名",
            "2023 年度 初审 总分排名",
        ],
        strict=True,
    ):
        assert title in re.sub(r"\s+", " ", page) and "达标线" in page
    # a ranking sheet fits one page: all twelve units and the last column on it
    (ranking,) = by_sheet["2022自评排名"]
    assert "上年排名" in ranking and "华亭镇" in ranking and "V4" in ranking
    for sheet, printed in by_sheet.items():
        assert printed, f"{sheet} printed nothing"
        assert all(re.search(r"第 \d+ 页 共 \d+ 页", p) for p in printed)


def test_the_summary_names_the_indicator_system_once_above_its_table(desk: Path) -> None:
    import openpyxl

    ws = openpyxl.load_workbook(desk)["总览"]
    assert "指标体系" not in [c.value for c in ws[1]]  # no column repeating it per row
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any("并非官方文本" in text for text in cells)
    centre = ws.oddHeader.center.text
    assert "shanghai-town-2023 2023.1" in centre
    assert centre.endswith("\n本指标体系为参考重构版，并非官方文本。")


def test_the_summary_prints_the_notice_once_on_one_page(desk: Path, tmp_path: Path) -> None:
    (pdf,) = to_pdf([desk], tmp_path)
    (summary,) = pages_by_sheet(pdf_pages(pdf), SHEETS)["总览"]
    assert summary.count("本指标体系为参考重构版，并非官方文本") == 1
    assert "shanghai-town-2023" in summary and "2023 初审" in re.sub(r"\s+", " ", summary)


def test_the_report_workbook_and_the_desk_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from anting_rule_of_law.cli import main

    files = [str(DISTRICT / "jiading_2021_2023.csv"), str(DISTRICT / "jiading_2023_review.csv")]
    out = tmp_path / "out"
    assert main(["score", *files, "-f", "xlsx", "-f", "district", "-o", f"{out}/"]) == 0
    err = capsys.readouterr().err
    report, desk = out / "report.xlsx", out / "report-district.xlsx"
    assert err.splitlines()[-1] == f"已写入 2 个文件：{report}、{desk}"
    assert fastexcel.read_excel(desk).sheet_names == SHEETS
    assert "具体指标" in fastexcel.read_excel(report).sheet_names
    # the Chinese alias names the same format
    assert main(["score", *files, "-f", "区级汇总", "-o", str(tmp_path / "区级汇总.xlsx")]) == 0
    assert fastexcel.read_excel(tmp_path / "区级汇总.xlsx").sheet_names == SHEETS
