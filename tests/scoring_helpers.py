"""Small inline frameworks and assessments for the scoring tests (no bundled data)."""

from __future__ import annotations

from typing import Any

from anting_rule_of_law.indicators.registry import read_framework
from anting_rule_of_law.records import Assessment, Framework


def framework(nodes: list[dict[str, Any]], **top: Any) -> Framework:
    data: dict[str, Any] = {
        "schema_version": 1,
        "id": "t",
        "version": "1",
        "title": "测试",
        "nodes": nodes,
    }
    data.update(top)
    return read_framework(data)


def one_leaf(points: float, rule: dict[str, Any], **node: Any) -> Framework:
    """A one-level tree: a single leaf directly under the total."""
    return framework([{"code": "1", "name": "叶", "points": points, "rule": rule, **node}])


def assessment(
    entries: list[dict[str, Any]],
    unit: str = "u1",
    year: int = 2023,
    stage: str = "self",
    district: str = "嘉定区",
    vetoes: list[dict[str, Any]] | None = None,
    framework_id: str = "t",
) -> Assessment:
    return Assessment.from_dict(
        {
            "framework": framework_id,
            "unit": {"code": unit, "name": f"{unit}镇", "district": district},
            "year": year,
            "stage": stage,
            "entries": entries,
            "vetoes": vetoes or [],
        }
    )
