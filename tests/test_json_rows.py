"""The JSON report's long arrays written from the frames: exactly ``json.dumps``'s text.

``reporters/json_rows.py`` writes each column with the encoder's own functions and
each row from a template; these tests hold its text to ``json.dumps(indent=2,
sort_keys=True, ensure_ascii=False)`` of the same rows as Python values — for any
float (``repr``'s shortest form, exponents, ``-0.0``), any text (quotes, backslashes,
control characters, CJK, characters beyond the BMP) — and the whole report to the
text of the document built as dicts.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anting_rule_of_law import load_framework, read_assessment, score, score_frame
from anting_rule_of_law.hookspecs import RenderOptions
from anting_rule_of_law.plugins import get_plugin_manager
from anting_rule_of_law.reporters.document import prerendered_document, report_document
from anting_rule_of_law.reporters.json_rows import column_texts, object_texts
from anting_rule_of_law.reporters.json_text import Prerendered, indented
from plugin_fixtures import scorecards as sample

REPO = Path(__file__).resolve().parents[1]
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=10) | st.sampled_from(
    ['"', "\\", '\\"', "\x00", "\x1f\x7f", "\n\r\t\b\f", "安亭镇", "𠀀😀", "%s", "%(a)s"]
)
FLOATS = st.floats() | st.sampled_from(
    [0.1 + 0.2, 1e-7, 1e16, -0.0, 0.0, 5e-324, 1.7976931348623157e308, 1e22, 123456789.0]
)
#: Field names the row template must keep as they are (``%`` is the template's own sign).
NAMES = ("f", "i", "s", "b", "c", "l", 'a%s"\\键')


def reference(value: Any, depth: int = 0) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)
    return text.replace("\n", "\n" + "  " * depth)


def finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


ROWS = st.lists(
    st.tuples(
        st.none() | FLOATS,
        st.none() | st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.none() | TEXT,
        st.none() | st.booleans(),
        TEXT,
        st.none() | st.lists(st.none() | TEXT, max_size=3),
        st.none() | FLOATS,
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(ROWS, st.integers(min_value=0, max_value=4))
def test_rows_same_text_as_json_dumps(rows: list[tuple[Any, ...]], depth: int) -> None:
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(NAMES)
    frame = pl.DataFrame(
        {
            "f": pl.Series(columns[0], dtype=pl.Float64),
            "i": pl.Series(columns[1], dtype=pl.Int64),
            "s": pl.Series(columns[2], dtype=pl.String),
            "b": pl.Series(columns[3], dtype=pl.Boolean),
            "c": pl.Series(columns[4], dtype=pl.Categorical),
            "l": pl.Series(columns[5], dtype=pl.List(pl.String)),
            NAMES[-1]: pl.Series(columns[6], dtype=pl.Float64),
            "not asked": pl.Series([1] * len(rows), dtype=pl.Int64),
        }
    )
    expected = [
        reference(
            {
                "f": finite(f),
                "i": i,
                "s": s,
                "b": b,
                "c": c,
                "l": lst,
                NAMES[-1]: finite(g),
            },
            depth,
        )
        for f, i, s, b, c, lst, g in rows
    ]
    assert object_texts(frame, NAMES, depth) == expected


@pytest.mark.parametrize(
    "value", [0.1 + 0.2, 1e-7, 1e16, -0.0, 5e-324, 1e22, 2.5, 100.0, -1.5e-300]
)
def test_floats_as_python_writes_them(value: float) -> None:
    assert column_texts(pl.Series([value, float("nan"), None, float("-inf")])) == [
        json.dumps(value),
        "null",
        "null",
        "null",
    ]


def test_a_column_of_another_type_is_left_to_the_dicts() -> None:
    frame = pl.DataFrame({"d": [pl.Series([1, 2])]})  # a list of integers
    assert column_texts(frame.get_column("d")) is None
    assert object_texts(frame, ["d"], 0) is None


@pytest.mark.parametrize("written_at", [0, 1, 3])
@pytest.mark.parametrize("placed_at_list", [False, True])
def test_prerendered_indented_where_it_stands(written_at: int, placed_at_list: bool) -> None:
    value = [{"a": [1.5, "x\n"], "b": {}}, {"c": None}]
    text = Prerendered(reference(value, written_at), written_at)
    doc: dict[str, Any] = {"z": 1, "deep": {"list": [text] if placed_at_list else text}}
    plain = {"z": 1, "deep": {"list": [value] if placed_at_list else value}}
    assert indented(doc) == reference(plain)
    # the paths that walk in Python (a text beginning with NUL) and json.dumps itself
    assert indented({**doc, "\x00k": "\x00v"}) == reference({**plain, "\x00k": "\x00v"})
    with pytest.raises(ValueError):
        indented({**doc, "nan": float("nan")})


def _generated() -> Any:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    fw = load_framework("shanghai-town-2023")
    data = generate(9, 2, 7)
    return score_frame(fw, data.entries, data.clauses, data.units, data.vetoes)


def _anting() -> Any:
    return score(
        "shanghai-town-2023", read_assessment(REPO / "examples/anting_2023/anting_2023.yaml")
    )


SCORECARDS = {
    "sample batch": lambda: score(sample.framework(), sample.batch()),
    "Anting (sources)": _anting,
    "generated, 9 towns x 2 years": _generated,
}


@pytest.mark.parametrize("detail", ["full", "summary"])
@pytest.mark.parametrize("name", list(SCORECARDS))
def test_report_text_same_as_from_dicts(name: str, detail: str) -> None:
    sc = SCORECARDS[name]()
    options = RenderOptions(detail=detail)
    dicts = report_document(sc, options)
    assert indented(prerendered_document(sc, options)) == reference(dicts)
    rendered = get_plugin_manager(load_entrypoints=False).render(sc, "json", options)
    assert rendered == reference(dicts) + "\n"
    if name != "sample batch":
        assert dicts["yoy"] or name == "Anting (sources)"
