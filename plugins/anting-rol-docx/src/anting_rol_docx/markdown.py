"""A :class:`~anting_rol_docx.blocks.Document` as Markdown (the draft with ``-o x.md``).

Placeholders are bold so they stand out in any viewer; user text is escaped so a
``*`` or ``<`` in a reason cannot change the page.
"""

from __future__ import annotations

import re

from anting_rol_docx.blocks import Document, Heading, PageBreak, Paragraph, Table

__all__ = ["escape", "to_markdown"]

#: What could change the page: emphasis, code, HTML, a table cell's end, the start of a link.
_SPECIAL = re.compile(r"([\\`*_<>|]|\[(?=[^\]]*\]\())")


def escape(text: str) -> str:
    """Text shown as it is: Markdown's characters escaped, line breaks as spaces.

    Placeholders are the plugin's own words and are not escaped.
    """
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split("\n")))


def to_markdown(document: Document) -> str:
    out: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            out += ["#" * (block.level + 1) + " " + escape(block.text.replace("\n", "")), ""]
        elif isinstance(block, Paragraph):
            text = "".join(
                f"**{s.text}**" if s.placeholder else escape(s.text) for s in block.spans
            )
            if text.strip():
                out += [text, ""]
        elif isinstance(block, Table):
            out.append("| " + " | ".join(escape(h) for h in block.headers) + " |")
            out.append("|" + "|".join("---:" if n else "---" for n in _numeric(block)) + "|")
            out += ["| " + " | ".join(escape(v) for v in row) + " |" for row in block.rows]
            out.append("")
        elif isinstance(block, PageBreak):
            out += ["---", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _numeric(block: Table) -> list[bool]:
    return [i < len(block.numeric) and block.numeric[i] for i in range(len(block.headers))]
