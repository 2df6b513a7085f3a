"""The ``score`` command: read, score, write reports (``plugins`` is in :mod:`.plugins`).

Where reports go (``-o``):

* which format: ``-f``; without it, the extension of ``-o`` (``.md``,
  ``.json``, ``.xlsx``, ``.html`` and ``.docx`` when their plugins are installed),
  else Markdown; a ``-f`` that contradicts the extension of ``-o``
  (``-f json -o report.xlsx``, or a stem of several formats ending in another
  format's extension) is refused before anything is read or written;
* no ``-o``: the one text format is printed on stdout (a binary format, or
  several formats, need ``-o``);
* ``-o DIR`` (an existing directory, or a path ending in ``/``): ``DIR/report.EXT``
  per format;
* ``-o PATH`` with one format: exactly ``PATH``; when ``PATH`` ends in one of the
  format's alternative extensions (``annual-report`` with ``-o draft.md``), the
  reporter is asked for that rendering;
* ``-o STEM`` with several formats: ``STEM.EXT`` per format, where a trailing
  extension of one of the chosen formats is dropped first (``-o out/report.md
  -f md -f json`` gives ``out/report.md`` and ``out/report.json``);
* two formats with one extension (``-f xlsx -f district``): the first is
  ``report.xlsx`` (or ``STEM.xlsx``), the next ``report-district.xlsx`` — the
  format's name before the extension.

Every file is written atomically; a path that is one of the files the run reads
(assessments, ``--framework``, ``--plugin``), a link, a device, a FIFO, or whose
suffix names another kind of file (``-o r.xlsx -f md``) is refused before
anything is read or written (:mod:`.targets`); missing folders are created
when the first file is written into them. A reporter that fails is named, the other formats
still complete, and the exit code is 4. While plugins are loaded and run,
whatever they print goes to stderr, so a report written to stdout is never
mixed with it.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from anting_rule_of_law.cli.console import (
    Progress,
    on_terminal,
    read_detail,
    warning_lines,
    written_line,
)
from anting_rule_of_law.cli.parser import Say
from anting_rule_of_law.cli.plugins import add_plugin_option
from anting_rule_of_law.cli.targets import (
    check_outputs,
    check_suffix,
    folders_for,
    read_paths,
)
from anting_rule_of_law.errors import (
    ExitCode,
    InputError,
    OutputError,
    PluginError,
    Problem,
    UsageError,
)
from anting_rule_of_law.fileio import atomic_write
from anting_rule_of_law.literals import Lang

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.hookspecs import RenderOptions
    from anting_rule_of_law.plugins import FormatInfo, PluginManager
    from anting_rule_of_law.scoring import Scorecard

__all__ = ["output_paths", "register"]

DEFAULT_FORMAT = "markdown"
DEFAULT_STEM = "report"


def register(sub: Any, common: argparse.ArgumentParser, say: Say) -> None:
    p = sub.add_parser(
        "score",
        parents=[common],
        help=say("为评价数据打分并输出报告", "score assessment files and write reports"),
        description=say(
            "为评价数据文件（YAML/JSON/CSV/xlsx）打分并输出报告。格式：markdown（md）、json、"
            "xlsx（excel）以及已安装插件提供的格式（见 anting-rol plugins）。退出码：0 成功；"
            "1 低于 --fail-under 或触发一票否决；2 命令行用法错误；3 输入无效；4 输出失败；"
            "5 插件出错。",
            "Score assessment files (YAML/JSON/CSV/xlsx) and write reports. "
            "Formats: markdown (md), json, xlsx (excel) and those of installed plugins "
            "(see `anting-rol plugins`). Exit codes: 0 ok; 1 below --fail-under or a "
            "failing veto; 2 usage; 3 invalid input; 4 output failed; 5 plugin failed.",
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help=say("评价数据文件", "assessment files"))
    p.add_argument(
        "--framework",
        metavar="ID|PATH",
        help=say(
            "内置指标体系的 id 或指标体系文件（默认：数据文件中写明的体系）",
            "bundled framework id or a framework file (default: the one the files name)",
        ),
    )
    p.add_argument(
        "-f",
        "--format",
        dest="formats",
        action="append",
        metavar="FORMAT",
        help=say(
            "输出格式；可重复给出多个（默认：按 -o 的扩展名，否则 markdown）",
            "output format; repeat for several (default: from the extension of -o, else markdown)",
        ),
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help=say(
            "输出文件、目录或文件名前缀（默认：单个文本格式输出到标准输出）",
            "output file, directory or path stem (default: stdout for one text format)",
        ),
    )
    p.add_argument(
        "--detail",
        choices=("full", "summary"),
        default="full",
        help=say(
            "full：含评分过程和佐证材料（默认）；summary：不含",
            "full: with the audit trail and evidence (default); summary: without",
        ),
    )
    p.add_argument(
        "--fail-under",
        type=_finite_number(say),
        metavar="N",
        help=say(
            "有单位的总分（未四舍五入）低于 N，或触发一票否决时，退出码为 1；"
            "N 须在 0 与指标体系满分之间",
            "exit 1 when a unit's total (unrounded) is below N or a failing veto fired; "
            "N must lie between 0 and the framework's maximum",
        ),
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help=say(
            "只输出错误：不显示进度、警告和写出的文件",
            "print errors only: no progress, warnings or list of files written",
        ),
    )
    p.add_argument(
        "--timestamp",
        action="store_true",
        help=say(
            "在报告中写明生成时间（不加时：相同输入得到逐字节相同的输出）",
            "let reports state when they were made (off: identical input, identical bytes)",
        ),
    )
    add_plugin_option(p, say)
    p.set_defaults(func=_score)


def _finite_number(say: Say) -> Callable[[str], float]:
    """``--fail-under``'s type: a finite number (``nan`` and ``inf`` are refused)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(
                say(f"须为有限的数，得到 {text!r}", f"must be a finite number, got {text!r}")
            )
        return value

    return parse


