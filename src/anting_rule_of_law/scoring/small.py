"""The small-input path: one town (a few (unit, year, stage) keys) scored in plain Python.

Why: the polars path plans a hundred queries per call (~1.5 ms each), so a single
town costs ~100 ms whatever its size. Here the same formulas (docs/scoring.md) run
as Python float arithmetic in the polars path's operation order — IEEE division,
left-to-right horizontal sums with nulls as 0, ``min_horizontal`` ignoring nulls —
so every number is bit for bit the one the polars path computes (tested equal in
tests/test_scoring_smallpath.py). Only ``totals`` is a polars frame built in the
run; the wide scores, keys and entries frames the long outputs are reshaped from
are built on first access, each with one ``pl.DataFrame`` call, and everything
downstream (nodes, audit, clauses, gaps) is the shared code of engine.py/audit.py.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
from attrs import frozen

from anting_rule_of_law.records import STAGES, Assessment, Framework
from anting_rule_of_law.scoring.engine import EngineResult, Trail, TrailParts
from anting_rule_of_law.scoring.frame import (
    CLAUSE_SCHEMA,
    ENTRY_SCHEMA,
    UNIT_SCHEMA,
    VALUE_COLUMNS,
    VETO_SCHEMA,
    _frame_digest,
    from_assessments,
    from_frames,
)
from anting_rule_of_law.scoring.memo import IdentityCache
from anting_rule_of_law.scoring.rules import STATUS
from anting_rule_of_law.scoring.wide import MISSING, NOT_APPLICABLE, SCORED, Plan, plan_of

__all__ = ["MAX_KEYS", "MAX_ROWS", "score_frames_small", "score_records_small"]

#: Use this path below this many (unit, year, stage) keys (0 disables it). Measured
#: crossover: see docs/benchmarks.md ("one town").
MAX_KEYS = 64
#: ``score_frame`` looks at frames of at most this many entry rows.
MAX_ROWS = 20_000

_STAGE_RANK = {s: i for i, s in enumerate(STAGES)}
_VALUES = ("met", "grade", "numerator", "denominator", "rate", "count", "value", "score", "gate")
_TOTALS_SCHEMA: dict[str, pl.DataType] = {
    "unit": pl.String(),
    "unit_name": pl.String(),
    "district": pl.String(),
    "year": pl.Int64(),
    "stage": pl.String(),
    "score": pl.Float64(),
    "max": pl.Float64(),
    "share": pl.Float64(),
    "grade": pl.String(),
    "grade_name": pl.String(),
    "grade_name_en": pl.String(),
    "passed": pl.Boolean(),
    "vetoed": pl.Boolean(),
    "vetoes": pl.List(pl.String()),
    "rank": pl.UInt32(),
    "district_rank": pl.UInt32(),
    "status": STATUS,
}
_STATUS_TEXT = ("scored", "missing", "not_applicable")
#: dtypes as text (comparing polars dtypes costs more than the whole rule pass).
_TEXT = {
    id(dtype): str(dtype)
    for schema in (ENTRY_SCHEMA, CLAUSE_SCHEMA, UNIT_SCHEMA, VETO_SCHEMA)
    for dtype in schema.values()
}

Key = tuple[str, int, str]
Row = dict[str, Any]


class _Fallback(Exception):
    """The input needs the polars path (a problem it reports, or an unusual shape)."""


def fdiv(a: float, b: float) -> float:
    """IEEE division (x/0 -> ±inf, 0/0 -> nan), as polars divides."""
    try:
        return a / b
    except ZeroDivisionError:
        if a != a or a == 0:
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)


def _hsum(values: Sequence[float | None]) -> float:
    """The polars path's horizontal sum: nulls as 0, no items -> 0, left to right."""
    if not values:
        return 0.0
    total = 0.0 if values[0] is None else values[0]
    for v in values[1:]:
        total = total + (0.0 if v is None else v)
    return total


