"""The ``plugins`` command and the ``--plugin`` option of the commands that render.

``anting-rol plugins`` lists every format with its description and the plugin,
distribution and version providing it, then every plugin that provides none:
broken ones (with why, on stderr) and blocked ones. A broken plugin does not
make the listing fail — the listing is how the broken one is found — unless
``--check`` asks for exit 5.

``--plugin MODULE_OR_PATH`` (repeatable) loads a local plugin module for one run,
without packaging it: a dotted module name on ``sys.path``, a ``.py`` file or a
package folder.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from anting_rule_of_law.cli.parser import Say
from anting_rule_of_law.errors import ExitCode

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.hookspecs import OutputFormat
    from anting_rule_of_law.plugins import FormatInfo, PluginInfo

__all__ = ["add_plugin_option", "register"]


def add_plugin_option(parser: argparse.ArgumentParser, say: Say) -> None:
    """``--plugin MODULE_OR_PATH``, repeatable, on a command that renders."""
    parser.add_argument(
        "--plugin",
        dest="plugins",
        action="append",
        default=[],
        metavar="MODULE_OR_PATH",
        help=say(
            "本次运行加载一个本地插件：模块名、.py 文件或包目录（可重复）",
            "load a local plugin for this run: a module name, a .py file or a package "
            "folder (repeatable)",
        ),
    )


def register(sub: Any, common: argparse.ArgumentParser, say: Say) -> None:
    p = sub.add_parser(
        "plugins",
        parents=[common],
        help=say(
            "列出输出格式及提供它们的插件", "list output formats and the plugins providing them"
        ),
        description=say(
            "列出每种输出格式的说明及提供它的插件、发行包和版本；出错和已禁用的插件也列出并标明。"
            "有插件出错时仍以 0 退出，除非加 --check（此时退出码 5）。",
            "List every output format with its description and the plugin, distribution "
            "and version providing it; broken and blocked plugins are listed and marked. "
            "Exit 0 even when a plugin is broken, unless --check is given (then 5).",
        ),
    )
    p.add_argument(
        "--format",
        dest="list_format",
        choices=("table", "json"),
        default="table",
        help=say("输出格式（默认 table）", "output format (default: table)"),
    )
    p.add_argument(
        "--check",
        action="store_true",
        help=say(
            "有插件出错时以退出码 5 结束（供脚本和 CI 使用）",
            "exit 5 when a plugin is broken (for scripts and CI)",
        ),
    )
    add_plugin_option(p, say)
    p.set_defaults(func=_plugins)


def _plugins(args: argparse.Namespace) -> int:
    from anting_rule_of_law.plugins import get_plugin_manager

    stdout = sys.stdout
    with contextlib.redirect_stdout(sys.stderr):  # a plugin's prints never reach the listing
        pm = get_plugin_manager(plugins=args.plugins)
        plugins = pm.list_plugins()
        formats = pm.formats(check=False)
    rows = _rows(plugins, formats)
    zh = args.lang == "zh"
    broken = [p for p in plugins if p.error is not None]
    for plugin in broken:
        assert plugin.error is not None
        if args.debug and plugin.error.__cause__ is not None:
            traceback.print_exception(plugin.error, file=sys.stderr)
        for line in plugin.error.messages(args.lang):
            print(line, file=sys.stderr)
    stdout.write(_render(rows, args.list_format, zh))
    if broken and args.check:
        return int(ExitCode.PLUGIN_FAILED)
    return int(ExitCode.OK)


def _rows(plugins: Sequence[PluginInfo], formats: Sequence[FormatInfo]) -> list[dict[str, Any]]:
    """One row per format of a working plugin, then one per plugin that renders none
    (broken, blocked, or declaring no format)."""
    rows = [_row(f.plugin, f.format, "ok") for f in formats]
    with_formats = {f.plugin.name for f in formats}
    for plugin in plugins:
        if plugin.name not in with_formats:
            status = "broken" if plugin.broken else "blocked" if plugin.blocked else "ok"
            rows.append(_row(plugin, None, status))
    return rows


def _row(plugin: PluginInfo, fmt: OutputFormat | None, status: str) -> dict[str, Any]:
    return {
        "format": fmt.name if fmt is not None else "",
        "aliases": ", ".join(fmt.aliases) if fmt is not None else "",
        "extension": fmt.extension if fmt is not None else "",
        "binary": fmt.binary if fmt is not None else None,
        "description": fmt.description if fmt is not None else "",
        "plugin": plugin.name,
        "distribution": plugin.distribution or (f"local: {plugin.local}" if plugin.local else ""),
        "version": plugin.version,
        "status": status,
        "error": plugin.error.en if plugin.error is not None else "",
    }


_STATUS_ZH = {"ok": "正常", "broken": "出错", "blocked": "已禁用"}


def _render(rows: list[dict[str, Any]], list_format: str, zh: bool) -> str:
    from anting_rule_of_law.cli.output import render_rows

    if list_format == "json":
        return render_rows(rows, {}, "json")
    shown = []
    for r in rows:
        binary = r["binary"]
        shown.append(
            {
                **r,
                "binary": ""
                if binary is None
                else (("是" if binary else "否") if zh else str(binary).lower()),
                "status": _STATUS_ZH[r["status"]] if zh else r["status"],
            }
        )
    headers = {
        "format": "格式" if zh else "format",
        "aliases": "别名" if zh else "aliases",
        "extension": "扩展名" if zh else "extension",
        "binary": "二进制" if zh else "binary",
        "plugin": "插件" if zh else "plugin",
        "distribution": "发行包" if zh else "distribution",
        "version": "版本" if zh else "version",
        "status": "状态" if zh else "status",
        "description": "说明" if zh else "description",
    }
    return render_rows(shown, headers, "table")
