"""Numbers and yes/no answers as people type them into forms and spreadsheets.

Why: a town's office copies figures from its own reports — "1,333", "98.94%",
"1254.4万元", "95%以上", "１３３３", "是" — and the library must read them as
written rather than ask for a cleaned-up copy. Every parse keeps the original
text, says whether the text was a bound ("95%以上" is a lower bound, not 95%), and
refuses what is not a finite, sensible number with a message in zh and en.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from typing import Any

from attrs import frozen

__all__ = [
    "MAX_MAGNITUDE",
    "NumberError",
    "ParsedNumber",
    "parse_bool",
    "parse_number",
    "raw_text",
]

#: Larger figures are refused: no indicator counts beyond a quadrillion, and such
#: a value is almost always a paste error (a phone number, an ID card number).
MAX_MAGNITUDE = 1e15


class NumberError(ValueError):
    """A value that is not a number or yes/no answer; carries the message in en and zh."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh


@frozen
class ParsedNumber:
    """A parsed figure: the value (a fraction for percentages), its bound, the text as typed.

    ``bound`` is ``"min"`` for "95%以上" / "不低于95%" / "≥95%", ``"max"`` for
    "以下" / "不超过" / "≤", ``None`` for an exact figure. ``scale`` is 100 when
    the text carried ``%`` (1000 for ``‰``): ``value`` was divided by it.
    ``decimals`` is the number of decimals printed (in the unit printed, e.g. 2
    for "98.94%"), used to judge whether a printed rate was rounded or truncated.
    """

    value: float
    text: str
    bound: str | None = None
    scale: int = 1
    decimals: int = 0

    @property
    def percent(self) -> bool:
        return self.scale != 1


_MIN_PREFIXES = (
    "大于等于",
    "不低于",
    "不少于",
    "不小于",
    "至少",
    "最少",
    "超过",
    "高于",
    "多于",
    "≥",
    ">=",
    ">",
)
_MAX_PREFIXES = (
    "小于等于",
    "不超过",
    "不高于",
    "不多于",
    "不大于",
    "至多",
    "最多",
    "低于",
    "少于",
    "≤",
    "<=",
    "<",
)
_MIN_SUFFIXES = ("及以上", "或以上", "以上")
_MAX_SUFFIXES = ("及以下", "或以下", "以下", "以内")
#: Measure words stripped from the end ("366件", "12544000元", "1,542次").
_MEASURE_WORDS = (
    "人次", "小时", "元", "人", "件", "次", "个", "起", "家", "分", "户", "条", "项",
    "名", "场", "期", "篇", "份", "天", "日", "所", "座", "处", "宗", "批", "例",
)  # fmt: skip
_MULTIPLIERS = {"万": 1e4, "亿": 1e8, "千": 1e3}
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_SPACED_DIGITS = re.compile(r"\d[.,]?\s+[.,]?\d")
_NON_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


