"""Located, bilingual problems and the one exception that carries them all.

Every reader and checker collects :class:`Problem` records instead of raising on
the first one, so a user sees every mistake in a file at once. A problem names
the file and the place inside it: a JSON path (``$.nodes[3].points``), a CSV
line and column, or an Excel sheet and cell (``具体指标!F12``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from attrs import frozen

__all__ = [
    "AntingError",
    "ExitCode",
    "InputError",
    "OutputError",
    "PluginError",
    "Problem",
    "json_path",
]


class ExitCode(enum.IntEnum):
    """Exit codes of the ``anting-rol`` command (documented in docs/cli.md)."""

    OK = 0
    #: a unit scored below ``--fail-under`` or failed a veto item
    BELOW_THRESHOLD = 1
    #: the command line itself was wrong (argparse's own code)
    USAGE = 2
    #: an input file (framework, assessment, table) is invalid
    INVALID_INPUT = 3
    #: an output could not be produced or written
    OUTPUT_FAILED = 4
    #: a plugin is broken or two plugins conflict
    PLUGIN_FAILED = 5


def json_path(*parts: str | int) -> str:
    """``json_path("nodes", 3, "points")`` -> ``"$.nodes[3].points"``."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.replace("_", "").isalnum() and part.isascii():
            out += f".{part}"
        else:
            out += "[" + repr(part) + "]"
    return out


@frozen
class Problem:
    """One thing wrong (or suspicious, with ``severity="warning"``) in one place."""

    file: str
    where: str
    en: str
    zh: str
    severity: str = "error"

    def message(self, lang: str = "en") -> str:
        text = self.zh if lang == "zh" else self.en
        place = f"{self.file}: {self.where}" if self.where else self.file
        label = {"error": ("error", "错误"), "warning": ("warning", "警告")}[self.severity]
        return f"{place}: {label[1] if lang == 'zh' else label[0]}: {text}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class AntingError(Exception):
    """Base of every error this library raises on purpose."""

    exit_code: ExitCode = ExitCode.INVALID_INPUT

    def messages(self, lang: str = "en") -> list[str]:
        return [str(self)]


class InputError(AntingError):
    """An input is invalid; ``problems`` holds every problem found, not just the first."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(p.message("en") for p in self.problems))

    def messages(self, lang: str = "en") -> list[str]:
        return [p.message(lang) for p in self.problems]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


class OutputError(AntingError):
    """An output could not be rendered or written."""

    exit_code = ExitCode.OUTPUT_FAILED


class PluginError(AntingError):
    """A plugin is broken (misspelled hook, import failure) or conflicts with another."""

    exit_code = ExitCode.PLUGIN_FAILED