def _hmin(a: float | None, b: float | None) -> float | None:
    """``min_horizontal`` of two: nulls ignored."""
    if a is None:
        return b
    if b is None:
        return a
    return b if b < a else a


@frozen
class Given:
    """The inputs as Python rows (the same values the polars path's frames hold)."""

    #: per entry row, in input order: its key, code and values.
    entries: list[tuple[Key, str | None, Row]]
    #: (key, code, clause id, input)
    clauses: list[tuple[Key, str | None, str | None, float | None]]
    #: unit -> (unit_name, district), first occurrence
    units: dict[str, tuple[str, str]]
    #: (key, veto, triggered)
    vetoes: list[tuple[Key, str | None, bool]]
    #: keys scored even without entries
    keys: list[Key]
    given: tuple[str, ...]
    entries_frame: Callable[[], pl.DataFrame]


# -- inputs ---------------------------------------------------------------------------


def _f(x: Any) -> float | None:
    return None if x is None else float(x)


def given_of_records(items: Sequence[Assessment]) -> Given:
    """Python rows of assessments, as :func:`from_assessments` would put them in frames."""
    entries: list[tuple[Key, str | None, Row]] = []
    clauses: list[tuple[Key, str | None, str | None, float | None]] = []
    units: dict[str, tuple[str, str]] = {}
    vetoes: list[tuple[Key, str | None, bool]] = []
    for a in items:
        key = (a.unit.code, a.year, a.stage)
        if a.unit.code not in units:
            units[a.unit.code] = (
                a.unit.code if a.unit.name is None else a.unit.name,
                "" if a.unit.district is None else a.unit.district,
            )
        for v in a.vetoes:
            vetoes.append((key, v.code, bool(v.triggered)))
        for e in a.entries:
            row: Row = {
                "met": e.met,
                "grade": e.grade,
                "numerator": _f(e.numerator),
                "denominator": _f(e.denominator),
                "rate": _f(e.rate),
                "count": _f(e.count),
                "value": _f(e.value),
                "score": _f(e.score),
                "gate": e.gate,
                "not_applicable": bool(e.not_applicable),
            }
            entries.append((key, e.code, row))
            for cid, val in e.clauses:
                clauses.append((key, e.code, cid, _f(val)))
    return Given(
        entries=entries,
        clauses=clauses,
        units=units,
        vetoes=vetoes,
        keys=[(a.unit.code, a.year, a.stage) for a in items],
        given=(),
        entries_frame=lambda: _entries_of_records(items),
    )


def _entries_of_records(items: Sequence[Assessment]) -> pl.DataFrame:
    frame = from_assessments(items).entries
    assert isinstance(frame, pl.DataFrame)
    return frame


def _columns(
    frame: pl.DataFrame | None, schema: dict[str, pl.DataType], required: Sequence[str]
) -> dict[str, list[Any]] | None:
    """The frame's columns as lists when they already have the engine's dtypes."""
    if frame is None:
        return {name: [] for name in schema}
    have = dict(zip(frame.columns, map(str, frame.dtypes), strict=True))
    if any(name not in have for name in required):
        return None
    out: dict[str, list[Any]] = {}
    for name, dtype in schema.items():
        if name in have:
            if have[name] != _TEXT[id(dtype)]:
                return None
            out[name] = frame.get_column(name).to_list()
        else:
            out[name] = [None] * frame.height
    return out