def raw_text(value: Any) -> str:
    """The text a value stands for, as a person would have typed it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and abs(value) < 1e16 and value.is_integer():
        return str(int(value))
    return str(value)


def _normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII (NFKC), spaces removed, minus signs unified."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2212", "-").replace("－", "-")
    return "".join(text.split())


def parse_number(value: Any) -> ParsedNumber:
    """Parse a figure typed by a person; raise :class:`NumberError` when it is not one.

    >>> parse_number("98.94%").value
    0.9894
    >>> parse_number("1254.4万元").value
    12544000.0
    >>> parse_number("95%以上").bound
    'min'
    """
    if isinstance(value, bool):
        raise NumberError(
            f"expected a number, got the yes/no value {raw_text(value)}",
            f"此处应填数字，而不是是/否值 {raw_text(value)}",
        )
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:  # an integer beyond any float (10**400)
            number = math.inf
        _check_finite(number, raw_text(value))
        decimals = _decimals(repr(float(value))) if isinstance(value, float) else 0
        return ParsedNumber(value=number, text=raw_text(value), decimals=decimals)
    if not isinstance(value, str):
        raise NumberError(
            f"expected a number, got {type(value).__name__}",
            f"此处应填数字，而不是 {type(value).__name__}",
        )
    original = value
    if _SPACED_DIGITS.search(unicodedata.normalize("NFKC", value)):
        raise NumberError(
            f"{original!r} has a space between digits: two numbers, or one typed with a space "
            "(write 1234 or 1,234)",
            f"{original!r} 的数字之间有空格：是两个数，还是一个数中多了空格？（请写成 1234 或 1,234）",
        )
    text = _normalise(value)
    if not text:
        raise NumberError("empty value", "值为空")
    if text.casefold() in _NON_FINITE:
        raise NumberError(
            f"{original!r} is not a finite number",
            f"{original!r} 不是有限数值",
        )
    text, bound = _strip_bound(text)
    body, percent_div = _strip_percent(text)
    body, multiplier = _strip_units(body)
    if body.endswith("%") or body.endswith("‰"):
        body, percent_div = _strip_percent(body)
    if _GROUPED.fullmatch(body):
        body = body.replace(",", "")
    elif "," in body:
        raise NumberError(
            f"{original!r}: a comma that is not a thousands separator (write 1,333 or 98.94)",
            f"{original!r}：逗号不是千分位分隔符（请写成 1,333 或 98.94）",
        )
    if not _PLAIN.fullmatch(body):
        raise NumberError(
            f"{original!r} is not a number",
            f"{original!r} 不是数字",
        )
    try:
        number = float(Decimal(body) * Decimal(multiplier) / Decimal(percent_div))
    except ArithmeticError:  # an exponent beyond what Decimal holds (1e999999999)
        number = math.inf
    _check_finite(number, original)
    return ParsedNumber(
        value=number,
        text=original,
        bound=bound,
        scale=int(percent_div),
        decimals=_decimals(body),
    )


def _strip_bound(text: str) -> tuple[str, str | None]:
    bound: str | None = None
    for words, kind, prefix in (
        (_MIN_PREFIXES, "min", True),
        (_MAX_PREFIXES, "max", True),
        (_MIN_SUFFIXES, "min", False),
        (_MAX_SUFFIXES, "max", False),
    ):
        for word in words:
            if (text.startswith(word) if prefix else text.endswith(word)) and len(text) > len(word):
                if bound is not None and bound != kind:
                    raise NumberError(
                        f"{text!r} says both 'at least' and 'at most'",
                        f"{text!r} 同时写了“以上”和“以下”",
                    )
                bound = kind
                text = text[len(word) :] if prefix else text[: -len(word)]
                break
    return text, bound


def _strip_percent(text: str) -> tuple[str, float]:
    if text.endswith("%"):
        return text[:-1], 100.0
    if text.endswith("‰"):
        return text[:-1], 1000.0
    return text, 1.0


def _strip_units(text: str) -> tuple[str, float]:
    for word in _MEASURE_WORDS:
        if text.endswith(word) and len(text) > len(word):
            text = text[: -len(word)]
            break
    multiplier = 1.0
    while text and text[-1] in _MULTIPLIERS and len(text) > 1:
        multiplier *= _MULTIPLIERS[text[-1]]
        text = text[:-1]
    return text, multiplier


def _decimals(body: str) -> int:
    mantissa = body.lower().split("e")[0]
    _, dot, frac = mantissa.partition(".")
    return len(frac) if dot else 0


def _check_finite(number: float, shown: str) -> None:
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    if not math.isfinite(number):
        raise NumberError(f"{shown!r} is not a finite number", f"{shown!r} 不是有限数值")
    if abs(number) > MAX_MAGNITUDE:
        raise NumberError(
            f"{shown!r} is too large (more than 10^15): a paste error?",
            f"{shown!r} 数值过大（超过 10^15），是否粘贴错误？",
        )


_TRUE = {"是", "有", "已", "对", "达标", "yes", "y", "true", "t", "√", "✓", "✔", "1", "是的"}
_FALSE = {"否", "无", "没有", "未", "不", "错", "不达标", "未达标", "no", "n", "false", "f", "×", "✗", "✘", "0"}  # fmt: skip


def parse_bool(value: Any) -> bool:
    """Parse a yes/no answer (是/否, 有/无, 已/未, yes/no, true/false, √/×, Y/N, 1/0)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        key = _normalise(value).casefold()
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    shown = raw_text(value)
    raise NumberError(
        f"{shown!r} is not a yes/no answer (write 是/否, yes/no, true/false, √/×, 1/0)",
        f"{shown!r} 不是是/否答案（请填 是/否、yes/no、true/false、√/×、1/0）",
    )
