"""``anting-rol framework import``: turn an official indicator table into a framework file.

The command prints what it read (counts per level, total points) and every rule
it inferred from the scoring text, so the user knows exactly what to check by
hand; warnings go to stderr. On any problem in the table nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from anting_rule_of_law.errors import InputError, OutputError, Problem

__all__ = ["register"]


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    group = sub.add_parser(
        "framework",
        help="work with framework files (import an official table)",
        description="Work with framework files.",
    )
    fsub = group.add_subparsers(dest="framework_command", metavar="SUBCOMMAND", required=True)
    p = fsub.add_parser(
        "import",
        parents=[common],
        help="turn an indicator table (.xlsx/.xls/.ods/.csv/.docx) into a framework file",
        description=(
            "Read an official indicator table (columns 一级指标 / 二级指标 / 具体指标 / 分值 / "
            "评分标准, under their usual names) and write a framework file that scores. "
            "Rules are inferred from the scoring text only where it is clear, and marked "
            "inferred: true. See docs/official-table.md."
        ),
    )
    p.add_argument(
        "table", metavar="TABLE", help="the table: .xlsx, .xls, .ods, .csv or a Word .docx"
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="framework file to write (.yaml)"
    )
    p.add_argument(
        "--sheet",
        metavar="NAME",
        help="sheet to read, or for .docx the table number (default: the first with a header)",
    )
    p.add_argument(
        "--id", dest="framework_id", metavar="ID", help="framework id (default: from the file name)"
    )
    p.add_argument(
        "--version", dest="framework_version", metavar="V", help="framework version (default: 1)"
    )
    p.add_argument(
        "--title", metavar="TITLE", help="title (default: the title row above the header)"
    )
    p.add_argument(
        "--status",
        choices=("official", "reference"),
        default="official",
        help="status written in the file (default: official, since the table is the official one)",
    )
    p.set_defaults(func=_import)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _import(args: argparse.Namespace) -> int:
    from anting_rule_of_law.tableimport import import_table, summary_lines, write_framework_yaml

    table = Path(args.table)
    output = Path(args.output)
    if _same_file(table, output):
        raise InputError(
            [
                Problem(
                    file=str(output),
                    where="-o",
                    en="the output would overwrite the table being read",
                    zh="输出文件会覆盖正在读取的表格",
                )
            ]
        )
    result = import_table(
        table,
        sheet=args.sheet,
        framework_id=args.framework_id,
        version=args.framework_version,
        title=args.title,
        status=args.status,
    )
    try:
        write_framework_yaml(result.data, output)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(
            f"{output}: cannot write: {reason}"
            if args.lang == "en"
            else f"{output}：无法写入：{reason}"
        ) from None
    for problem in result.problems:
        print(problem.message(args.lang), file=sys.stderr)
    sys.stdout.write("\n".join(summary_lines(result, table, output, args.lang)) + "\n")
    return 0