def given_of_frames(
    fw: Framework,
    entries: pl.DataFrame,
    clauses: pl.DataFrame | None,
    units: pl.DataFrame | None,
    vetoes: pl.DataFrame | None,
) -> Given | None:
    """Python rows of a notebook's frames, or None when the polars path must check them."""
    ec = _columns(entries, ENTRY_SCHEMA, ("unit", "year", "code"))
    cc = _columns(clauses, CLAUSE_SCHEMA, ("unit", "year", "code", "clause", "input"))
    uc = _columns(units, UNIT_SCHEMA, ("unit",))
    vc = _columns(vetoes, VETO_SCHEMA, ("unit", "year", "veto", "triggered"))
    if ec is None or cc is None or uc is None or vc is None:
        return None
    if None in ec["unit"] or None in ec["year"]:
        return None
    veto_codes = {v.code for v in fw.vetoes}
    if any(v not in veto_codes for v in vc["veto"]):
        return None

    def st(x: str | None) -> str:
        return "self" if x is None else x

    rows: list[tuple[Key, str | None, Row]] = []
    for i in range(entries.height):
        row: Row = {name: ec[name][i] for name in _VALUES}
        na = ec["not_applicable"][i]
        row["not_applicable"] = False if na is None else na
        rows.append(((ec["unit"][i], ec["year"][i], st(ec["stage"][i])), ec["code"][i], row))
    clause_rows = [
        ((u, y, st(s)), code, cid, x)
        for u, y, s, code, cid, x in zip(
            cc["unit"], cc["year"], cc["stage"], cc["code"], cc["clause"], cc["input"], strict=True
        )
    ]
    unit_map: dict[str, tuple[str, str]] = {}
    for u, name, district in zip(uc["unit"], uc["unit_name"], uc["district"], strict=True):
        if u not in unit_map:
            unit_map[u] = (u if name is None else name, "" if district is None else district)
    veto_rows = [
        ((u, y, st(s)), code, bool(t))
        for u, y, s, code, t in zip(
            vc["unit"], vc["year"], vc["stage"], vc["veto"], vc["triggered"], strict=True
        )
    ]
    frames = (entries, clauses, units, vetoes)
    return Given(
        entries=rows,
        clauses=clause_rows,
        units=unit_map,
        vetoes=veto_rows,
        keys=[],
        given=tuple(c for c in VALUE_COLUMNS if c in entries.columns),
        entries_frame=lambda: _entries_of_frames(*frames),
    )


def _entries_of_frames(
    entries: pl.DataFrame,
    clauses: pl.DataFrame | None,
    units: pl.DataFrame | None,
    vetoes: pl.DataFrame | None,
) -> pl.DataFrame:
    frame = from_frames(entries, clauses, units, vetoes).entries
    assert isinstance(frame, pl.DataFrame)
    return frame


# -- the framework as Python ----------------------------------------------------------


@frozen
class _Program:
    plan: Plan
    leaf_of: dict[str, int]
    clause_of: dict[tuple[str, str], int]
    veto_leaves: tuple[tuple[int, str], ...]
    total_max: float


_PROGRAMS: IdentityCache[Plan, _Program] = IdentityCache()


def _program(fw: Framework) -> _Program:
    return _PROGRAMS.get(plan_of(fw), _build_program)


def _build_program(plan: Plan) -> _Program:
    leaf_of = {plan.nodes[idx]["code"]: li for li, idx in enumerate(plan.leaves)}
    clause_of = {
        (plan.nodes[plan.leaves[c["li"]]]["code"], c["clause"]): g
        for g, c in enumerate(plan.clauses)
    }
    vl = tuple((int(i), str(v)) for i, v in plan.tables.veto_leaves.iter_rows())
    return _Program(plan, leaf_of, clause_of, vl, float(plan.nodes[0]["max"]))


# -- the rules ------------------------------------------------------------------------


def _clause(c: dict[str, Any], x: float | None) -> float:
    if x is None:
        return 0.0
    kind, amount = c["kind"], c["amount"]
    if kind == "flag":
        raw = amount if x != 0 else 0.0
    elif kind == "per_item":
        raw = amount * (x if x >= 0.0 else 0.0)
    else:
        thr, op = c["threshold"], c["op"]
        hit = {"lt": x < thr, "le": x <= thr, "gt": x > thr}.get(op, x >= thr)
        raw = amount if hit else 0.0
    if c["cmax"] is not None:
        m = _hmin(raw, c["cmax"])
        assert m is not None
        raw = m
    return float(raw)


