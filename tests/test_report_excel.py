"""The Excel workbook, read back with fastexcel and openpyxl: same numbers as the JSON report."""

from __future__ import annotations

import io
import json
from typing import Any

import fastexcel
import openpyxl
import pytest

from anting_rule_of_law.hookspecs import RenderOptions
from anting_rule_of_law.plugins import get_plugin_manager
from anting_rule_of_law.records import Assessment
from anting_rule_of_law.reporters.excel import SHEETS, display_width
from anting_rule_of_law.scoring import score
from plugin_fixtures import scorecards as sample

#: Texts a spreadsheet would treat as formulas if written with a plain ``write``.
DANGEROUS = ("=1+1", "+1", "-1", "@SUM(A1)")


def risky_batch() -> tuple[Assessment, ...]:
    """The sample batch, with formula-like notes on every leaf of town A 2023."""
    data = sample.assessment_dict(district="@SUM(A1)")
    for entry, note in zip(data["entries"], DANGEROUS, strict=True):
        entry["note"] = note
    return (Assessment.from_dict(data), *sample.batch()[1:])


def render(assessments: Any, fmt: str, **options: Any) -> Any:
    sc = score(sample.framework(), assessments)
    return get_plugin_manager(load_entrypoints=False).render(sc, fmt, RenderOptions(**options))


@pytest.fixture(scope="module")
def batch_outputs() -> tuple[bytes, dict[str, Any]]:
    xlsx = render(risky_batch(), "xlsx")
    doc = json.loads(render(risky_batch(), "json"))
    return xlsx, doc


def as_stored(x: float) -> float:
    """What a number becomes in the file: Excel keeps 15-17 significant digits."""
    return float(f"{x:.16G}")


def test_sheets(batch_outputs: tuple[bytes, dict[str, Any]]) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(batch_outputs[0]))
    assert wb.sheetnames == ["总览", "一级指标", "二级指标", "具体指标", "失分清单", "排名", "图表"]
    assert all(len(name) <= 31 for lang in SHEETS for name in SHEETS[lang].values())
    single = openpyxl.load_workbook(io.BytesIO(render([sample.assessment()], "xlsx", lang="en")))
    assert single.sheetnames == ["Overview", "Level 1", "Level 2", "Indicators", "Gaps", "Charts"]


def test_openpyxl_numbers_match_json(batch_outputs: tuple[bytes, dict[str, Any]]) -> None:
    xlsx, doc = batch_outputs
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    ws = wb["总览"]
    header = [c.value for c in ws[1]]
    col = {
        name: header.index(name) for name in ("单位编号", "年度", "得分", "满分", "得分率", "排名")
    }
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(doc["results"]) == 3
    for row, result in zip(rows, doc["results"], strict=True):
        assert row[col["单位编号"]] == result["unit"]["code"]
        assert row[col["年度"]] == result["year"]
        assert row[col["得分"]] == as_stored(result["total"]["score"])
        assert row[col["满分"]] == result["total"]["max"]
        assert row[col["得分率"]] == as_stored(result["total"]["share"])
        assert row[col["排名"]] == result["total"]["rank"]
    # number formats: scores 0.00, shares 0.0%
    assert ws.cell(2, col["得分"] + 1).number_format == "0.00"
    assert ws.cell(2, col["得分率"] + 1).number_format == "0.0%"
    assert ws.freeze_panes == "C2"  # the header row, the unit's code and name
    ranges = [str(r.sqref) for r in ws.conditional_formatting]
    share_letter = openpyxl.utils.get_column_letter(col["得分率"] + 1)
    assert f"{share_letter}2:{share_letter}4" in ranges


def test_fastexcel_numbers_match_json(batch_outputs: tuple[bytes, dict[str, Any]]) -> None:
    xlsx, doc = batch_outputs
    reader = fastexcel.read_excel(xlsx)
    level2 = reader.load_sheet_by_name("二级指标").to_polars()
    expected = [
        (r["unit"]["code"], r["year"], n["code"], as_stored(n["score"]))
        for r in doc["results"]
        for b in r["levels"]
        if b["level"] == 2
        for n in b["nodes"]
    ]
    got = list(
        zip(
            level2["单位编号"].to_list(),
            [int(y) for y in level2["年度"].to_list()],
            level2["编号"].to_list(),
            level2["得分"].to_list(),
            strict=True,
        )
    )
    assert got == expected
    gaps = reader.load_sheet_by_name("失分清单").to_polars()
    expected_lost = [as_stored(g["lost"]) for r in doc["results"] for g in r["gaps"]]
    assert gaps["失分"].to_list() == expected_lost


