"""HTML reporter plugin for anting-rule-of-law (format ``html``).

Registered through the entry point ``html`` in the group ``anting_rule_of_law``;
the library loads it only when the ``html`` format is asked for or plugins are
listed. The page is self-contained: inline CSS, an inline SVG chart, no
JavaScript and nothing fetched from the network, so it can be mailed or
archived as one file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from anting_rule_of_law.reporting import OutputFormat, RenderOptions, hookimpl

if TYPE_CHECKING:  # the scorecard type only for annotations: importing it loads polars
    from anting_rule_of_law.reporting import Scorecard

__version__ = "0.1.0"
__all__ = ["FORMAT", "arol_register_formats", "arol_render"]

FORMAT = OutputFormat(
    name="html",
    extension="html",
    media_type="text/html; charset=utf-8",
    binary=False,
    description="self-contained HTML page with a bar chart of the first-level scores",
    aliases=("htm",),
)


@hookimpl
def arol_register_formats() -> list[OutputFormat]:
    return [FORMAT]


@hookimpl
def arol_render(scorecard: Scorecard, options: RenderOptions) -> str:
    # Only the plugin that declared a format is asked to render it, and pluggy passes
    # only the arguments named here: with one format, ``format_name`` is not needed.
    from anting_rol_html.page import render_page
    from anting_rule_of_law.reporting import report_document

    return render_page(report_document(scorecard, options), options)
