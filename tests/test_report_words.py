"""The Anting 2023 reports speak the reader's language: Markdown, Excel and HTML.

No rule identifier (``deduct``, ``ratio`` …) or raw dictionary in a Chinese report,
no Chinese rule-kind word in an English one (the town's own Chinese text —
names without an English form, notes, reasons, evidence — excepted); the gap
list in its two parts; no rank row for a single unit.
"""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from anting_rule_of_law import check_files, load_framework, score
from anting_rule_of_law.hookspecs import RenderOptions
from anting_rule_of_law.plugins import get_plugin_manager
from anting_rule_of_law.records import RULE_TYPES
from anting_rule_of_law.reporters.wording import audit_lines
from anting_rule_of_law.rulekinds import rule_kind
from plugin_fixtures import install

ROOT = Path(__file__).resolve().parents[1]
ANTING = ROOT / "examples" / "anting_2023" / "anting_2023.yaml"
DISTRICT = ROOT / "examples" / "jiading_district" / "jiading_2021_2023.csv"

#: A rule identifier standing as a word of its own (not inside another word).
RULE_ID = re.compile(r"(?<![A-Za-z_])(" + "|".join(RULE_TYPES) + r")(?![A-Za-z_])")
#: Program text that must not reach a Chinese reader.
MACHINE = re.compile(r"clauses=|raw=|[{}]|clamped to|lower bound|per policy")
KIND_WORDS_ZH = sorted({rule_kind(k).title.zh for k in RULE_TYPES})


@pytest.fixture(scope="module")
def anting() -> Any:
    checked = check_files([str(ANTING)])
    return score(load_framework("shanghai-town-2023"), checked.assessments)


@pytest.fixture(scope="module")
def doc(anting: Any) -> dict[str, Any]:
    out = get_plugin_manager(load_entrypoints=False).render(anting, "json", RenderOptions())
    parsed: dict[str, Any] = json.loads(out)
    return parsed


def user_texts(doc: dict[str, Any]) -> list[str]:
    """What the town itself wrote (in Chinese): shown as written in either language."""
    texts: list[str] = []
    for result in doc["results"]:
        for row in result.get("audit") or []:
            texts += [str(row.get("note") or ""), *map(str, row.get("evidence") or [])]
            if row.get("reason") == row.get("reason_en"):  # typed by the town
                texts.append(str(row.get("reason") or ""))
        for gap in result["gaps"]:
            if gap.get("reason") == gap.get("reason_en"):
                texts.append(str(gap.get("reason") or ""))
    return sorted((t for t in texts if t), key=len, reverse=True)


def without(text: str, parts: list[str]) -> str:
    for part in parts:
        text = text.replace(part, " ")
    return text


def rendered(anting: Any, fmt: str, lang: str) -> Any:
    options = RenderOptions(lang=lang)  # type: ignore[arg-type]
    return get_plugin_manager(load_entrypoints=False).render(anting, fmt, options)


