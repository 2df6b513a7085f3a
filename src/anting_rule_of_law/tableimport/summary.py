"""What a table import read and guessed, as lines for the user to check by hand.

Why apart from the importer: the import returns data (:class:`ImportResult`);
this module says it in the user's language — counts per level, total points,
every inferred rule beside its scoring text, the leaves left manual.
"""

from __future__ import annotations

from pathlib import Path

from anting_rule_of_law.rulekinds.vocabulary import rule_kind_name
from anting_rule_of_law.tableimport.importer import ImportResult

__all__ = ["summary_lines"]


def _num(value: float) -> str:
    return f"{value:g}"


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def summary_lines(result: ImportResult, table: Path, output: Path, lang: str) -> list[str]:
    """What was read and what was guessed, for the user to check."""
    from tabulate import tabulate

    zh = lang == "zh"
    data = result.data
    levels = " / ".join(str(n) for n in result.levels)
    sheet = f"（工作表 {result.sheet}）" if zh and result.sheet else ""
    sheet_en = f" (sheet {result.sheet})" if result.sheet else ""
    lines = [
        f"已导入 {table.name}{sheet} → {output}"
        if zh
        else f"imported {table.name}{sheet_en} -> {output}",
        f"框架 {data['id']} 版本 {data['version']}，状态 {data['status']}"
        if zh
        else f"framework {data['id']} version {data['version']}, status {data['status']}",
        f"各级指标数：{levels}；总分 {_num(result.total_points)}"
        if zh
        else f"indicators per level: {levels}; total points {_num(result.total_points)}",
    ]
    if result.inferred:
        lines.append(
            f"由评分标准推断的规则 {len(result.inferred)} 条（已标记 inferred: true，请逐条核对）："
            if zh
            else f"{len(result.inferred)} rules inferred from the scoring text "
            "(marked inferred: true; check each one):"
        )
        rows = [
            [code, f"{kind}（{rule_kind_name(kind, 'zh')}）" if zh else kind, _short(text)]
            for code, kind, text in result.inferred
        ]
        headers = ["编号", "规则", "评分标准"] if zh else ["code", "rule", "scoring text"]
        lines.extend(tabulate(rows, headers=headers, disable_numparse=True).splitlines())
    if result.manual:
        codes = ", ".join(result.manual)
        lines.append(
            f"未能推断、保留为{rule_kind_name('manual', 'zh')}（manual）的指标 {len(result.manual)} 个：{codes}"
            if zh
            else f"{len(result.manual)} indicators left manual (no clear rule in the text): {codes}"
        )
    lines.append(
        "文件中没有等次和否决项：如有，请手工补充 grades、pass_line 和 vetoes。"
        if zh
        else "no grade bands or veto items in the file: add grades, pass_line and vetoes by hand "
        "if the table has them."
    )
    return lines