# -- score ------------------------------------------------------------------------------
def _score(args: argparse.Namespace) -> int:
    try:
        return _run_score(args)
    except UsageError as exc:
        for line in exc.messages(args.lang):
            print(f"anting-rol score: {line}", file=sys.stderr)
        return int(ExitCode.USAGE)


def _run_score(args: argparse.Namespace) -> int:
    stdout = sys.stdout
    with contextlib.redirect_stdout(sys.stderr):  # what plugins print never reaches the report
        return _run_score_to(args, stdout)


def _run_score_to(args: argparse.Namespace, stdout: TextIO) -> int:
    from anting_rule_of_law.hookspecs import RenderOptions
    from anting_rule_of_law.plugins import get_plugin_manager

    lang: Lang = args.lang
    pm = get_plugin_manager(plugins=args.plugins)
    formats = _resolve_formats(pm, args.formats or _formats_for(pm, args.output))
    _refuse_contradicting_extension(pm, formats, args.output)
    targets = output_paths(formats, args.output, lang)
    check_outputs(targets, [*args.files, *read_paths(args.framework, *args.plugins)])
    if len(formats) == 1 and targets[0] is not None:
        _check_suffix(formats[0], targets[0])

    quiet: bool = args.quiet
    progress = Progress(lang, enabled=not quiet and on_terminal(sys.stderr))
    scorecard = _load_and_score(args.files, args.framework, lang, progress, quiet=quiet)
    _check_fail_under(scorecard, args.fail_under, lang)

    options = RenderOptions(lang=lang, detail=args.detail, timestamp=args.timestamp)
    failures: list[OutputError] = []
    written: list[Path] = []
    for info, target in zip(formats, targets, strict=True):
        name = info.format.name
        with progress.step(f"生成 {name}", f"rendering {name}") as step:
            try:
                asked = attrs.evolve(options, extension=_alt_extension(info, target))
                if target is not None and _streamed(info):
                    _write_markdown(scorecard, asked, target)
                else:
                    _write(pm.render(scorecard, name, asked), target, info, stdout)
            except OutputError as exc:
                failures.append(exc)
                step.result(progress.say("失败", "failed"))
            else:
                if target is not None:
                    written.append(target)
                    step.result(str(target))
    for failure in failures:
        if args.debug and failure.__cause__ is not None:
            traceback.print_exception(failure, file=sys.stderr)
        for line in failure.messages(lang):
            print(line, file=sys.stderr)
    if written and not quiet:
        print(written_line(written, lang), file=sys.stderr)
    if failures:
        return int(ExitCode.OUTPUT_FAILED)
    if args.fail_under is not None:
        return _threshold(scorecard, args.fail_under, lang)
    return int(ExitCode.OK)


