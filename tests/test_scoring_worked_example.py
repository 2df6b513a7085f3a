"""docs/scoring.md §7: the worked example's files score to the numbers its table states.

The framework and the assessment are read from the page itself (its two YAML
blocks), scored on both engines (the plain-Python path for small inputs and the
polars path), and every row of the page's table is compared with the node
scores, to the six decimals the page prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from anting_rule_of_law import (
    Scorecard,
    assessment_from_dict,
    read_framework,
    round_half_up,
    score,
)
from anting_rule_of_law.scoring._paths import forced

DOC = Path(__file__).resolve().parents[1] / "docs" / "scoring.md"
_ROW = re.compile(r"^\| (?P<code>[^|]+?) \| (?P<how>[^|]+?) \| (?P<score>[^|]+?) \|$")


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## 7. Worked example")
    return text[start : text.index("\n## ", start + 1)]


def _yaml_blocks() -> list[dict[str, Any]]:
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", _section(), re.S)]


def _table() -> dict[str, float | None]:
    rows: dict[str, float | None] = {}
    for line in _section().splitlines():
        m = _ROW.match(line)
        if m and m["code"] not in ("code", "---"):
            rows[m["code"]] = None if m["score"] == "null" else float(m["score"])
    return rows


@pytest.fixture(params=["python", "polars"])
def card(request: pytest.FixtureRequest) -> Iterator[Scorecard]:
    framework_data, assessment_data = _yaml_blocks()
    fw = read_framework(framework_data, file=str(DOC))
    record = assessment_from_dict(assessment_data, fw, file=str(DOC))
    with forced(request.param):
        yield score(fw, [record])


def test_the_table_covers_every_node() -> None:
    framework_data, _ = _yaml_blocks()
    codes = {str(n["code"]) for n in framework_data["nodes"]}
    assert set(_table()) == codes | {"total"}


def test_every_number_of_the_table(card: Scorecard) -> None:
    scores = dict(card.nodes.select("code", "score").iter_rows())
    for code, expected in _table().items():
        got = scores["" if code == "total" else code]
        if expected is None:
            assert got is None, code
        else:
            assert got is not None and round(got, 6) == expected, (code, got)


def test_grade_veto_and_display(card: Scorecard) -> None:
    row = card.totals.row(0, named=True)
    assert (row["grade"], row["grade_name"], row["passed"], row["vetoed"]) == (
        "B",
        "合格",
        True,
        False,
    )
    assert f"{round_half_up(row['score'], 2):.2f} / {row['max']:.2f}" == "13.34 / 20.00"
    assert "**13.34 / 20.00, 合格**" in _section()


def test_the_audit_and_clauses_of_1_3(card: Scorecard) -> None:
    audit = card.audit.filter(code="1.3").row(0, named=True)
    assert audit["raw"] == 1.0
    assert audit["reason"] == (
        "每年组织开展专项执法监督检查少于2次的，扣2分（−2）；每发现一起扣1分，扣完为止（−2）"
    )
    fired = card.clauses.filter(code="1.3").select("clause", "input", "deduction").rows()
    assert sorted(fired) == [("found", 2.0, 2.0), ("inspections", 1.0, 2.0)]
