"""Which path scores, and the size thresholds between paths — a switch for tests.

Why: the engine picks its path by size — plain Python below
:data:`small.MAX_KEYS` keys, polars above; numpy ranks from
:data:`ranking.MIN_ROWS` rows; one lazy query from :data:`engine.LAZY_FROM_KEYS`
keys. Tests must run every path on the same small input and compare, without
patching module globals::

    with forced(engine="python"):   # or "polars"; "auto" picks by size
        a = score(fw, items)
    with forced(numpy_ranks_from=0, lazy_from_keys=0):
        b = score_frame(fw, frame)

Private: not part of the library's API, and not thread-safe beyond what a
:class:`contextvars.ContextVar` gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal

import attrs
from attrs import frozen

__all__ = ["Paths", "current", "forced"]

Engine = Literal["auto", "python", "polars"]


@frozen
class Paths:
    """The path in force; ``None`` thresholds mean the module's own default."""

    engine: Engine = attrs.field(
        default="auto", validator=attrs.validators.in_(("auto", "python", "polars"))
    )
    lazy_from_keys: int | None = None
    numpy_ranks_from: int | None = None


# Paths is frozen, so sharing the default instance is safe.
_CURRENT: ContextVar[Paths] = ContextVar("anting_rule_of_law_paths", default=Paths())  # noqa: B039


def current() -> Paths:
    """The paths in force here."""
    return _CURRENT.get()


@contextmanager
def forced(
    engine: Engine | None = None,
    *,
    lazy_from_keys: int | None = None,
    numpy_ranks_from: int | None = None,
) -> Iterator[Paths]:
    """Within the block, score by ``engine`` and/or with these thresholds."""
    now = _CURRENT.get()
    paths = Paths(
        engine=now.engine if engine is None else engine,
        lazy_from_keys=now.lazy_from_keys if lazy_from_keys is None else lazy_from_keys,
        numpy_ranks_from=now.numpy_ranks_from if numpy_ranks_from is None else numpy_ranks_from,
    )
    token = _CURRENT.set(paths)
    try:
        yield paths
    finally:
        _CURRENT.reset(token)
