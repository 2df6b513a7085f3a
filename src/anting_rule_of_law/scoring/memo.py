"""A small cache keyed by an object's identity: a framework's tables, its plan, the plan's
expressions and Python program are built once and reused by every later run.

Why identity and not ``functools.lru_cache``: frameworks are frozen records compared
by value, so a lookup by value hashes the whole framework on every call (0.06 ms for
the reference framework, about a tenth of scoring one town), while callers pass the
same object again. The entry keeps its key alive, so an ``id`` is never reused while
the entry stands. Bounded: cleared past ``size`` entries.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["IdentityCache"]

K = TypeVar("K")
V = TypeVar("V")


class IdentityCache(Generic[K, V]):
    """``get(key, build)``: the value built for this very ``key`` object, built once."""

    def __init__(self, size: int = 16) -> None:
        self._items: dict[int, tuple[K, V]] = {}
        self._lock = threading.Lock()
        self._size = size

    def get(self, key: K, build: Callable[[K], V]) -> V:
        hit = self._items.get(id(key))
        if hit is not None and hit[0] is key:
            return hit[1]
        value = build(key)
        with self._lock:
            if len(self._items) > self._size:
                self._items.clear()
            self._items[id(key)] = (key, value)
        return value
