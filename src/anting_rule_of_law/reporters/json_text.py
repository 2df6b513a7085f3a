"""Indented JSON text, the same characters as ``json.dumps(indent=2, sort_keys=True,
ensure_ascii=False, allow_nan=False)``, several times faster on a big report.

Why: with ``indent`` the standard library falls back to its pure-Python encoder,
which for a city's batch (hundreds of thousands of small objects) takes seconds.
Here every container whose values are all scalars — nearly all of a report's
objects — is written by the C encoder in one call, with the item separator
carrying the newline and the indentation of its depth; only containers holding
containers are walked in Python. Anything unusual (a non-text key, a non-finite
number, a type JSON does not know, no C encoder) is handed to ``json.dumps``
itself, so the text and the errors are always the standard library's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

__all__ = ["indented"]

INDENT = "  "
_SCALARS = (str, int, float, bool, type(None))
_Encoder = Callable[[Any, int], Any]

try:  # pragma: no branch
    from json.encoder import c_make_encoder as _c_make_encoder  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - CPython always has it
    _c_make_encoder = None


class _Unusual(Exception):
    """Something only ``json.dumps`` should decide about."""


def _default(value: Any) -> Any:
    raise _Unusual


def indented(doc: Any) -> str:
    """``json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)``."""
    if _c_make_encoder is not None:
        try:
            return _Writer().text(doc, 0)
        except (_Unusual, ValueError, TypeError, RecursionError):
            pass
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)


class _Writer:
    """One C encoder per depth, its item separator ``,`` + newline + that depth's indent."""

    def __init__(self) -> None:
        self._encoders: dict[int, _Encoder] = {}

    def _encoder(self, depth: int) -> _Encoder:
        encoder = self._encoders.get(depth)
        if encoder is None:
            assert _c_make_encoder is not None
            sep = ",\n" + INDENT * (depth + 1)
            encoder = _c_make_encoder(
                None, _default, encode_basestring, None, ": ", sep, True, False, False
            )
            self._encoders[depth] = encoder
        return encoder

    def _flat(self, value: Any, depth: int) -> str:
        body = "".join(self._encoder(depth)(value, 0))
        # "{a,\n  b}" -> "{\n  a,\n  b\n}" (the open and close lines of an indented container)
        inner = "\n" + INDENT * (depth + 1)
        return body[0] + inner + body[1:-1] + "\n" + INDENT * depth + body[-1]

    def text(self, value: Any, depth: int) -> str:
        kind = type(value)
        if kind is dict:
            if not value:
                return "{}"
            if any(type(k) is not str for k in value):
                raise _Unusual
            if all(type(v) in _SCALARS for v in value.values()):
                return self._flat(value, depth)
            inner = "\n" + INDENT * (depth + 1)
            parts = []
            for k in sorted(value):
                v = value[k]
                t = type(v)
                if t is str:
                    text = encode_basestring(v)
                elif t is list and not v:
                    text = "[]"
                else:
                    text = self.text(v, depth + 1)
                parts.append(f"{encode_basestring(k)}: {text}")
            return "{" + inner + ("," + inner).join(parts) + "\n" + INDENT * depth + "}"
        if kind is list or kind is tuple:
            if not value:
                return "[]"
            if all(type(v) in _SCALARS for v in value):
                return self._flat(value, depth)
            inner = "\n" + INDENT * (depth + 1)
            parts = [self.text(v, depth + 1) for v in value]
            return "[" + inner + ("," + inner).join(parts) + "\n" + INDENT * depth + "]"
        if kind in _SCALARS:
            return "".join(self._encoder(depth)(value, 0))
        raise _Unusual
