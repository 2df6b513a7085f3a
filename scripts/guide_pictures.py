"""Regenerate the pictures of the Chinese guide (docs/zh/guide.md) from the real outputs.

    python scripts/guide_pictures.py [--out docs/zh/images]

Why a script: the guide shows a town office what it will see — the fill-in
workbook, the filled form, the report workbook as printed and the HTML page — so
its pictures must be the library's own output, not drawings that drift. The
workbooks are printed to PDF by headless LibreOffice (``soffice``), the pages
rendered to PNG by ``pdftoppm`` (poppler-utils), the HTML page shot by headless
Chromium. Each picture is one page (or its top left part) at a modest
resolution, so the committed PNGs stay small. The HTML plugin's source is
imported from ``plugins/anting-rol-html/src`` (it need not be installed).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANTING_YAML = ROOT / "examples" / "anting_2023" / "anting_2023.yaml"
ANTING_XLSX = ROOT / "examples" / "anting_2023" / "anting_2023.xlsx"
DEFAULT_OUT = ROOT / "docs" / "zh" / "images"
#: picture -> (workbook, sheet, which page of the sheet, dots per inch, share of the
#: page's width and height kept from its top left corner). Whole pages at 72 dpi;
#: a wide sheet's left part larger, so its text can be read. Small enough to commit.
PAGES: dict[str, tuple[str, str, int, int, float, float]] = {
    "template-info.png": ("template", "基本信息", 1, 72, 1.0, 0.42),
    "template-form.png": ("template", "具体指标", 1, 100, 0.62, 0.5),
    "filled-form.png": ("filled", "具体指标", 2, 100, 0.62, 0.5),
    "report-overview.png": ("report", "总览", 1, 72, 1.0, 0.3),
    "report-details.png": ("report", "具体指标", 1, 100, 0.66, 0.5),
    "report-gaps.png": ("report", "失分清单", 1, 80, 1.0, 0.62),
    "report-charts.png": ("report", "图表", 1, 72, 1.0, 0.72),
}
HTML_PICTURE = "report-html.png"
PICTURES = (*PAGES, HTML_PICTURE)


def _tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit(f"guide_pictures: none of {', '.join(names)} is installed")


def _workbooks(tmp: Path) -> dict[str, Path]:
    """The three workbooks the guide shows: the template, the filled form, the report."""
    from anting_rule_of_law import check_files, load_framework, score, write_template
    from anting_rule_of_law.hookspecs import RenderOptions
    from anting_rule_of_law.plugins import get_plugin_manager

    fw = load_framework("shanghai-town-2023")
    template = write_template(
        fw,
        tmp / "template.xlsx",
        unit={"code": "anting", "name": "安亭镇", "district": "嘉定区"},
        year=2023,
    )
    filled = tmp / "filled.xlsx"
    shutil.copyfile(ANTING_XLSX, filled)
    checked = check_files([str(ANTING_YAML)])
    card = score(fw, checked.assessments)
    report = tmp / "report.xlsx"
    pm = get_plugin_manager(load_entrypoints=False)
    report.write_bytes(pm.render(card, "xlsx", RenderOptions(lang="zh")))
    (tmp / "report.html").write_text(_html(card), encoding="utf-8")
    return {"template": template, "filled": filled, "report": report}


def _html(card: object) -> str:
    """The HTML plugin's page for the Anting example (its source, installed or not)."""
    source = str(ROOT / "plugins" / "anting-rol-html" / "src")
    sys.path.insert(0, source)
    try:
        from anting_rol_html.page import render_page
    finally:
        sys.path.remove(source)

    from anting_rule_of_law.hookspecs import RenderOptions
    from anting_rule_of_law.reporting import report_document

    options = RenderOptions(lang="zh")
    return render_page(report_document(card, options), options)  # type: ignore[arg-type]


def _pdfs(books: dict[str, Path], tmp: Path) -> dict[str, Path]:
    soffice = _tool("soffice", "libreoffice")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            *map(str, books.values()),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {key: tmp / f"{path.stem}.pdf" for key, path in books.items()}


def _sheet_pages(pdf: Path) -> dict[str, list[int]]:
    """Page numbers per sheet, from the sheet name at the right of each page header."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages: dict[str, list[int]] = {}
    for number, page in enumerate(text.split("\f"), start=1):
        first = next((line for line in page.splitlines() if line.strip()), "")
        parts = [p for p in re.split(r"\s{2,}", first.strip()) if p]
        if parts:
            pages.setdefault(parts[-1], []).append(number)
    return pages


def _page_size(pdf: Path, page: int) -> tuple[float, float]:
    info = subprocess.run(
        ["pdfinfo", "-f", str(page), "-l", str(page), str(pdf)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = re.search(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    assert found, info
    return float(found[1]), float(found[2])


def _render(pdf: Path, page: int, dpi: int, keep_w: float, keep_h: float, target: Path) -> None:
    width, height = _page_size(pdf, page)
    px_w, px_h = round(width / 72 * dpi * keep_w), round(height / 72 * dpi * keep_h)
    stem = target.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-x",
            "0",
            "-y",
            "0",
            "-W",
            str(px_w),
            "-H",
            str(px_h),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )


def _screenshot(html: Path, target: Path) -> None:
    chromium = _tool("chromium", "chromium-browser", "google-chrome")
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--screenshot={target}",
            "--window-size=900,1150",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


def make_pictures(out: Path) -> list[Path]:
    """Write every picture of the guide into ``out``; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="guide-") as name:
        tmp = Path(name)
        books = _workbooks(tmp)
        pdfs = _pdfs(books, tmp)
        sheets = {key: _sheet_pages(pdf) for key, pdf in pdfs.items()}
        for picture, (book, sheet, nth, dpi, keep_w, keep_h) in PAGES.items():
            page = sheets[book][sheet][nth - 1]
            _render(pdfs[book], page, dpi, keep_w, keep_h, out / picture)
        _screenshot(tmp / "report.html", out / HTML_PICTURE)
    return [out / name for name in PICTURES]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the PNGs")
    args = parser.parse_args(argv)
    for path in make_pictures(args.out):
        print(f"{path} ({path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
