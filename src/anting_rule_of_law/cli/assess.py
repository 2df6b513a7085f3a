"""Commands for the assessment input: ``validate`` (check files) and ``template`` (write the Excel form)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from anting_rule_of_law.errors import ExitCode, OutputError

__all__ = ["register"]


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "validate",
        parents=[common],
        help="check assessment files (YAML/JSON/CSV/xlsx) and list every problem",
        description=(
            "Check assessment files and print every problem with its place (JSON path, "
            "CSV line and column, or sheet!cell). Exit 0 when there are no errors "
            "(warnings allowed), 3 otherwise. Writes nothing."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="assessment files")
    p.add_argument(
        "--framework",
        metavar="ID|PATH",
        help="check against this framework instead of the one each file names",
    )
    p.add_argument(
        "--quiet", action="store_true", help="print errors only, not warnings or the summary"
    )
    p.set_defaults(func=_validate)

    p = sub.add_parser(
        "template",
        parents=[common],
        help="write a fill-in Excel workbook for a framework",
        description=(
            "Write an Excel workbook to fill in a self-assessment: instructions, basic "
            "information, one row per specific indicator, veto items. Read it back with "
            "'validate' or 'score'."
        ),
    )
    p.add_argument(
        "--framework",
        default="shanghai-town-2023",
        metavar="ID|PATH",
        help="bundled framework id or a framework file (default: shanghai-town-2023)",
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="workbook to write")
    p.add_argument("--unit-code", help="pre-fill the unit code")
    p.add_argument("--unit-name", help="pre-fill the unit name")
    p.add_argument("--district", help="pre-fill the district")
    p.add_argument("--year", type=int, help="pre-fill the year")
    p.set_defaults(func=_template)


def _validate(args: argparse.Namespace) -> int:
    from anting_rule_of_law.assessments import check_files

    checked = check_files(args.files, args.framework)
    lang: str = args.lang
    for problem in checked.problems:
        if args.quiet and not problem.is_error:
            continue
        print(problem.message(lang), file=sys.stderr)
    if not args.quiet:
        n_err, n_warn = len(checked.errors), len(checked.warnings)
        n_ok = len(checked.assessments)
        summary = (
            f"{len(args.files)} file(s), {n_ok} valid assessment(s), "
            f"{n_err} error(s), {n_warn} warning(s)"
            if lang == "en"
            else f"{len(args.files)} 个文件，{n_ok} 份有效评估，{n_err} 个错误，{n_warn} 个警告"
        )
        print(summary, file=sys.stderr if n_err else sys.stdout)
    return int(ExitCode.INVALID_INPUT) if checked.errors else int(ExitCode.OK)


def _template(args: argparse.Namespace) -> int:
    from anting_rule_of_law.assessments.template import write_template
    from anting_rule_of_law.indicators.registry import load_framework

    fw = load_framework(args.framework)
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise OutputError(
            f"the template is an .xlsx workbook: {out}"
            if args.lang == "en"
            else f"模板须为 .xlsx 工作簿：{out}"
        )
    if out.is_dir():
        raise OutputError(f"{out} is a directory" if args.lang == "en" else f"{out} 是目录")
    unit = {
        k: v
        for k, v in (
            ("code", args.unit_code),
            ("name", args.unit_name),
            ("district", args.district),
        )
        if v
    }
    try:
        write_template(fw, out, lang=args.lang, unit=unit, year=args.year)
    except OSError as exc:
        raise OutputError(
            f"cannot write {out}: {exc.strerror}"
            if args.lang == "en"
            else f"无法写入 {out}：{exc.strerror}"
        ) from exc
    print(f"wrote {out}" if args.lang == "en" else f"已写入 {out}")
    return int(ExitCode.OK)
