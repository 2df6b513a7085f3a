"""Table text helpers (numbering, points) and header recognition."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anting_rule_of_law.tableimport.grid import Grid, GridRow, column_letter
from anting_rule_of_law.tableimport.header import find_header, normalise_label
from anting_rule_of_law.tableimport.text import (
    PointsError,
    parse_points,
    split_name_points,
    strip_numbering,
)

PREFIXES = [
    "一、",
    "十二、",
    "（一）",
    "(三)",
    "1.",
    "1、",
    "12．",
    "(1)",
    "（２）",
    "①",
    "⑴",
    "第一条 ",
    "1.1 ",
    "1.1.1",
    "A、",
]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_numbering_prefixes_are_stripped(prefix: str) -> None:
    assert strip_numbering(prefix + "组织领导") == "组织领导"


@pytest.mark.parametrize(
    "name", ["12345热线办结率", "110非警务警情处置", "1.5倍", "95%办结率", "一是加强"]
)
def test_numbers_that_belong_to_the_name_are_kept(name: str) -> None:
    assert strip_numbering(name) == name


def test_a_dotted_code_before_a_unit_is_not_cut_in_half() -> None:
    assert strip_numbering("1.1.1亿") == "1.1.1亿"
    assert strip_numbering("1.1.1 组织领导") == "组织领导"


# Not numerals, and not the units that make a number part of the name ("1.5倍", "2亿"):
# "1.1.1亿" is ambiguous and is kept whole.
_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF).filter(
    lambda c: c not in "一二三四五六七八九十百零〇第倍元万亿个次件项分年月日天"
)


@given(prefix=st.sampled_from(PREFIXES), name=st.text(_cjk, min_size=1, max_size=12))
def test_any_prefix_any_name(prefix: str, name: str) -> None:
    assert strip_numbering(prefix + name) == name


@pytest.mark.parametrize(
    ("text", "value"),
    [("5", 5.0), ("5.0", 5.0), ("5分", 5.0), ("５分", 5.0), (" 2.5 分 ", 2.5), ("０.５", 0.5)],
)
def test_points_as_written(text: str, value: float) -> None:
    assert parse_points(text) == value


@pytest.mark.parametrize("text", ["五分", "5分/项", "-1", "1-3", "", "约5分"])
def test_points_refused(text: str) -> None:
    with pytest.raises(PointsError) as info:
        parse_points(text)
    assert info.value.zh and info.value.en


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
def test_points_parse_any_decimal(value: object) -> None:
    text = f"{value}分"
    full_width = text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    assert parse_points(text) == parse_points(full_width) == float(str(value))


def test_points_in_a_name() -> None:
    assert split_name_points("党委领导（２０分）") == ("党委领导", 20.0)
    assert split_name_points("依法行政 (7.5 分)") == ("依法行政", 7.5)
    assert split_name_points("依法行政") == ("依法行政", None)


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def grid(*rows: list[str | None]) -> Grid:
    return Grid(
        file="t.csv",
        sheet=None,
        rows=tuple(GridRow(number=i + 1, cells=tuple(r)) for i, r in enumerate(rows)),
    )


def test_label_normalisation() -> None:
    assert normalise_label("分值（分）") == "分值"
    assert normalise_label(" Scoring  criteria: ") == "scoringcriteria"
    assert normalise_label("Points (max)") == "points"


def test_english_headers_below_a_title() -> None:
    g = grid(
        ["Rule of law index", None, None, None],
        [None, None, None, None],
        ["No.", "Level 1", "Indicator", "Points", "Scoring criteria", "Responsible department"],
    )
    header = find_header(g)
    assert header is not None
    assert header.index == 2
    assert header.title == "Rule of law index"
    assert dict(header.columns) == {
        "number": 0,
        "level1": 1,
        "level3": 2,
        "points": 3,
        "criteria": 4,
        "department": 5,
    }
    assert header.levels == ("level1", "level3")


def test_best_criteria_column_wins_and_the_other_is_reported() -> None:
    g = grid(["一级指标名称", "具体指标", "考核内容", "标准分值", "评分标准及扣分细则"])
    header = find_header(g)
    assert header is not None
    assert header.columns["criteria"] == 4
    assert header.columns["points"] == 3
    assert header.ignored == ((2, "考核内容", "criteria"),)


def test_header_over_two_rows() -> None:
    g = grid(
        ["序号", "指标体系", None, None, "分值", "评分标准"],
        [None, "一级", "二级", "三级", None, None],
        ["1", "党委领导", "组织领导", "听取汇报", "5", "未开展不得分"],
    )
    header = find_header(g)
    assert header is not None
    assert header.index == 1
    assert header.levels == ("level1", "level2", "level3")
    assert header.columns["points"] == 4 and header.columns["criteria"] == 5


def test_no_header() -> None:
    assert find_header(grid(["名称", "内容"], ["a", "b"])) is None
