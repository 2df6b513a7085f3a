"""How numbers look in a report: half-up rounding (四舍五入), never half-to-even.

Scores show two decimals and shares (得分率) one decimal of a percent; both are
rounded only here, at the last moment, with the engine's ``round_half_up`` —
ranks and comparisons always use the unrounded values.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

__all__ = ["SCORE_DIGITS", "SHARE_DIGITS", "inputs_text", "score_text", "share_text"]

SCORE_DIGITS = 2
#: Digits of the percentage (0.98945 -> "98.9%").
SHARE_DIGITS = 1


def _round(value: float, ndigits: int) -> float:
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
    return f"{_round(float(value), SCORE_DIGITS):.{SCORE_DIGITS}f}"


def share_text(value: Any, missing: str = "—") -> str:
    """A fraction as a percentage: ``0.98945`` -> ``"98.9%"``."""
    if value is None:
        return missing
    return f"{_round(float(value) * 100, SHARE_DIGITS):.{SHARE_DIGITS}f}%"


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
