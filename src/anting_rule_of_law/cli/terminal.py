"""What the command line prints on standard error shows control characters as escapes.

Why: messages quote what files contain (a unit name, a cell, a file name), and
an ESC, BEL or NUL in them would drive the terminal of whoever runs the
command — move the cursor, recolour, hide a line. Reports on standard output
are already safe for their format (Markdown removes controls); JSON escapes them.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from typing import TextIO

from anting_rule_of_law.textsafe import terminal_text

__all__ = ["SafeStream", "safe_stderr"]


class SafeStream(io.TextIOBase):
    """A text stream that writes through to another with controls escaped."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(terminal_text(text))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", "utf-8")


@contextlib.contextmanager
def safe_stderr() -> Iterator[None]:
    """Within the block, ``sys.stderr`` escapes control characters."""
    inner = sys.stderr
    sys.stderr = SafeStream(inner)
    try:
        yield
    finally:
        sys.stderr = inner