def _leaf(
    plan: Plan,
    li: int,
    e: Row | None,
    cin: list[float | None],
    x: list[float],
    out: dict[str, list[Any]],
) -> None:
    """Append leaf ``li``'s r, t, s, g, z (and q, d) for one key to ``out``."""
    idx = plan.leaves[li]
    p = plan.nodes[idx]
    rule, pts = p["rule"], float(p["max"])
    v: Row = e if e is not None else {}
    zero_den = False
    gate_fail = False
    raw: float | None
    if rule == "check":
        met = v.get("met")
        raw = None if met is None else float(met) * pts
    elif rule == "levels":
        grade = v.get("grade")
        frac = None if grade is None else plan.levels[li].get(grade)
        raw = None if frac is None else frac * pts
    elif rule == "ratio":
        num, den = v.get("numerator"), v.get("denominator")
        zero_den = den is not None and den == 0
        rate: float | None
        if num is not None and den is not None and den != 0:
            rate = fdiv(num, den + 0.0)
        else:
            rate = v.get("rate")
        zd = p["zero_denominator"]
        if zero_den:
            raw = pts if zd == "full" else (0.0 if zd == "zero" else None)
        elif rate is None:
            raw = None
        else:
            raw = fdiv(pts * (rate - p["floor"]), 0.0 + (p["target"] - p["floor"]))
        out[f"q{idx}"].append(rate)
    elif rule == "count":
        c = v.get("count")
        raw = None if c is None else fdiv(pts * c, 0.0 + p["target"])
    elif rule == "deduct":
        g0, n = plan.clause_span[li]
        deduction = _hsum(x[g0 : g0 + n])
        present = e is not None or any(cin[g] is not None for g in range(g0, g0 + n))
        raw = pts - deduction if present else None
        gate_fail = v.get("gate") is False
        out[f"d{idx}"].append(deduction)
    elif rule == "manual":
        raw = v.get("score")
    elif rule == "bonus":
        raw = v.get("score")
        if raw is None:
            per_item, count = p["per_item"], v.get("count")
            raw = None if per_item is None or count is None else per_item * count
    else:
        val = v.get("value")
        raw = None if val is None else fdiv(pts * (val - p["low"]), 0.0 + (p["high"] - p["low"]))
    na = bool(v.get("not_applicable")) if e is not None else False
    if rule == "ratio" and p["zero_denominator"] == "exclude":
        na = na or zero_den
    raw = None if raw is None else float(raw)
    status = NOT_APPLICABLE if na else (MISSING if raw is None else SCORED)
    zero_policy = p["pmiss_id"] is not None and p["parent_missing"] == "zero"
    score: float | None
    if na:
        score = None
    elif raw is None:
        score = 0.0 if zero_policy else None
    elif gate_fail:
        score = 0.0
    else:
        score = raw if raw >= 0.0 else 0.0
        score = score if score <= pts else pts
    out[f"r{idx}"].append(raw)
    out[f"t{idx}"].append(status)
    out[f"s{idx}"].append(score)
    out[f"g{idx}"].append(gate_fail)
    out[f"z{idx}"].append(zero_den)


