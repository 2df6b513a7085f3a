"""Cleaning the text of an indicator table: names, numbering prefixes, points.

Why a module of its own: official tables are typed by hand, so names carry
numbering in every style (一、 （一） 1. 1、 (1) ① 第一条), points come as ``5``,
``5分``, ``５分`` or ``5.0``, and first-level names often end in their own points
("党委领导（20分）"). These helpers turn such text into clean values and say
plainly when they cannot.
"""

from __future__ import annotations

import math
import re
import unicodedata

__all__ = [
    "PointsError",
    "clean_cell",
    "compact",
    "half_width_digits",
    "parse_points",
    "split_name_points",
    "strip_numbering",
]

_CN_NUM = "一二三四五六七八九十百零〇"
_NUMBERING = re.compile(
    r"^\s*(?:"
    rf"第[{_CN_NUM}\d]+[章节条项部分款]"  # 第一条, 第2章
    rf"|[（(]\s*[{_CN_NUM}\d]+\s*[）)]"  # （一） (1) （１）
    r"|\d+(?:[.．]\d+)+(?![\d.．%％倍元万亿个次件项分年月日天])[、．.)）]?"  # 1.1 (not 1.5%, 1.5倍)
    rf"|[{_CN_NUM}]+\s*[、．.]"  # 一、 十二．
    r"|\d+\s*[、．.)）](?![\d%％])"  # 1. 1、 1) but not 1.5
    r"|[①-⑳⑴-⒇⒈-⒛]"  # circled and parenthesised digits
    r"|[A-Za-z](?:[、．)）]|\.(?=\s))"  # A. a)
    r")\s*"
)
_EMBEDDED_POINTS = re.compile(r"\s*[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]\s*$")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_SPACES = re.compile(r"[\s\u3000]+")


class PointsError(ValueError):
    """Text that is not a number of points; carries the reason in en and zh."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh


def clean_cell(value: str | None) -> str | None:
    """A cell's text with outer whitespace (including full-width spaces) removed; ``None`` if blank."""
    if value is None:
        return None
    text = value.strip().strip("\u3000").strip()
    return text or None


def compact(text: str) -> str:
    """NFKC-normalised, lower-case, without any whitespace: for comparing labels."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).lower()


def half_width_digits(text: str) -> str:
    """Full-width digits, point and percent sign as ASCII; every other character kept."""
    return text.translate(_FULL_WIDTH_DIGITS)


def strip_numbering(name: str) -> str:
    """``"（一）组织领导"`` -> ``"组织领导"``; a name that is only a number is kept as it is."""
    text = name.strip()
    for _ in range(2):  # "一、（一）" happens; more levels do not
        stripped = _NUMBERING.sub("", text, count=1).strip()
        if not stripped or stripped == text:
            break
        text = stripped
    return text


def split_name_points(name: str) -> tuple[str, float | None]:
    """``"党委领导（20分）"`` -> ``("党委领导", 20.0)``; no trailing points -> ``(name, None)``."""
    m = _EMBEDDED_POINTS.search(half_width_digits(name))
    if m is None:
        return name, None
    return name[: m.start()].rstrip(), float(m.group(1))


def parse_points(text: str) -> float:
    """Points as written: ``5``, ``5.0``, ``5分``, ``５分``, ``5 分``. Raises :class:`PointsError`."""
    raw = _SPACES.sub("", half_width_digits(unicodedata.normalize("NFKC", text)))
    number = raw[:-1] if raw.endswith("分") else raw
    if not re.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", number):
        raise PointsError(
            f"points {text!r} are not a number (write e.g. 5 or 5分)",
            f"分值 {text!r} 不是数字（应写作 5 或 5分）",
        )
    value = float(number)
    if value < 0 or not math.isfinite(value):
        raise PointsError(f"points {text!r} must be 0 or more", f"分值 {text!r} 不能为负数")
    return value
