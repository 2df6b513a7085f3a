"""A starter output plugin: format ``brief``, one line per unit, year and stage.

Copy the folder, rename ``anting_rol_skeleton`` and the format, and change
:func:`render`. Import only from :mod:`anting_rule_of_law.reporting` (the
stable plugin contract), and keep heavy imports inside the hooks: plugins are
imported whenever formats are listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from anting_rule_of_law.reporting import (
    OutputFormat,
    RenderOptions,
    hookimpl,
    localized,
    score_text,
    stage_name,
)

if TYPE_CHECKING:
    from anting_rule_of_law.reporting import Scorecard

__version__ = "0.1.0"
__all__ = ["FORMAT", "arol_register_formats", "arol_render", "render"]

FORMAT = OutputFormat(
    name="brief",
    extension="txt",
    media_type="text/plain; charset=utf-8",
    description="one line per unit: total and grade",
)


@hookimpl
def arol_register_formats() -> list[OutputFormat]:
    return [FORMAT]


@hookimpl
def arol_render(scorecard: Scorecard, options: RenderOptions) -> str:
    from anting_rule_of_law.reporting import report_document

    return render(report_document(scorecard, options), options)


def render(document: Mapping[str, Any], options: RenderOptions) -> str:
    """The report document (see docs/plugins.md) as text: one line per result."""
    lines = []
    for result in document["results"]:
        unit, total = result["unit"], result["total"]
        name = localized(unit["name"], unit.get("name_en"), options.lang)
        grade = localized(total.get("grade_name"), total.get("grade_name_en"), options.lang)
        stage = stage_name(result["stage"], options.lang)
        lines.append(f"{name} {result['year']} {stage}: {score_text(total['score'])} {grade}")
    return "\n".join(lines) + "\n"
