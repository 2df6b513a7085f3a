"""Where a command may write: checked before anything is read or written.

Why one module: ``score``, ``template`` and ``import`` write files, and the
same rules hold for all three — an output never replaces a file the run reads
(assessments, the ``--framework`` file, the table, a local plugin), never a
link, device, FIFO or folder (:func:`anting_rule_of_law.fileio.check_target`),
its suffix says what it holds, and a missing output folder is created when
the file is written (never before: a run that fails creates nothing).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from anting_rule_of_law.errors import UsageError
from anting_rule_of_law.fileio import check_target

__all__ = [
    "KNOWN_SUFFIXES",
    "check_outputs",
    "check_suffix",
    "folders_for",
    "read_paths",
]

#: Suffixes that say what a file holds: an output named so must hold that.
KNOWN_SUFFIXES = frozenset(
    [
        "xlsx",
        "xlsm",
        "xls",
        "ods",
        "csv",
        "tsv",
        "json",
        "yaml",
        "yml",
        "md",
        "markdown",
        "html",
        "htm",
        "docx",
        "doc",
        "odt",
        "pdf",
        "txt",
        "zip",
    ]
)


def read_paths(*candidates: str | Path | None) -> list[Path]:
    """The candidates that name existing files (a bundled framework id names none)."""
    return [Path(c) for c in candidates if c is not None and Path(c).is_file()]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # hard links and links to the file included
    except OSError:
        return a.resolve() == b.resolve()


def check_outputs(targets: Iterable[Path | None], inputs: Iterable[str | Path]) -> None:
    """Refuse outputs that would replace an input or are not regular files (before any work)."""
    read = [Path(p) for p in inputs]
    for target in targets:
        if target is None:
            continue
        for source in read:
            if _same_file(target, source):
                raise UsageError(
                    f"output {str(target)!r} is one of the input files ({source}); "
                    "refusing to overwrite it",
                    f"输出 {str(target)!r} 是输入文件之一（{source}），拒绝覆盖",
                )
        check_target(target)


def check_suffix(target: Path, allowed: Sequence[str], what: str, what_zh: str) -> None:
    """An output whose suffix names another kind of file is refused (``-o fw.xlsx`` for YAML).

    A suffix the library does not know (``.out``) or none at all is accepted.
    """
    suffix = target.suffix.lstrip(".").lower()
    if suffix and suffix in KNOWN_SUFFIXES and suffix not in allowed:
        wanted = ", ".join(f".{s}" for s in dict.fromkeys(allowed))
        raise UsageError(
            f"-o {target}: the file will hold {what}, but its suffix .{suffix} says otherwise "
            f"(use {wanted})",
            f"-o {target}：文件内容是{what_zh}，但扩展名 .{suffix} 表示另一种文件（请用 {wanted}）",
        )


@contextlib.contextmanager
def folders_for(target: Path) -> Iterator[None]:
    """Create the target's missing folders for the write inside; remove them if it fails.

    Every command treats a missing output folder the same way: it is created, but
    only when a file is about to be written into it, and a failed write leaves
    no empty folder behind.
    """
    missing: list[Path] = []
    folder = target.parent
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    try:
        yield
    except BaseException:
        for path in missing:
            with contextlib.suppress(OSError):
                path.rmdir()
        raise
