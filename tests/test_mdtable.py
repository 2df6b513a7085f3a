"""The Markdown table writer gives ``tabulate``'s text, character for character."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from anting_rule_of_law.reporters import mdtable
from anting_rule_of_law.reporters.mdtable import github_table

#: Report-like text: ASCII, CJK, full-width and ideographic space, combining and
#: zero-width marks, emoji, soft hyphen, a pipe — and the characters that send a
#: table back to ``tabulate`` (line breaks, tab, escape, other controls).
ALPHABET = [
    *"ab 1.0-%|安亭镇得分（）、，ｱ",
    "\u3000",
    "\u200b",
    "\u0301",
    "\U0001f642",
    "\xa0",
    "\xad",
    "\n",
    "\r",
    "\t",
    "\x1b[1m",
    "\x00",
    "\u2028",
]
TEXT = st.lists(st.sampled_from(ALPHABET), max_size=6).map("".join)


def _tabulate(headers: list[str], rows: list[list[str]]) -> str:
    return str(
        tabulate(
            [list(r) for r in rows], headers=list(headers), tablefmt="github", disable_numparse=True
        )
    )


@settings(max_examples=400, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda n: st.tuples(
            st.lists(TEXT, min_size=n, max_size=n),
            st.lists(st.lists(TEXT, min_size=n, max_size=n), max_size=4),
        )
    )
)
def test_same_text_as_tabulate(table: tuple[list[str], list[list[str]]]) -> None:
    headers, rows = table
    assert github_table(headers, rows) == _tabulate(headers, rows)


def test_rows_of_another_length_are_tabulates_too() -> None:
    headers, rows = ["指标", "得分"], [["1.1"], ["1.2", "3.00", "多"]]
    assert github_table(headers, rows) == _tabulate(headers, rows)


def test_report_text_takes_the_fast_road(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain report cells never reach ``tabulate`` (that is where the time went)."""
    headers = ["项目", "内容"]
    rows = [["总分", "91.06"], ["等级", "优秀"], ["单位", " 安亭镇　"], ["", "—"]]
    expected = _tabulate(headers, rows)

    def refuse(*_: object) -> str:
        raise AssertionError("tabulate was called")

    monkeypatch.setattr(mdtable, "_tabulate", refuse)
    assert github_table(headers, rows) == expected
    assert (
        expected.splitlines()[2] == "| 总分   | 91.06  |"
    )  # a header is given two columns of room
