"""The report as plain data: one versioned document every reporter renders from.

Why one document: the JSON report *is* this document, and the Markdown, Excel
and HTML reports are views of it, so every format shows the same figures by
construction. Numbers are kept at full precision here; rounding (half-up) is a
display concern of each view. Third-party reporters may build on
:func:`report_document` too: its shape is the JSON report's, described by the
shipped schema ``schemas/report.schema.json`` (``anting-rol schema report``).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as _dt
import gc
import json
import math
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from anting_rule_of_law.columns import AUDIT, CLAUSES, GAPS, NODES, TOTALS, YOY
from anting_rule_of_law.hookspecs import RenderOptions
from anting_rule_of_law.records import SOURCE_KINDS, STAGES, Source
from anting_rule_of_law.reporters.comparison import stage_comparisons

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

    from anting_rule_of_law.records import Framework
    from anting_rule_of_law.scoring import Scorecard

__all__ = [
    "SCHEMA_VERSION",
    "TOOL_NAME",
    "collection_paused",
    "leaf_rules",
    "prerendered_document",
    "ranking_order",
    "report_document",
    "result_key",
]

#: Bumped when a field is removed or changes meaning, or when a field is added that
#: a strict reader of the shipped schema (``additionalProperties: false``) would
#: refuse. 2: each result's ``comparison`` with the stage before, the audit's ``remark``.
SCHEMA_VERSION = 2
TOOL_NAME = "anting-rule-of-law"

Key = tuple[str, int, str]

#: What each result writes of each frame's rows (the contract in scoring/columns.py).
_NODE_FIELDS = NODES.report
_TOTAL_FIELDS = TOTALS.report
_AUDIT_FIELDS = AUDIT.report
_CLAUSE_FIELDS = CLAUSES.report
_GAP_FIELDS = GAPS.report
_YOY_FIELDS = YOY.report
#: What a gap writes of each clause that cost it points.
_GAP_CLAUSE_FIELDS = ("clause", "text", "text_en", "deduction")


@contextlib.contextmanager
def collection_paused() -> Generator[None, None, None]:
    """Python's cycle collector off while a big report is rendered, on again after.

    Why: a city's report makes millions of small dicts, lists and strings, none in a
    cycle; every few hundred thousand of them the collector walks every object the
    process holds (the scorecard's frames included) for nothing — a fifth of the
    workbook's time. Cycles made meanwhile are collected once it is back on.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def result_key(result: Mapping[str, Any]) -> Key:
    """(unit code, year, stage) of one result of the document."""
    return (str(result["unit"]["code"]), int(result["year"]), str(result["stage"]))


def ranking_order(results: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Results as every ranking table lists them: by year, then stage in process order
    (自评 → 初审 → 核定), then by rank (unranked last), then unit code."""

    def key(r: Mapping[str, Any]) -> tuple[Any, ...]:
        rank = r["total"].get("rank")
        stage = str(r["stage"])
        return (r["year"], _stage_order(stage), stage, rank is None, rank or 0, r["unit"]["code"])

    return sorted(results, key=key)


def _stage_order(stage: str) -> int:
    return STAGES.index(stage) if stage in STAGES else len(STAGES)


def _sort_key(key: Key) -> tuple[str, int, int, str]:
    return (key[0], key[1], _stage_order(key[2]), key[2])


def report_document(
    scorecard: Scorecard,
    options: RenderOptions | None = None,
    *,
    max_level: int | None = None,
    yoy_totals_only: bool = False,
) -> dict[str, Any]:
    """The whole report as JSON-ready data (see the module docstring).

    Results are ordered by unit code, year and stage (self, review, final);
    nodes within a level follow the framework's file order. ``detail="summary"``
    leaves out the audit trail and the fired clauses. A view that shows less may
    ask for less: nodes down to ``max_level`` only, the year-over-year rows of the
    totals only (``yoy_totals_only``).
    """
    return _document(
        scorecard, options, as_text=False, max_level=max_level, yoy_totals_only=yoy_totals_only
    )


def prerendered_document(
    scorecard: Scorecard, options: RenderOptions | None = None
) -> dict[str, Any]:
    """:func:`report_document` with its long arrays — each result's ``levels``,
    ``audit`` and ``gaps``, and ``yoy`` — as their JSON text already written from the frames
    (``json_text.Prerendered``, by ``reporters/json_rows.py``): for the JSON reporter,
    whose text is the same either way (``json_text.indented``), in less than half the
    time for a city's batch. Not a document to read or change."""
    return _document(scorecard, options, as_text=True)


def _document(
    scorecard: Scorecard,
    options: RenderOptions | None,
    *,
    as_text: bool,
    max_level: int | None = None,
    yoy_totals_only: bool = False,
) -> dict[str, Any]:
    from anting_rule_of_law import __version__

    opts = options or RenderOptions()
    fw = scorecard.framework
    order = {node.code: i for i, node in enumerate(fw.walk())}
    units = {a.unit.code: a.unit for a in scorecard.assessments}
    full = opts.detail == "full"

    sources = _sources(scorecard)
    leaves = [node.code for node in fw.leaves()]
    totals = _partition(scorecard.totals, _TOTAL_FIELDS)
    names = _partition(scorecard.totals, ("unit_name", "district"))
    node_frame = scorecard.nodes
    if max_level is not None:
        node_frame = node_frame.filter(node_frame["level"] <= max_level)
    levels = _levels_texts(node_frame, order) if as_text else None
    nodes = _partition(node_frame, ("level", *_NODE_FIELDS)) if levels is None else {}
    kinds = {leaf.code: leaf.rule.type for leaf in fw.leaves() if leaf.rule is not None}
    gap_frame = scorecard.gaps()
    gap_texts = _gap_texts(gap_frame, scorecard, order, kinds, sources) if as_text else None
    gaps = _partition(gap_frame, _GAP_FIELDS) if gap_texts is None else {}
    audit_texts = _audit_texts(scorecard, order, sources) if full and as_text else None
    audit = _partition(scorecard.audit, _AUDIT_FIELDS) if full and audit_texts is None else {}
    clauses = _partition(scorecard.clauses, _CLAUSE_FIELDS) if full or gaps else {}

    compared = stage_comparisons(scorecard)
    parsed: dict[str, tuple[Any, bool]] = {}
    results = []
    for key in sorted(totals, key=_sort_key):
        name_row = names[key][0]
        unit = units.get(key[0])
        result: dict[str, Any] = {
            "unit": {
                "code": key[0],
                "name": _text(name_row.get("unit_name")) or (unit.name if unit else key[0]),
                "name_en": unit.name_en if unit else "",
                "district": _text(name_row.get("district")),
            },
            "year": key[1],
            "stage": key[2],
            "total": totals[key][0],
            "provenance": _provenance(sources.get(key, {}), leaves),
            "levels": _levels(nodes.get(key, []), order) if levels is None else levels.get(key, []),
            "gaps": gap_texts.get(key, [])
            if gap_texts is not None
            else _gaps(
                [_with_source_kind(g, sources.get(key, {})) for g in gaps.get(key, [])],
                clauses.get(key, []),
                kinds,
                order,
            ),
        }
        if full:
            result["audit"] = (
                audit_texts.get(key, [])
                if audit_texts is not None
                else sorted(
                    (_audit_row(r, sources.get(key, {}), parsed) for r in audit.get(key, [])),
                    key=lambda r: order.get(r["code"], len(order)),
                )
            )
            result["clauses"] = sorted(
                clauses.get(key, []),
                key=lambda r: (order.get(r["code"], len(order)), str(r["clause"])),
            )
        if key in compared:
            result["comparison"] = compared[key]
        if fw.pass_requires:
            result["pass_rule"] = pass_rule(fw, key, totals)
        results.append(result)

    years = sorted({k[1] for k in totals})
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": __version__},
        "framework": {
            "id": fw.id,
            "version": fw.version,
            "sha256": fw.sha256,
            "status": fw.status,
            "title": fw.title,
            "title_en": fw.title_en,
            "total_points": _number(fw.total_points),
            "pass_line": _number(fw.pass_line),
            "pass_requires": list(fw.pass_requires),
            "vetoes": [
                {"code": v.code, "name": v.name, "name_en": v.name_en, "effect": v.effect}
                for v in fw.vetoes
            ],
        },
        "input_sha256": scorecard.input_sha256,
        "detail": opts.detail,
        "results": results,
        "yoy": _yoy(scorecard, yoy_totals_only, as_text) if len(years) > 1 else [],
    }
    if full:
        doc["framework"]["rules"] = leaf_rules(fw)
    if opts.timestamp:
        doc["generated_at"] = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    return doc


def pass_rule(
    fw: Framework, key: Key, totals: Mapping[Key, Sequence[Mapping[str, Any]]]
) -> dict[str, Any]:
    """Why a result passes or not under ``pass_requires``: the required stages up to its
    own that did not pass on their own (absent, vetoed or below the line), and those
    still to come."""
    from anting_rule_of_law.scoring.grading import Grader, unmet_stages  # loads polars

    unit, year, stage = key
    grader = Grader(fw)
    fails = {v.code for v in fw.vetoes if v.effect == "fail"}
    rows = {s: totals[(unit, year, s)][0] for s in fw.pass_requires if (unit, year, s) in totals}
    own = {s: grader.grade(r.get("score"), r.get("vetoes") or ())[1] for s, r in rows.items()}
    at = STAGES.index(stage)
    return {
        "requires": list(fw.pass_requires),
        "pass_line": _number(fw.pass_line),
        "unmet": [
            {
                "stage": s,
                "present": s in rows,
                "score": rows[s].get("score") if s in rows else None,
                "vetoed": s in rows and bool(fails & set(rows[s].get("vetoes") or ())),
            }
            for s in unmet_stages(fw.pass_requires, stage, own)
        ],
        "pending": [s for s in fw.pass_requires if STAGES.index(s) > at],
    }


def leaf_rules(fw: Framework) -> dict[str, dict[str, Any]]:
    """Each specific indicator's scoring rule, as the audit trail in words needs it:
    its kind, points and parameters, and every deduction clause (not only those
    that fired), keyed by code (``framework.rules`` of a full report)."""
    out: dict[str, dict[str, Any]] = {}
    for leaf in fw.leaves():
        rule = leaf.rule
        if rule is None:
            continue
        entry: dict[str, Any] = {"kind": rule.type, "points": _number(leaf.points)}
        for name in ("target", "floor", "low", "high", "per_item"):
            value = getattr(rule, name)
            if value is not None:
                entry[name] = float(value)
        if rule.type == "ratio":
            entry["zero_denominator"] = rule.zero_denominator
        if rule.levels:
            entry["levels"] = [[grade, float(share)] for grade, share in rule.levels]
        if rule.gate:
            entry["gate"] = rule.gate
            entry["gate_en"] = rule.gate_en
        if rule.clauses:
            entry["clauses"] = [
                {
                    "id": c.id,
                    "text": c.text,
                    "text_en": c.text_en,
                    "kind": c.kind,
                    "amount": float(c.amount),
                    **({"op": c.op} if c.op is not None else {}),
                    **({"threshold": float(c.threshold)} if c.threshold is not None else {}),
                    **({"max": float(c.max)} if c.max is not None else {}),
                }
                for c in rule.clauses
            ]
        out[leaf.code] = entry
    return out


def _gaps(
    rows: list[dict[str, Any]],
    fired: list[dict[str, Any]],
    kinds: Mapping[str, str],
    order: Mapping[str, int],
) -> list[dict[str, Any]]:
    """The gap list of one result: each gap with its rule kind and the clauses that
    cost points; largest *displayed* loss first (two losses that print alike are
    equal, whatever float noise says), then framework order."""
    from anting_rule_of_law.reporters.display import shown_loss

    by_code: dict[str, list[dict[str, Any]]] = {}
    for clause in fired:
        by_code.setdefault(str(clause["code"]), []).append(clause)
    out = []
    for gap in rows:
        code = str(gap["code"])
        gap["rule"] = kinds.get(code, "")
        gap["clauses"] = [{k: c.get(k) for k in _GAP_CLAUSE_FIELDS} for c in by_code.get(code, [])]
        out.append(gap)
    return sorted(
        out,
        key=lambda g: (
            -(shown_loss(g.get("score"), g.get("max")) or 0.0),
            order.get(str(g["code"]), len(order)),
        ),
    )


def _partition(frame: pl.DataFrame, fields: Sequence[str]) -> dict[Key, list[dict[str, Any]]]:
    """:func:`_records` grouped by (unit, year, stage), each group in the frame's row order."""
    out: dict[Key, list[dict[str, Any]]] = {}
    for key, record in _records(frame, fields, ("unit", "year", "stage")):
        out.setdefault((str(key[0]), int(key[1]), str(key[2])), []).append(record)
    return out


def _records(
    frame: pl.DataFrame, fields: Sequence[str], key_columns: Sequence[str] = ()
) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Each row's ``key_columns`` values and its ``fields`` (those the frame has) as
    clean JSON values, in the frame's row order.

    Why column-wise: non-finite floats become null in polars and plain columns (text,
    categories, integers, booleans, lists of text) need no per-value cleaning, so a
    row is one ``dict(zip(...))``; only columns of other types go through :func:`_clean`.
    """
    import polars as pl

    names = [f for f in fields if f in frame.columns]
    exprs = []
    slow = []
    for i, name in enumerate(names):
        dtype = frame.schema[name]
        col = pl.col(name)
        if dtype.is_float():
            exprs.append(pl.when(col.is_finite()).then(col).alias(name))
        else:
            exprs.append(col)
            if not _plain_dtype(dtype):
                slow.append(i)
    n = len(key_columns)
    keys = [pl.col(c).alias(f"__key_{i}") for i, c in enumerate(key_columns)]
    # Whole columns as Python lists (one call each), then rows by zip: no per-row
    # round trip through polars.
    columns = [s.to_list() for s in frame.select(*keys, *exprs).get_columns()]
    values = columns[n:]
    for i in slow:
        values[i] = [_clean(v) for v in values[i]]
    records = (dict(zip(names, row, strict=True)) for row in zip(*values, strict=True))
    if not names:
        records = ({} for _ in range(frame.height))
    key_rows = zip(*columns[:n], strict=True) if n else (() for _ in range(frame.height))
    yield from zip(key_rows, records, strict=True)


def _plain_dtype(dtype: Any) -> bool:
    """Whether polars already gives this column's values as plain JSON values."""
    import polars as pl

    if dtype.is_integer() or dtype in (pl.String, pl.Boolean, pl.Null):
        return True
    if isinstance(dtype, (pl.Categorical, pl.Enum)):
        return True
    return isinstance(dtype, pl.List) and dtype.inner in (pl.String, pl.Null)


def _levels(rows: Iterable[dict[str, Any]], order: Mapping[str, int]) -> list[dict[str, Any]]:
    by_level: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        level = int(row.pop("level"))
        if level == 0:  # the total has its own block
            continue
        by_level.setdefault(level, []).append(row)
    return [
        {
            "level": level,
            "nodes": sorted(by_level[level], key=lambda r: order.get(r["code"], len(order))),
        }
        for level in sorted(by_level)
    ]


def _audit_texts(
    scorecard: Scorecard, order: Mapping[str, int], sources: Mapping[Key, Mapping[str, Source]]
) -> dict[Key, Any] | None:
    from anting_rule_of_law.reporters.json_rows import audit_texts

    return audit_texts(scorecard.audit, _AUDIT_FIELDS, order, sources, _inputs_value)


def _gap_texts(
    frame: pl.DataFrame,
    scorecard: Scorecard,
    order: Mapping[str, int],
    kinds: Mapping[str, str],
    sources: Mapping[Key, Mapping[str, Source]],
) -> dict[Key, Any] | None:
    from anting_rule_of_law.reporters.display import shown_loss
    from anting_rule_of_law.reporters.json_rows import gaps_texts

    return gaps_texts(
        frame, _GAP_FIELDS, order, kinds, sources, scorecard.clauses, _GAP_CLAUSE_FIELDS, shown_loss
    )


def _levels_texts(nodes: pl.DataFrame, order: Mapping[str, int]) -> dict[Key, Any] | None:
    from anting_rule_of_law.reporters.json_rows import levels_texts

    return levels_texts(nodes, _NODE_FIELDS, order)


def _yoy(scorecard: Scorecard, totals_only: bool = False, as_text: bool = False) -> Any:
    frame = scorecard.yoy()
    if totals_only:
        frame = frame.filter(frame["code"].cast(str) == "")
    if as_text:
        from anting_rule_of_law.reporters.json_rows import yoy_text

        text = yoy_text(frame, _YOY_FIELDS)
        if text is not None:
            return text
    rows = [r for _, r in _records(frame, _YOY_FIELDS)]
    return sorted(
        rows, key=lambda r: (str(r["unit"]), _stage_order(str(r["stage"])), r["code"], r["year"])
    )


def _sources(scorecard: Scorecard) -> dict[Key, dict[str, Source]]:
    """Each assessment's stated sources by leaf code (the records hold them, not the frames)."""
    out: dict[Key, dict[str, Source]] = {}
    for a in scorecard.assessments:
        found = {e.code: e.source for e in a.entries if e.source is not None}
        if found:
            out[(a.unit.code, a.year, a.stage)] = found
    return out


def _provenance(sources: Mapping[str, Source], leaves: Sequence[str]) -> dict[str, int]:
    """How many specific indicators rest on the report, on illustrative values, on neither."""
    counts = dict.fromkeys(SOURCE_KINDS, 0)
    for code in leaves:
        found = sources.get(code)
        if found is not None:
            counts[found.kind] += 1
    stated = sum(counts.values())
    return {"leaves": len(leaves), **counts, "unstated": len(leaves) - stated}


def _with_source_kind(gap: dict[str, Any], sources: Mapping[str, Source]) -> dict[str, Any]:
    found = sources.get(str(gap["code"]))
    gap["source"] = None if found is None else found.kind
    return gap


def _audit_row(
    out: dict[str, Any], sources: Mapping[str, Source], parsed: dict[str, tuple[Any, bool]]
) -> dict[str, Any]:
    """An audit row as the report has it: its stated source, its inputs as JSON values
    (``parsed``: the inputs texts read so far, each with whether it is a flat object —
    a batch repeats a few thousand texts tens of thousands of times)."""
    found = sources.get(str(out["code"]))
    out["source"] = (
        None if found is None else {"kind": found.kind, "ref": found.ref, "quote": found.quote}
    )
    inputs = out.get("inputs")
    if isinstance(inputs, str):
        known = parsed.get(inputs)
        if known is None:
            value = _inputs_value(inputs)
            flat = type(value) is dict and all(type(v) in _SCALARS for v in value.values())
            parsed[inputs] = known = (value, flat)
        value, flat = known
        # Each row its own object, as if read on its own.
        out["inputs"] = dict(value) if flat else copy.deepcopy(value)
    if out.get("inputs") is None:
        out["inputs"] = {}
    return out


_SCALARS = (str, int, float, bool, type(None))


def _inputs_value(text: str | None) -> Any:
    """An audit row's inputs (their JSON text in the frame) as the report has them: the
    value read, non-finite numbers as null; a text that is not JSON as ``{"text": ...}``;
    none as ``{}``."""
    if text is None:
        return {}
    try:
        value = _clean(json.loads(text))
    except ValueError:
        return {"text": text}
    return {} if value is None else value


def _clean(value: Any) -> Any:
    """Plain JSON values: NaN/inf -> null, tuples -> lists, dates -> ISO text."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is dict:
        return {str(k): _clean(v) for k, v in value.items()}
    if kind is list:
        return [_clean(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, bool)):
        return value
    return str(value)


def _number(value: float | None) -> float | None:
    return None if value is None else float(value)


def _text(value: Any) -> str:
    return "" if value is None else str(value)
