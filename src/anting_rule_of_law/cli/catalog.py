"""Commands that show what the library knows: ``frameworks``, ``indicators``, ``schema``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from anting_rule_of_law.cli.output import render_rows
from anting_rule_of_law.cli.parser import Say
from anting_rule_of_law.indicators.registry import bundled_frameworks, load_framework
from anting_rule_of_law.records import Framework, Indicator
from anting_rule_of_law.rulekinds.vocabulary import framework_status_name
from anting_rule_of_law.schemas import SCHEMA_NAMES, schema_text

__all__ = ["indicator_rows", "register"]


def register(sub: Any, common: argparse.ArgumentParser, say: Say) -> None:
    p = sub.add_parser(
        "frameworks",
        parents=[common],
        help=say("列出内置的指标体系", "list the bundled frameworks"),
        description=say(
            "列出随软件包提供的指标体系。某一体系的指标见 indicators；"
            "把官方指标表转为指标体系文件见 import。",
            "List the frameworks shipped with the package. See a framework's indicators "
            "with `indicators`; turn an official indicator table into a framework file "
            "with `import`.",
        ),
    )
    p.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help=say("输出格式（默认 table）", "output format (default: table)"),
    )
    p.set_defaults(func=_frameworks)

    p = sub.add_parser(
        "indicators",
        parents=[common],
        help=say("显示指标体系的指标树", "show a framework's indicator tree"),
        description=say(
            "显示指标体系的全部指标：编号、名称、分值、评分规则。",
            "Show every indicator of a framework: code, names, points, rule.",
        ),
    )
    p.add_argument(
        "--framework",
        default="shanghai-town-2023",
        metavar="ID|PATH",
        help=say(
            "内置指标体系的 id 或指标体系文件（默认 shanghai-town-2023）",
            "bundled framework id or a framework file (default: shanghai-town-2023)",
        ),
    )
    p.add_argument(
        "--level",
        type=int,
        metavar="N",
        help=say(
            "只显示第 N 级指标（1 = 一级指标）", "only indicators at level N (1 = first-level)"
        ),
    )
    p.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help=say("输出格式（默认 table）", "output format (default: table)"),
    )
    p.set_defaults(func=_indicators)

    p = sub.add_parser(
        "schema",
        parents=[common],
        help=say("输出随软件包提供的 JSON Schema", "print a shipped JSON Schema"),
        description=say(
            "输出随软件包提供的 JSON Schema 之一。",
            "Print one of the JSON Schemas shipped with the package.",
        ),
    )
    p.add_argument(
        "name",
        choices=SCHEMA_NAMES,
        help=say(
            "framework：指标体系文件；assessment：评价数据文件；report：JSON 报告",
            "framework: framework files; assessment: assessment files; report: the JSON report",
        ),
    )
    p.set_defaults(func=_schema)


def _frameworks(args: argparse.Namespace) -> int:
    rows = []
    for fid in bundled_frameworks():
        fw = load_framework(fid)
        rows.append(
            {
                "id": fw.id,
                "version": fw.version,
                # words for a reader in the table; the machine form in JSON and CSV
                "status": framework_status_name(fw.status, args.lang)
                if args.format == "table"
                else fw.status,
                "title": fw.title if args.lang == "zh" else (fw.title_en or fw.title),
                "levels": "/".join(str(len(fw.level(n))) for n in range(1, fw.depth + 1)),
                "total_points": _num(fw.total_points),
            }
        )
    headers = {
        "id": "id",
        "version": "版本" if args.lang == "zh" else "version",
        "status": "状态" if args.lang == "zh" else "status",
        "levels": "指标数" if args.lang == "zh" else "indicators",
        "total_points": "总分" if args.lang == "zh" else "points",
        "title": "名称" if args.lang == "zh" else "title",
    }
    sys.stdout.write(render_rows(rows, headers, args.format))
    return 0


def indicator_rows(fw: Framework, level: int | None = None) -> list[dict[str, Any]]:
    """The nodes as plain rows, depth-first in file order."""
    return [_row(node) for node in fw.walk() if level is None or node.level == level]


def _row(node: Indicator) -> dict[str, Any]:
    return {
        "code": node.code,
        "parent": node.parent,
        "level": node.level,
        "name": node.name,
        "name_en": node.name_en,
        "points": node.points,
        "rule": node.rule.type if node.rule else None,
        "department": node.department or None,
        "evidence": list(node.evidence),
        "basis": node.basis.source if node.basis else None,
    }


def _indicators(args: argparse.Namespace) -> int:
    fw = load_framework(args.framework)
    rows = indicator_rows(fw, args.level)
    if args.format == "json":
        sys.stdout.write(render_rows(rows, {}, "json"))
        return 0
    zh = args.lang == "zh"
    english = {node.code: node.department_en for node in fw.walk()}
    for r in rows:
        r["points"] = _num(r["points"])
        r["label"] = ("  " * (r["level"] - 1)) + (r["name"] if zh else (r["name_en"] or r["name"]))
        if not zh and args.format != "csv":
            r["department"] = english.get(r["code"]) or r["department"]
    if args.format == "csv":
        headers = {
            k: k
            for k in (
                "code",
                "parent",
                "level",
                "name",
                "name_en",
                "points",
                "rule",
                "department",
                "basis",
            )
        }
    else:
        headers = {
            "code": "编号" if zh else "code",
            "label": "指标" if zh else "indicator",
            "points": "分值" if zh else "points",
            "rule": "规则" if zh else "rule",
            "department": "责任部门" if zh else "department",
        }
    sys.stdout.write(render_rows(rows, headers, args.format))
    return 0


def _schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text(args.name))
    return 0


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"
