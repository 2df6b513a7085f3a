"""``anting-rol import``: turn an official indicator table into a framework file.

The command prints what it read (counts per level, total points) and every rule
it inferred from the scoring text, so the user knows exactly what to check by
hand; warnings go to stderr. On any problem in the table nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from anting_rule_of_law.cli.parser import Say
from anting_rule_of_law.cli.targets import check_outputs, check_suffix, folders_for, read_paths
from anting_rule_of_law.errors import OutputError

__all__ = ["register"]


def register(sub: Any, common: argparse.ArgumentParser, say: Say) -> None:
    description = say(
        "读取官方指标表（列为 一级指标 / 二级指标 / 具体指标 / 分值 / 评分标准，常见的列名均可），"
        "写出可用于打分的指标体系文件。只在评分标准含义明确时推断评分规则，并标记 "
        "inferred: true。见 docs/official-table.md。",
        "Read an official indicator table (columns 一级指标 / 二级指标 / 具体指标 / 分值 / "
        "评分标准, under their usual names) and write a framework file that scores. "
        "Rules are inferred from the scoring text only where it is clear, and marked "
        "inferred: true. See docs/official-table.md.",
    )
    p = sub.add_parser(
        "import",
        parents=[common],
        help=say(
            "把指标表（.xlsx/.xls/.ods/.csv/.docx）导入为指标体系文件",
            "turn an indicator table (.xlsx/.xls/.ods/.csv/.docx) into a framework file",
        ),
        description=description,
    )
    _import_arguments(p, say)
    p.set_defaults(func=_import)

    # The former spelling, kept working: not listed in --help, a note on stderr.
    group = sub.add_parser(
        "framework",
        parents=[common],
        description=say(
            "已弃用：请改用 anting-rol import。", "Deprecated: use `anting-rol import` instead."
        ),
    )
    fsub = group.subparsers(dest="framework_command", metavar=say("子命令", "SUBCOMMAND"))
    group.set_defaults(func=None, help_parser=group)
    p = fsub.add_parser(
        "import",
        parents=[common],
        help=say("已弃用，同 anting-rol import", "deprecated spelling of `anting-rol import`"),
        description=description,
    )
    _import_arguments(p, say)
    p.set_defaults(func=_deprecated_import)


def _import_arguments(p: argparse.ArgumentParser, say: Say) -> None:
    p.add_argument(
        "table",
        metavar="TABLE",
        help=say(
            "指标表：.xlsx、.xls、.ods、.csv 或 Word .docx",
            "the table: .xlsx, .xls, .ods, .csv or a Word .docx",
        ),
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help=say("要写出的指标体系文件（.yaml）", "framework file to write (.yaml)"),
    )
    p.add_argument(
        "--sheet",
        metavar="NAME",
        help=say(
            "要读取的工作表；.docx 则为表格序号（默认：第一个有表头的）",
            "sheet to read, or for .docx the table number (default: the first with a header)",
        ),
    )
    p.add_argument(
        "--id",
        dest="framework_id",
        metavar="ID",
        help=say("指标体系 id（默认取自文件名）", "framework id (default: from the file name)"),
    )
    p.add_argument(
        "--version",
        dest="framework_version",
        metavar="V",
        help=say("指标体系版本（默认 1）", "framework version (default: 1)"),
    )
    p.add_argument(
        "--title",
        metavar="TITLE",
        help=say(
            "名称（默认：表头上方的标题行）", "title (default: the title row above the header)"
        ),
    )
    p.add_argument(
        "--status",
        choices=("official", "reference"),
        default="official",
        help=say(
            "写入文件的状态（默认 official，因为导入的是官方表）",
            "status written in the file (default: official, since the table is the official one)",
        ),
    )


def _deprecated_import(args: argparse.Namespace) -> int:
    print(
        "note: `anting-rol framework import` is deprecated; use `anting-rol import`"
        if args.lang == "en"
        else "注意：anting-rol framework import 已弃用，请改用 anting-rol import",
        file=sys.stderr,
    )
    return _import(args)


def _import(args: argparse.Namespace) -> int:
    from anting_rule_of_law.tableimport import import_table, summary_lines, write_framework_yaml

    table = Path(args.table)
    output = Path(args.output)
    check_outputs([output], read_paths(table))
    check_suffix(output, ["yaml", "yml"], "a framework in YAML", " YAML 格式的指标体系")
    result = import_table(
        table,
        sheet=args.sheet,
        framework_id=args.framework_id,
        version=args.framework_version,
        title=args.title,
        status=args.status,
    )
    try:
        with folders_for(output):
            write_framework_yaml(result.data, output)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(
            f"{output}: cannot write: {reason}", f"{output}：无法写入：{reason}"
        ) from None
    for problem in result.problems:
        print(problem.message(args.lang), file=sys.stderr)
    sys.stdout.write("\n".join(summary_lines(result, table, output, args.lang)) + "\n")
    return 0
