"""Text from hostile files is safe where it goes: no formula, no live link, no control character.

One hostile framework and assessment carry formulas (``=HYPERLINK(…)``,
``@SUM(A1)``, ``=1+1``), Markdown links and images (``javascript:``, remote
pictures), raw HTML, and NUL/ESC/BEL/bidi controls. Each output is checked as
its reader sees it: the Markdown report rendered to HTML by a Markdown parser,
workbooks opened with openpyxl, CSV read back with the csv module, the
terminal output scanned for control bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import markdown
import openpyxl
import pytest
import yaml

from anting_rule_of_law.textsafe import markdown_text, spreadsheet_text, terminal_text

HERE = Path(__file__).parent
FRAMEWORK = HERE / "malformed" / "_framework.yaml"

CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LINK = "[点此查看](javascript:alert(1))"
IMAGE = "![图](http://evil.example/x.png)"
HTML = "<script>alert(1)</script><img src=x onerror=alert(1)>"
NASTY = f"{LINK} {IMAGE} {HTML} 响铃\x07转义\x1b[2J空字符\x00\u202egnp.exe"


@pytest.fixture
def hostile(tmp_path: Path) -> dict[str, Path]:
    fw: dict[str, Any] = yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))
    fw["title"] = {"zh": '=HYPERLINK("http://evil.example","点我")', "en": "@SUM(A1)"}
    for node in fw["nodes"]:
        if node["code"] == "1":
            node["name"] = '=HYPERLINK("http://evil.example","党委领导")'
        if node["code"] == "2.1.1":
            node["name"] = "+cmd|' /C calc'!A0"
            node["department"] = NASTY
    framework = tmp_path / "fw.json"
    framework.write_text(json.dumps(fw, ensure_ascii=False), encoding="utf-8")
    assessment = {
        "schema_version": 1,
        "framework": {"id": fw["id"], "version": fw["version"]},
        "unit": {"code": "310114102", "name": "=1+1", "district": "@SUM(A1)"},
        "year": 2023,
        "note": NASTY,
        "vetoes": [{"code": "V1", "triggered": False}, {"code": "V2", "triggered": False}],
        "entries": [
            {"code": "1.1.1", "met": True, "note": NASTY, "evidence": [LINK, IMAGE, HTML]},
            {"code": "2.1.1", "numerator": 1000, "denominator": 1333, "note": NASTY},
            {"code": "2.1.3", "score": 5, "reason": NASTY},
        ],
    }
    path = tmp_path / "a.json"
    path.write_text(json.dumps(assessment, ensure_ascii=False), encoding="utf-8")
    return {"framework": framework, "assessment": path}


def _score(run_cli: Any, hostile: dict[str, Path], *extra: str) -> Any:
    result = run_cli(
        "score", str(hostile["assessment"]), "--framework", str(hostile["framework"]), *extra
    )
    assert result.code == 0, result.err
    return result


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_report_has_no_live_link_image_html_or_control(
    lang: str, hostile: dict[str, Path], run_cli: Any
) -> None:
    report = _score(run_cli, hostile, "--lang", lang).out
    assert not CONTROLS.search(report)
    html = markdown.markdown(report, extensions=["tables"])
    assert "<a " not in html and "<img" not in html and "<script" not in html
    assert "javascript:alert(1)" in html  # shown as text, not dropped
    assert "http://evil.example/x.png" in html


def test_every_workbook_holds_text_not_formulas(
    hostile: dict[str, Path], run_cli: Any, tmp_path: Path
) -> None:
    report = tmp_path / "r.xlsx"
    _score(run_cli, hostile, "-f", "xlsx", "-o", str(report))
    template = tmp_path / "t.xlsx"
    made = run_cli(
        "template", "--framework", str(hostile["framework"]), "-o", str(template),
        "--unit-name", "=1+1", "--district", "@SUM(A1)",
    )  # fmt: skip
    assert made.code == 0, made.err
    for book in (report, template):
        seen = 0
        for sheet in openpyxl.load_workbook(book).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{book.name} {sheet.title}!{cell.coordinate}"
                    if isinstance(cell.value, str) and cell.value.startswith(("=", "@", "+")):
                        seen += 1
        assert seen, f"{book.name}: the hostile names were not written at all"


def test_csv_for_people_is_escaped_and_json_keeps_the_text(
    hostile: dict[str, Path], run_cli: Any
) -> None:
    args = ("indicators", "--framework", str(hostile["framework"]), "--lang", "en")
    table = run_cli(*args, "--format", "csv")
    assert table.code == 0, table.err
    rows = list(csv.reader(io.StringIO(table.out.lstrip("\ufeff"))))
    cells = [c for row in rows for c in row]
    assert '\'=HYPERLINK("http://evil.example","党委领导")' in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    assert not [c for c in cells if c.startswith("-") and not re.fullmatch(r"-[\d.]+", c)]
    exact = json.loads(run_cli(*args, "--format", "json").out)
    assert {r["name"] for r in exact} >= {'=HYPERLINK("http://evil.example","党委领导")'}


def test_terminal_output_escapes_control_characters(
    hostile: dict[str, Path], run_cli: Any, tmp_path: Path
) -> None:
    shown = run_cli("indicators", "--framework", str(hostile["framework"]), "--lang", "en")
    assert shown.code == 0 and not CONTROLS.search(shown.out)
    assert "\\x1b[2J" in shown.out  # the ESC shown, not obeyed
    bad = tmp_path / "bad\x1b[31m\x07.yaml"
    bad.write_text("a: [", encoding="utf-8")
    result = run_cli("validate", str(bad), "--lang", "en")
    assert result.code == 3
    assert not CONTROLS.search(result.err)
    assert "bad\\x1b[31m\\x07.yaml" in result.err


def test_the_helpers_directly() -> None:
    assert markdown_text("a|b [x](y) <i> \\") == "a\\|b \\[x\\](y) &lt;i&gt; \\\\"
    assert markdown_text("第一行\r\n第二行\x00") == "第一行<br>第二行"
    assert spreadsheet_text("=1+1") == "'=1+1"
    assert spreadsheet_text("-5") == "-5" and spreadsheet_text("+1.5") == "+1.5"
    assert spreadsheet_text("-a") == "'-a" and spreadsheet_text(3) == 3
    assert terminal_text("a\x1bb\tc\n\u202e") == "a\\x1bb\tc\n\\u202e"
