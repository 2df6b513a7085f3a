"""SIGTERM (and SIGHUP) end a run the way Ctrl-C does: temporary files removed, a message, a code.

Why: a service manager or ``kill`` stops a long run with SIGTERM, whose default
action ends the process at once — no ``finally``, so a temporary file is left
beside the target and nothing is said. Raising :class:`Terminated` (a
``KeyboardInterrupt``) instead unwinds through every ``atomic_write``, which
removes its temporary file; the command line reports it and exits 143.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any

__all__ = ["Terminated", "terminate_as_interrupt"]


class Terminated(KeyboardInterrupt):
    """The run was stopped by a signal; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise :class:`Terminated`; the old handlers return after.

    Only the main thread may set handlers: elsewhere (a server calling
    :func:`anting_rule_of_law.cli.main` from a worker) the block changes nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = ("SIGTERM", "SIGHUP")
    previous: dict[int, Any] = {}
    for name in names:
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, _raise)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
