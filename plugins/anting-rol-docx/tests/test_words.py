"""Numbers and marks of the draft."""

from __future__ import annotations

import pytest
from anting_rol_docx.markdown import escape
from anting_rol_docx.words import chinese_number, numbered, ordinal, placeholder


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九")],
)
def test_chinese_numbers(n: int, text: str) -> None:
    assert chinese_number(n) == text


def test_heading_numbers_by_level() -> None:
    assert numbered(1, 4, "2024年度主要安排", "zh") == "四、2024年度主要安排"
    assert numbered(2, 12, "网上信访公开", "zh") == "（十二）网上信访公开"
    assert numbered(1, 2, "Shortcomings", "en") == "II. Shortcomings"
    assert numbered(2, 3, "Petitions", "en") == "(3) Petitions"
    assert ordinal(3, "zh") == "三是" and ordinal(1, "en") == "First: "


def test_placeholders_in_both_languages() -> None:
    assert placeholder("署名机关", "zh") == "【待补充：署名机关】"
    assert placeholder("signing authority", "en") == "[To be completed: signing authority]"


def test_markdown_escape_keeps_text_as_typed() -> None:
    assert escape("*重点* <b> [链接](javascript:x) a|b") == (
        "\\*重点\\* \\<b\\> \\[链接](javascript:x) a\\|b"
    )
    assert escape("第一行\n第二行") == "第一行 第二行"
    assert escape("98.94%（1319件/1333件）") == "98.94%（1319件/1333件）"
