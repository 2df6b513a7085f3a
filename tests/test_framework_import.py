"""``anting-rol import``: realistic official tables (Excel and CSV) become frameworks that score."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
import yaml

from anting_rule_of_law.cli import main
from anting_rule_of_law.errors import InputError
from anting_rule_of_law.indicators.registry import load_framework
from anting_rule_of_law.records import Framework
from anting_rule_of_law.tableimport import import_table, write_framework_yaml

SHEET = "考核指标"

#: (code, name, points, rule type) the realistic table must give, in table order.
EXPECTED_TREE = [
    ("1", "党委领导", 20, None),
    ("1.1", "组织领导", 10, None),
    ("1.1.1", "党委常委会听取法治建设工作汇报", 5, "check"),
    ("1.1.2", "党政主要负责人述法", 5, "deduct"),
    ("1.2", "法治督察", 10, None),
    ("1.2.1", "督察问题整改", 10, "deduct"),
    ("2", "依法行政", 20, None),
    ("2.1", "严格规范公正文明执法", 20, None),
    ("2.1.1", "执法全过程记录", 6, "ratio"),
    ("2.1.2", "12345热线办结", 4, "deduct"),
    ("2.1.3", "行政复议纠错", 10, "manual"),
    ("3", "特色创新工作", 10, None),
    ("3.1", "创新项目", 10, None),
    ("3.1.1", "法治创新项目", 10, "check"),
]


def write_realistic_xlsx(path: Path, *, totals: Any = 50) -> Path:
    """The table as towns receive it: blank first row and column, a title row, merged
    first- and second-level cells, mixed numbering, 10分 / ５分 / 6.0 points, a
    second-level row with its own points, blank rows and a totals row."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(SHEET)
    wb.add_worksheet("说明").write("A1", "本表由市依法治市办制定")
    ws.merge_range("B2:I2", "法治建设示范街道乡镇创建考核指标（2023年版）")
    for j, head in enumerate(
        [
            "序号",
            "一级指标",
            "二级指标",
            "具体指标",
            "分值（分）",
            "评分细则",
            "佐证材料",
            "责任单位",
        ]
    ):
        ws.write(3, 1 + j, head)
    ws.merge_range("C5:C8", "一、党委领导（20分）")
    ws.write("D5", "（一）组织领导")
    ws.write("F5", "１０分")
    ws.write("B6", 1)
    ws.write("E6", "1.党委常委会听取法治建设工作汇报")
    ws.write("F6", 5)
    ws.write("G6", "未开展不得分")
    ws.write("H6", "会议纪要\n汇报材料")
    ws.write("I6", "党政办")
    ws.write("B7", 2)
    ws.write("E7", "2、党政主要负责人述法")
    ws.write("F7", "５分")
    ws.write("G7", "每年述法少于2次的，扣2分")
    ws.write("D8", "(二)法治督察")
    ws.write("B8", 3)
    ws.write("E8", "①督察问题整改")
    ws.write("F8", "10")
    ws.write("G8", "每发现一起未整改问题扣1分，扣完为止。")
    ws.merge_range("C10:C12", "二、依法行政")
    ws.merge_range("D10:D12", "（一）严格规范公正文明执法")
    ws.write("B10", 4)
    ws.write("E10", "(1)执法全过程记录")
    ws.write("F10", 6.0)
    ws.write("G10", "全过程记录有效率达到100%得满分")
    ws.write("B11", 5)
    ws.write("E11", "(2)12345热线办结")
    ws.write("F11", "4分")
    ws.write("G11", "办结率未达到95%的扣2分；群众满意度90%以下的扣1分")
    ws.write("B12", 6)
    ws.write("E12", "第三条 行政复议纠错")
    ws.write("F12", 10)
    ws.write("G12", "根据工作成效酌情评分")
    ws.write("C13", "三、特色创新工作")
    ws.write("D13", "（一）创新项目")
    ws.write("B13", 7)
    ws.write("E13", "⑴法治创新项目")
    ws.write("F13", "10")
    ws.write("G13", "未开展不得分；获区级以上表彰的得满分")
    ws.write("B15", "合  计")
    if totals is not None:
        ws.write("F15", totals)
    wb.close()
    return path


def tree_of(fw: Framework) -> list[tuple[str, str, float | None, str | None]]:
    return [(n.code, n.name, n.points, n.rule.type if n.rule else None) for n in fw.nodes]