def _resolve_formats(pm: PluginManager, names: Sequence[str]) -> list[FormatInfo]:
    out: list[FormatInfo] = []
    for name in names:
        found = pm.find_format(name)
        if found is None:
            known = ", ".join(pm.format_names())
            raise UsageError(
                f"unknown format {name!r} (known: {known})",
                f"未知的输出格式 {name!r}（可用：{known}）",
            )
        if found not in out:  # `-f md -f markdown` is one format
            out.append(found)
    return out


#: Extensions of the bundled plugin packages, for a clear message when one is not installed.
_PLUGIN_PACKAGES = {"html": "anting-rol-html", "htm": "anting-rol-html", "docx": "anting-rol-docx"}


def _single_file(output: str | None) -> str:
    """The extension of ``-o`` when it names a file (not a directory), else ``""``."""
    if output is None or output.endswith(("/", "\\")) or Path(output).is_dir():
        return ""
    return Path(output).suffix.lstrip(".").lower()


def _formats_for(pm: PluginManager, output: str | None) -> list[str]:
    """Without ``-f``, the format ``-o`` names by its extension (``.xlsx`` -> xlsx): a
    format whose extension, name or alias it is; the default (Markdown) when it names
    none. An extension of a bundled plugin that is not installed is an error saying
    which package to install."""
    suffix = _single_file(output)
    if not suffix:
        return [DEFAULT_FORMAT]
    infos = pm.formats()
    found = [i for i in infos if i.format.extension == suffix]
    if len(found) > 1:  # e.g. .docx: the Word report and the annual-report draft
        named = [i for i in found if suffix in (i.format.name, *i.format.aliases)]
        if len(named) == 1:
            return [named[0].format.name]
        names = ", ".join(i.format.name for i in found)
        raise UsageError(
            f"several formats write .{suffix} ({names}): choose one with -f",
            f"多个格式都写出 .{suffix}（{names}）：请用 -f 指定其一",
        )
    if found:
        return [found[0].format.name]
    by_name = [i for i in infos if suffix in (i.format.name, *i.format.aliases)]
    if by_name:
        return [by_name[0].format.name]
    if suffix in _PLUGIN_PACKAGES:
        package = _PLUGIN_PACKAGES[suffix]
        raise UsageError(
            f"-o {output}: the .{suffix} format comes with the plugin package {package}, "
            f"which is not installed (pip install {package})",
            f"-o {output}：.{suffix} 格式由插件包 {package} 提供，尚未安装（pip install {package}）",
        )
    return [DEFAULT_FORMAT]


def _refuse_contradicting_extension(
    pm: PluginManager, formats: Sequence[FormatInfo], output: str | None
) -> None:
    """``-f md -f json -o out.xlsx``: a stem of several formats that ends in another
    format's extension is a mistake (one format's suffix is checked by
    :func:`_check_suffix`). Refused before anything is read or written."""
    suffix = _single_file(output)
    if len(formats) < 2 or not suffix:
        return
    chosen = {e for f in formats for e in (f.format.extension, *f.format.alt_extensions)}
    owners = [i.format.name for i in pm.formats() if i.format.extension == suffix]
    if suffix in chosen or not (owners or suffix in _PLUGIN_PACKAGES):
        return
    asked = ", ".join(f.format.name for f in formats)
    raise UsageError(
        f"-o {output}: the formats {asked} do not write .{suffix} files; "
        "give -o a folder or a name without that extension",
        f"-o {output}：所选格式 {asked} 都不写出 .{suffix} 文件；请让 -o 给出文件夹或不带该扩展名的名称",
    )


