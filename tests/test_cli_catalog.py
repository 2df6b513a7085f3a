"""The catalogue commands: frameworks, indicators (table/json/csv), the registry API."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import Any

import polars as pl
from wcwidth import wcswidth

from anting_rule_of_law import bundled_frameworks, load_framework


def test_bundled_frameworks_are_listed(run_cli: Any) -> None:
    assert {"shanghai-town-2023", "wjp-2023"} <= set(bundled_frameworks())
    result = run_cli("frameworks", "--format", "json")
    rows = {r["id"]: r for r in json.loads(result.out)}
    assert rows["shanghai-town-2023"]["levels"] == "4/18/55"
    assert rows["shanghai-town-2023"]["status"] == "reference"
    assert rows["wjp-2023"]["levels"] == "8/44"


def test_frameworks_table_names_the_status_in_words(run_cli: Any) -> None:
    zh = run_cli("frameworks", "--lang", "zh").out
    en = run_cli("--lang", "en", "frameworks").out
    assert "参考重构版" in zh and " reference " not in zh
    assert "reference reconstruction" in en
    assert {r["status"] for r in json.loads(run_cli("frameworks", "--format", "json").out)} == {
        "reference"
    }


def test_indicators_json_lists_4_18_55_summing_to_100(run_cli: Any) -> None:
    result = run_cli("indicators", "--format", "json")
    assert result.code == 0
    nodes = json.loads(result.out)
    assert Counter(n["level"] for n in nodes) == {1: 4, 2: 18, 3: 55}
    leaves = [n for n in nodes if n["rule"] is not None]
    assert len(leaves) == 55
    assert sum(n["points"] for n in leaves) == 100
    assert {"code", "parent", "level", "name", "name_en", "points"} <= set(nodes[0])
    assert [n["name"] for n in nodes if n["level"] == 1] == [
        "党委领导",
        "依法行政",
        "守法普法",
        "特色创新工作",
    ]


def test_indicators_level_filter_and_csv(run_cli: Any) -> None:
    result = run_cli("indicators", "--level", "2", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == 18
    assert all(r["level"] == "2" for r in rows)


def test_indicator_table_aligns_chinese_columns(run_cli: Any) -> None:
    result = run_cli("indicators", "--level", "1", "--lang", "zh")
    lines = result.out.rstrip("\n").splitlines()
    header, rule, *body = lines
    # the points column starts at the same display column on every line
    col = wcswidth(header[: header.index("分值")])
    for line in body:
        cells = line.split()
        points_at = line.index(cells[2])
        assert wcswidth(line[:points_at]) == col, line
    assert set(rule.replace(" ", "")) == {"-"}


def test_indicators_in_english(run_cli: Any) -> None:
    result = run_cli("indicators", "--level", "1", "--lang", "en")
    assert "Party" in result.out or "party" in result.out
    assert "党委领导" not in result.out


def test_codes_like_1_10_are_kept_as_text(run_cli: Any) -> None:
    result = run_cli("indicators", "--framework", "wjp-2023", "--level", "2")
    codes = [line.split()[0] for line in result.out.splitlines()[2:]]
    assert "1.1" in codes and "4.8" in codes
    assert len(codes) == 44


def test_registry_navigation_and_frame() -> None:
    fw = load_framework("shanghai-town-2023")
    assert [n.code for n in fw.level(1)] == ["1", "2", "3", "4"]
    assert sum(len(fw.children(n.code)) for n in fw.level(1)) == 18
    leaf = fw.leaves()[0]
    assert fw.node(leaf.code) is leaf
    assert leaf.parent is not None and fw.node(leaf.parent).level == 2
    frame = fw.to_polars()
    assert isinstance(frame, pl.DataFrame)
    assert frame.height == 77
    assert frame.filter(pl.col("is_leaf"))["points"].sum() == 100
    assert frame["code"].to_list() == [n.code for n in fw.nodes]