@pytest.fixture
def table(tmp_path: Path) -> Path:
    return write_realistic_xlsx(tmp_path / "指标表.xlsx")


def test_realistic_table_gives_the_expected_tree(table: Path) -> None:
    result = import_table(table)
    assert tree_of(result.framework) == EXPECTED_TREE
    assert result.sheet == SHEET
    assert result.levels == (3, 4, 7)
    assert result.total_points == 50
    assert result.data["declared"] == {"levels": [3, 4, 7], "total_points": 50}
    assert result.data["title"] == "法治建设示范街道乡镇创建考核指标（2023年版）"
    assert result.data["status"] == "official"
    assert result.data["id"] == "imported-table"  # a Chinese file name gives no ascii slug
    leaf = result.framework.node("1.1.1")
    assert leaf.evidence == ("会议纪要", "汇报材料")
    assert leaf.department == "党政办"
    assert leaf.basis is not None and leaf.basis.source == f"指标表.xlsx ({SHEET}, row 6)"


def test_rules_are_inferred_only_where_clear_and_marked(table: Path) -> None:
    result = import_table(table)
    fw = result.framework
    assert [c for c, _, _ in result.inferred] == [
        "1.1.1",
        "1.1.2",
        "1.2.1",
        "2.1.1",
        "2.1.2",
        "3.1.1",
    ]
    assert result.manual == ("2.1.3",)
    rules = {n["code"]: n["rule"] for n in result.data["nodes"] if "rule" in n}
    assert all(rules[c]["inferred"] is True for c, _, _ in result.inferred)
    assert "inferred" not in rules["2.1.3"]
    assert rules["2.1.3"]["description"] == "根据工作成效酌情评分"
    threshold = fw.node("1.1.2").rule
    assert threshold is not None
    (c1,) = threshold.clauses
    assert (c1.kind, c1.op, c1.threshold, c1.amount) == ("threshold", "lt", 2.0, 2.0)
    rate = fw.node("2.1.2").rule
    assert rate is not None
    assert [(c.op, c.threshold, c.amount) for c in rate.clauses] == [
        ("lt", 0.95, 2.0),
        ("le", 0.9, 1.0),
    ]
    per_item = fw.node("1.2.1").rule
    assert per_item is not None and per_item.clauses[0].kind == "per_item"
    ratio = fw.node("2.1.1").rule
    assert ratio is not None and (ratio.target, ratio.floor) == (1.0, 0.0)
    # the floor assumption is said, at the criteria cell
    assert any(p.where == f"{SHEET}!G10" and "floor 0" in p.en for p in result.problems)


def test_round_trip_write_load_same_tree(table: Path, tmp_path: Path) -> None:
    result = import_table(table, framework_id="sh-official-2023", version="2023.1")
    out = tmp_path / "framework.yaml"
    write_framework_yaml(result.data, out)
    text = out.read_text(encoding="utf-8")
    assert 'code: "1.1"' in text and 'code: "1"' in text  # codes quoted, never numbers
    assert "党委领导" in text  # allow_unicode: no \u escapes
    loaded = load_framework(out)
    assert tree_of(loaded) == tree_of(result.framework)
    assert [n.rule for n in loaded.nodes] == [n.rule for n in result.framework.nodes]
    assert (loaded.id, loaded.version, loaded.status) == ("sh-official-2023", "2023.1", "official")
    assert yaml.safe_load(text) == result.data


def test_imported_framework_scores_an_assessment(table: Path) -> None:
    scoring = pytest.importorskip("anting_rule_of_law.scoring")
    from anting_rule_of_law.records import Assessment

    fw = import_table(table).framework
    assessment = Assessment.from_dict(
        {
            "framework": {"id": fw.id},
            "unit": {"code": "anting", "name": "安亭镇"},
            "year": 2023,
            "entries": [
                {"code": "1.1.1", "met": True},  # 5
                {"code": "1.1.2", "clauses": {"c1": 1}},  # 1 < 2: 5 - 2 = 3
                {"code": "1.2.1", "clauses": {"c1": 2}},  # 2 items: 10 - 2 = 8
                {"code": "2.1.1", "numerator": 1319, "denominator": 1333},  # 6 * 1319/1333
                {"code": "2.1.2", "clauses": {"c1": 0.97, "c2": 0.9}},  # only c2 (le): 4 - 1
                {"code": "2.1.3", "score": 7.5, "reason": "纠错率低"},  # 7.5
                {"code": "3.1.1", "met": False},  # 0
            ],
        }
    )
    card = scoring.score(fw, assessment)
    total = card.nodes.filter(card.nodes["code"] == "")["score"].item()
    assert total == pytest.approx(5 + 3 + 8 + 6 * 1319 / 1333 + 3 + 7.5 + 0, abs=1e-9)