def test_formula_like_text_stays_text(batch_outputs: tuple[bytes, dict[str, Any]]) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(batch_outputs[0]))
    ws = wb["具体指标"]
    header = [c.value for c in ws[1]]
    note_col = header.index("备注") + 1
    notes = [ws.cell(r, note_col) for r in range(2, ws.max_row + 1)]
    risky = [c for c in notes if c.value in DANGEROUS]
    assert sorted(c.value for c in risky) == sorted(DANGEROUS)
    assert all(c.data_type == "s" for c in risky)  # strings, not formulas
    district = wb["总览"]["C2"]
    assert district.value == "@SUM(A1)" and district.data_type == "s"
    # no cell anywhere in the workbook is a formula
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)


def test_audit_trail_and_evidence_columns(batch_outputs: tuple[bytes, dict[str, Any]]) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(batch_outputs[0]))
    ws = wb["具体指标"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    lecture = next(
        r for r in rows if r["编号"] == "1.1.2" and r["年度"] == 2023 and r["单位"] == "安亭镇"
    )
    assert lecture["评分方式"] == "扣分制"
    assert lecture["评分过程"] == (
        "未按时报告的，扣1分：是，扣 1.00 分\n每缺一次扣0.5分：3 次，扣 1.50 分\n"
        "原因：未按时报告 | 见附件\n第二行"
    )
    assert "原因" not in header  # the reason is a line of the trail
    assert lecture["失分"] == 2.5
    first = next(r for r in rows if r["编号"] == "1.1.1")
    assert first["佐证材料"] == "党委会议纪要.pdf"
    summary = openpyxl.load_workbook(io.BytesIO(render(risky_batch(), "xlsx", detail="summary")))
    assert "佐证材料" not in [c.value for c in summary["具体指标"][1]]


def test_column_widths_fit_chinese(batch_outputs: tuple[bytes, dict[str, Any]]) -> None:
    assert display_width("执法全过程记录") == 14
    assert display_width("ab") == 2
    wb = openpyxl.load_workbook(io.BytesIO(batch_outputs[0]))
    ws = wb["二级指标"]
    header = [c.value for c in ws[1]]
    letter = openpyxl.utils.get_column_letter(header.index("指标") + 1)
    # "学法"/"执法" are 4 wide; the header "指标" too: width 4 + 2 padding, at least
    assert ws.column_dimensions[letter].width >= 6
    leaves = wb["具体指标"]
    lheader = [c.value for c in leaves[1]]
    lletter = openpyxl.utils.get_column_letter(lheader.index("指标") + 1)
    assert leaves.column_dimensions[lletter].width >= display_width("执法全过程记录") + 2


def test_zip_members_are_deflated_at_the_chosen_level(
    batch_outputs: tuple[bytes, dict[str, Any]],
) -> None:
    """Every member is deflated at ZIP_LEVEL (not zlib's default), and xlsxwriter's own
    member class is back in place after the workbook is stored."""
    import zipfile
    import zlib

    import xlsxwriter.workbook

    from anting_rule_of_law.reporters.excel import ZIP_LEVEL

    assert ZIP_LEVEL != zlib.Z_DEFAULT_COMPRESSION and ZIP_LEVEL != 6
    archive = zipfile.ZipFile(io.BytesIO(batch_outputs[0]))
    sheets = [i for i in archive.infolist() if i.filename.startswith("xl/worksheets/")]
    assert sheets and all(i.compress_type == zipfile.ZIP_DEFLATED for i in archive.infolist())

    def deflated(data: bytes, level: int) -> int:
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        return len(packer.compress(data) + packer.flush())

    biggest = max(sheets, key=lambda i: i.file_size)
    data = archive.read(biggest)
    assert deflated(data, ZIP_LEVEL) != deflated(data, 6)  # the levels tell apart
    assert biggest.compress_size == deflated(data, ZIP_LEVEL)
    assert xlsxwriter.workbook.ZipInfo is zipfile.ZipInfo
