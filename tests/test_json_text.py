"""The report's fast indented JSON writer gives exactly ``json.dumps``'s text and errors."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anting_rule_of_law.reporters.json_text import indented

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
)
DOCS = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=6), inner, max_size=5)
    ),
    max_leaves=40,
)


def reference(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)


@settings(max_examples=400, deadline=None)
@given(DOCS)
def test_same_text_as_json_dumps(doc: Any) -> None:
    assert indented(doc) == reference(doc)


def test_tuples_and_nested_empties() -> None:
    doc = {"a": (1, 2), "b": [], "c": {}, "d": [{"x": [], "y": {"z": [1.5, "表"]}}], "e": "|"}
    assert indented(doc) == reference(doc)


@pytest.mark.parametrize("bad", [{"x": math.nan}, {"x": [math.inf]}, {1: "a"}, {"x": object()}])
def test_unusual_values_get_json_dumps_own_answer(bad: Any) -> None:
    try:
        expected: Any = reference(bad)
    except (ValueError, TypeError) as exc:
        with pytest.raises(type(exc)):
            indented(bad)
    else:
        assert indented(bad) == expected


#: Report-shaped documents: lists of objects whose values are scalars or small
#: containers (the shape the writer encodes a list at a time), texts that may begin
#: with NUL (the writer's placeholders begin with it) or hold separators' characters.
TEXTS = st.text(alphabet=st.sampled_from(["\x00", "}", "{", ",", "\n", " ", '"', "0", "表"]))
RECORD_VALUES = (
    SCALARS
    | TEXTS
    | st.lists(SCALARS | TEXTS, max_size=3)
    | st.dictionaries(TEXTS, SCALARS, max_size=3)
)
RECORDS = st.lists(st.dictionaries(TEXTS | st.text(max_size=4), RECORD_VALUES, max_size=5))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=3), RECORDS | st.lists(RECORDS, max_size=3), max_size=3))
def test_lists_of_objects_same_text_as_json_dumps(doc: Any) -> None:
    assert indented(doc) == reference(doc)


@pytest.mark.parametrize(
    "doc",
    [
        [{"a": "\x000", "b": [1]}, {"a": [{"x": "\x00"}], "b": {}}],
        {"\x001": [1, 2], "k": {"z": "\x000"}},
        [{"a": 1}, {}, {"a": [2]}],
        [{"a": "},\n      {"}, {"a": {"b": "},\n{"}}],
        [[{"a": {"b": [{"c": "\x00"}]}}]],
    ],
)
def test_placeholders_never_mistaken_for_text(doc: Any) -> None:
    assert indented(doc) == reference(doc)
