"""Located, bilingual problems, the collector that gathers them, and the errors that carry them.

Every reader and checker collects :class:`Problem` records in a
:class:`ProblemCollector` instead of raising on the first one, so a user sees
every mistake in a file at once. A problem names the file and the place inside
it: a JSON path (``$.nodes[3].points``), a CSV line and column, or an Excel
sheet and cell (``具体指标!F12``). Every error this library raises on purpose is
an :class:`AntingError` holding its message in English and Chinese, so the
command line (and any embedding system) shows the user's language only.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator

import attrs
from attrs import field, frozen

from anting_rule_of_law.literals import SEVERITIES, Lang, Severity

__all__ = [
    "AntingError",
    "ExitCode",
    "InputError",
    "OutputError",
    "PluginError",
    "Problem",
    "ProblemCollector",
    "UsageError",
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
    #: an internal error (a bug): ``EX_SOFTWARE`` of BSD's sysexits.h
    INTERNAL_ERROR = 70
    #: interrupted by Ctrl-C: 128 + SIGINT, as shells report it
    INTERRUPTED = 130
    #: stopped by SIGTERM (or SIGHUP): 128 + SIGTERM; temporary files removed
    TERMINATED = 143


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
    """One thing wrong (or suspicious, with ``severity="warning"``) in one place.

    ``kind`` names what sort of problem it is (``"rate_truncated"``, ...; see
    :data:`~anting_rule_of_law.rulekinds.vocabulary.WARNING_KINDS`), so a batch
    that repeats one warning four hundred times can be summarised as one line with
    its count; empty when the message itself is the only description.
    """

    file: str
    where: str
    en: str
    zh: str
    severity: Severity = field(default="error", validator=attrs.validators.in_(SEVERITIES))
    kind: str = ""

    def message(self, lang: Lang | str = "en") -> str:
        text = self.zh if lang == "zh" else self.en
        place = f"{self.file}: {self.where}" if self.where else self.file
        label = {"error": ("error", "错误"), "warning": ("warning", "警告")}[self.severity]
        return f"{place}: {label[1] if lang == 'zh' else label[0]}: {text}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class ProblemCollector:
    """Gathers the problems of one check so they are reported all at once.

    ``file`` is the default file of every problem added; a problem about
    another file names its own. :meth:`raise_if_errors` raises one
    :class:`InputError` holding every problem (warnings too) when any is an
    error, and returns the warnings otherwise.
    """

    def __init__(self, file: str = "") -> None:
        self.file = file
        self._items: list[Problem] = []

    def error(self, where: str, en: str, zh: str, *, file: str | None = None) -> None:
        """Add an error at ``where``."""
        self._items.append(Problem(self.file if file is None else file, where, en, zh))

    def warn(
        self, where: str, en: str, zh: str, kind: str = "", *, file: str | None = None
    ) -> None:
        """Add a warning at ``where`` (reported, but it does not stop the run); ``kind``
        names its sort (see :attr:`Problem.kind`)."""
        self._items.append(
            Problem(
                self.file if file is None else file, where, en, zh, severity="warning", kind=kind
            )
        )

    def add(self, problem: Problem) -> None:
        self._items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    @property
    def problems(self) -> list[Problem]:
        """Every problem so far, in the order found (the collector's own list)."""
        return self._items

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self._items if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self._items if not p.is_error)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self._items)

    def raise_if_errors(self) -> tuple[Problem, ...]:
        """Raise :class:`InputError` with every problem if any is an error; else the warnings."""
        if self.has_errors:
            raise InputError(self._items)
        return self.warnings

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


class AntingError(Exception):
    """Base of every error this library raises on purpose; its message in English and Chinese.

    ``str(error)`` is the English message; :meth:`messages` gives the lines in
    the user's language. ``zh`` defaults to ``en`` for a message that has only
    one form (a name, a path).
    """

    exit_code: ExitCode = ExitCode.INVALID_INPUT

    def __init__(self, en: str = "", zh: str | None = None) -> None:
        self.en = en
        self.zh = en if zh is None else zh
        super().__init__(en)

    def messages(self, lang: Lang | str = "en") -> list[str]:
        """The message lines in ``lang`` (``"zh"`` or ``"en"``)."""
        return [self.zh if lang == "zh" else self.en]


class InputError(AntingError):
    """An input is invalid; ``problems`` holds every problem found, not just the first."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(
            "\n".join(p.message("en") for p in self.problems),
            "\n".join(p.message("zh") for p in self.problems),
        )

    def messages(self, lang: Lang | str = "en") -> list[str]:
        return [p.message(lang) for p in self.problems]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


class UsageError(AntingError):
    """The command line asks for something impossible, found after parsing (exit 2)."""

    exit_code = ExitCode.USAGE


class OutputError(AntingError):
    """An output could not be rendered or written."""

    exit_code = ExitCode.OUTPUT_FAILED


class PluginError(AntingError):
    """A plugin is broken (misspelled hook, import failure, a crash) or conflicts with another.

    ``plugin`` and ``distribution`` name the culprit when there is one.
    """

    exit_code = ExitCode.PLUGIN_FAILED

    def __init__(
        self,
        en: str = "",
        zh: str | None = None,
        *,
        plugin: str | None = None,
        distribution: str | None = None,
    ) -> None:
        super().__init__(en, zh)
        self.plugin = plugin
        self.distribution = distribution
