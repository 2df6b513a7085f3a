"""What a long command says on standard error: progress, warnings, the files written.

Why: a district scores four hundred files, or one CSV of forty thousand lines,
and must see that something is happening between "reading" and "done" — but a
script piping the output, or a CI log, must not fill with redrawn lines. So
progress is drawn only on a terminal: the running step on one line redrawn in
place (with what it is doing and the seconds so far), each finished step left
on a line of its own. Warnings are printed whatever the terminal, but a kind
repeated many times is summarised once with its count. The closing line naming
every file written is printed on a terminal and when piped; ``--quiet`` turns
all of this off (errors are still printed).
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from wcwidth import wcwidth

from anting_rule_of_law.assessments.reader import ReadProgress
from anting_rule_of_law.errors import Problem
from anting_rule_of_law.rulekinds.vocabulary import WARNING_KINDS, Words
from anting_rule_of_law.textsafe import terminal_text

__all__ = [
    "SHOWN_PER_KIND",
    "Progress",
    "Step",
    "on_terminal",
    "read_detail",
    "warning_lines",
    "written_line",
]

#: Warnings of one kind printed in full before the rest are counted in one line.
SHOWN_PER_KIND = 3
#: Seconds between two redraws of the running step.
_REDRAW = 0.1
#: Seconds between two redraws of a step that reports nothing itself (its clock).
_TICK = 0.5


def on_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal that can redraw a line (not ``TERM=dumb``)."""
    try:
        return stream.isatty() and os.environ.get("TERM", "") != "dumb"
    except (AttributeError, ValueError):  # a closed or odd stream
        return False


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` display columns (a redrawn line must not wrap)."""
    used = 0
    for i, ch in enumerate(text):
        used += max(wcwidth(ch), 0)
        if used > width:
            return text[: max(i - 1, 0)] + "…"
    return text


def _seconds(value: float, lang: str) -> str:
    return f"{value:.1f} s" if lang == "en" else f"{value:.1f} 秒"


class Step:
    """A running step: set what it is doing with :meth:`detail`, its outcome with :meth:`result`."""

    def __init__(self, progress: Progress, what: str) -> None:
        self._progress = progress
        self.what = what
        self.started = time.monotonic()
        self._detail = ""
        self._outcome = ""
        self._drawn = 0.0

    def detail(self, text: str) -> None:
        """What the step is doing now (``安亭镇.csv：第 12000/25000 行``); redrawn at most 10 times a second."""
        self._detail = text
        now = time.monotonic()
        if now - self._drawn >= _REDRAW:
            self._drawn = now
            self._progress.draw(self.line())

    def result(self, text: str) -> None:
        """What the step gave, shown on its closing line (``1224 份评价``)."""
        self._outcome = text

    def line(self) -> str:
        elapsed = _seconds(time.monotonic() - self.started, self._progress.lang)
        sep = ": " if self._progress.lang == "en" else "："
        detail = f"{sep}{self._detail}" if self._detail else ""
        if self._progress.lang == "en":
            return f"… {self.what}{detail} ({elapsed})"
        return f"… {self.what}{detail}（{elapsed}）"

    def closing_line(self) -> str:
        lang = self._progress.lang
        elapsed = _seconds(time.monotonic() - self.started, lang)
        sep = ": " if lang == "en" else "："
        outcome = f"{sep}{self._outcome}" if self._outcome else ""
        return (
            f"{self.what}{outcome} ({elapsed})"
            if lang == "en"
            else f"{self.what}{outcome}（{elapsed}）"
        )


class Progress:
    """Progress of a command on a terminal; does nothing when ``enabled`` is false.

    Writes to the terminal itself (under :func:`~anting_rule_of_law.cli.terminal.safe_stderr`,
    the stream it wraps), since redrawing needs its own ``\\r`` and erase-line codes;
    the text shown — file names included — has its control characters escaped first.
    """

    def __init__(self, lang: str, *, enabled: bool, stream: TextIO | None = None) -> None:
        self.lang = lang
        self.enabled = enabled
        given = sys.stderr if stream is None else stream
        self.stream: TextIO = getattr(given, "inner", given)
        self._lock = threading.Lock()
        self._shown = False

    def say(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh

    def draw(self, text: str) -> None:
        """Redraw the running step's line."""
        if not self.enabled:
            return
        width = shutil.get_terminal_size((80, 24)).columns - 1
        with self._lock:
            self.stream.write("\r" + _fit(terminal_text(text), width) + "\x1b[K")
            self.stream.flush()
            self._shown = True

    def leave(self, text: str) -> None:
        """Replace the running step's line with a line that stays."""
        if not self.enabled:
            return
        with self._lock:
            prefix = "\r\x1b[K" if self._shown else ""
            self.stream.write(prefix + terminal_text(text) + "\n")
            self.stream.flush()
            self._shown = False

    @contextmanager
    def step(self, zh: str, en: str) -> Iterator[Step]:
        """A step of the command, drawn with its clock while it runs, then left as one line.

        A step that fails (an exception) is cleared without a closing line.
        """
        step = Step(self, self.say(zh, en))
        if not self.enabled:
            yield step
            return
        self.draw(step.line())
        stop = threading.Event()
        clock = threading.Thread(target=self._clock, args=(step, stop), daemon=True)
        clock.start()
        try:
            yield step
        except BaseException:
            stop.set()
            clock.join()
            self.clear()
            raise
        stop.set()
        clock.join()
        self.leave(step.closing_line())

    def clear(self) -> None:
        if self.enabled and self._shown:
            with self._lock:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
                self._shown = False

    def _clock(self, step: Step, stop: threading.Event) -> None:
        while not stop.wait(_TICK):
            self.draw(step.line())


def read_detail(lang: str) -> Callable[[ReadProgress], str]:
    """The text of a reading step's progress: the file, and its lines or assessments."""

    def text(event: ReadProgress) -> str:
        name = Path(event.file).name
        of = f" ({event.file_number}/{event.files})" if event.files > 1 else ""
        if event.step == "lines":
            return (
                f"{name}{of}: line {event.done}/{event.total}"
                if lang == "en"
                else f"{name}{of}：第 {event.done}/{event.total} 行"
            )
        if event.step == "assessments":
            return (
                f"{name}{of}: checked {event.done}/{event.total} assessments"
                if lang == "en"
                else f"{name}{of}：已检查 {event.done}/{event.total} 份评价"
            )
        return (
            f"{event.done}/{event.total} files"
            if lang == "en"
            else f"{event.done}/{event.total} 个文件"
        )

    return text


def warning_lines(
    warnings: Sequence[Problem], lang: str, *, shown: int = SHOWN_PER_KIND
) -> list[str]:
    """Each warning located, but of a kind repeated more than ``shown`` times only the
    first ``shown`` and then one line with the count (and how many files have it).

    Warnings without a kind are grouped by their text; order is that of first sight.
    """
    groups: dict[str, list[Problem]] = {}
    for problem in warnings:
        key = problem.kind or f"text:{problem.en}"
        groups.setdefault(key, []).append(problem)
    lines: list[str] = []
    for items in groups.values():
        if len(items) <= shown + 1:  # one more line would say no more than the warning
            lines.extend(p.message(lang) for p in items)
            continue
        lines.extend(p.message(lang) for p in items[:shown])
        lines.append(_summary(items, shown, lang))
    return lines


def _summary(items: Sequence[Problem], shown: int, lang: str) -> str:
    kind = items[0].kind
    what = WARNING_KINDS.get(kind) or Words(items[0].zh, items[0].en)
    files = len({p.file for p in items})
    rest = len(items) - shown
    if lang == "en":
        where = f" in {files} files" if files > 1 else ""
        return (
            f"warning: {what.en}: {len(items)} times{where}; {rest} more not listed "
            "(anting-rol validate lists them all)"
        )
    where = f"，涉及 {files} 个文件" if files > 1 else ""
    return f"警告：{what.zh}：共 {len(items)} 处{where}；其余 {rest} 处未逐条列出（anting-rol validate 可列出全部）"


def written_line(paths: Sequence[Path], lang: str) -> str:
    """The closing line: every file written (``已写入 2 个文件：a.md、b.xlsx``)."""
    names = [str(p) for p in paths]
    if lang == "en":
        return f"wrote {len(names)} file{'s' if len(names) != 1 else ''}: {', '.join(names)}"
    return f"已写入 {len(names)} 个文件：{'、'.join(names)}"
