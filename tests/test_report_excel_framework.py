"""The Excel overview names the indicator system, and says when it is a reconstruction."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
import yaml

from anting_rule_of_law import (
    RenderOptions,
    get_plugin_manager,
    read_assessment,
    read_framework,
    score,
)

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "src" / "anting_rule_of_law" / "indicators" / "frameworks"
ANTING = ROOT / "examples" / "anting_2023" / "anting_2023.yaml"


def _overview(status: str) -> tuple[list[str], list[object]]:
    data = yaml.safe_load((BUNDLED / "shanghai-town-2023.yaml").read_text(encoding="utf-8"))
    data["status"] = status
    fw = read_framework(data)
    card = score(fw, read_assessment(ANTING, framework=fw))
    xlsx = get_plugin_manager(load_entrypoints=False).render(card, "xlsx", RenderOptions())
    ws = openpyxl.load_workbook(io.BytesIO(xlsx))["总览"]
    return [c.value for c in ws[1]], [c.value for c in ws[2]]


def test_reference_framework_is_named_with_its_notice() -> None:
    header, row = _overview("reference")
    about = str(row[header.index("指标体系")])
    assert "shanghai-town-2023 2023.1" in about
    assert "本指标体系为参考重构版，并非官方文本。" in about


def test_a_single_units_cell_breaks_before_the_version_and_fits_the_title() -> None:
    header, row = _overview("reference")
    title, version, notice = str(row[header.index("指标体系")]).split("\n")
    assert title == "上海市法治建设示范街道乡镇创建指标（参考重构版）"
    assert version == "（shanghai-town-2023 2023.1）"
    assert notice == "本指标体系为参考重构版，并非官方文本。"


def test_official_framework_has_no_notice() -> None:
    header, row = _overview("official")
    about = str(row[header.index("指标体系")])
    assert "shanghai-town-2023 2023.1" in about
    assert "参考重构版，并非官方文本" not in about


def test_a_batch_names_its_framework_once_in_the_overview_header() -> None:
    from anting_rule_of_law import check_files, load_framework

    checked = check_files([str(ROOT / "examples" / "jiading_district" / "jiading_2021_2023.csv")])
    card = score(load_framework("shanghai-town-2023"), checked.assessments)
    xlsx = get_plugin_manager(load_entrypoints=False).render(card, "xlsx", RenderOptions())
    ws = openpyxl.load_workbook(io.BytesIO(xlsx))["总览"]
    header = [c.value for c in ws[1]]
    assert "指标体系" not in header  # not repeated on every row
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any("并非官方文本" in text for text in cells)
    assert ws.max_row == len(card.totals) + 1  # the table alone, its header in row 1
    centre = ws.oddHeader.center.text
    # the scope first, then the framework and its notice, each on a line of its own
    # (a left section would share the first line with the centre and overlap it)
    scope, about, notice = centre.split("\n")
    assert scope == "12个单位 2021—2023年度 自评" and ws.oddHeader.left.text is None
    assert "shanghai-town-2023 2023.1" in about
    assert notice == "本指标体系为参考重构版，并非官方文本。"
    # the three lines stand in the top margin, above the table
    assert ws.page_margins.top == pytest.approx(0.7 + 2 * 0.2)
