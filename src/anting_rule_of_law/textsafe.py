"""Text from input files made safe for where it goes: a Markdown line, a spreadsheet, a terminal.

Why one module: a unit name, a note or an evidence reference comes from a file
someone else wrote. In a Markdown report its ``[x](javascript:…)`` must not
become a live link, nor ``![](http://…)`` a remote image; in a CSV opened in
Excel a cell starting with ``=`` must not run as a formula; on a terminal an
ESC must not move the cursor or recolour the screen, and nowhere may NUL, BEL
or a right-to-left override hide what a reader sees. Each output calls the one
function for its kind of place; JSON keeps every character (it escapes them).
"""

from __future__ import annotations

import re

__all__ = [
    "FORMULA_STARTS",
    "markdown_text",
    "spreadsheet_text",
    "terminal_text",
    "without_controls",
]

#: C0 controls other than tab and line feed, DEL, C1 controls, and the Unicode
#: bidirectional embeddings, overrides and isolates ("Trojan source" reordering).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: What Markdown (or the HTML inside it) would read as syntax in running text.
_MARKDOWN = re.compile(r"[\\|<>\[\]\n\r]")
#: A cell starting with one of these is a formula to Excel, LibreOffice and WPS.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def without_controls(text: str) -> str:
    """``text`` without control characters (tab and line feed kept)."""
    return _CONTROLS.sub("", text)


def markdown_text(value: object) -> str:
    """One Markdown table cell (or line) showing ``value`` as text, never as syntax.

    Controls are removed; ``\\``, ``|``, ``[`` and ``]`` are backslash-escaped (no
    link, image or table break can form); ``<`` and ``>`` become entities (no
    HTML, no autolink); line breaks become ``<br>``.
    """
    text = without_controls("" if value is None else str(value))
    if not _MARKDOWN.search(text) and text == text.strip():
        return text  # nothing to escape (most cells): skip the replacements
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    text = text.replace("[", "\\[").replace("]", "\\]")
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join(line.strip() for line in lines)


def spreadsheet_text(value: object) -> object:
    """A CSV cell for people: text that a spreadsheet would run as a formula gets a leading ``'``.

    Numbers (``-5``, ``+1.5``) and text that cannot start a formula pass
    unchanged; the ``'`` is what Excel itself shows for "text, not a formula".
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def terminal_text(text: str) -> str:
    """``text`` for a terminal: every control but tab and line feed shown as ``\\x1b``-style escapes."""
    return _CONTROLS.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
