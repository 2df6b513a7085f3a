"""How numbers look in a report: half-up rounding (四舍五入), never half-to-even.

Scores show two decimals and shares (得分率) one decimal of a percent; both are
rounded only here, at the last moment, with the engine's ``round_half_up`` —
ranks and comparisons always use the unrounded values. Where a score is shown
with its maximum, the loss and the share shown beside them are worked out from
the *shown* numbers (:func:`shown_loss`, :func:`shown_share`), so the page
agrees with itself: 3.995 of 4 shows as 4.00 / 4.00, 100.0%, nothing lost.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

__all__ = [
    "SCORE_DIGITS",
    "SHARE_DIGITS",
    "inputs_text",
    "lost_text",
    "score_text",
    "share_of_text",
    "share_text",
    "shown_loss",
    "shown_share",
]

SCORE_DIGITS = 2
#: Digits of the percentage (0.98945 -> "98.9%").
SHARE_DIGITS = 1


@functools.lru_cache(maxsize=262144)
def _round(value: float, ndigits: int) -> float:
    """A batch's reports round the same scores many times: each once (``-0.0`` and
    ``0.0`` share an entry and round alike)."""
    return float(_round_half_up()(value, ndigits))


@functools.cache
def _round_half_up() -> Callable[[float, int], float]:
    """The engine's helper, imported on first use (keeps this module light), then kept."""
    from anting_rule_of_law.scoring import round_half_up

    return round_half_up


def score_text(value: Any, missing: str = "—") -> str:
    """``3.125`` -> ``"3.13"``; ``None`` -> ``missing``."""
    if value is None:
        return missing
    if type(value) is float:
        return _score_text(value)
    return f"{_round(float(value), SCORE_DIGITS):.{SCORE_DIGITS}f}"


@functools.lru_cache(maxsize=65536)
def _score_text(value: float) -> str:
    """A batch's reports show the same scores many times: each is rounded once.

    ``-0.0`` and ``0.0`` share a cache entry; both show as ``0.00``.
    """
    return f"{_round(value, SCORE_DIGITS):.{SCORE_DIGITS}f}"


def share_text(value: Any, missing: str = "—") -> str:
    """A fraction as a percentage: ``0.98945`` -> ``"98.9%"``."""
    if value is None:
        return missing
    return f"{_round(float(value) * 100, SHARE_DIGITS):.{SHARE_DIGITS}f}%"


def shown_loss(score: Any, maximum: Any) -> float | None:
    """The loss a reader sees: the shown maximum less the shown score (``None`` without both)."""
    if score is None or maximum is None:
        return None
    shown_max = _round(float(maximum), SCORE_DIGITS)
    return _round(shown_max - _round(float(score), SCORE_DIGITS), SCORE_DIGITS)


def shown_share(score: Any, maximum: Any) -> float | None:
    """The share a reader sees: the shown score over the shown maximum (``None`` without both)."""
    if score is None or maximum is None:
        return None
    shown_max = _round(float(maximum), SCORE_DIGITS)
    return None if shown_max <= 0 else _round(float(score), SCORE_DIGITS) / shown_max


def lost_text(score: Any, maximum: Any, missing: str = "—") -> str:
    """``lost_text(2.845, 3)`` -> ``"0.15"`` (3.00 - 2.85, as shown), not 0.155 rounded."""
    if type(score) is float and type(maximum) is float:
        return _lost_text(score, maximum)
    return score_text(shown_loss(score, maximum), missing)


@functools.lru_cache(maxsize=65536)
def _lost_text(score: float, maximum: float) -> str:
    return score_text(shown_loss(score, maximum))


def share_of_text(score: Any, maximum: Any, share: Any = None, missing: str = "—") -> str:
    """The share of the shown score in the shown maximum, as a percentage; ``share``
    (the unrounded one) when there is no maximum to divide by."""
    if type(score) is float and type(maximum) is float and _round(maximum, SCORE_DIGITS) > 0:
        return _share_of_text(score, maximum)
    found = shown_share(score, maximum)
    return share_text(share if found is None else found, missing)


@functools.lru_cache(maxsize=65536)
def _share_of_text(score: float, maximum: float) -> str:
    """The share of two shown numbers (a positive shown maximum), worked out once per pair."""
    return share_text(shown_share(score, maximum))


def inputs_text(inputs: Any) -> str:
    """An audit row's inputs as compact ``key=value`` text."""
    if isinstance(inputs, dict):
        return ", ".join(f"{k}={_plain(v)}" for k, v in inputs.items())
    return "" if inputs is None else _plain(inputs)


def _plain(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value, ensure_ascii=False)
