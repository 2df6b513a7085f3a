"""The small-input path: one town (a few (unit, year, stage) keys) scored in plain Python.

Why: the polars path plans a hundred queries per call (~1.5 ms each), so a single
town costs ~100 ms whatever its size. Here the same formulas run as Python float
arithmetic — each one the twin written next to its polars form (the rule kinds in
``rulekinds/``, clauses and the leaf envelope in leaves.py, the roll-up in
rollup.py, vetoes and grades in grading.py, ranks in ranking.py) — so every number
is bit for bit the one the polars path computes (tested equal in
tests/test_scoring_smallpath.py). Only ``totals`` is a polars frame built in the
run; the wide scores, keys and entries frames the long outputs are reshaped from
are built on first access, each with one ``pl.DataFrame`` call, and everything
downstream (nodes, audit, clauses, gaps) is the shared code of engine.py/audit.py.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from anting_rule_of_law.columns import TOTALS
from anting_rule_of_law.exact import fdiv
from anting_rule_of_law.records import STAGES, Assessment, Framework
from anting_rule_of_law.rulekinds.kind import LeafValues
from anting_rule_of_law.scoring import _paths
from anting_rule_of_law.scoring.grading import Grader, combine_passes
from anting_rule_of_law.scoring.inputs import frames_digest
from anting_rule_of_law.scoring.leaves import MISSING, SCORED, clause_deduction, leaf_values
from anting_rule_of_law.scoring.memo import IdentityCache
from anting_rule_of_law.scoring.plan import Plan, plan_of
from anting_rule_of_law.scoring.ranking import dense_ids, rank_values
from anting_rule_of_law.scoring.result import EngineResult, Trail, TrailParts
from anting_rule_of_law.scoring.rollup import children_of, node_values
from anting_rule_of_law.scoring.small_inputs import (
    Given,
    Key,
    given_of_frames,
    given_of_records,
)

__all__ = ["MAX_KEYS", "MAX_ROWS", "score_frames_small", "score_records_small"]

#: Use this path below this many (unit, year, stage) keys. Measured crossover: see
#: docs/benchmarks.md ("one town"). ``_paths.forced(engine=...)`` overrides it.
MAX_KEYS = 64
#: ``score_frame`` looks at frames of at most this many entry rows.
MAX_ROWS = 20_000

_STAGE_RANK = {s: i for i, s in enumerate(STAGES)}
_STATUS_TEXT = ("scored", "missing", "not_applicable")


class _Fallback(Exception):
    """The input needs the polars path (a problem it reports, or an unusual shape)."""


def _max_keys() -> int:
    """Keys below which this path runs: by size, or forced either way."""
    engine = _paths.current().engine
    if engine == "python":
        return 1 << 62
    if engine == "polars":
        return 0
    return MAX_KEYS


# -- the framework as Python ----------------------------------------------------------


class _Program:
    """Look-ups the run needs beyond the plan (built once per plan): which slot each
    entry and clause input goes to, every wide column's name in the order the run
    writes them, and the inner nodes in evaluation order — none of it made per call."""

    def __init__(self, plan: Plan, fw: Framework) -> None:
        self.plan = plan
        self.leaf_of = {leaf.code: leaf.li for leaf in plan.leaves}
        self.clause_of = {(c.code, c.clause): c.g for c in plan.clauses}
        self.grader = Grader(fw)
        self.clause_columns = tuple((f"c{c.g}", f"x{c.g}") for c in plan.clauses)
        names: list[str] = [name for pair in self.clause_columns for name in pair]
        for leaf in plan.leaves:
            names.extend(leaf.columns[:5])
            if "rate_used" in leaf.kind.audit:
                names.append(leaf.columns[5])
            if "deduction" in leaf.kind.audit:
                names.append(leaf.columns[6])
        self.inner = tuple(idx for stage in plan.stages for idx in stage)
        for idx in self.inner:
            names.extend((plan.nodes[idx].s, plan.nodes[idx].t))
        self.columns = tuple(names)
        self.children = children_of(plan)


_PROGRAMS: IdentityCache[Plan, _Program] = IdentityCache()


def _program(fw: Framework) -> _Program:
    return _PROGRAMS.get(plan_of(fw), lambda plan: _Program(plan, fw))


# -- the run --------------------------------------------------------------------------


def _sort_keys(keys: set[Key]) -> list[Key]:
    return sorted(keys, key=lambda k: (k[0], k[1], _STAGE_RANK.get(k[2], len(STAGES)), k[2]))


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
    if n_keys >= max(_max_keys(), 1):
        raise _Fallback
    k_of = {key: k for k, key in enumerate(keys)}

    slots: list[dict[str, Any] | None] = [None] * (n_keys * n_leaves)
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

    out: dict[str, list[Any]] = {name: [] for name in prog.columns}
    scratch = LeafValues()
    clauses = plan.clauses
    for k in range(n_keys):
        ck = cin[k * n_clauses : (k + 1) * n_clauses]
        xk = [clause_deduction(c, ck[c.g]) for c in clauses]
        for (cname, xname), c_in, x_out in zip(prog.clause_columns, ck, xk, strict=True):
            out[cname].append(c_in)
            out[xname].append(x_out)
        base = k * n_leaves
        for leaf in plan.leaves:
            leaf_values(leaf, slots[base + leaf.li], ck, xk, out, scratch)
        for idx in prog.inner:
            node_values(plan, prog.children, idx, k, out)

    complete = len(positions) == n_keys * n_leaves and all(
        b > a for a, b in itertools.pairwise(positions)
    )
    row_of: list[int | None] | None = None
    if not complete:
        row_of = [None] * (n_keys * n_leaves)
        for i, pos in enumerate(positions):
            row_of[pos] = i

    unit_info = [given.units.get(u, (u, "")) for u, _, _ in keys]
    ys = dense_ids([(y, s) for _, y, s in keys])
    dys = dense_ids([(d, y, s) for (_, y, s), (_, d) in zip(keys, unit_info, strict=True)])
    totals = _totals(prog, keys, unit_info, ys, dys, out, given.vetoes, k_of)
    parts = functools.partial(_parts, out, keys, unit_info, ys, dys, row_of, given)
    trail = Trail(plan=plan, parts=parts, given=given.given)
    return EngineResult(totals=totals, trail=trail, path="python")


def _wide_frame(out: dict[str, list[Any]], n_keys: int) -> pl.DataFrame:
    """``out`` (name -> one value per key) as a frame of ``n_keys`` rows.

    A tree of 10,000 indicators has ~70,000 columns of a few rows: a Series per
    column costs ~25 µs (1.9 s), so per dtype the values are laid out one Series
    per key and transposed in one call (0.1 s). Values, nulls and NaNs are kept;
    the columns come grouped by dtype (they are read by name, never by position).
    """
    dtypes = {"t": pl.Int8(), "g": pl.Boolean(), "z": pl.Boolean()}
    groups: dict[str, list[str]] = {}
    for name in out:
        groups.setdefault(name[0] if name[0] in dtypes else "", []).append(name)
    if n_keys == 0:
        return pl.DataFrame(
            schema={n: dtypes.get(k, pl.Float64()) for k, names in groups.items() for n in names}
        )
    frames = []
    for kind, names in groups.items():
        flat = list(itertools.chain.from_iterable(out[n] for n in names))  # name, then key
        dtype = dtypes.get(kind, pl.Float64())
        per_key = [pl.Series(f"k{k}", flat[k::n_keys], dtype=dtype) for k in range(n_keys)]
        frames.append(pl.DataFrame(per_key).transpose(column_names=names))
    return pl.concat(frames, how="horizontal")


def _parts(
    out: dict[str, list[Any]],
    keys: list[Key],
    unit_info: list[tuple[str, str]],
    ys: list[int],
    dys: list[int],
    row_of: list[int | None] | None,
    given: Given,
) -> TrailParts:
    """The Trail's frames, built on first access (one ``pl.DataFrame`` each)."""
    wide = _wide_frame(out, len(keys))
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
    prog: _Program,
    keys: list[Key],
    unit_info: list[tuple[str, str]],
    ys: list[int],
    dys: list[int],
    out: dict[str, list[Any]],
    vetoes: list[tuple[Key, str | None, bool]],
    k_of: dict[Key, int],
) -> pl.DataFrame:
    """The totals frame (the engine's ``_totals`` in Python), one ``pl.DataFrame`` call."""
    scores: list[float | None] = out["s0"]
    n_keys = len(keys)
    hit: list[set[str]] = [set() for _ in range(n_keys)]
    for key, code, triggered in vetoes:
        if triggered and code is not None:
            hit[k_of[key]].add(code)
    for idx, veto in prog.plan.veto_leaves:
        col, status = out[f"s{idx}"], out[f"t{idx}"]
        for k in range(n_keys):
            if status[k] == MISSING or (status[k] == SCORED and col[k] == 0):
                hit[k].add(veto)
    rows: list[tuple[Any, ...]] = []
    rank = rank_values(scores, ys)
    district_rank = rank_values(scores, dys)
    total_max = prog.plan.total_max
    graded = [prog.grader.grade(scores[k], sorted(hit[k])) for k in range(n_keys)]
    passes = _passes_required(prog.grader.pass_requires, keys, [p for _, p in graded])
    for k, (unit, year, stage) in enumerate(keys):
        score = scores[k]
        names = sorted(hit[k])
        band, passed = graded[k][0], passes[k]
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
                None if band is None else band.code,
                None if band is None else band.name,
                None if band is None else band.name_en,
                passed,
                bool(names),
                names,
                rank[k],
                district_rank[k],
            )
        )
    if not rows:
        return TOTALS.empty()
    return _totals_frame(rows, out["t0"])


