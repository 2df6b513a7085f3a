"""The reviewer's workbook (初审表): a town's workbook → the reviewer's workbook →
changed with openpyxl as a reviewer would → read back by the ordinary readers as a
review → the comparison equals the hand-computed differences and remarks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest

from anting_rule_of_law import check_files, score
from anting_rule_of_law.assessments.review_template import write_review_template
from anting_rule_of_law.indicators.registry import load_framework
from anting_rule_of_law.reporters.document import report_document
from form_fill import form_cell, form_columns
from printed import pdf_pages, soffice, to_pdf

REPO = Path(__file__).resolve().parents[1]
ANTING = REPO / "examples" / "anting_2023" / "anting_2023.yaml"


@pytest.fixture(scope="module")
def town() -> Any:
    return check_files([ANTING]).assessments[0]


@pytest.fixture(scope="module")
def review_book(tmp_path_factory: pytest.TempPathFactory, town: Any) -> Path:
    out = tmp_path_factory.mktemp("review") / "初审表.xlsx"
    write_review_template(town, load_framework(town.framework_id), out)
    return out


def _change(book: Path, target: Path, cells: dict[tuple[str, str], Any]) -> Path:
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[2]
    for (code, field), value in cells.items():
        ws[form_cell(ws, code, field)] = value
    wb.save(target)
    return target


def test_unchanged_it_reads_back_as_the_same_assessment_at_review(
    review_book: Path, town: Any
) -> None:
    checked = check_files([review_book])
    assert not checked.errors
    review = checked.assessments[0]
    assert (review.stage, review.unit, review.year) == ("review", town.unit, town.year)
    card = score(load_framework(town.framework_id), [town, review])
    totals = dict(card.totals.select("stage", "score").iter_rows())
    assert totals["review"] == totals["self"]


def test_the_reviewers_changes_and_remarks_are_the_comparison(
    review_book: Path, town: Any, tmp_path: Path
) -> None:
    filled = _change(
        review_book,
        tmp_path / "filled.xlsx",
        {
            # 1.2.1 学法 (check, 2 points): the town said 是 → the reviewer 否: 2 → 0
            ("1.2.1", "met"): "否",
            ("1.2.1", "reason"): "未见学法记录",
            # 2.1.1 (deduct, c1 1 point per item): 0 → 1 item: 3 → 2
            ("2.1.1", "clauses.c1"): 1,
            ("2.1.1", "reason"): "抽查发现 1 件程序不全",
        },
    )
    checked = check_files([filled])
    assert not checked.errors, [p.message("zh") for p in checked.errors]
    review = checked.assessments[0]
    fw = load_framework(town.framework_id)
    card = score(fw, [town, review])
    changed = (
        card.compare_stages("self", "review")
        .filter(pl.col("difference").abs() > 1e-9, pl.col("level") == 3)
        .sort("code")
        .select(pl.col("code").cast(pl.String), "score_a", "score_b", "difference", "remark")
        .rows()
    )
    assert changed == [
        ("1.2.1", 2.0, 0.0, -2.0, "未见学法记录"),
        ("2.1.1", 3.0, 2.0, -1.0, "抽查发现 1 件程序不全"),
    ]
    comparison = report_document(card)["results"][1]["comparison"]
    assert comparison["difference"] == pytest.approx(-3.0)
    assert [(c["code"], c["difference"], c["remark"]) for c in comparison["indicators"]] == [
        ("1.2.1", -2.0, "未见学法记录"),
        ("2.1.1", -1.0, "抽查发现 1 件程序不全"),
    ]


def test_a_change_without_a_remark_is_an_error_at_the_remark_cell(
    review_book: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(review_book)
    ws = wb.worksheets[2]
    remark_cell = form_cell(ws, "2.4.3", "reason")
    value_cell = form_cell(ws, "2.4.3", "met")
    wb.close()
    filled = _change(review_book, tmp_path / "bad.xlsx", {("2.4.3", "met"): "否"})
    errors = check_files([filled]).errors
    assert len(errors) == 1
    assert errors[0].where == f"具体指标!{remark_cell}"
    assert f"具体指标!{value_cell}" in errors[0].zh and "审核意见" in errors[0].zh


def test_the_towns_columns_are_locked_and_the_reviewers_open(review_book: Path) -> None:
    wb = openpyxl.load_workbook(review_book)
    ws = wb.worksheets[2]
    assert ws.protection.sheet
    cols = form_columns(ws)
    headers = {c.value.splitlines()[0] for c in ws[1] if c.value}
    assert {"自评填写", "自评得分", "自评理由", "初审填写", "审核意见"} <= headers
    met = form_cell(ws, "1.2.1", "met")
    row = int(met[1:])
    assert ws[met].value == "是" and not ws[met].protection.locked
    town_value = ws[f"{cols['town_input']}{row}"]
    assert town_value.value == "是" and town_value.protection.locked
    indicator_row = int(form_cell(ws, "1.2.1", "reason")[1:])
    assert ws[f"{cols['town_score']}{indicator_row}"].value == 2.0
    assert ws[f"{cols['town_score']}{indicator_row}"].protection.locked
    info = wb.worksheets[1]
    values = {info.cell(r, 2).value: info.cell(r, 3) for r in range(2, info.max_row + 1)}
    assert values["stage"].value == "初审" and values["stage"].protection.locked
    assert values["unit_name"].value == "安亭镇" and values["unit_name"].protection.locked


def _change_vetoes(book: Path, target: Path, rows: dict[str, dict[str, Any]]) -> Path:
    """Set cells of the 否决项 sheet by veto code and header (its first line)."""
    wb = openpyxl.load_workbook(book)
    ws = wb["否决项"]
    col = {c.value.splitlines()[0]: c.column_letter for c in ws[1] if c.value}
    row = {ws[f"A{r}"].value: r for r in range(2, ws.max_row + 1)}
    for code, cells in rows.items():
        for header, value in cells.items():
            ws[f"{col[header]}{row[code]}"] = value
    wb.save(target)
    return target


def test_the_towns_veto_answers_are_shown_locked_beside_the_reviewers(
    review_book: Path, town: Any
) -> None:
    ws = openpyxl.load_workbook(review_book)["否决项"]
    headers = [c.value.splitlines()[0] for c in ws[1] if c.value]
    assert headers[4:] == ["自评是否触发", "是否触发", "说明"]
    declared = {v.code: "是" if v.triggered else "否" for v in town.vetoes}
    for r in range(2, ws.max_row + 1):
        town_cell, reviewer_cell = ws[f"E{r}"], ws[f"F{r}"]
        assert town_cell.value == reviewer_cell.value == declared[ws[f"A{r}"].value]
        assert town_cell.protection.locked and not reviewer_cell.protection.locked


def test_a_changed_veto_answer_needs_a_reason_in_its_note(
    review_book: Path, town: Any, tmp_path: Path
) -> None:
    assert not next(v for v in town.vetoes if v.code == "V4").triggered
    bad = _change_vetoes(review_book, tmp_path / "bad.xlsx", {"V4": {"是否触发": "是"}})
    (error,) = check_files([bad]).errors
    assert error.where == "否决项!G5"
    assert "否决项 V4" in error.zh and "否决项!F5" in error.zh and "说明" in error.zh
    # with the reviewer's reason the change is read, and it fires
    good = _change_vetoes(
        review_book,
        tmp_path / "good.xlsx",
        {"V4": {"是否触发": "是", "说明": "上一年度报告于4月15日公开，逾期"}},
    )
    checked = check_files([good])
    assert not checked.errors, [p.message("zh") for p in checked.errors]
    card = score(load_framework(town.framework_id), [town, checked.assessments[0]])
    vetoes = dict(card.totals.select("stage", "vetoes").iter_rows())
    assert vetoes == {"self": [], "review": ["V4"]}
    # the same answer in other words (yes for 是, 否 for no) is no change
    same = _change_vetoes(review_book, tmp_path / "same.xlsx", {"V1": {"是否触发": "no"}})
    assert not check_files([same]).errors


def test_final_stage(town: Any, tmp_path: Path) -> None:
    out = write_review_template(
        town, load_framework(town.framework_id), tmp_path / "核定表.xlsx", stage="final"
    )
    assert check_files([out]).assessments[0].stage == "final"
    with pytest.raises(ValueError):
        write_review_template(
            town, load_framework(town.framework_id), tmp_path / "x.xlsx", stage="self"
        )


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_it_prints_as_the_reviewer_sees_it(review_book: Path, tmp_path: Path) -> None:
    (pdf,) = to_pdf([review_book], tmp_path)
    pages = pdf_pages(pdf)
    text = "\n".join(pages)
    assert "安亭镇 2023年度 初审表" in text
    assert "自评填写" in text and "初审填写" in text and "审核意见" in text
    entries = [p for p in pages if "具体指标" in p.splitlines()[0]]
    assert entries and all("第" in p and "页" in p for p in entries)


def _cli(cwd: Path, verb: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``anting-rol VERB ARGS`` run in ``cwd``, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "anting_rule_of_law", verb, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def test_the_command_writes_one_workbook_per_assessment(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return _cli(tmp_path, "review-template", *args)

    one = run(str(ANTING), "-o", "初审表.xlsx")
    assert one.returncode == 0, one.stderr
    assert one.stdout.strip() == "已写入 1 个文件：初审表.xlsx"
    assert check_files([tmp_path / "初审表.xlsx"]).assessments[0].stage == "review"
    csv = REPO / "examples" / "jiading_district" / "jiading_2023_review.csv"
    many = run(str(csv), "-o", "out", "--stage", "final")
    assert many.returncode == 0, many.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "安亭镇_2023_核定表.xlsx" in written and len(written) == 12
    # two assessments of one unit-year (two stages): the names say unit code and stage
    both = run(str(ANTING), str(csv), "-o", "both")
    assert both.returncode == 0, both.stderr
    named = {p.name for p in (tmp_path / "both").iterdir()}
    assert {"anting_安亭镇_2023_self_初审表.xlsx", "anting_安亭镇_2023_review_初审表.xlsx"} <= named
    refused = run(str(ANTING), str(csv), "-o", "all.xlsx")
    assert refused.returncode == 4 and "-o 须为文件夹" in refused.stderr
    assert not (tmp_path / "all.xlsx").exists()


def test_marking_an_indicator_not_applicable_needs_a_remark_too(
    review_book: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(review_book)
    ws = wb.worksheets[2]
    remark_cell = form_cell(ws, "2.4.3", "reason")
    na_cell = form_cell(ws, "2.4.3", "not_applicable")
    wb.close()
    bad = _change(
        review_book,
        tmp_path / "na.xlsx",
        {("2.4.3", "not_applicable"): "是", ("2.4.3", "met"): None},
    )
    errors = [e for e in check_files([bad]).errors if "审核意见" in e.zh]
    assert [e.where for e in errors] == [f"具体指标!{remark_cell}"]
    assert f"具体指标!{na_cell}" in errors[0].zh
    # "否" where the town left it blank says the same as the town
    same = _change(review_book, tmp_path / "no.xlsx", {("2.4.3", "not_applicable"): "否"})
    assert not check_files([same]).errors
    remarked = _change(
        review_book,
        tmp_path / "ok.xlsx",
        {
            ("2.4.3", "not_applicable"): "是",
            ("2.4.3", "met"): None,
            ("2.4.3", "reason"): "本年度无此项工作",
        },
    )
    checked = check_files([remarked])
    assert not checked.errors
    (entry,) = [e for e in checked.assessments[0].entries if e.code == "2.4.3"]
    assert entry.not_applicable and entry.reason == "本年度无此项工作"


def test_quiet_writes_the_workbooks_and_prints_nothing(tmp_path: Path) -> None:
    def run(verb: str, *args: str) -> subprocess.CompletedProcess[str]:
        return _cli(tmp_path, verb, *args)

    loud = run("review-template", str(ANTING), "-o", "loud.xlsx")
    assert loud.returncode == 0 and "loud.xlsx" in loud.stdout
    quiet = run("review-template", str(ANTING), "-o", "初审表.xlsx", "-q")
    assert quiet.returncode == 0, quiet.stderr
    assert (quiet.stdout, quiet.stderr) == ("", "")
    assert check_files([tmp_path / "初审表.xlsx"]).assessments[0].stage == "review"
    blank = run("template", "-o", "blank.xlsx", "--quiet")
    assert blank.returncode == 0 and (blank.stdout, blank.stderr) == ("", "")
    assert (tmp_path / "blank.xlsx").stat().st_size > 0
    # errors still speak under -q
    refused = run("review-template", str(ANTING), str(ANTING), "-o", "all.xlsx", "-q")
    assert refused.returncode != 0 and "all.xlsx" in refused.stderr
