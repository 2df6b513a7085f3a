"""The Word plugin package, pip-installed, used through the command line, read back
with python-docx and converted to PDF by headless LibreOffice (that it imports
only the plugin contract is checked in test_plugin_contract.py).

Checks the annual-report draft of the Anting 2023 example: its five parts in the
legal order, the seed's figures each in the part 一 area whose indicators carry
them, the duties in part 三; the self-assessment report as Word; headings read
back as Word heading styles; byte-identical runs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml

from plugin_fixtures import install

docx = pytest.importorskip(
    "docx", reason="python-docx is a test dependency (pip install -e '.[test]')"
)

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "anting_2023" / "anting_2023.yaml"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")

HEADINGS = (
    "一、主要举措和成效",
    "二、存在的不足和原因",
    "三、党政主要负责人履行推进法治建设第一责任人职责情况",
    "四、2024年度主要安排",
    "五、其他需要报告的情况",
)
HEADINGS_EN = (
    "I. Main measures and results",
    "II. Shortcomings and their causes",
    "III. How the principal Party and government leaders fulfilled their duties",
    "IV. Main plans for 2024",
    "V. Other matters to report",
)
#: The seed's figures as the example types them: (text in the draft, the entry and
#: its input that holds it, the first-level area of part 一 it must appear in).
FIGURES: tuple[tuple[str, str, str, str], ...] = (
    ("1319件/1333件", "2.2.2", "numerator", "依法行政"),
    ("98.94%", "2.2.2", "rate", "依法行政"),
    ("366件", "3.3.2", "count", "守法普法"),
    ("59.15%", "2.6.2", "rate", "依法行政"),
    ("1658件", "2.6.1", "numerator", "依法行政"),
    ("49次", "2.6.4", "count", "依法行政"),
    ("22件", "2.2.3", "denominator", "依法行政"),
    ("64条", "3.5.1", "count", "守法普法"),
)
AREAS = ("党委领导", "依法行政", "守法普法", "特色创新工作")
AREA_HEADINGS = tuple(f"（{n}）{a}" for n, a in zip("一二三四", AREAS, strict=True))


@pytest.fixture(scope="module")
def site() -> Path:
    return install.install("anting-rol-docx")


def _score(site: Path, cwd: Path, out: Path, *extra: str) -> None:
    run = install.run_cli(["score", str(EXAMPLE), *extra, "-o", str(out)], site, cwd)
    assert run.returncode == 0, run.stderr
    assert out.exists()


@pytest.fixture(scope="module")
def drafts(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Anting draft as Word (zh, twice; en) and as Markdown, and the report as Word."""
    tmp = tmp_path_factory.mktemp("docx")
    files = {
        "zh": tmp / "年度报告.docx",
        "zh-again": tmp / "again" / "年度报告.docx",
        "en": tmp / "annual-report-en.docx",
        "md": tmp / "年度报告.md",
        "report": tmp / "自评报告.docx",
        "report-again": tmp / "again" / "自评报告.docx",
    }
    _score(site, tmp, files["zh"], "-f", "annual-report")
    _score(site, tmp, files["zh-again"], "-f", "年度报告")
    _score(site, tmp, files["en"], "-f", "annual-report", "--lang", "en")
    _score(site, tmp, files["md"], "-f", "annual-report")
    _score(site, tmp, files["report"], "-f", "docx")
    _score(site, tmp, files["report-again"], "-f", "word")
    return files


