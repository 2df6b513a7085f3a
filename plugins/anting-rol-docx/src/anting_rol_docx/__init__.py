"""Word documents for anting-rule-of-law: formats ``docx`` and ``annual-report``.

* ``docx`` — the self-assessment report (自评报告) as a Word document laid out as
  Chinese government documents are (GB/T 9704: A4, 仿宋 三号 body, page numbers,
  tables whose header row repeats on every page).
* ``annual-report`` (alias ``年度报告``) — the draft of the annual report on building
  a law-based government (法治政府建设年度报告) in its five legal parts, as Word;
  with ``-o draft.md`` the same draft as Markdown.

Registered through the entry point ``docx`` in the group ``anting_rule_of_law``;
the library imports this module only when a format is looked up or plugins are
listed, and python-docx only when a Word file is rendered.
"""

from __future__ import annotations

from typing import Any

from anting_rule_of_law.reporting import OutputFormat, RenderOptions, hookimpl

__version__ = "0.1.0"
__all__ = ["ANNUAL_REPORT", "DOCX", "arol_register_formats", "arol_render"]

_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

DOCX = OutputFormat(
    name="docx",
    extension="docx",
    media_type=_WORD,
    binary=True,
    description="self-assessment report (自评报告) as a Word document (GB/T 9704 layout)",
    aliases=("word",),
)
ANNUAL_REPORT = OutputFormat(
    name="annual-report",
    extension="docx",
    media_type=_WORD,
    binary=True,
    description="draft annual report on building a law-based government (法治政府建设年度报告); "
    "-o x.md for Markdown",
    aliases=("年度报告",),
    alt_extensions=("md",),
)


@hookimpl
def arol_register_formats() -> list[OutputFormat]:
    return [DOCX, ANNUAL_REPORT]


@hookimpl
def arol_render(scorecard: Any, format_name: str, options: RenderOptions) -> bytes | str | None:
    if format_name == DOCX.name:
        from anting_rol_docx.gbt9704 import write_docx
        from anting_rol_docx.selfreport import build_report

        report = build_report(scorecard, options)
        return write_docx(report, timestamp=options.timestamp)
    if format_name == ANNUAL_REPORT.name:
        from anting_rol_docx.annual import build_drafts

        drafts = build_drafts(scorecard, options.lang, title=options.title)
        if options.extension == "md":
            from anting_rol_docx.markdown import to_markdown

            return to_markdown(drafts)
        from anting_rol_docx.gbt9704 import write_docx

        return write_docx(drafts, timestamp=options.timestamp)
    return None