class _TotalsShape:
    """The totals' dtypes without ``status``, and its three values as a Series.

    Why: ``pl.DataFrame(rows, schema=...)`` makes an Enum column by a cast in a lazy
    query (about a third of the frame's cost for one row); the status column is
    instead taken from this three-row Series by the rows' status codes.
    """

    def __init__(self) -> None:
        schema = dict(TOTALS.schema)
        self.status_at = list(schema).index("status")
        self.statuses = pl.Series("status", _STATUS_TEXT, dtype=schema.pop("status"))
        self.schema = schema


_TOTALS_SHAPE: list[_TotalsShape] = []


def _totals_frame(rows: list[tuple[Any, ...]], status: list[int]) -> pl.DataFrame:
    """The totals frame of ``rows`` (every column but ``status``) and status codes."""
    if not _TOTALS_SHAPE:
        _TOTALS_SHAPE.append(_TotalsShape())
    shape = _TOTALS_SHAPE[0]
    frame = pl.DataFrame(rows, schema=shape.schema, orient="row")
    if len(status) == 1:
        column = shape.statuses.slice(status[0], 1)
    else:
        column = shape.statuses.gather(pl.Series(status, dtype=pl.UInt32))
    frame.insert_column(shape.status_at, column)
    return frame


def _passes_required(
    requires: Sequence[str], keys: list[Key], own: list[bool | None]
) -> list[bool | None]:
    """``own`` under ``pass_requires``, one unit-year at a time (keys are sorted, so a
    unit-year's stages are consecutive)."""
    if not requires:
        return own
    out = list(own)
    start = 0
    for end in range(1, len(keys) + 1):
        if end < len(keys) and keys[end][:2] == keys[start][:2]:
            continue
        verdicts = combine_passes(requires, {keys[k][2]: own[k] for k in range(start, end)})
        for k in range(start, end):
            out[k] = verdicts[keys[k][2]]
        start = end
    return out


