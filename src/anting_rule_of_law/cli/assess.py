"""Commands for the assessment input: ``validate`` (check files) and ``template`` (write the Excel form)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from anting_rule_of_law.cli.parser import Say
from anting_rule_of_law.cli.targets import check_outputs, folders_for, read_paths
from anting_rule_of_law.errors import ExitCode, OutputError

__all__ = ["register"]


def register(sub: Any, common: argparse.ArgumentParser, say: Say) -> None:
    p = sub.add_parser(
        "validate",
        parents=[common],
        help=say(
            "检查评价数据文件（YAML/JSON/CSV/xlsx），列出全部问题",
            "check assessment files (YAML/JSON/CSV/xlsx) and list every problem",
        ),
        description=say(
            "检查评价数据文件，逐条列出问题及其位置（JSON 路径、CSV 行列或 工作表!单元格）。"
            "没有错误（可有警告）时退出码为 0，否则为 3。不写任何文件。",
            "Check assessment files and print every problem with its place (JSON path, "
            "CSV line and column, or sheet!cell). Exit 0 when there are no errors "
            "(warnings allowed), 3 otherwise. Writes nothing.",
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help=say("评价数据文件", "assessment files"))
    p.add_argument(
        "--framework",
        metavar="ID|PATH",
        help=say(
            "按此指标体系检查，而不是各文件写明的体系",
            "check against this framework instead of the one each file names",
        ),
    )
    p.add_argument(
        "--quiet",
        action="store_true",
        help=say("只输出错误，不输出警告和汇总", "print errors only, not warnings or the summary"),
    )
    p.set_defaults(func=_validate)

    p = sub.add_parser(
        "template",
        parents=[common],
        help=say(
            "生成某一指标体系的 Excel 填报表", "write a fill-in Excel workbook for a framework"
        ),
        description=say(
            "生成用于填报自评的 Excel 工作簿：填表说明、基本信息、每个具体指标一行"
            "（其下每个填报项、扣分条款一行）、一票否决项。填好后用 validate 或 score 读取。",
            "Write an Excel workbook to fill in a self-assessment: instructions, basic "
            "information, a row per specific indicator (and under it a row per input and "
            "deduction clause), veto items. Read it back with 'validate' or 'score'.",
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
        "-o",
        "--output",
        required=True,
        metavar="FILE.xlsx",
        help=say("要写出的工作簿", "workbook to write"),
    )
    p.add_argument("--unit-code", help=say("预填单位编号", "pre-fill the unit code"))
    p.add_argument("--unit-name", help=say("预填单位名称", "pre-fill the unit name"))
    p.add_argument("--district", help=say("预填所属区", "pre-fill the district"))
    p.add_argument("--year", type=int, help=say("预填年度", "pre-fill the year"))
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

    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise OutputError(
            f"the template is an .xlsx workbook: {out}", f"模板须为 .xlsx 工作簿：{out}"
        )
    check_outputs([out], read_paths(args.framework))
    fw = load_framework(args.framework)
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
        with folders_for(out):
            write_template(fw, out, lang=args.lang, unit=unit, year=args.year)
    except OSError as exc:
        raise OutputError(
            f"cannot write {out}: {exc.strerror}", f"无法写入 {out}：{exc.strerror}"
        ) from exc
    print(f"wrote {out}" if args.lang == "en" else f"已写入 {out}")
    return int(ExitCode.OK)