def test_names_repeated_on_every_row_and_row_without_merges(tmp_path: Path) -> None:
    path = tmp_path / "repeated.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    rows: list[list[Any]] = [
        ["一级指标", "二级指标", "三级指标", "分值", "考核标准"],
        ["党委领导", "组织领导", "听取汇报", 2.5, "未开展不得分"],
        ["党委领导", "组织领导", "述法", 2.5, ""],
        ["党委领导", "法治督察", "整改", 5, "有一项扣3分"],
        ["守法普法", "普法责任制", "清单", 1 / 3, ""],
    ]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            ws.write(i, j, value)
    wb.close()
    result = import_table(path)
    assert [(c, p) for c, _, p, _ in tree_of(result.framework)] == [
        ("1", 10),
        ("1.1", 5),
        ("1.1.1", 2.5),
        ("1.1.2", 2.5),
        ("1.2", 5),
        ("1.2.1", 5),
        ("2", 1 / 3),
        ("2.1", 1 / 3),
        ("2.1.1", 1 / 3),  # full precision, not the 9 digits of the cell's text
    ]
    assert result.total_points == pytest.approx(10 + 1 / 3, abs=0)


# -- CSV ---------------------------------------------------------------------------------

CSV_ROWS = [
    ["法治建设示范街道乡镇创建考核指标", "", "", "", ""],
    ["一级指标", "二级指标", "具体指标", "分值", "评分标准"],
    [
        "一、党委领导（10分）",
        "（一）组织领导",
        "1.听取汇报",
        "５分",
        "未开展不得分\n（以会议纪要为准）",
    ],
    ["", "", "2.述法", "5", "少于2次的，扣2分"],
    ["", "", "", "", ""],
    ["二、依法行政", "（一）执法", "(1)全过程记录", "10分", "每发现一起扣1分，扣完为止"],
    ["合计", "", "", "20", ""],
]


