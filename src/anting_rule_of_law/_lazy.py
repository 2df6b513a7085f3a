"""Names a module exports but imports only on first access (PEP 562 ``__getattr__``).

Why: the package root and the plugin contract must import light (no polars),
yet export names that live in heavy modules. A module lists those names and
their modules once; a type checker sees them through the module's
``if TYPE_CHECKING:`` imports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    module: str, lazy: Mapping[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``module``: ``lazy`` maps a name to the module holding
    it; the first access imports it and stores it in ``namespace`` (the module's globals)."""

    def __getattr__(name: str) -> Any:
        source = lazy.get(name)
        if source is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(source), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(lazy))

    return __getattr__, __dir__
