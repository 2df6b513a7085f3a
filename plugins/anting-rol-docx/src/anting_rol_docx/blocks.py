"""What a document is made of, before it is Word or Markdown.

Why a small model of its own: the annual-report draft is written once and
rendered twice (``.docx`` and, for ``-o x.md``, Markdown), and the Word writer
serves the self-assessment report too. Control characters are removed from
every text on the way in (Word refuses them, Markdown would pass them on). Text
that a person must still write is
a :class:`Span` with ``placeholder=True``: highlighted in Word, bold in
Markdown, and listed at the end of the draft.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from attrs import field, frozen

from anting_rule_of_law.reporting import without_controls

__all__ = [
    "Block",
    "Document",
    "Heading",
    "PageBreak",
    "Paragraph",
    "Span",
    "Table",
    "placeholders",
]


def _text(value: object) -> str:
    return without_controls(str(value))


@frozen
class Span:
    """A run of text; ``placeholder`` marks what a person must still write."""

    text: str = field(converter=_text)
    placeholder: bool = False


def _spans(value: Iterable[Span | str]) -> tuple[Span, ...]:
    return tuple(v if isinstance(v, Span) else Span(v) for v in value)


def _texts(value: Iterable[object]) -> tuple[str, ...]:
    return tuple(without_controls(str(v)) for v in value)


def _rows(value: Iterable[Iterable[object]]) -> tuple[tuple[str, ...], ...]:
    return tuple(_texts(row) for row in value)


def _flags(value: Iterable[bool]) -> tuple[bool, ...]:
    return tuple(bool(v) for v in value)


def _numbers(value: Iterable[float]) -> tuple[float, ...]:
    return tuple(float(v) for v in value)


@frozen
class Heading:
    """A heading: ``level`` 0 is a title, 1 to 4 the levels of GB/T 9704 (一、 /
    （一） / 1. / （1））.

    The numbering is part of ``text``: the writer adds none. A line break in a
    title's text breaks the line there.
    """

    level: int
    text: str = field(converter=_text)


@frozen
class Paragraph:
    """Body text. ``align``: ``justify`` (first line indented two characters),
    ``right`` (a signature or a date, four characters in from the right) or ``left``
    (no indent: a list line)."""

    spans: tuple[Span, ...] = field(converter=_spans)
    align: str = "justify"

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@frozen
class Table:
    """A table whose first row is a header repeated on every page.

    ``numeric`` marks right-aligned columns; ``widths`` are relative column widths.
    """

    headers: tuple[str, ...] = field(converter=_texts)
    rows: tuple[tuple[str, ...], ...] = field(converter=_rows)
    numeric: tuple[bool, ...] = field(converter=_flags, default=())
    widths: tuple[float, ...] = field(converter=_numbers, default=())


@frozen
class PageBreak:
    """Start a new page."""


Block = Heading | Paragraph | Table | PageBreak


def _blocks(value: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(value)


@frozen
class Document:
    """A titled sequence of blocks, in one language (``zh`` or ``en``)."""

    title: str = field(converter=_text)
    blocks: tuple[Block, ...] = field(converter=_blocks)
    lang: str = "zh"


def placeholders(blocks: Iterable[Block]) -> Iterator[str]:
    """Every placeholder's text, in document order."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield from (s.text for s in block.spans if s.placeholder)