def output_paths(formats: Sequence[FormatInfo], output: str | None, lang: str) -> list[Path | None]:
    """Where each format goes (``None`` = stdout), following the rules in the module docstring."""
    if output is None:
        binary = [f.format.name for f in formats if f.format.binary]
        if binary:
            raise UsageError(
                f"format {binary[0]!r} is binary: give -o PATH",
                f"{binary[0]} 是二进制格式：请用 -o 指定输出路径",
            )
        if len(formats) > 1:
            raise UsageError(
                "several formats need -o DIR or -o PATH_STEM",
                "多个格式需要用 -o 指定目录或文件名前缀",
            )
        return [None]
    for info in formats:
        _check_extension(info)
    exts = [f.format.extension for f in formats]
    # a second format with the same extension is told apart by its name
    tails = [
        f".{ext}" if ext not in exts[:i] else f"-{info.format.name}.{ext}"
        for i, (info, ext) in enumerate(zip(formats, exts, strict=True))
    ]
    out = Path(output)
    if output.endswith(("/", "\\")) or out.is_dir():
        return [out / f"{DEFAULT_STEM}{tail}" for tail in tails]
    if len(formats) == 1:
        return [out]
    if out.suffix.lstrip(".").lower() in exts:
        out = out.with_suffix("")
    return [out.with_name(f"{out.name}{tail}") for tail in tails]


#: What a format's file extension may be: letters, digits, ``_``, ``-``, inner dots.
_EXTENSION = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*")


def _check_extension(info: FormatInfo) -> None:
    """A plugin's declared extension must be one: ``x/../../escaped`` would leave ``-o DIR``."""
    for ext in (info.format.extension, *info.format.alt_extensions):
        if not _EXTENSION.fullmatch(ext):
            raise PluginError(
                f"format {info.format.name!r} of plugin {info.plugin.name} "
                f"({info.plugin.distribution}) declares the file extension {ext!r}, which is "
                "not one (it could write outside the output folder)",
                f"插件 {info.plugin.name}（{info.plugin.distribution}）的格式 {info.format.name!r} "
                f"声明的扩展名 {ext!r} 不是合法的扩展名（可能写到输出文件夹之外）",
                plugin=info.plugin.name,
                distribution=info.plugin.distribution,
            )


def _check_suffix(info: FormatInfo, target: Path) -> None:
    """``-o r.xlsx -f md`` would put Markdown under an Excel name: refused."""
    fmt = info.format
    allowed = [*fmt.extensions, *fmt.names, *([] if fmt.binary else ["txt"])]
    check_suffix(target, allowed, f"the {fmt.name} report", f" {fmt.name} 格式的报告")


def _alt_extension(info: FormatInfo, target: Path | None) -> str:
    """The target's suffix when it is one of the format's alternative extensions."""
    suffix = "" if target is None else target.suffix.lstrip(".").lower()
    return suffix if suffix in info.format.alt_extensions else ""


def _load_and_score(
    files: Sequence[str], framework: str | None, lang: str, progress: Progress, *, quiet: bool
) -> Scorecard:
    """Read and score the files; warnings go to stderr, located (a kind repeated many
    times summarised once), and do not stop the run."""
    from anting_rule_of_law.assessments import check_files
    from anting_rule_of_law.assessments.batch import read_batch
    from anting_rule_of_law.indicators.registry import load_framework
    from anting_rule_of_law.scoring import score

    fw = None if framework is None else load_framework(framework)
    n = len(files)
    with progress.step(f"读取 {n} 个文件", f"reading {n} file{'s' if n != 1 else ''}") as step:
        detail = read_detail(lang)
        batch = read_batch(files, fw)
        checked = (
            batch.checked
            if batch is not None
            else check_files(list(files), framework=fw, progress=lambda e: step.detail(detail(e)))
        )
        found = len(checked.assessments)
        step.result(progress.say(f"{found} 份评价", f"{found} assessments"))
    if checked.errors:
        raise InputError(checked.problems)
    if not quiet:
        for line in warning_lines(checked.warnings, lang):
            print(line, file=sys.stderr)
    sys.stderr.flush()
    assessments = checked.assessments
    if not assessments:
        raise InputError(
            [
                Problem(
                    file=", ".join(files), where="", en="no assessment found", zh="未找到评价数据"
                )
            ]
        )
    if fw is None:
        # the framework the files name; files naming different ones are refused by score()
        fw = load_framework(sorted(a.framework_id for a in assessments)[0])
    n = len(assessments)
    with progress.step(f"评分 {n} 份评价", f"scoring {n} assessments"):
        return score(fw, assessments) if batch is None else batch.score(fw)


