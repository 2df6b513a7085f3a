"""Commands for the assessment input: ``validate`` (check files), ``template`` (write the
Excel form) and ``review-template`` (the reviewer's workbook for towns' assessments)."""

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
        "-q",
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
    _quiet_option(p, say)
    p.set_defaults(func=_template)

    p = sub.add_parser(
        "review-template",
        parents=[common],
        help=say(
            "为各镇（街道）的自评生成初审（或核定）用的 Excel 工作簿",
            "write the reviewer's Excel workbook for towns' self-assessments",
        ),
        description=say(
            "为每份自评生成一份初审表：预填该单位自评的填写和得分（锁定），审核人在“初审填写”"
            "中改为认定的数值，凡与自评不同的指标须填写审核意见。填好后与自评一并用 score 评分，"
            "报告中即有自评与初审对比。一份自评时 -o 为 .xlsx 文件，多份时 -o 为文件夹。",
            "Write a reviewer's workbook per self-assessment: the town's values and scores "
            "pre-filled and locked, the reviewer's value cells starting as the town's, and a "
            "review remark required wherever the reviewer's values differ. Score it with the "
            "self-assessment and the reports compare the stages. With one input -o is an "
            ".xlsx file, with several a folder.",
        ),
    )
    p.add_argument(
        "files", nargs="+", metavar="SELF", help=say("自评数据文件", "self-assessment files")
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE.xlsx|DIR",
        help=say("要写出的工作簿（多份时为文件夹）", "workbook to write (a folder for several)"),
    )
    p.add_argument(
        "--stage",
        choices=("review", "final"),
        default="review",
        help=say(
            "审核阶段：review 初审（默认）或 final 核定", "the stage: review (default) or final"
        ),
    )
    p.add_argument(
        "--framework",
        metavar="ID|PATH",
        help=say(
            "按此指标体系读取，而不是各文件写明的体系",
            "read against this framework instead of the one each file names",
        ),
    )
    _quiet_option(p, say)
    p.set_defaults(func=_review_template)


def _quiet_option(p: argparse.ArgumentParser, say: Say) -> None:
    """``-q``: a script that writes workbooks wants only errors, like ``score -q``."""
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help=say(
            "只输出错误：不显示警告和写出的文件", "print errors only: no warnings or files written"
        ),
    )


def _validate(args: argparse.Namespace) -> int:
    from anting_rule_of_law.assessments import check_files
    from anting_rule_of_law.assessments.batch import read_batch

    batch = read_batch(args.files, args.framework, frames=False)
    checked = batch.checked if batch is not None else check_files(args.files, args.framework)
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
    if not args.quiet:
        print(f"wrote {out}" if args.lang == "en" else f"已写入 {out}")
    return int(ExitCode.OK)


def _review_template(args: argparse.Namespace) -> int:
    from anting_rule_of_law.assessments import check_files
    from anting_rule_of_law.assessments.review_template import write_review_template
    from anting_rule_of_law.errors import InputError
    from anting_rule_of_law.indicators.registry import load_framework

    checked = check_files(args.files, args.framework)
    if checked.errors:
        raise InputError(checked.errors)
    for warning in () if args.quiet else checked.warnings:
        print(warning.message(args.lang), file=sys.stderr)
    assessments = checked.assessments
    out = Path(args.output)
    word = "初审表" if args.stage == "review" else "核定表"
    if len(assessments) == 1 and out.suffix.lower() == ".xlsx":
        targets = [out]
    elif out.suffix.lower() == ".xlsx":
        raise OutputError(
            f"{len(assessments)} assessments give {len(assessments)} workbooks: "
            f"-o must be a folder, not {out}",
            f"{len(assessments)} 份评价将生成 {len(assessments)} 个工作簿：-o 须为文件夹，而不是 {out}",
        )
    else:
        targets = [out / f"{a.unit.name or a.unit.code}_{a.year}_{word}.xlsx" for a in assessments]
        if len(set(targets)) < len(targets):
            targets = [
                out / f"{a.unit.code}_{a.unit.name}_{a.year}_{a.stage}_{word}.xlsx"
                for a in assessments
            ]
    check_outputs(targets, [*args.files, *read_paths(args.framework)])
    written = []
    for assessment, target in zip(assessments, targets, strict=True):
        fw = load_framework(args.framework or assessment.framework_id)
        try:
            with folders_for(target):
                write_review_template(assessment, fw, target, stage=args.stage, lang=args.lang)
        except OSError as exc:
            raise OutputError(
                f"cannot write {target}: {exc.strerror}", f"无法写入 {target}：{exc.strerror}"
            ) from exc
        written.append(str(target))
    if not args.quiet:
        print(
            f"wrote {len(written)} file(s): {', '.join(written)}"
            if args.lang == "en"
            else f"已写入 {len(written)} 个文件：{'、'.join(written)}"
        )
    return int(ExitCode.OK)