def _csv_text(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


@pytest.mark.parametrize(("encoding", "note"), [("utf-8-sig", False), ("gbk", True)])
def test_csv_table_utf8_bom_and_gbk(tmp_path: Path, encoding: str, note: bool) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(_csv_text(CSV_ROWS).encode(encoding))
    result = import_table(path)
    assert [(c, n, p) for c, n, p, _ in tree_of(result.framework)] == [
        ("1", "党委领导", 10),
        ("1.1", "组织领导", 10),
        ("1.1.1", "听取汇报", 5),
        ("1.1.2", "述法", 5),
        ("2", "依法行政", 10),
        ("2.1", "执法", 10),
        ("2.1.1", "全过程记录", 10),
    ]
    assert result.sheet is None
    assert result.framework.node("1.1.1").rule.description == "未开展不得分\n（以会议纪要为准）"  # type: ignore[union-attr]
    gbk_notes = [p for p in result.problems if "GB18030" in p.en]
    assert bool(gbk_notes) is note
    assert all(not p.is_error for p in result.problems)


def test_csv_errors_are_located_by_line_and_column(tmp_path: Path) -> None:
    rows = [list(r) for r in CSV_ROWS]
    rows[3][3] = "五分"  # the record after a two-line cell starts on line 5
    rows[6][3] = "25"
    path = tmp_path / "bad.csv"
    path.write_text(_csv_text(rows), encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_table(path)
    # the first-level row declares its points, so the totals row is still checked
    assert [p.where for p in info.value.errors] == ["line 5, column 4", "line 8, column 4"]
    rows[3][3] = "5"
    path.write_text(_csv_text(rows), encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_table(path)
    (err,) = info.value.errors
    assert err.where == "line 8, column 4"
    assert "25" in err.en and "20" in err.en and "合计" in err.zh


# -- bad tables through the command line ----------------------------------------------------


def write_bad_xlsx(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    rows: list[list[Any]] = [
        ["一级指标", "二级指标", "具体指标", "分值", "评分标准"],
        ["一、党委领导（10分）", "组织领导", "述法", None, ""],  # D2: no points
        [None, None, "学法", "五分", ""],  # D3: not a number
        ["二、依法行政", "执法监督", None, 10, None],  # D4: 10 but children add to 7
        [None, None, "执法检查", 3, None],
        [None, None, "案卷评查", 4, None],
        [None, None, None, 5, "有分无名"],  # C7: points but no name
        ["合计", None, None, 30, None],  # D8: 10 + 10 != 30
    ]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                ws.write(i, j, value)
    wb.close()
    return path


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_bad_table_every_error_located_exit_3_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_bad_xlsx(tmp_path / "bad.xlsx")
    out = tmp_path / "fw.yaml"
    code, stdout, err = run_cli(["import", str(table), "-o", str(out), "--lang", "en"], capsys)
    assert code == 3
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [table]  # no temporary file left either
    assert "Traceback" not in err and stdout == ""
    lines = err.strip().splitlines()
    places = [line.split(": ")[1] for line in lines]
    assert places == ["Sheet1!D2", "Sheet1!D3", "Sheet1!C7", "Sheet1!D4", "Sheet1!D8"]
    assert "has no points" in lines[0]
    assert "'五分'" in lines[1] and "not a number" in lines[1]
    assert "10 points" in lines[3] and "add up to 7" in lines[3]
    assert "30" in lines[4] and "20" in lines[4]
    code, _, err_zh = run_cli(["import", str(table), "-o", str(out), "--lang", "zh"], capsys)
    assert code == 3
    assert "缺少分值" in err_zh and "合计行为 30" in err_zh and "错误" in err_zh


def test_header_not_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    ws.write("A1", "会议纪要")
    ws.write("A2", "名称")
    ws.write("B2", "内容")
    wb.close()
    out = tmp_path / "fw.yaml"
    code, _, err = run_cli(["import", str(path), "-o", str(out), "--lang", "en"], capsys)
    assert code == 3 and not out.exists()
    assert "Sheet1!1:30" in err and "header row not found" in err


@pytest.mark.parametrize("kind", ["pdf", "zip", "empty"])
def test_not_an_excel_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    path = tmp_path / "table.xlsx"
    if kind == "pdf":
        path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\nnot a workbook")
    elif kind == "zip":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("readme.txt", "a zip of something else")
    else:
        path.write_bytes(b"")
    out = tmp_path / "fw.yaml"
    code, _, err = run_cli(["import", str(path), "-o", str(out), "--lang", "en"], capsys)
    assert code == 3 and not out.exists()
    assert str(path) in err and "not a readable Excel workbook" in err
    assert "Traceback" not in err


def test_sheet_option(tmp_path: Path, table: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fw.yaml"
    code, _, err = run_cli(
        ["import", str(table), "--sheet", "Sheet9", "-o", str(out), "--lang", "en"],
        capsys,
    )
    assert code == 3 and f"no sheet named 'Sheet9' (sheets: {SHEET}, 说明)" in err
    code, _, err = run_cli(
        ["import", str(table), "--sheet", "说明", "-o", str(out), "--lang", "en"],
        capsys,
    )
    assert code == 3 and "说明!1:30" in err and not out.exists()


def test_cli_writes_and_summarises(
    tmp_path: Path, table: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fw.yaml"
    code, stdout, err = run_cli(
        [
            "import", str(table), "-o", str(out), "--id", "sh-2023",
            "--title", "上海市示范街镇指标", "--status", "reference", "--lang", "en",
        ],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    fw = load_framework(out)
    assert (fw.id, fw.title, fw.status) == ("sh-2023", "上海市示范街镇指标", "reference")
    assert "indicators per level: 3 / 4 / 7; total points 50" in stdout
    assert "6 rules inferred" in stdout
    assert "1.1.2" in stdout and "deduct" in stdout
    assert "1 indicators left manual (no clear rule in the text): 2.1.3" in stdout
    assert f"{SHEET}!G10" in err  # the ratio assumption, as a warning
    code, stdout, _ = run_cli(["import", str(table), "-o", str(out), "--lang", "zh"], capsys)
    assert code == 0 and "各级指标数：3 / 4 / 7；总分 50" in stdout


def test_cli_refuses_to_overwrite_the_table(
    table: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = table.read_bytes()
    code, _, err = run_cli(["import", str(table), "-o", str(table), "--lang", "en"], capsys)
    assert code == 2 and "is one of the input files" in err
    assert table.read_bytes() == before


def test_bad_id_is_refused(table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fw.yaml"
    code, _, err = run_cli(["import", str(table), "-o", str(out), "--id", "上海"], capsys)
    assert code == 3 and "--id" in err and not out.exists()


def test_totals_row_mismatch_alone(tmp_path: Path) -> None:
    path = write_realistic_xlsx(tmp_path / "t.xlsx", totals="５５分")
    with pytest.raises(InputError) as info:
        import_table(path)
    (err,) = info.value.errors
    assert err.where == f"{SHEET}!F15"
    assert "55" in err.en and "50" in err.en


def test_import_stays_light() -> None:
    code = (
        "import sys, anting_rule_of_law as a\n"
        "f = a.import_table\n"
        "assert 'polars' not in sys.modules and 'fastexcel' not in sys.modules, sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- the bundled framework, exported as a table and imported back --------------------------


def test_bundled_framework_as_a_table_round_trips(tmp_path: Path) -> None:
    from anting_rule_of_law.indicators.registry import bundled_frameworks

    if "shanghai-town-2023" not in bundled_frameworks():
        pytest.skip("bundled shanghai-town-2023 not present yet")
    fw = load_framework("shanghai-town-2023")
    path = tmp_path / "shanghai.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("指标")
    ws.write_row(0, 0, ["上海市法治建设示范街道乡镇创建指标"])
    ws.write_row(2, 0, ["序号", "一级指标", "二级指标", "具体指标", "分值", "评分标准"])
    row = 3
    for leaf in fw.leaves():
        if leaf.level != 3 or (leaf.rule is not None and leaf.rule.extra):
            pytest.skip("the bundled framework changed shape: not a plain 3-level sum")
        second = fw.node(leaf.parent or "")
        first = fw.node(second.parent or "")
        is_first_row = fw.children(second.code)[0] == leaf
        ws.write(row, 0, leaf.code)
        if is_first_row and fw.children(first.code)[0] == second:
            ws.write(row, 1, first.name)
        if is_first_row:
            ws.write(row, 2, second.name)
        ws.write(row, 3, leaf.name)
        ws.write(row, 4, leaf.points)
        ws.write(row, 5, leaf.rule.description if leaf.rule else "")
        row += 1
    ws.write(row, 0, "合计")
    ws.write(row, 4, fw.total_points)
    wb.close()
    result = import_table(path)
    assert result.levels == (4, 18, 55)
    assert result.total_points == pytest.approx(100)
    assert [(n.code, n.name, n.points) for n in result.framework.nodes] == [
        (n.code, n.name, n.points) for n in fw.walk()
    ]


def test_subtotals_notes_and_rows_after_totals(tmp_path: Path) -> None:
    rows = [
        ["一级指标", "二级指标", "具体指标", "分值", "评分标准"],
        ["党委领导", "组织领导", "听取汇报", "5", ""],
        ["", "", "述法", "5", ""],
        ["小计", "", "", "10", ""],
        ["备注：述法以年度报告为准", "", "", "", ""],
        ["依法行政", "执法", "检查", "4", ""],
        ["小计", "", "", "5", ""],  # line 7: 4 != 5
        ["合计", "", "", "14", ""],
        ["填表人：", "", "", "", ""],
        ["审核人：", "", "", "", ""],
    ]
    path = tmp_path / "t.csv"
    path.write_text(_csv_text(rows), encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_table(path)
    (err,) = info.value.errors
    assert err.where == "line 7, column 4" and "小计 5" in err.zh and "合计 4" in err.zh
    warnings = [(p.where, p.en) for p in info.value.warnings]
    assert warnings == [
        ("line 5", "note row skipped: 备注：述法以年度报告为准"),
        ("line 9", "rows 9-10 after the totals row were not read"),
    ]
    rows[6][3] = "4"
    path.write_text(_csv_text(rows), encoding="utf-8")
    assert import_table(path).total_points == 14


def test_missing_middle_level_is_located(tmp_path: Path) -> None:
    rows = [
        ["一级指标", "二级指标", "具体指标", "分值"],
        ["党委领导", "组织领导", "听取汇报", "5"],
        ["依法行政", "", "执法检查", "5"],  # a new first level with no second level
    ]
    path = tmp_path / "t.csv"
    path.write_text(_csv_text(rows), encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_table(path)
    (err,) = info.value.errors
    assert err.where == "line 3, column 2"
    assert "no level-2 indicator above this row" in err.en and "二级指标" in err.zh
