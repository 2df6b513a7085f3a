"""A broken framework file reports every error with its JSON path, exits 3, no traceback."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from anting_rule_of_law import InputError, load_framework, read_framework

GOOD: dict[str, Any] = {
    "schema_version": 1,
    "id": "mini",
    "version": "1",
    "title": {"zh": "迷你框架", "en": "Mini"},
    "declared": {"levels": [2, 3], "total_points": 10},
    "grades": [{"code": "pass", "min": 9, "pass": True}, {"code": "fail", "min": 0}],
    "vetoes": [{"code": "V1", "name": "重大违法", "effect": "cap", "cap_grade": "fail"}],
    "nodes": [
        {"code": "1", "name": "甲", "points": 6},
        {"code": "1.1", "name": "甲一", "points": 4, "rule": {"type": "check"}},
        {"code": "1.2", "name": "甲二", "points": 2, "rule": {"type": "count", "target": 3}},
        {"code": "2", "name": "乙", "points": 4},
        {
            "code": "2.1",
            "name": "乙一",
            "points": 4,
            "rule": {
                "type": "deduct",
                "gate": "未开展不得分",
                "clauses": [
                    {
                        "id": "c1",
                        "text": "少于2次的，扣2分",
                        "amount": 2,
                        "kind": "threshold",
                        "op": "lt",
                        "threshold": 2,
                    }
                ],
            },
        },
    ],
}


def mutate(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    data.update(changes)
    return data


def errors_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as info:
        read_framework(data, file="f.yaml")
    return [(p.where, p.en) for p in info.value.problems]


def test_good_framework_loads() -> None:
    fw = read_framework(GOOD, file="f.yaml")
    assert [n.code for n in fw.roots()] == ["1", "2"]
    assert [n.code for n in fw.children("1")] == ["1.1", "1.2"]
    assert fw.node("2.1").rule is not None
    assert fw.node("2.1").rule.clauses[0].threshold == 2.0  # type: ignore[union-attr]
    assert [n.code for n in fw.ancestors("2.1")] == ["2"]
    assert fw.grade_for(9.0).code == "pass"  # type: ignore[union-attr]
    assert fw.grade_for(8.999).code == "fail"  # type: ignore[union-attr]


def test_duplicate_code() -> None:
    nodes = [
        *GOOD["nodes"],
        {"code": "1.1", "name": "重复", "points": 1, "rule": {"type": "check"}},
    ]
    errs = errors_of(mutate(nodes=nodes))
    assert ("$.nodes[5].code", "duplicate code '1.1' (first at $.nodes[1])") in errs


def test_missing_parent() -> None:
    nodes = copy.deepcopy(GOOD["nodes"])
    nodes[2]["code"] = "3.2"
    errs = errors_of(mutate(nodes=nodes))
    assert any(w == "$.nodes[2].parent" and "'3' of '3.2' does not exist" in m for w, m in errs)


def test_cycle() -> None:
    nodes = copy.deepcopy(GOOD["nodes"])
    nodes[0]["parent"] = "2"
    nodes[3]["parent"] = "1"
    errs = errors_of(mutate(nodes=nodes))
    assert any("parent cycle: 1 -> 2 -> 1" in m for _, m in errs)


def test_wrong_declared_totals_and_counts() -> None:
    errs = errors_of(mutate(declared={"levels": [2, 4], "total_points": 12}))
    wheres = {w for w, _ in errs}
    assert "$.declared.levels[1]" in wheres
    assert "$.declared.total_points" in wheres


def test_children_points_do_not_fit_parent() -> None:
    nodes = copy.deepcopy(GOOD["nodes"])
    nodes[1]["points"] = 5
    errs = errors_of(mutate(nodes=nodes))
    assert ("$.nodes[0].points", "children of '1' add up to 7 points, but it declares 6") in errs


@pytest.mark.parametrize(
    ("rule", "where", "fragment"),
    [
        ({"type": "ratio", "target": 1}, "$.nodes[1].rule.floor", "needs 'floor'"),
        ({"type": "ratio", "target": 1, "floor": 1}, "$.nodes[1].rule.target", "must differ"),
        ({"type": "count", "target": 0}, "$.nodes[1].rule.target", "greater than 0"),
        ({"type": "check", "target": 3}, "$.nodes[1].rule.target", "does not belong"),
        ({"type": "deduct"}, "$.nodes[1].rule.clauses", "at least one clause"),
        (
            {"type": "deduct", "clauses": [{"id": "c1", "amount": 1, "kind": "threshold"}]},
            "$.nodes[1].rule.clauses[0].op",
            "needs 'op'",
        ),
        ({"type": "levels"}, "$.nodes[1].rule.levels", "needs 'levels'"),
        ({"type": "bogus"}, "$.nodes[1].rule.type", ""),
        ({"type": "levels", "levels": {"优": 1.5}}, "$.nodes[1].rule.levels", ""),
    ],
)
def test_rule_with_bad_parameters(rule: dict[str, Any], where: str, fragment: str) -> None:
    nodes = copy.deepcopy(GOOD["nodes"])
    nodes[1]["rule"] = rule
    errs = errors_of(mutate(nodes=nodes))
    assert any(w == where and fragment in m for w, m in errs), errs


def test_schema_errors_are_all_reported_with_paths() -> None:
    nodes = copy.deepcopy(GOOD["nodes"])
    nodes[1]["points"] = -1
    nodes[2]["name"] = ""
    errs = errors_of(mutate(nodes=nodes, status="draft"))
    wheres = {w for w, _ in errs}
    assert {"$.nodes[1].points", "$.nodes[2].name", "$.status"} <= wheres


def test_veto_cap_grade_must_exist() -> None:
    errs = errors_of(
        mutate(vetoes=[{"code": "V1", "name": "x", "effect": "cap", "cap_grade": "nope"}])
    )
    assert any(w == "$.vetoes[0].cap_grade" for w, _ in errs)


def test_leaf_without_rule() -> None:
    nodes = copy.deepcopy(GOOD["nodes"])
    del nodes[1]["rule"]
    errs = errors_of(mutate(nodes=nodes))
    assert any(w == "$.nodes[1]" and "needs a rule" in m for w, m in errs)


def test_cli_reports_all_errors_without_traceback(run_cli: Any, write_yaml: Any) -> None:
    nodes = [
        *copy.deepcopy(GOOD["nodes"]),
        {"code": "1.1", "name": "重复", "points": 1, "rule": {"type": "check"}},
        {"code": "7.1", "name": "孤儿", "points": 1, "rule": {"type": "check"}},
    ]
    path = write_yaml("broken.yaml", mutate(nodes=nodes))
    result = run_cli("indicators", "--framework", str(path), "--lang", "en")
    assert result.code == 3
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert any("broken.yaml: $.nodes[5].code" in line for line in lines)
    assert any("broken.yaml: $.nodes[6].parent" in line for line in lines)
    assert result.out == ""


def test_cli_messages_in_chinese(run_cli: Any, write_yaml: Any) -> None:
    nodes = [
        *copy.deepcopy(GOOD["nodes"]),
        {"code": "1.1", "name": "重复", "points": 1, "rule": {"type": "check"}},
    ]
    path = write_yaml("broken.yaml", mutate(nodes=nodes))
    result = run_cli("indicators", "--framework", str(path), "--lang", "zh")
    assert result.code == 3
    assert "指标编号 '1.1' 重复" in result.err


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("nodes: [\n", "invalid YAML"),
        ("", "file is empty"),
        ("a: &a [1]\nb: *a\n" * 1, "$"),
        ("id: x\nid: y\n", "duplicate key 'id'"),
    ],
)
def test_unreadable_files(tmp_path: Path, run_cli: Any, content: str, fragment: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(content, encoding="utf-8")
    result = run_cli("indicators", "--framework", str(path), "--lang", "en")
    assert result.code == 3
    assert fragment in result.err
    assert "Traceback" not in result.err


def test_not_utf8(tmp_path: Path, run_cli: Any) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("名称: 党委领导\n".encode("gbk"))
    result = run_cli("indicators", "--framework", str(path), "--lang", "en")
    assert result.code == 3
    assert "not UTF-8" in result.err


def test_alias_bomb_is_refused(tmp_path: Path, run_cli: Any) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("indicators", "--framework", str(path), "--lang", "en")
    assert result.code == 3
    assert "aliases" in result.err


def test_unknown_framework_id(run_cli: Any) -> None:
    result = run_cli("indicators", "--framework", "no-such-framework", "--lang", "en")
    assert result.code == 3
    assert "no bundled framework 'no-such-framework'" in result.err


def test_load_by_path_is_cached_per_content(write_yaml: Any) -> None:
    path = write_yaml("mini.yaml", GOOD)
    first = load_framework(path)
    assert load_framework(path) is first
    assert len(first.sha256) == 64
    changed = copy.deepcopy(GOOD)
    changed["version"] = "2"
    write_yaml("mini.yaml", changed)
    assert load_framework(path).version == "2"


def test_grade_bands_must_agree_with_the_pass_line() -> None:
    grades = [{"code": "pass", "min": 85, "pass": True}, {"code": "fail", "min": 0}]
    errs = errors_of(mutate(pass_line=90, grades=grades))
    assert any(w == "$.grades[0].min" and "below the pass line 90" in m for w, m in errs)
    grades = [
        {"code": "good", "min": 95},
        {"code": "pass", "min": 90, "pass": True},
        {"code": "fail", "min": 0},
    ]
    errs = errors_of(mutate(pass_line=90, grades=grades))
    assert any(w == "$.grades[0].pass" for w, _ in errs)


def test_gate_text_in_both_languages() -> None:
    nodes = copy.deepcopy(GOOD["nodes"])
    nodes[4]["rule"]["gate"] = {"text": "未开展不得分", "text_en": "zero if not carried out"}
    rule = read_framework(mutate(nodes=nodes), file="f.yaml").node("2.1").rule
    assert rule is not None
    assert (rule.gate, rule.gate_en) == ("未开展不得分", "zero if not carried out")


def test_first_responsible_duty_marks_a_node_and_everything_below_it() -> None:
    assert read_framework(GOOD, file="f.yaml").first_responsible_duties() == ()
    nodes = copy.deepcopy(GOOD["nodes"])
    nodes[0]["first_responsible_duty"] = True  # first-level node 1: both its leaves
    nodes[4]["first_responsible_duty"] = True  # leaf 2.1 itself
    fw = read_framework(mutate(nodes=nodes), file="f.yaml")
    assert [n.code for n in fw.first_responsible_duties()] == ["1.1", "1.2", "2.1"]
    nodes[4]["first_responsible_duty"] = "yes"
    assert ("$.nodes[4].first_responsible_duty", "'yes' is not of type 'boolean'") in errors_of(
        mutate(nodes=nodes)
    )