def _paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph of a Word file, tables left out."""
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


def _part(paragraphs: Sequence[tuple[str, str]], start: str, stop: str | None) -> list[str]:
    texts = [t for _, t in paragraphs]
    i = texts.index(start)
    j = texts.index(stop, i) if stop else len(texts)
    return texts[i + 1 : j]


def test_listed_with_its_distribution(site: Path, tmp_path: Path) -> None:
    run = install.run_cli(["plugins", "--lang", "en"], site, tmp_path)
    assert run.returncode == 0, run.stderr
    lines = {ln.split()[0]: ln for ln in run.stdout.splitlines() if ln.strip()}
    assert lines["annual-report"].split()[1:3] == ["年度报告", "docx"]
    assert lines["docx"].split()[1:3] == ["word", "docx"]
    assert "anting-rol-docx" in lines["docx"] and "0.1.0" in lines["docx"]


def test_the_five_parts_in_the_legal_order(drafts: dict[str, Path]) -> None:
    paragraphs = _paragraphs(drafts["zh"])
    assert paragraphs[0] == ("Title", "安亭镇关于2023年度\n法治政府建设情况的报告")
    level1 = [t for style, t in paragraphs if style == "Heading 1"]
    assert tuple(level1[:5]) == HEADINGS
    assert level1[5:] == ["附：待补充事项清单", "发布前核对清单"]
    areas = _part(paragraphs, HEADINGS[0], HEADINGS[1])
    assert tuple(t for t in areas if t in AREA_HEADINGS) == AREA_HEADINGS


@pytest.mark.parametrize(("figure", "code", "field", "area"), FIGURES)
def test_part_one_carries_each_seed_figure_in_its_area(
    drafts: dict[str, Path], figure: str, code: str, field: str, area: str
) -> None:
    # the figure is what the example file types for that indicator
    entries = {str(e["code"]): e for e in yaml.safe_load(EXAMPLE.read_text("utf-8"))["entries"]}
    typed = str(entries[code][field])
    assert typed in figure or figure.startswith(typed)
    paragraphs = _paragraphs(drafts["zh"])
    part_one = _part(paragraphs, HEADINGS[0], HEADINGS[1])
    by_area = {
        a: "".join(_part([("", t) for t in part_one], h, nxt))
        for a, h, nxt in zip(AREAS, AREA_HEADINGS, [*AREA_HEADINGS[1:], None], strict=True)
    }
    assert figure in by_area[area], (figure, area)
    assert all(figure not in text for a, text in by_area.items() if a != area)


def test_first_responsible_duties_in_part_three(drafts: dict[str, Path]) -> None:
    paragraphs = _paragraphs(drafts["zh"])
    duties = "".join(_part(paragraphs, HEADINGS[2], HEADINGS[3]))
    for words in (
        "党委会专题研究法治建设",
        "专题述法",
        "司法所长列席镇长办公会22次",
        "法治建设大会",
    ):
        assert words in duties
    part_one = "".join(_part(paragraphs, HEADINGS[0], HEADINGS[1]))
    assert "司法所长列席镇长办公会" not in part_one  # a duty is reported once, in 三
    assert "【待补充" not in duties  # material present: no placeholder


def test_shortfalls_are_deductions_and_plans_name_the_department(drafts: dict[str, Path]) -> None:
    paragraphs = _paragraphs(drafts["zh"])
    shortfalls = "".join(_part(paragraphs, HEADINGS[1], HEADINGS[2]))
    assert "网信公开率59.15%，低于目标80%" in shortfalls  # 2.6.2, with the town's reason
    assert "法治建设创新举措" not in shortfalls  # 4.1.1 is a bonus: an opportunity
    assert "经验推广与表彰" not in shortfalls  # 4.1.2 likewise
    plans = _part(paragraphs, HEADINGS[3], HEADINGS[4])
    assert "由信访办牵头" in "".join(plans)  # 2.6.2's department
    assert "【待补充" not in "".join(plans)


def test_placeholders_highlighted_and_listed(drafts: dict[str, Path]) -> None:
    document = docx.Document(str(drafts["zh"]))
    highlighted = [
        r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color is not None
    ]
    assert highlighted and all(t.startswith(("【待补充：", "【待核实：")) for t in highlighted)
    texts = [p.text for p in document.paragraphs]
    listed = _part([("", t) for t in texts], "附：待补充事项清单", "发布前核对清单")
    counted = Counter(highlighted)
    assert [re.sub(r"^\d+\. ", "", t) for t in listed] == [
        t + (f"（{n}处）" if n > 1 else "") for t, n in counted.items()
    ]
    checklist = "".join(_part([("", t) for t in texts], "发布前核对清单", None))
    assert "2024年4月1日前" in checklist and "党政主要负责人的姓名" in checklist
    assert "署名机关" in checklist


def test_markdown_is_the_same_draft(drafts: dict[str, Path]) -> None:
    md = drafts["md"].read_text(encoding="utf-8")
    headings = [ln[3:] for ln in md.splitlines() if ln.startswith("## ")]
    assert tuple(headings[:5]) == HEADINGS
    assert md.startswith("# 安亭镇关于2023年度法治政府建设情况的报告\n")
    for figure, *_ in FIGURES:
        assert figure in md
    assert "**【待补充：主送机关】**" in md
    body = [t for _, t in _paragraphs(drafts["zh"]) if t and not t.startswith("【")]
    plain = re.sub(r"[*#\\]", "", md)
    assert all(t.replace("\n", "") in plain for t in body[1:])


def test_english_draft(drafts: dict[str, Path]) -> None:
    paragraphs = _paragraphs(drafts["en"])
    level1 = [t for style, t in paragraphs if style == "Heading 1"]
    for got, expected in zip(level1, HEADINGS_EN, strict=False):
        assert got.startswith(expected)
    text = "\n".join(t for _, t in paragraphs)
    assert "Valid full-process record rate (1319/1333, 98.94%)" in text
    assert "[To be completed: addressee]" in text
    assert "待补充" not in text and "主要举措" not in text


def test_heading_styles_read_back(drafts: dict[str, Path]) -> None:
    document = docx.Document(str(drafts["report"]))
    styles = {p.style.name for p in document.paragraphs if p.text}
    assert {"Title", "Heading 1"} <= styles
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "一、总体情况",
        "二、一级指标",
        "三、二级指标",
        "四、失分清单（整改清单）",
        "五、具体指标评分明细",
    ]
    parts = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert parts == ["（一）扣分事项", "（二）未得分的加分与创新项"]
    assert document.paragraphs[0].text == "安亭镇2023年度法治建设示范创建自评报告"
    # every table repeats its header row on each page
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None


def test_two_runs_give_the_same_bytes(drafts: dict[str, Path]) -> None:
    assert drafts["zh"].read_bytes() == drafts["zh-again"].read_bytes()
    assert drafts["report"].read_bytes() == drafts["report-again"].read_bytes()
    props = docx.Document(str(drafts["zh"])).core_properties
    assert props.created is not None and props.created.year == 2000
    assert props.title == "安亭镇关于2023年度法治政府建设情况的报告"


def test_framework_without_duties_leaves_part_three_to_write(site: Path, tmp_path: Path) -> None:
    fw = yaml.safe_load(
        (REPO / "src/anting_rule_of_law/indicators/frameworks/shanghai-town-2023.yaml").read_text(
            "utf-8"
        )
    )
    for node in fw["nodes"]:
        node.pop("first_responsible_duty", None)
    path = tmp_path / "unmarked.yaml"
    path.write_text(yaml.safe_dump(fw, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "draft.md"
    _score(site, tmp_path, out, "--framework", str(path), "-f", "annual-report")
    md = out.read_text(encoding="utf-8")
    three = md.split("## " + HEADINGS[2])[1].split("## " + HEADINGS[3])[0]
    assert "**【待补充：党政主要负责人履行推进法治建设第一责任人职责情况" in three
    assert "司法所长列席镇长办公会22次" in md.split("## " + HEADINGS[1])[0]  # back in 一


def test_bad_input_writes_nothing(site: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("numerator: 1319件", "numerator: 许多")
    bad.write_text(text, encoding="utf-8")
    out = tmp_path / "draft.docx"
    run = install.run_cli(
        ["score", str(bad), "-f", "annual-report", "-o", str(out)], site, tmp_path
    )
    assert run.returncode == 3
    assert "bad.yaml" in run.stderr and "numerator" in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()


@pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice and poppler are not installed (apt-get install libreoffice-writer-nogui poppler-utils)",
)
def test_converted_to_pdf_by_libreoffice(drafts: dict[str, Path], tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    sources = {"annual-report.docx": drafts["zh"], "self-assessment.docx": drafts["report"]}
    for name, src in sources.items():
        shutil.copy(src, ARTIFACTS / name)
    run = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(ARTIFACTS),
            *[str(ARTIFACTS / n) for n in sources],
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr

    def text(name: str) -> str:
        pdf = ARTIFACTS / name.replace(".docx", ".pdf")
        out = subprocess.run([str(PDFTOTEXT), str(pdf), "-"], capture_output=True, text=True)
        return re.sub(r"\s+", "", out.stdout)  # pdftotext breaks lines and spaces digits

    draft = text("annual-report.docx")
    positions = [draft.find(h) for h in HEADINGS]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), positions
    for figure, *_ in FIGURES:
        assert figure in draft, figure
    assert "—1—" in draft and "—2—" in draft  # page numbers
    report = text("self-assessment.docx")
    for machine_word in ("deduct", "ratio", "clauses=", "raw=", "{"):  # words, not ids
        assert machine_word not in report, machine_word
    for words in ("一、总体情况", "91.06/100.00", "失分清单", "2.2.2", "执法全过程记录有效率"):
        assert words in report, words
    # where the figures come from: the summary line and a marker per indicator
    assert "55项中26项取自年度报告，29项为示例值" in report
    assert report.count("数据来源：示例值") == 29
