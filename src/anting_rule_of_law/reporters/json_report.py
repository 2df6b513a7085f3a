"""The JSON reporter: the versioned report document, byte-for-byte reproducible.

Keys are sorted and numbers kept at full precision, and no clock time is
written unless ``RenderOptions(timestamp=True)`` asks, so the same input always
gives the same bytes (a report can be diffed, hashed and cached). The document
validates against the shipped schema ``report`` (``anting-rol schema report``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from anting_rule_of_law.hookspecs import OutputFormat, RenderOptions, hookimpl
from anting_rule_of_law.reporters.document import collection_paused, prerendered_document
from anting_rule_of_law.reporters.json_text import indented

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.scoring import Scorecard

__all__ = ["FORMAT", "arol_register_formats", "arol_render", "dumps"]

FORMAT = OutputFormat(
    name="json",
    extension="json",
    media_type="application/json",
    binary=False,
    description="versioned machine-readable report (schema: anting-rol schema report)",
)


@hookimpl
def arol_register_formats() -> list[OutputFormat]:
    return [FORMAT]


@hookimpl
def arol_render(scorecard: Scorecard, format_name: str, options: RenderOptions) -> str | None:
    if format_name != FORMAT.name:
        return None
    with collection_paused():
        return dumps(prerendered_document(scorecard, options))


def dumps(doc: Any) -> str:
    """The canonical text of a document: UTF-8 characters kept, keys sorted, NaN refused."""
    return indented(doc) + "\n"