def _node(plan: Plan, idx: int, children: Sequence[int], k: int, out: dict[str, list[Any]]) -> None:
    """Append inner node ``idx``'s score (as its parent sees it) and status for key ``k``."""
    nodes = plan.nodes
    p = nodes[idx]
    counted = [c for c in children if not nodes[c]["extra"]]
    extra = [c for c in children if nodes[c]["extra"]]
    pmax = float(p["max"])
    s = {c: out[f"s{c}"][k] for c in children}
    n_avail = sum(1 for c in counted if s[c] is not None)
    n_miss = sum(1 for c in counted if s[c] is None and out[f"t{c}"][k] == MISSING)
    n_out = sum(1 for c in counted if s[c] is None)

    def share(c: int) -> float | None:
        cmax = float(nodes[c]["max"])
        if cmax > 0:
            sc = s[c]
            return None if sc is None else fdiv(sc, 0.0 + cmax)
        return 1.0 if s[c] is not None else 0.0

    agg = p["aggregate"]
    base: float | None
    if agg == "sum":
        ssum = _hsum([s[c] for c in counted])
        msum = _hsum([float(nodes[c]["max"]) if s[c] is not None else None for c in counted])
        base = fdiv(ssum * pmax, msum + 0.0) if n_out > 0 and msum > 0 else ssum
    elif agg == "mean":
        shares = [share(c) for c in counted]
        n_shares = sum(1 for sh in shares if sh is not None)
        base = None
        if counted and n_shares > 0:
            base = pmax * fdiv(_hsum(shares), float(n_shares) + 0.0)
    else:
        wsum = _hsum([float(nodes[c]["weight"]) if s[c] is not None else None for c in counted])
        wsh: list[float | None] = []
        for c in counted:
            sh = share(c)
            wsh.append(None if sh is None else sh * float(nodes[c]["weight"]))
        base = pmax * fdiv(_hsum(wsh), wsum + 0.0) if wsum > 0 else None
    xs = _hsum([s[c] for c in extra])
    cap = pmax if p["cap"] is None else float(p["cap"])
    value = _hmin(None if base is None else base + xs, cap)
    below = False
    if p["missing"] == "null" and p["min_available"] is not None:
        available = fdiv(float(n_avail), float(n_avail + n_miss) + 0.0)
        below = available < float(p["min_available"])
    if n_avail == 0 or below:
        value = None
    if value is not None:
        status = SCORED
    elif below or n_miss > 0:
        status = MISSING
    else:
        status = NOT_APPLICABLE
    seen = value
    if p["parent_missing"] == "zero" and idx != 0 and value is None and (below or n_miss > 0):
        seen = 0.0
    out[f"s{idx}"].append(seen)
    out[f"t{idx}"].append(status)


# -- the run --------------------------------------------------------------------------


def _sort_keys(keys: set[Key]) -> list[Key]:
    return sorted(keys, key=lambda k: (k[0], k[1], _STAGE_RANK.get(k[2], len(STAGES)), k[2]))


def _dense(values: list[Any]) -> list[int]:
    order = {v: i for i, v in enumerate(sorted(set(values)))}
    return [order[v] for v in values]


def _ranks(scores: list[float | None], groups: list[int]) -> list[int | None]:
    """rank('min', descending) within each group; null scores get no rank."""
    out: list[int | None] = []
    for s, g in zip(scores, groups, strict=True):
        if s is None:
            out.append(None)
            continue
        out.append(
            1
            + sum(
                1 for t, h in zip(scores, groups, strict=True) if h == g and t is not None and t > s
            )
        )
    return out


