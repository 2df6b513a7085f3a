"""Numbers and yes/no answers as people type them."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anting_rule_of_law.assessments.numbers import (
    NumberError,
    parse_bool,
    parse_number,
    raw_text,
)


@pytest.mark.parametrize(
    ("text", "value", "bound"),
    [
        ("98.94%", 0.9894, None),
        ("98.94％", 0.9894, None),
        ("１３３３", 1333.0, None),
        ("１３３３．５", 1333.5, None),
        ("2,729,750", 2729750.0, None),
        ("2，729，750", 2729750.0, None),
        ("1254.4万元", 12544000.0, None),
        ("1.5亿", 150000000.0, None),
        ("3千", 3000.0, None),
        ("366件", 366.0, None),
        ("1,542次", 1542.0, None),
        ("49人次", 49.0, None),
        ("12家", 12.0, None),
        ("95%以上", 0.95, "min"),
        ("不低于95%", 0.95, "min"),
        ("≥95%", 0.95, "min"),
        (">=95%", 0.95, "min"),
        ("至少30次", 30.0, "min"),
        ("5%以下", 0.05, "max"),
        ("不超过3起", 3.0, "max"),
        ("≤2", 2.0, "max"),
        (" 42 ", 42.0, None),
        ("-3", -3.0, None),
        ("−3", -3.0, None),
        ("1e3", 1000.0, None),
        ("12.5‰", 0.0125, None),
        ("0", 0.0, None),
    ],
)
def test_parse_number_as_typed(text: str, value: float, bound: str | None) -> None:
    parsed = parse_number(text)
    assert parsed.value == pytest.approx(value, rel=1e-15)
    assert parsed.bound == bound
    assert parsed.text == text


def test_percent_and_decimals_are_kept_for_the_consistency_check() -> None:
    parsed = parse_number("98.94%")
    assert parsed.percent and parsed.scale == 100 and parsed.decimals == 2
    assert parse_number(0.9894).decimals == 4
    assert not parse_number(1333).percent


def test_percent_is_exact_to_the_last_digit() -> None:
    # 98.94 / 100 in binary floats is 0.9893999999999999; the parser divides exactly.
    assert parse_number("98.94%").value == 0.9894
    assert parse_number("59.15%").value == 0.5915


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("nan", "not a finite number"),
        ("NaN", "not a finite number"),
        ("inf", "not a finite number"),
        ("-Infinity", "not a finite number"),
        (math.nan, "not a finite number"),
        (math.inf, "not a finite number"),
        ("1e20", "too large"),
        (1e16, "too large"),
        ("100000000亿", "too large"),
        ("1e999", "not a finite number"),
        ("abc", "is not a number"),
        ("一千", "is not a number"),
        ("1,5", "comma"),
        ("98,94%", "comma"),
        ("", "empty"),
        ("   ", "empty"),
        (True, "yes/no"),
        ([1], "expected a number"),
        ("95%以上以下", "is not a number"),
        ("约95%", "is not a number"),
    ],
)
def test_parse_number_rejects(value: object, fragment: str) -> None:
    with pytest.raises(NumberError) as info:
        parse_number(value)
    assert fragment in info.value.en
    assert info.value.zh  # a Chinese message as well


@pytest.mark.parametrize(
    "text", ["是", "有", "已", "yes", "Y", "true", "TRUE", "√", "✓", "1", 1, True, 1.0]
)
def test_parse_bool_true(text: object) -> None:
    assert parse_bool(text) is True


@pytest.mark.parametrize(
    "text", ["否", "无", "未", "no", "N", "false", "×", "0", 0, False, "没有", "ｎｏ"]
)
def test_parse_bool_false(text: object) -> None:
    assert parse_bool(text) is False


@pytest.mark.parametrize("value", ["也许", "2", 2, "", None, 0.5])
def test_parse_bool_rejects(value: object) -> None:
    with pytest.raises(NumberError, match="yes/no"):
        parse_bool(value)


def test_raw_text_is_what_a_person_typed() -> None:
    assert raw_text(1319.0) == "1319"
    assert raw_text(0.9894) == "0.9894"
    assert raw_text(True) == "true"
    assert raw_text("98.94%") == "98.94%"
    assert raw_text(1e300) == "1e+300"


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}").value == n
    assert parse_number(f"{n:,}".replace(",", "，")).value == n


@given(st.integers(min_value=0, max_value=10**12))
def test_full_width_digits_round_trip(n: int) -> None:
    full = "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    assert parse_number(full).value == n


@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False))
def test_percent_text_is_value_over_100(d: object) -> None:
    parsed = parse_number(f"{d}%")
    assert parsed.value == pytest.approx(float(str(d)) / 100, rel=1e-12, abs=1e-15)
    assert parsed.percent


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_finite_floats_parse_to_themselves(x: float) -> None:
    assert parse_number(x).value == x
    assert parse_number(repr(x)).value == x


@given(st.text(max_size=12))
def test_parse_number_never_crashes(text: str) -> None:
    try:
        parsed = parse_number(text)
    except NumberError as err:
        assert err.en and err.zh
    else:
        assert math.isfinite(parsed.value)
        assert abs(parsed.value) <= 1e15
