"""The Anting 2023 report workbook and the fill-in template as printed (LibreOffice → PDF).

What a town office hands in is the printout: the overview on one page, every
sheet one page wide (the repeated header row on every page shows both its first
and its last column), and in the Chinese report no program words.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from anting_rule_of_law import check_files, load_framework, score, write_template
from anting_rule_of_law.assessments.layout import SHEETS as TEMPLATE_SHEETS
from anting_rule_of_law.hookspecs import RenderOptions
from anting_rule_of_law.plugins import get_plugin_manager
from anting_rule_of_law.reporters.excel import SHEETS as REPORT_SHEETS
from printed import pages_by_sheet, pdf_pages, soffice, to_pdf

ROOT = Path(__file__).resolve().parents[1]
ANTING = ROOT / "examples" / "anting_2023" / "anting_2023.yaml"

pytestmark = pytest.mark.skipif(
    soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler (pdftotext) is not installed",
)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[str]]]:
    """Pages per sheet of the zh report, the en report and the zh template."""
    tmp = tmp_path_factory.mktemp("printed")
    checked = check_files([str(ANTING)])
    assert not checked.errors
    fw = load_framework("shanghai-town-2023")
    card = score(fw, checked.assessments)
    pm = get_plugin_manager(load_entrypoints=False)
    files = {}
    for lang in ("zh", "en"):
        path = tmp / f"report-{lang}.xlsx"
        path.write_bytes(pm.render(card, "xlsx", RenderOptions(lang=lang)))
        files[f"report-{lang}"] = path
    files["template"] = write_template(
        fw, tmp / "template.xlsx", unit={"code": "anting", "name": "安亭镇"}, year=2023
    )
    pdfs = to_pdf(list(files.values()), tmp / "pdf")
    out = {}
    for (key, _), pdf in zip(files.items(), pdfs, strict=True):
        if key.startswith("report"):
            sheets = list(REPORT_SHEETS[key.rsplit("-", 1)[1]].values())
        else:
            sheets = [zh for zh, _ in TEMPLATE_SHEETS.values()]
        out[key] = pages_by_sheet(pdf_pages(pdf), sheets)
    return out


def _one_page_wide(pages: list[str], first: str, last: str) -> None:
    for i, text in enumerate(pages, start=1):
        assert first in text and last in text, f"page {i} of the sheet misses {first!r} or {last!r}"


def test_report_overview_prints_on_one_page(printed: dict[str, dict[str, list[str]]]) -> None:
    for lang in ("zh", "en"):
        pages = printed[f"report-{lang}"]
        assert len(pages[REPORT_SHEETS[lang]["overview"]]) == 1


def test_a_single_units_overview_prints_the_system_title_whole(
    printed: dict[str, dict[str, list[str]]],
) -> None:
    """The title on one line, its id and version on the next: no line starts with the
    title's closing parenthesis (where a wrap left to the spreadsheet put it)."""
    (overview,) = printed["report-zh"]["总览"]
    assert "上海市法治建设示范街道乡镇创建指标（参考重构版）" in overview  # on one line
    assert re.search(r"(^|\s)（shanghai-town-2023 2023\.1）", overview, re.MULTILINE)
    assert not re.search(r"(^|\s)）", overview, re.MULTILINE)


def test_every_report_sheet_prints_one_page_wide(
    printed: dict[str, dict[str, list[str]]],
) -> None:
    pages = printed["report-zh"]
    # first and last header of each sheet with a header row (one unit: no unit columns)
    headers = {
        "总览": ("单位编号", "指标体系"),
        "一级指标": ("编号", "得分率"),
        "二级指标": ("编号", "得分率"),
        "具体指标": ("编号", "佐证材料"),
        "失分清单": ("类别", "责任部门"),
    }
    for sheet, (first, last) in headers.items():
        assert pages[sheet], f"sheet {sheet} printed no page"
        _one_page_wide(pages[sheet], first, last)
    assert "排名" not in pages or not pages["排名"]  # one unit, one year: no ranking sheet
    assert len(pages["图表"]) == 1


def test_the_chinese_report_prints_no_program_words(
    printed: dict[str, dict[str, list[str]]],
) -> None:
    text = "".join(p for sheet in printed["report-zh"].values() for p in sheet)
    for word in ("deduct", "ratio", "clauses=", "raw=", "{"):
        assert word not in text, word
    assert "扣分制" in text and "评分过程" in text


def test_report_pages_are_numbered_with_unit_year_and_stage(
    printed: dict[str, dict[str, list[str]]],
) -> None:
    pages = [p for sheet in printed["report-zh"].values() for p in sheet]
    numbers = []
    for text in pages:
        assert "安亭镇 2023年度 自评" in text
        found = re.search(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页", text)
        assert found, text[-200:]
        numbers.append((int(found[1]), int(found[2])))
    assert sorted(numbers) == [(n, len(pages)) for n in range(1, len(pages) + 1)]
    en = [p for sheet in printed["report-en"].values() for p in sheet]
    assert all(re.search(rf"Page\s*\d+\s*of\s*{len(en)}\b", p) for p in en)


def test_every_template_sheet_prints_one_page_wide(
    printed: dict[str, dict[str, list[str]]],
) -> None:
    pages = printed["template"]
    headers = {
        "基本信息": ("项目", "填写"),
        "具体指标": ("编号", "责任部门"),
        "否决项": ("编号", "说明"),
    }
    for sheet, (first, last) in headers.items():
        assert pages[sheet], f"sheet {sheet} printed no page"
        _one_page_wide(pages[sheet], first, last)
    # the instructions print whole: their first and last lines, not cut to the page
    help_text = "".join(pages["说明"])
    assert "1. 在“基本信息”表中填写单位代码、单位名称、年度、阶段等（黄色单元格）。" in help_text
    assert "(layout 1) are still read." in help_text
    # the form shows the clause texts and the gate as rows of their own
    form = "".join(pages["具体指标"])
    assert "前提条件：未开展党委中心组学法的不得分" in form
    assert "c1 未将习近平法治思想纳入党委中心组年度学习计划的，" in form


def test_a_district_overview_prints_on_one_page(tmp_path: Path) -> None:
    """Thirty-six rows (12 towns x 3 years): one line each, one page, every row on it."""
    checked = check_files([str(ROOT / "examples" / "jiading_district" / "jiading_2021_2023.csv")])
    card = score(load_framework("shanghai-town-2023"), checked.assessments)
    book = tmp_path / "district.xlsx"
    options = RenderOptions(detail="summary")
    book.write_bytes(get_plugin_manager(load_entrypoints=False).render(card, "xlsx", options))
    (pdf,) = to_pdf([book], tmp_path / "pdf")
    pages = pages_by_sheet(pdf_pages(pdf), list(REPORT_SHEETS["zh"].values()))
    (overview,) = pages["总览"]
    assert len(re.findall(r"\b20(?:21|22|23)\s+自评", overview)) == 36
    # one page wide: the first and the last header on the page
    assert "单位编号" in overview and "区内排名" in overview
    # the indicator system and the reference notice once, above the table, in full
    assert overview.count("本指标体系为参考重构版，并非官方文本") == 1
    assert overview.count("shanghai-town-2023 2023.1") == 1
    assert overview.index("本指标体系为参考重构版") < overview.index("单位编号")