def run_small(fw: Framework, given: Given) -> EngineResult:
    """Score ``given`` in Python; raises :class:`_Fallback` when polars must report."""
    prog = _program(fw)
    plan = prog.plan
    n_leaves = len(plan.leaves)
    n_clauses = len(plan.clauses)
    keyset: set[Key] = set(given.keys)
    for key, _, _ in given.entries:
        keyset.add(key)
    for key, *_ in given.clauses:
        keyset.add(key)
    for key, _, _ in given.vetoes:
        keyset.add(key)
    keys = _sort_keys(keyset)
    n_keys = len(keys)
    if n_keys >= max(MAX_KEYS, 1):
        raise _Fallback
    k_of = {key: k for k, key in enumerate(keys)}

    slots: list[Row | None] = [None] * (n_keys * n_leaves)
    positions: list[int] = []
    for key, code, row in given.entries:
        li = prog.leaf_of.get(code) if code is not None else None
        if li is None:
            raise _Fallback
        pos = k_of[key] * n_leaves + li
        if slots[pos] is not None:
            raise _Fallback
        slots[pos] = row
        positions.append(pos)
    cin: list[float | None] = [None] * (n_keys * n_clauses)
    cset = [False] * (n_keys * n_clauses)
    for key, code, cid, val in given.clauses:
        g = prog.clause_of.get((code, cid)) if code is not None and cid is not None else None
        if g is None:
            raise _Fallback
        cpos = k_of[key] * n_clauses + g
        if cset[cpos]:
            raise _Fallback
        cset[cpos] = True
        cin[cpos] = val

    out: dict[str, list[Any]] = {}
    for g in range(n_clauses):
        out[f"c{g}"] = []
        out[f"x{g}"] = []
    for idx in plan.leaves:
        for prefix in "rtsgz":
            out[f"{prefix}{idx}"] = []
        rule = plan.nodes[idx]["rule"]
        if rule == "ratio":
            out[f"q{idx}"] = []
        elif rule == "deduct":
            out[f"d{idx}"] = []
    inner = dict(plan.inner)
    for stage in plan.stages:
        for idx in stage:
            out[f"s{idx}"] = []
            out[f"t{idx}"] = []
    for k in range(n_keys):
        ck = cin[k * n_clauses : (k + 1) * n_clauses]
        xk = [_clause(c, ck[g]) for g, c in enumerate(plan.clauses)]
        for g in range(n_clauses):
            out[f"c{g}"].append(ck[g])
            out[f"x{g}"].append(xk[g])
        for li in range(n_leaves):
            _leaf(plan, li, slots[k * n_leaves + li], ck, xk, out)
        for stage in plan.stages:
            for idx in stage:
                _node(plan, idx, inner[idx], k, out)

    complete = len(positions) == n_keys * n_leaves and all(
        b > a for a, b in itertools.pairwise(positions)
    )
    row_of: list[int | None] | None = None
    if not complete:
        row_of = [None] * (n_keys * n_leaves)
        for i, pos in enumerate(positions):
            row_of[pos] = i

    unit_info = [given.units.get(u, (u, "")) for u, _, _ in keys]
    ys = _dense([(y, s) for _, y, s in keys])
    dys = _dense([(d, y, s) for (_, y, s), (_, d) in zip(keys, unit_info, strict=True)])
    totals = _totals(fw, prog, keys, unit_info, ys, dys, out, given.vetoes, k_of)
    parts = functools.partial(_parts, plan, out, keys, unit_info, ys, dys, row_of, given)
    trail = Trail(plan=plan, parts=parts, given=given.given)
    return EngineResult(totals=totals, trail=trail)


def _parts(
    plan: Plan,
    out: dict[str, list[Any]],
    keys: list[Key],
    unit_info: list[tuple[str, str]],
    ys: list[int],
    dys: list[int],
    row_of: list[int | None] | None,
    given: Given,
) -> TrailParts:
    """The Trail's frames, built on first access (one ``pl.DataFrame`` each)."""
    schema: dict[str, pl.DataType] = {}
    for name in out:
        kind = name[0]
        if kind == "t":
            schema[name] = pl.Int8()
        elif kind in "gz":
            schema[name] = pl.Boolean()
        else:
            schema[name] = pl.Float64()
    wide = pl.DataFrame(out, schema=schema)
    key_frame = pl.DataFrame(
        {
            "k": list(range(len(keys))),
            "unit": [k[0] for k in keys],
            "year": [k[1] for k in keys],
            "stage": [k[2] for k in keys],
            "unit_name": [u[0] for u in unit_info],
            "district": [u[1] for u in unit_info],
            "ys": ys,
            "dys": dys,
        },
        schema={
            "k": pl.UInt32,
            "unit": pl.String,
            "year": pl.Int64,
            "stage": pl.String,
            "unit_name": pl.String,
            "district": pl.String,
            "ys": pl.UInt32,
            "dys": pl.UInt32,
        },
    )
    rows = None if row_of is None else pl.Series("repeat", row_of, dtype=pl.UInt32)
    return TrailParts(wide=wide, entries=given.entries_frame(), row_of=rows, keys=key_frame)