# -- entry points -----------------------------------------------------------------------


def score_records_small(fw: Framework, items: Sequence[Assessment]) -> EngineResult | None:
    """The records' result by the small path, or None when it does not apply."""
    if len(items) >= _max_keys():
        return None
    try:
        return run_small(fw, given_of_records(items))
    except _Fallback:
        return None


def score_frames_small(
    fw: Framework,
    entries: pl.DataFrame | pl.LazyFrame,
    clauses: pl.DataFrame | pl.LazyFrame | None,
    units: pl.DataFrame | pl.LazyFrame | None,
    vetoes: pl.DataFrame | pl.LazyFrame | None,
) -> tuple[EngineResult, Callable[[], str]] | None:
    """The frames' result (and digest) by the small path, or None when it does not apply."""
    max_rows = 1 << 62 if _paths.current().engine == "python" else MAX_ROWS
    if _max_keys() <= 0 or not isinstance(entries, pl.DataFrame) or entries.height > max_rows:
        return None
    if not (
        (clauses is None or isinstance(clauses, pl.DataFrame))
        and (units is None or isinstance(units, pl.DataFrame))
        and (vetoes is None or isinstance(vetoes, pl.DataFrame))
    ):
        return None
    given = given_of_frames(fw, entries, clauses, units, vetoes)
    if given is None:
        return None
    try:
        result = run_small(fw, given)
    except _Fallback:
        return None
    return result, functools.partial(frames_digest, entries, clauses, units, vetoes)