def workbook_text(data: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = []
    for ws in wb.worksheets:
        cells.append(ws.title)
        for row in ws.iter_rows(values_only=True):
            cells += [str(v) for v in row if isinstance(v, str)]
    return "\n".join(cells)


@pytest.fixture(scope="module")
def html_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The HTML plugin, pip-installed, run through the command line on the Anting example."""
    site = install.install("anting-rol-html")
    tmp = tmp_path_factory.mktemp("html")
    pages = {}
    for lang in ("zh", "en"):
        out = tmp / f"anting-{lang}.html"
        args = ["score", str(ANTING), "-f", "html", "-o", str(out), "--lang", lang]
        run = install.run_cli(args, site, tmp)
        assert run.returncode == 0, run.stderr
        pages[lang] = out.read_text(encoding="utf-8")
    return pages


def page_text(page: str) -> str:
    body = page.split("<body>", 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", "\n", body))


def test_markdown_zh_has_no_program_words(anting: Any) -> None:
    md = rendered(anting, "markdown", "zh")
    assert RULE_ID.findall(md) == []
    assert MACHINE.findall(md) == []
    assert "评分方式：扣分制" in md


def test_excel_zh_has_no_program_words(anting: Any) -> None:
    text = workbook_text(rendered(anting, "xlsx", "zh"))
    assert RULE_ID.findall(text) == []
    assert MACHINE.findall(text) == []
    assert "计算得 1.53 分，超过满分，按满分 1.50 分计" in text


def test_html_zh_has_no_program_words(html_pages: dict[str, str]) -> None:
    text = page_text(html_pages["zh"])
    assert RULE_ID.findall(text) == []
    assert MACHINE.findall(text) == []
    assert "分子 1319件 / 分母 1333件，比率 98.95%（填报 98.94%）" in text


@pytest.mark.parametrize("fmt", ["markdown", "xlsx", "html"])
def test_english_reports_have_no_chinese_rule_words(
    anting: Any, doc: dict[str, Any], html_pages: dict[str, str], fmt: str
) -> None:
    if fmt == "html":
        text = page_text(html_pages["en"])
    elif fmt == "xlsx":
        text = workbook_text(rendered(anting, fmt, "en"))
    else:
        text = rendered(anting, fmt, "en")
    rest = without(text, user_texts(doc))
    found = {w for w in KIND_WORDS_ZH if w in rest}
    assert found == set()
    assert "deductions" in text  # the kind's English name


def test_the_trail_says_what_each_clause_did(doc: dict[str, Any]) -> None:
    result = doc["results"][0]
    rules = doc["framework"]["rules"]
    row = next(a for a in result["audit"] if a["code"] == "3.1.1")
    fired = [c for c in result["clauses"] if c["code"] == "3.1.1"]
    assert audit_lines(row, rules["3.1.1"], fired, "zh") == [
        "前提条件（未制定普法责任清单的不得分）：已满足",
        "普法责任清单未落实到各执法、服务、管理部门的，扣1分：是，扣 1.00 分",
        "未开展普法责任制履职评议的，扣1分：否，不扣分",
        "未完成“八五”普法中期评估自查的，扣0.5分：否，不扣分",
    ]
    bound = next(a for a in result["audit"] if a["code"] == "2.6.3")
    assert audit_lines(bound, rules["2.6.3"], [], "zh") == [
        "比率 95.00%（填报 95%以上）",
        "达到 95% 得满分，80% 及以下不得分",
        "比率为下限（95%以上），按该值计分",
    ]
    assert audit_lines(bound, rules["2.6.3"], [], "en") == [
        "rate 95.00%",
        "full points at 95%, none at 80% or below",
        "rate is a lower bound (95%)",
    ]


def gap_codes_of_parts(md: str, first: str, second: str) -> tuple[list[str], list[str]]:
    part1, part2 = md.split(first, 1)[1].split(second, 1)
    part2 = part2.split("\n## ", 1)[0]

    def codes(text: str) -> list[str]:
        return re.findall(r"^\|\s*(\d+\.\d+\.\d+)\s*\|", text, flags=re.MULTILINE)

    return codes(part1), codes(part2)


def test_gap_list_in_two_parts(anting: Any, html_pages: dict[str, str]) -> None:
    md = rendered(anting, "markdown", "zh")
    deductions, opportunities = gap_codes_of_parts(md, "### 扣分事项", "### 未得分的加分与创新项")
    assert opportunities == ["4.1.1", "4.1.2"]  # the bonus items, largest first (2.00, 1.50)
    assert deductions[:2] == ["3.1.1", "2.3.2"] and "2.2.2" in deductions
    assert not set(deductions) & set(opportunities)
    # ties by the displayed loss, then framework order: 4.2.1 and 4.2.2 both lose 0.50
    assert deductions.index("4.2.1") + 1 == deductions.index("4.2.2")

    wb = openpyxl.load_workbook(io.BytesIO(rendered(anting, "xlsx", "zh")))
    ws = wb["失分清单"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    parts = [(r["类别"], r["编号"]) for r in rows]
    assert parts[-2:] == [("未得分的加分与创新项", "4.1.1"), ("未得分的加分与创新项", "4.1.2")]
    assert {p for p, _ in parts[:-2]} == {"扣分事项"}
    assert [c for _, c in parts[:-2]] == deductions

    page = html_pages["zh"]
    assert re.findall(r'<h3 class="gap-part">([^<]+)</h3>', page) == [
        "扣分事项",
        "未得分的加分与创新项",
    ]
    second = page.split("未得分的加分与创新项</h3>", 1)[1].split("</table>", 1)[0]
    assert re.findall(r"<td>(4\.1\.\d)</td>", second) == ["4.1.1", "4.1.2"]


def test_single_unit_has_no_rank_row(anting: Any, html_pages: dict[str, str]) -> None:
    md = rendered(anting, "markdown", "zh")
    summary = md.split("## 总体情况", 1)[1].split("\n## ", 1)[0]
    assert "| 排名" not in summary and "区内排名" not in md
    overview = openpyxl.load_workbook(io.BytesIO(rendered(anting, "xlsx", "zh")))["总览"]
    header = [c.value for c in overview[1]]
    assert "排名" not in header and "区内排名" not in header
    assert "<dt>排名</dt>" not in html_pages["zh"]


def test_a_batch_keeps_its_ranks() -> None:
    checked = check_files([str(DISTRICT)])
    card = score(load_framework("shanghai-town-2023"), checked.assessments)
    md = get_plugin_manager(load_entrypoints=False).render(
        card, "markdown", RenderOptions(detail="summary")
    )
    first = md.split("## 安亭镇2021年度法治建设示范创建自评报告", 1)[1].split("### 一级指标")[0]
    assert re.search(r"\| 排名\s+\| \d+", first)
    overview = openpyxl.load_workbook(
        io.BytesIO(
            get_plugin_manager(load_entrypoints=False).render(
                card, "xlsx", RenderOptions(detail="summary")
            )
        )
    )["总览"]
    assert "排名" in [c.value for c in overview[1]]
