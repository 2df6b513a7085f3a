"""Read an HTML fragment's tables and paragraphs as text, as a reader sees them."""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["HtmlText", "parse"]


class HtmlText(HTMLParser):
    """The tables (rows of cells) and paragraphs of an HTML fragment, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.paragraphs: list[str] = []
        self._cell: list[str] | None = None
        self._para: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "p":
            self._para = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "p" and self._para is not None:
            self.paragraphs.append("".join(self._para))
            self._para = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._para is not None:
            self._para.append(data)


def parse(fragment: str) -> HtmlText:
    """The tables (rows of cells) and paragraphs of ``fragment``."""
    parser = HtmlText()
    parser.feed(fragment)
    parser.close()
    return parser
