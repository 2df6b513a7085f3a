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

__all__ = ["INDENT", "Prerendered", "indented"]

INDENT = "  "
_SCALARS = (str, int, float, bool, type(None))
_Encoder = Callable[[Any, int], Any]

try:  # pragma: no branch
    from json.encoder import c_make_encoder as _c_make_encoder  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - CPython always has it
    _c_make_encoder = None


class Prerendered:
    """A value whose JSON text is already written (as :func:`indented` writes it, for a
    value standing at ``depth``): put in as it is, indented to where it stands.

    Why: the long arrays of a report are written from the frames column by column
    (``reporters/json_rows.py``) rather than built as dicts and encoded."""

    __slots__ = ("_depth", "_text")

    def __init__(self, text: str, depth: int = 0) -> None:
        self._text, self._depth = text, depth

    def text(self, depth: int = 0) -> str:
        """The text for a value standing at ``depth``."""
        shift = depth - self._depth
        if shift > 0:
            return self._text.replace("\n", "\n" + INDENT * shift)
        if shift < 0:
            return self._text.replace("\n" + INDENT * -shift, "\n")
        return self._text

    def value(self) -> Any:
        """The value itself (read back from the text)."""
        return json.loads(self._text)

    def __repr__(self) -> str:
        return f"Prerendered({self._text[:40]!r}..., depth={self._depth})"


def _plain(value: Any) -> Any:
    """``json.dumps``'s ``default``: a prerendered value as the value it writes."""
    if isinstance(value, Prerendered):
        return value.value()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


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
    return json.dumps(
        doc, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False, default=_plain
    )


#: The escaped form of the NUL character that begins a placeholder string, after its quote.
_MARK = '"\\u0000'


class _Writer:
    """One C encoder per depth, its item separator ``,`` + newline + that depth's indent.

    A container holding containers is written by the C encoder too, with each inner
    container replaced by a placeholder string (NUL and a number: the encoder writes it
    as ``"\u0000N"``) and its own text put in afterwards. A list of objects is written
    in one call, the separator between its objects mended by one replacement (a raw
    newline only ever comes from a separator, so the pattern cannot occur in a text).
    Should a text of the document itself begin with NUL, the placeholders are not
    trusted and that container is walked in Python.
    """

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
            if not _STR.issuperset(map(type, value)):
                raise _Unusual
            if _SCALAR_TYPES.issuperset(map(type, value.values())):
                return self._flat(value, depth)
            return self._placed(value, depth) or self._walked(value, depth)
        if kind is list or kind is tuple:
            if not value:
                return "[]"
            kinds = set(map(type, value))
            if kinds <= _SCALAR_TYPES:
                return self._flat(value, depth)
            if kinds == _DICT and all(value):
                return self._objects(value, depth) or self._walked(value, depth)
            return self._placed(value, depth) or self._walked(value, depth)
        if kind in _SCALAR_TYPES:
            return "".join(self._encoder(depth)(value, 0))
        if kind is Prerendered:
            written: str = value.text(depth)
            return written
        raise _Unusual

    def _placeholders(self, value: Any, depth: int, inner: list[str]) -> Any:
        """``value`` (a dict or list) with each container in it replaced by a placeholder
        whose text, at ``depth`` (the container's items' depth), is added to ``inner``."""
        scalars, text = _SCALAR_TYPES, self.text

        def place(item: Any) -> str:
            inner.append(text(item, depth))
            return f"\x00{len(inner) - 1}"

        if type(value) is dict:
            if not _STR.issuperset(map(type, value)):
                raise _Unusual
            if scalars.issuperset(map(type, value.values())):
                return value
            return {k: v if type(v) in scalars else place(v) for k, v in value.items()}
        if scalars.issuperset(map(type, value)):
            return value
        return [v if type(v) in scalars else place(v) for v in value]

    @staticmethod
    def _filled(body: str, inner: list[str]) -> str | None:
        """``body`` with its placeholders' texts put in; ``None`` if ``body`` has more
        than it was given (a text of the document begins with NUL)."""
        head, *pieces = body.split(_MARK)
        if len(pieces) != len(inner):
            return None
        out = [head]
        for piece in pieces:
            number, rest = piece.split('"', 1)
            out.append(inner[int(number)])
            out.append(rest)
        return "".join(out)

    def _placed(self, value: Any, depth: int) -> str | None:
        """A dict or list holding containers, its containers as placeholders."""
        inner: list[str] = []
        shallow = self._placeholders(value, depth + 1, inner)
        return self._filled(self._flat(shallow, depth), inner)

    def _objects(self, value: Any, depth: int) -> str | None:
        """A list of non-empty objects in one encoder call (their containers as
        placeholders), the separators between the objects mended afterwards."""
        inner: list[str] = []
        shallow = [self._placeholders(v, depth + 2, inner) for v in value]
        body = "".join(self._encoder(depth + 1)(shallow, 0))
        # Encoded one level deep, the list reads "[{a,\n<d+2>b},\n<d+2>{c}]".
        outer, item = INDENT * (depth + 1), INDENT * (depth + 2)
        body = body.replace("},\n" + item + "{", "\n" + outer + "},\n" + outer + "{\n" + item)
        body = (
            "[\n" + outer + "{\n" + item + body[2:-2] + "\n" + outer + "}\n" + INDENT * depth + "]"
        )
        return self._filled(body, inner) if inner else body

    def _walked(self, value: Any, depth: int) -> str:
        """A container holding containers, walked in Python (the safe way)."""
        if type(value) is dict:
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
        inner = "\n" + INDENT * (depth + 1)
        parts = [self.text(v, depth + 1) for v in value]
        return "[" + inner + ("," + inner).join(parts) + "\n" + INDENT * depth + "]"


_SCALAR_TYPES = frozenset(_SCALARS)
_STR = frozenset({str})
_DICT = {dict}