def _streamed(info: FormatInfo) -> bool:
    """Whether the built-in Markdown reporter renders this format (it writes a file
    section by section instead of returning the whole text)."""
    from anting_rule_of_law.reporters import markdown

    return info.format is markdown.FORMAT


def _write_markdown(scorecard: Scorecard, options: RenderOptions, target: Path) -> None:
    """The built-in Markdown report streamed into ``target`` (nothing left behind on failure)."""
    from anting_rule_of_law.reporters.markdown import write_markdown

    try:
        with folders_for(target), atomic_write(target) as fh:
            write_markdown(scorecard, options, fh)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(
            f"cannot write {str(target)!r}: {reason}", f"无法写入 {str(target)!r}：{reason}"
        ) from exc


def _write(content: bytes | str, target: Path | None, info: FormatInfo, stdout: TextIO) -> None:
    if target is None:
        assert isinstance(content, str)
        stdout.write(content)
        stdout.flush()
        return
    try:
        with folders_for(target), atomic_write(target, binary=isinstance(content, bytes)) as fh:
            fh.write(content)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(
            f"cannot write {str(target)!r}: {reason}", f"无法写入 {str(target)!r}：{reason}"
        ) from exc


def _check_fail_under(scorecard: Scorecard, line: float | None, lang: str) -> None:
    """``--fail-under`` must lie within the framework's range (checked before writing)."""
    if line is None:
        return
    top = scorecard.framework.total_points
    if top is None:  # a framework without declared points: the largest maximum scored
        top = float(scorecard.totals.get_column("max").max() or 0.0)  # type: ignore[arg-type]
    if not 0.0 <= line <= top:
        fid = scorecard.framework.id
        raise UsageError(
            f"--fail-under {line:.15g} is outside the range of framework {fid}: 0 to {top:.15g}",
            f"--fail-under {line:.15g} 超出指标体系 {fid} 的分值范围 0–{top:.15g}",
        )


def _threshold(scorecard: Scorecard, line: float, lang: str) -> int:
    """Exit 1 when a total (unrounded) is below ``line`` or a failing veto fired; say which."""
    from anting_rule_of_law.reporters.display import SCORE_DIGITS, score_text
    from anting_rule_of_law.rulekinds.vocabulary import localized, stage_name

    zh = lang != "en"
    vetoes = {v.code: v for v in scorecard.framework.vetoes if v.effect == "fail"}
    messages: list[str] = []
    rounding_hides_it = False
    for row in scorecard.totals.iter_rows(named=True):
        total = row.get("score")
        fired = [vetoes[v] for v in row.get("vetoes") or [] if v in vetoes]
        who = (
            f"{row.get('unit_name') or row['unit']} {row['year']} {stage_name(row['stage'], lang)}"
        )
        if fired:
            names = "、".join(localized(v.name, v.name_en, lang) or v.code for v in fired)
            messages.append(f"{who}：一票否决：{names}" if zh else f"{who}: veto: {names}")
        elif total is None:
            messages.append(
                f"{who}：无总分（缺数据），视为低于 --fail-under {line:.15g}"
                if zh
                else f"{who}: no total (missing data), counted as below --fail-under {line:.15g}"
            )
        elif total < line:
            shown = score_text(total)
            rounding_hides_it = rounding_hides_it or float(shown) >= line
            messages.append(
                f"{who}：总分 {shown}（未四舍五入：{total!r}）低于 --fail-under {line:.15g}"
                if zh
                else f"{who}: total {shown} (unrounded: {total!r}) is below --fail-under {line:.15g}"
            )
    if rounding_hides_it:
        messages.append(
            f"注：--fail-under 与未四舍五入的总分比较；报告中的总分四舍五入到 {SCORE_DIGITS} 位小数。"
            if zh
            else f"note: --fail-under compares the unrounded total; reports show it rounded "
            f"half up to {SCORE_DIGITS} decimals."
        )
    for msg in messages:
        print(msg, file=sys.stderr)
    return int(ExitCode.BELOW_THRESHOLD if messages else ExitCode.OK)
