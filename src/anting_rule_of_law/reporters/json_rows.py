"""The JSON text of a report's long arrays, written from the scorecard's frames.

Why: a city's full report holds some 50,000 node and year-over-year rows; made into
dicts and then encoded, they cost about half of the JSON report's time. Here each
column is turned into JSON text once, by the very functions the standard library's
encoder uses (``encode_basestring`` for text, ``float.__repr__`` for numbers,
``int.__repr__``), and each row is one ``%`` of a template holding its sorted keys
and its indentation — the same characters as ``json.dumps(indent=2, sort_keys=True,
ensure_ascii=False)`` of the rows :func:`report_document` would have built. A frame
with a column of any other type is left to the document's ordinary path
(:func:`levels_texts` and :func:`yoy_text` then return ``None``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from json.encoder import encode_basestring
from math import isfinite
from typing import TYPE_CHECKING, Any

from anting_rule_of_law.records import STAGES
from anting_rule_of_law.reporters.json_text import INDENT, Prerendered, indented

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

    from anting_rule_of_law.records import Source

__all__ = [
    "audit_texts",
    "column_texts",
    "gaps_texts",
    "levels_texts",
    "object_texts",
    "yoy_text",
]

Key = tuple[str, int, str]
#: The depth of a result's own lists in the report (report > results > result > list).
RESULT_ARRAY = 3
_KEYS = ("unit", "year", "stage")


def column_texts(series: pl.Series, depth: int = 0) -> list[str] | None:
    """Each value's JSON text (non-finite numbers as ``null``, as the document has them),
    a list of texts indented for a value standing at ``depth``; ``None`` for a column of
    a type this module does not write."""
    import polars as pl

    dtype = series.dtype
    if dtype.is_float():
        values = series.to_list()
        if series.null_count() == 0 and series.is_finite().all():
            return list(map(float.__repr__, values))
        return ["null" if v is None or not isfinite(v) else float.__repr__(v) for v in values]
    if dtype.is_integer():
        return ["null" if v is None else int.__repr__(v) for v in series.to_list()]
    if dtype == pl.Boolean:
        return ["null" if v is None else ("true" if v else "false") for v in series.to_list()]
    if dtype == pl.Null:
        return ["null"] * len(series)
    if dtype == pl.String or isinstance(dtype, (pl.Categorical, pl.Enum)):
        values = series.cast(pl.String).to_list()
        if series.null_count() == 0:
            return list(map(encode_basestring, values))
        return ["null" if v is None else encode_basestring(v) for v in values]
    if isinstance(dtype, pl.List) and dtype.inner in (pl.String, pl.Null):
        first = "[\n" + INDENT * (depth + 1)
        between = ",\n" + INDENT * (depth + 1)
        last = "\n" + INDENT * depth + "]"
        return [
            "null"
            if v is None
            else first + between.join(map(_text_or_null, v)) + last
            if v
            else "[]"
            for v in series.to_list()
        ]
    return None


def _text_or_null(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def object_texts(
    frame: pl.DataFrame,
    fields: Sequence[str],
    depth: int,
    given: Mapping[str, list[str]] | None = None,
) -> list[str] | None:
    """Each row of ``frame`` as an indented JSON object of its ``fields`` (those the
    frame has) and of the ``given`` fields (each row's text already written), the
    object opening at ``depth``; ``None`` if a column is of a type
    :func:`column_texts` does not write."""
    given = given or {}
    names = sorted({*(f for f in fields if f in frame.columns), *given})
    columns = []
    for name in names:
        texts = given[name] if name in given else column_texts(frame.get_column(name), depth + 1)
        if texts is None:
            return None
        columns.append(texts)
    if not names:
        return ["{}"] * frame.height
    inner = "\n" + INDENT * (depth + 1)
    template = (
        "{"
        + ",".join(f"{inner}{encode_basestring(n).replace('%', '%%')}: %s" for n in names)
        + "\n"
        + INDENT * depth
        + "}"
    )
    return list(map(template.__mod__, zip(*columns, strict=True)))


def levels_texts(
    nodes: pl.DataFrame, fields: Sequence[str], order: Mapping[str, int], at: int = RESULT_ARRAY
) -> dict[Key, Prerendered] | None:
    """Each result's ``levels`` (its nodes below the total, in blocks by level, each
    block's nodes in the framework's order ``order``, ties in the frame's order), as
    :func:`report_document` builds them, written for a list standing at depth ``at``;
    ``None`` if a column is of another type."""
    import polars as pl

    frame = (
        _keyed(nodes, order)
        .filter(pl.col("level") != 0)
        .sort("__unit", "year", "__stage", "level", "__order", "__row")
    )
    # [ (at) {level, nodes (at + 2): [ {node (at + 3) ...
    rows = object_texts(frame, fields, at + 3)
    if rows is None:
        return None
    units = frame.get_column("__unit").to_list()
    years = frame.get_column("year").to_list()
    stages = frame.get_column("__stage").to_list()
    levels = frame.get_column("level").to_list()
    between = ",\n" + INDENT * (at + 3)
    field, close = "\n" + INDENT * (at + 2), "\n" + INDENT * (at + 1)
    blocks: dict[Key, list[str]] = {}
    for start, end in _runs(units, years, stages, levels):
        key = (str(units[start]), int(years[start]), str(stages[start]))
        body = between.join(rows[start:end])
        blocks.setdefault(key, []).append(
            f'{{{field}"level": {int.__repr__(int(levels[start]))},{field}"nodes": ['
            f"{field}{INDENT}{body}{field}]{close}}}"
        )
    return {key: Prerendered(_array(found, at), at) for key, found in blocks.items()}


def yoy_text(yoy: pl.DataFrame, fields: Sequence[str], at: int = 1) -> Prerendered | None:
    """The document's ``yoy`` list (by unit, stage in process order, code and year, ties
    in the frame's order), written for a list standing at depth ``at``; ``None`` if a
    column is of another type."""
    import polars as pl

    if yoy.height == 0:
        return Prerendered("[]", at)
    stages = {s: i for i, s in enumerate(STAGES)}
    frame = yoy.with_row_index("__row").sort(
        pl.col("unit").cast(pl.String),
        pl.col("stage")
        .cast(pl.String)
        .replace_strict(stages, default=len(STAGES), return_dtype=pl.Int64),
        pl.col("code").cast(pl.String),
        "year",
        "__row",
    )
    rows = object_texts(frame, fields, at + 1)
    return None if rows is None else Prerendered(_array(rows, at), at)


def audit_texts(
    audit: pl.DataFrame,
    fields: Sequence[str],
    order: Mapping[str, int],
    sources: Mapping[Key, Mapping[str, Source]],
    inputs_value: Callable[[str | None], Any],
    at: int = RESULT_ARRAY,
) -> dict[Key, Prerendered] | None:
    """Each result's ``audit`` list (its rows in the framework's order ``order``, ties in
    the frame's order) with each row's stated source from ``sources`` and its inputs
    as ``inputs_value`` reads their text, as :func:`report_document` builds it, written
    for a list standing at depth ``at``; ``None`` if a column is of another type."""
    import polars as pl

    frame = _keyed(audit, order).sort("__unit", "year", "__stage", "__order", "__row")
    # A row object opens at depth at + 1; its values stand at at + 2.
    given: dict[str, list[str]] = {}
    if "inputs" in fields and "inputs" not in frame.columns:
        given["inputs"] = ["{}"] * frame.height
    elif "inputs" in fields:
        if frame.schema["inputs"] not in (pl.String, pl.Null):
            return None
        known: dict[str | None, str] = {}
        texts = []
        for raw in frame.get_column("inputs").to_list():
            text = known.get(raw)
            if text is None:
                text = known[raw] = _at(indented(inputs_value(raw)), at + 2)
            texts.append(text)
        given["inputs"] = texts
    units = frame.get_column("__unit").to_list()
    years = frame.get_column("year").to_list()
    stages = frame.get_column("__stage").to_list()
    if sources:
        codes = frame.get_column("code").cast(pl.String).to_list()
        given["source"] = [
            _source_text(sources.get((u, int(y), s), {}).get(c), at + 2)
            for u, y, s, c in zip(units, years, stages, codes, strict=True)
        ]
    else:
        given["source"] = ["null"] * frame.height
    rows = object_texts(frame, fields, at + 1, given)
    return None if rows is None else _per_result(rows, units, years, stages, at)


def gaps_texts(
    gaps: pl.DataFrame,
    fields: Sequence[str],
    order: Mapping[str, int],
    kinds: Mapping[str, str],
    sources: Mapping[Key, Mapping[str, Source]],
    clauses: pl.DataFrame,
    clause_fields: Sequence[str],
    shown_loss: Callable[[Any, Any], float | None],
    at: int = RESULT_ARRAY,
) -> dict[Key, Prerendered] | None:
    """Each result's ``gaps`` list as :func:`report_document` builds it: each gap with
    its rule kind (``kinds``), its stated source's kind and the clauses of ``clauses``
    that cost it points (``clause_fields`` of each, in the frame's order); largest
    ``shown_loss`` first, then the framework's ``order``, ties in the frame's order;
    written for a list standing at depth ``at``; ``None`` if a column is of another
    type."""
    import polars as pl

    frame = _keyed(gaps, order)

    def floats(name: str) -> list[Any]:
        if name not in frame.columns:
            return [None] * frame.height
        return [None if v is None or not isfinite(v) else v for v in frame[name].to_list()]

    # Python's sort compares -0.0 and 0.0 equal; + 0.0 makes them one value for polars too.
    losses = [
        -(shown_loss(s, m) or 0.0) + 0.0
        for s, m in zip(floats("score"), floats("max"), strict=True)
    ]
    frame = frame.with_columns(pl.Series("__loss", losses, dtype=pl.Float64)).sort(
        "__unit", "year", "__stage", "__loss", "__order", "__row"
    )
    units = frame.get_column("__unit").to_list()
    years = frame.get_column("year").to_list()
    stages = frame.get_column("__stage").to_list()
    codes = frame.get_column("code").cast(pl.String).to_list()
    fired = _fired_texts(clauses, clause_fields, at + 2)
    if fired is None:
        return None
    rows = object_texts(
        frame,
        fields,
        at + 1,
        {
            "rule": [encode_basestring(kinds.get(c, "")) for c in codes],
            "source": [
                _kind_text(sources.get((u, int(y), s), {}).get(c))
                for u, y, s, c in zip(units, years, stages, codes, strict=True)
            ],
            "clauses": [
                fired.get((u, int(y), s, c), "[]")
                for u, y, s, c in zip(units, years, stages, codes, strict=True)
            ],
        },
    )
    return None if rows is None else _per_result(rows, units, years, stages, at)


def _fired_texts(
    clauses: pl.DataFrame, fields: Sequence[str], at: int
) -> dict[tuple[str, int, str, str], str] | None:
    """Per (unit, year, stage, code), the list of its clause rows (``fields``, null
    where the frame has no such column), in the frame's order, for a list at ``at``."""
    import polars as pl

    missing = {f: ["null"] * clauses.height for f in fields if f not in clauses.columns}
    rows = object_texts(clauses, fields, at + 1, missing)
    if rows is None:
        return None
    keys = zip(
        clauses.get_column("unit").cast(pl.String).to_list(),
        clauses.get_column("year").to_list(),
        clauses.get_column("stage").cast(pl.String).to_list(),
        clauses.get_column("code").cast(pl.String).to_list(),
        strict=True,
    )
    found: dict[tuple[str, int, str, str], list[str]] = {}
    for (u, y, s, c), row in zip(keys, rows, strict=True):
        found.setdefault((u, int(y), s, c), []).append(row)
    return {key: _array(items, at) for key, items in found.items()}


def _kind_text(found: Source | None) -> str:
    return "null" if found is None else encode_basestring(found.kind)


def _per_result(
    rows: list[str], units: list[Any], years: list[Any], stages: list[Any], at: int
) -> dict[Key, Prerendered]:
    """The rows of each result (the rows sorted by result first) as its list at ``at``."""
    return {
        (str(units[start]), int(years[start]), str(stages[start])): Prerendered(
            _array(rows[start:end], at), at
        )
        for start, end in _runs(units, years, stages)
    }


def _runs(*columns: list[Any]) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of rows alike in every column (the frame is sorted)."""
    keys = list(zip(*columns, strict=True))
    start = 0
    for end in range(1, len(keys) + 1):
        if end == len(keys) or keys[end] != keys[start]:
            yield start, end
            start = end


def _source_text(found: Source | None, depth: int) -> str:
    if found is None:
        return "null"
    return _at(indented({"kind": found.kind, "ref": found.ref, "quote": found.quote}), depth)


def _at(text: str, depth: int) -> str:
    """A text written for depth 0, for a value standing at ``depth``."""
    return text.replace("\n", "\n" + INDENT * depth)


def _keyed(frame: pl.DataFrame, order: Mapping[str, int]) -> pl.DataFrame:
    """``frame`` with its row number, its unit and stage as text and each row's place in
    the framework's order (``__row``, ``__unit``, ``__stage``, ``__order``)."""
    import polars as pl

    return frame.with_row_index("__row").with_columns(
        pl.col("unit").cast(pl.String).alias("__unit"),
        pl.col("stage").cast(pl.String).alias("__stage"),
        pl.col("code")
        .cast(pl.String)
        .replace_strict(dict(order), default=len(order), return_dtype=pl.Int64)
        .alias("__order"),
    )


def _array(items: list[str], at: int) -> str:
    """A JSON list standing at depth ``at`` of items written for depth ``at + 1``."""
    if not items:
        return "[]"
    inner = "\n" + INDENT * (at + 1)
    return "[" + inner + ("," + inner).join(items) + "\n" + INDENT * at + "]"