def _totals(
    fw: Framework,
    prog: _Program,
    keys: list[Key],
    unit_info: list[tuple[str, str]],
    ys: list[int],
    dys: list[int],
    out: dict[str, list[Any]],
    vetoes: list[tuple[Key, str | None, bool]],
    k_of: dict[Key, int],
) -> pl.DataFrame:
    """The totals frame (apply_vetoes_and_grades in Python), one ``pl.DataFrame`` call."""
    scores: list[float | None] = out["s0"]
    n_keys = len(keys)
    hit: list[set[str]] = [set() for _ in range(n_keys)]
    for key, code, triggered in vetoes:
        if triggered and code is not None:
            hit[k_of[key]].add(code)
    for idx, veto in prog.veto_leaves:
        col = out[f"s{idx}"]
        for k in range(n_keys):
            if col[k] is not None and col[k] == 0:
                hit[k].add(veto)
    effect = {v.code: v.effect for v in fw.vetoes}
    cap_grade = {v.code: v.cap_grade for v in fw.vetoes}
    bands = sorted(fw.grades, key=lambda b: b.min)
    rank_of = {b.code: i for i, b in enumerate(bands)}
    rows: list[tuple[Any, ...]] = []
    rank = _ranks(scores, ys)
    district_rank = _ranks(scores, dys)
    total_max = prog.total_max
    for k, (unit, year, stage) in enumerate(keys):
        score = scores[k]
        names = sorted(hit[k])
        fail = any(effect.get(v, "fail") == "fail" for v in names)
        cap_rank: int | None = None
        for v in names:
            r = rank_of.get(cap_grade.get(v) or "") if v in cap_grade else None
            if r is not None and (cap_rank is None or r < cap_rank):
                cap_rank = r
        band: int | None = None
        if bands:
            for i, b in enumerate(bands):
                if score is not None and score >= b.min:
                    band = i
            if band is not None and cap_rank is not None and cap_rank < band:
                band = cap_rank
            if fail and score is not None:
                band = 0
            passed = band is not None and bands[band].passed
            if fw.pass_line is not None:
                passed = passed and score is not None and score >= fw.pass_line
        elif fw.pass_line is not None:
            passed = score is not None and score >= fw.pass_line
        else:
            passed = score is not None
        b_ = None if band is None else bands[band]
        share = None if total_max <= 0 or score is None else fdiv(score, total_max)
        rows.append(
            (
                unit,
                unit_info[k][0],
                unit_info[k][1],
                year,
                stage,
                score,
                total_max,
                share,
                None if b_ is None else b_.code,
                None if b_ is None else b_.name,
                None if b_ is None else b_.name_en,
                passed and not fail,
                bool(names),
                names,
                rank[k],
                district_rank[k],
                _STATUS_TEXT[out["t0"][k]],
            )
        )
    if not rows:
        return pl.DataFrame(schema=_TOTALS_SCHEMA)
    return pl.DataFrame(rows, schema=_TOTALS_SCHEMA, orient="row")


# -- entry points -----------------------------------------------------------------------


def score_records_small(fw: Framework, items: Sequence[Assessment]) -> EngineResult | None:
    """The records' result by the small path, or None when it does not apply."""
    if len(items) >= MAX_KEYS:
        return None
    try:
        return run_small(fw, given_of_records(items))
    except _Fallback:
        return None


def score_frames_small(
    fw: Framework,
    entries: pl.DataFrame | pl.LazyFrame,
    clauses: pl.DataFrame | None,
    units: pl.DataFrame | None,
    vetoes: pl.DataFrame | None,
) -> tuple[EngineResult, Callable[[], str]] | None:
    """The frames' result (and digest) by the small path, or None when it does not apply."""
    if MAX_KEYS <= 0 or not isinstance(entries, pl.DataFrame) or entries.height > MAX_ROWS:
        return None
    if any(f is not None and not isinstance(f, pl.DataFrame) for f in (clauses, units, vetoes)):
        return None
    given = given_of_frames(fw, entries, clauses, units, vetoes)
    if given is None:
        return None
    try:
        result = run_small(fw, given)
    except _Fallback:
        return None
    return result, functools.partial(_frame_digest, [entries, clauses, units, vetoes])
