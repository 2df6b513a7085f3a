"""Office files as people see them: converted to PDF by headless LibreOffice, read page by page.

Every sheet the library writes has its name at the right of the page header (``&A``),
so each PDF page can be attributed to its sheet from its first text line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

__all__ = ["pages_by_sheet", "pdf_pages", "soffice", "to_pdf"]


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(files: Sequence[Path], outdir: Path) -> list[Path]:
    """Convert ``files`` to PDF in one LibreOffice run; the PDFs' paths, in order."""
    office = soffice()
    assert office is not None
    outdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{outdir / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    pdfs = [outdir / f"{f.stem}.pdf" for f in files]
    for pdf in pdfs:
        assert pdf.exists(), f"{pdf} not written: {proc.stdout} {proc.stderr}"
    return pdfs


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext -layout), in page order."""
    proc = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    pages = proc.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pages_by_sheet(pages: Sequence[str], sheets: Sequence[str]) -> dict[str, list[str]]:
    """Pages grouped by the sheet named at the end of their header line.

    The header is the page's first line, except where a chart's text is extracted
    before it (a chart page): then it is looked for among the page's first lines,
    and a page without one continues the sheet before it.
    """
    out: dict[str, list[str]] = {s: [] for s in sheets}
    current = ""
    for i, text in enumerate(pages, start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        named = ""
        for line in lines[:12]:
            parts = [p for p in re.split(r"\s{2,}", line.strip()) if p]
            if len(parts) >= 2 and parts[-1] in out:
                named = parts[-1]
                break
        if not named:
            assert current, f"page {i}: cannot tell its sheet from {lines[:1]!r}"
            named = current
        out[named].append(text)
        current = named
    return out
