"""The scoring pass: encode keys -> wide leaf rules -> wide roll-up -> ranks -> long outputs.

Why this shape (docs/scoring.md, "Performance"): every (unit, year, stage) becomes
``k`` (0..K-1 in sorted order) and every leaf its position ``li``, so a leaf row sits
at ``pos = k * L + li``. Keys are found on *runs* of equal (unit, year, stage) — one
row per run, so a frame grouped by assessment (the usual export) needs no join or
sort over its rows. Inputs are scattered into a wide frame (K rows, a column per
leaf input), rules and the roll-up are horizontal expressions (wide.py), and the long
``nodes`` / audit frames are built once at the end with categorical text columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
from attrs import field, frozen

from anting_rule_of_law.columns import CLAUSES, NODES, STATUSES, TOTALS, status_dtype
from anting_rule_of_law.errors import InputError, Problem
from anting_rule_of_law.exact import ZERO
from anting_rule_of_law.records import Framework
from anting_rule_of_law.scoring import _paths
from anting_rule_of_law.scoring.grading import apply_vetoes_and_grades
from anting_rule_of_law.scoring.input_checks import duplicate_problems
from anting_rule_of_law.scoring.inputs import Inputs, stage_order
from anting_rule_of_law.scoring.leaves import MISSING, SCORED
from anting_rule_of_law.scoring.plan import Plan, plan_of
from anting_rule_of_law.scoring.ranking import group_ranks
from anting_rule_of_law.scoring.wide import stages_of

__all__ = ["EngineResult", "Trail", "TrailParts", "run"]

_KEY = ["unit", "year", "stage"]
_CAT = pl.Categorical()
_STATUS_VALUES = pl.Series(STATUSES, dtype=status_dtype())


def _changed() -> pl.Expr:
    """True on the first row of every run of equal (unit, year, stage)."""
    diff = [pl.col(c).ne_missing(pl.col(c).shift(1)) for c in _KEY]
    return pl.any_horizontal(diff).alias("_chg")


def _runs(frame: pl.DataFrame, extra: list[pl.Expr]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per row: run id (+ ``extra`` columns); per run: its key."""
    if frame.height == 0:
        empty = frame.select(_KEY)
        return frame.select(pl.lit(0, pl.UInt32).alias("_run"), *extra), empty
    # one query: the flags, the extra columns and the run ids in a single plan
    flags = (
        frame.lazy()
        .select(_changed(), *extra)
        .with_columns((pl.col("_chg").cum_sum().cast(pl.UInt32) - 1).alias("_run"))
        .collect()
    )
    runs = frame.select(_KEY).filter(flags.get_column("_chg"))
    return flags.select("_run", pl.exclude("_chg", "_run")), runs


def _keys(parts: list[pl.DataFrame], units: pl.DataFrame) -> pl.DataFrame:
    keys = (
        pl.concat(parts)
        .unique()
        .with_columns(stage_order().alias("_so"))
        .sort("unit", "year", "_so", "stage")
        .drop("_so")
        .with_row_index("k")
        .join(units, on="unit", how="left", maintain_order="left")
        .with_columns(
            pl.col("unit_name").fill_null(pl.col("unit")), pl.col("district").fill_null("")
        )
    )
    return keys.with_columns(
        pl.struct("year", "stage").rank("dense").cast(pl.UInt32).sub(1).alias("ys"),
        pl.struct("district", "year", "stage").rank("dense").cast(pl.UInt32).sub(1).alias("dys"),
    )


def _pos_of(
    ids: pl.DataFrame, runs: pl.DataFrame, keys: pl.DataFrame, width: int, col: str
) -> pl.Series:
    """``k * width + ids[col]`` of every row: its slot (a join over runs only, then one
    fused gather-multiply-add over the rows)."""
    if runs.height == 0:
        return pl.Series("pos", [], dtype=pl.Int64)
    run_k = runs.join(keys.select([*_KEY, "k"]), on=_KEY, how="left", maintain_order="left")
    base = run_k.get_column("k").cast(pl.Int64) * width
    return ids.select(
        (pl.lit(base).gather(pl.col("_run")) + pl.col(col).cast(pl.Int64)).alias("pos")
    ).to_series()


def _slots(pos: pl.Series, size: int, n: int) -> pl.Series | None:
    """Row of each slot 0..size-1 (null: none); None when rows are exactly the slots."""
    # strictly increasing and as many rows as slots: row i is slot i
    if n == size and (n == 0 or (pos.item(0) == 0 and (pos.diff().slice(1) > 0).all())):
        return None
    full = pl.repeat(None, size, dtype=pl.UInt32, eager=True)
    return full.scatter(pos, pl.int_range(0, n, dtype=pl.UInt32, eager=True))


def _strided(row_of: pl.Series | None, n_keys: int, width: int, i: int) -> pl.Expr:
    """Rows of slot ``i`` of every k. The K indices are taken eagerly, so each gather
    carries a K-long literal rather than the K*width-long slot map."""
    if row_of is None:
        return pl.int_range(0, n_keys, dtype=pl.UInt32) * width + i
    return pl.lit(row_of.gather_every(width, i))


#: From this many keys the rules and the roll-up run as one lazy query: the optimiser
#: costs ~30 ms once and saves ~1 µs a key (measured at 386,000 keys: 1.5 s -> 1.15 s).
#: Tests move it with ``_paths.forced(lazy_from_keys=...)``.
LAZY_FROM_KEYS = 50_000


def _evaluate(wide: pl.DataFrame, stages: list[list[pl.Expr]]) -> pl.DataFrame:
    """Add every stage's columns in order (each stage reads the ones before)."""
    threshold = _paths.current().lazy_from_keys
    if wide.height < (LAZY_FROM_KEYS if threshold is None else threshold):
        for exprs in stages:
            wide = wide.with_columns(exprs)
        return wide
    lf = wide.lazy()
    for exprs in stages:
        lf = lf.with_columns(exprs)
    return lf.collect()


def _clause_problems(bad: pl.DataFrame) -> list[Problem]:
    return [
        Problem(
            "<clauses>",
            f"code {code!r}, clause {clause!r}",
            f"indicator {code!r} has no deduction clause {clause!r}",
            f"指标 {code!r} 没有扣分条款 {clause!r}",
        )
        for code, clause in bad.unique(["code", "clause"]).sort("code", "clause").rows()
    ]


def _code_problems(fw: Framework, bad: pl.DataFrame) -> list[Problem]:
    counts = bad.group_by("code").agg(pl.len().alias("n")).sort("code", nulls_last=True)
    return [
        Problem(
            "<entries>",
            f"column 'code' = {code!r} ({n} rows)",
            f"{code!r} is not a specific indicator of framework {fw.id!r}",
            f"{code!r} 不是框架 {fw.id!r} 的具体指标",
        )
        for code, n in counts.iter_rows()
    ]


def run(fw: Framework, inputs: Inputs, problems: list[Problem] | None = None) -> EngineResult:
    """Score everything in ``inputs`` against ``fw``; raises InputError on bad codes."""
    plan = plan_of(fw)
    t = plan.tables
    problems = list(problems or [])
    entries = inputs.entries
    n_leaves = len(plan.leaves)
    n_clauses = len(plan.clauses)
    leaf_codes = t.nodes.filter(pl.col("is_leaf"))["code"].to_list()
    leaf_enum = pl.Enum(leaf_codes)
    li_expr = pl.col("code").cast(leaf_enum, strict=False).to_physical().cast(pl.UInt32)

    e_ids, e_runs = _runs(entries, [li_expr.alias("li")])
    if e_ids.get_column("li").null_count():
        bad = entries.filter(e_ids.get_column("li").is_null()).select("code")
        problems.extend(_code_problems(fw, bad))

    clauses = inputs.clauses
    clause_ids = sorted({c.clause for c in plan.clauses})
    lut: list[int | None] = [None] * (n_leaves * max(len(clause_ids), 1))
    cid_of = {c: i for i, c in enumerate(clause_ids)}
    for c in plan.clauses:
        lut[c.li * len(clause_ids) + cid_of[c.clause]] = c.g
    cid = pl.col("clause").cast(pl.Enum(clause_ids), strict=False).to_physical().cast(pl.UInt32)
    g_expr = (
        pl.lit(pl.Series(lut, dtype=pl.UInt32))
        .gather(li_expr * max(len(clause_ids), 1) + cid)
        .alias("g")
        if clause_ids
        else pl.lit(None, pl.UInt32).alias("g")
    )
    c_ids, c_runs = _runs(clauses, [g_expr])
    if clauses.height and c_ids.get_column("g").null_count():
        problems.extend(
            _clause_problems(
                clauses.filter(c_ids.get_column("g").is_null()).select("code", "clause")
            )
        )
    if problems:
        raise InputError(problems)

    parts = [e_runs, c_runs, inputs.vetoes.select(_KEY)]
    if inputs.keys is not None:
        parts.append(inputs.keys.select(_KEY))
    keys = _keys(parts, inputs.units)
    n_keys = keys.height

    pos = _pos_of(e_ids, e_runs, keys, n_leaves, "li")
    if entries.height and not (pos.diff().slice(1) > 0).all() and pos.is_duplicated().any():
        raise InputError(duplicate_problems(entries))
    row_of = _slots(pos, n_keys * n_leaves, entries.height)

    # -- wide inputs: one row per k ------------------------------------------------
    needed = {name for leaf in plan.leaves for name in leaf.inputs}
    src = entries.select(*sorted(needed), pl.col("not_applicable").fill_null(False))
    # an all-null row at the end stands for "not entered": the per-leaf indices then
    # hold no nulls, which polars gathers by a faster path
    src = pl.concat([src, src.clear(1)]).rechunk()
    slot = None if row_of is None else row_of.fill_null(entries.height)
    wide_cols: list[pl.Expr] = []
    for li, leaf in enumerate(plan.leaves):
        at = _strided(slot, n_keys, n_leaves, li)
        for name in (*leaf.inputs, "not_applicable"):
            wide_cols.append(pl.col(name).gather(at).alias(f"{name}_{li}"))
        has = pl.lit(True) if slot is None else at != entries.height
        wide_cols.append(has.alias(f"h_{li}"))
    wide = src.select(wide_cols) if wide_cols else pl.DataFrame()
    if n_clauses:
        cpos = _pos_of(c_ids, c_runs, keys, n_clauses, "g")
        if not (cpos.diff().slice(1) > 0).all() and cpos.is_duplicated().any():
            raise InputError(duplicate_problems(clauses, (*_KEY, "code", "clause"), "<clauses>"))
        # each (k, clause) slot holds at most one input (checked above): scatter the
        # inputs into the K × clauses grid once, then read it a clause at a time
        grid = pl.repeat(None, n_keys * n_clauses, dtype=pl.Float64, eager=True).scatter(
            cpos, clauses.get_column("input").cast(pl.Float64)
        )
        cin = grid.to_frame("input").select(
            pl.col("input").gather_every(n_clauses, g).alias(f"c{g}") for g in range(n_clauses)
        )
        wide = pl.concat([wide, cin], how="horizontal")
    wide = wide.with_columns(pl.repeat(0.0, n_keys, dtype=pl.Float64, eager=True).alias(ZERO))
    wide = _evaluate(wide, stages_of(plan))
    # the per-leaf inputs were only the rules' arguments: what is kept is what the
    # long frames read (as the small path's wide frame)
    inputs_only = {e.meta.output_name() for e in wide_cols} | {ZERO}
    wide = pl.DataFrame([wide.get_column(c) for c in wide.columns if c not in inputs_only])
    return _assemble(fw, plan, keys, inputs, wide, entries, row_of)


def _flatten(wide: pl.DataFrame, spec: dict[str, tuple[list[str], Any]]) -> pl.DataFrame:
    """Per output name, columns c0..cm of K rows -> one column of K*m values, row-major
    (k, then column). One ``select`` for all of them, so they are built in parallel."""
    if wide.height == 0 or any(not cols for cols, _ in spec.values()):
        return pl.DataFrame({n: pl.Series([], dtype=t) for n, (_, t) in spec.items()})
    arrays = wide.select(
        pl.concat_arr([pl.col(c).cast(dtype) for c in cols]).alias(name)
        for name, (cols, dtype) in spec.items()
    )
    return pl.DataFrame([arrays.get_column(name).reshape((-1,)) for name in spec])


class _Cache:
    """A per-instance memo for frozen records (long frames are built once, on first use)."""

    def __init__(self) -> None:
        self.frames: dict[str, pl.DataFrame] = {}

    def get(self, name: str, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        if name not in self.frames:
            self.frames[name] = build()
        return self.frames[name]


@frozen
class TrailParts:
    """The frames a :class:`Trail` reads (see there)."""

    wide: pl.DataFrame
    entries: pl.DataFrame
    row_of: pl.Series | None
    keys: pl.DataFrame


@frozen(eq=False)
class Trail:
    """The audit trail in compact typed form; long frames and text are built on access.

    ``wide`` holds, per (unit, year, stage) ``k`` and leaf ``i``, the raw result ``r{i}``,
    score ``s{i}``, status ``t{i}``, the flags ``g{i}`` (gate failed) and ``z{i}`` (zero
    denominator), the rate used ``q{i}``, the deduction total ``d{i}``, and per clause
    ``g`` its input ``c{g}`` and deduction ``x{g}`` — all computed in the run. ``leaf``
    (one row per (k, leaf), in ``pos`` order) and ``fired`` (clauses that cost points)
    are their long forms, built on first access. ``row_of``: the entries row of each
    ``pos`` (null when the leaf was not entered), or None when the entries are complete
    and in ``pos`` order. The frames themselves come from ``parts``: the polars path
    hands over the frames it built; the small path (small.py) builds them on first use.
    """

    plan: Plan
    parts: Callable[[], TrailParts] = field(repr=False)
    given: tuple[str, ...] = ()
    _cache: _Cache = field(factory=_Cache, repr=False)
    _built: list[TrailParts] = field(factory=list, repr=False)

    @property
    def n_leaves(self) -> int:
        return len(self.plan.leaves)

    def _parts(self) -> TrailParts:
        if not self._built:
            self._built.append(self.parts())
        return self._built[0]

    @property
    def wide(self) -> pl.DataFrame:
        return self._parts().wide

    @property
    def entries(self) -> pl.DataFrame:
        return self._parts().entries

    @property
    def row_of(self) -> pl.Series | None:
        return self._parts().row_of

    @property
    def keys(self) -> pl.DataFrame:
        return self._parts().keys

    @property
    def leaf(self) -> pl.DataFrame:
        return self._cache.get("leaf", lambda: _leaf_long(self))

    @property
    def fired(self) -> pl.DataFrame:
        return self._cache.get(
            "fired", lambda: _fired(self.plan, self.wide, self.keys, len(self.plan.clauses))
        )


@frozen(eq=False)
class EngineResult:
    """What a run computed: the totals (eager) and the wide scores the long frames come from."""

    totals: pl.DataFrame
    trail: Trail
    #: Which engine computed it: ``"polars"`` or ``"python"`` (the small path).
    path: str = "polars"
    _cache: _Cache = field(factory=_Cache, repr=False)

    @property
    def nodes(self) -> pl.DataFrame:
        return self._cache.get("nodes", lambda: _nodes_long(self.trail))

    def level(self, n: int) -> pl.DataFrame:
        """The rows of :attr:`nodes` at level ``n``, built alone when ``nodes`` is not."""
        if "nodes" in self._cache.frames:
            return self._cache.frames["nodes"].filter(pl.col("level") == n)
        nt = self.trail.plan.tables.nodes
        only = nt.filter(pl.col("level") == n).get_column("idx").sort().to_list()
        return _nodes_long(self.trail, only)

    @property
    def clauses(self) -> pl.DataFrame:
        return self._cache.get("clauses", lambda: self.trail.fired.select(CLAUSES.columns))


def _cat_keys(keys: pl.DataFrame) -> pl.DataFrame:
    return keys.with_columns(
        pl.col("unit", "unit_name", "district", "stage").cast(_CAT).name.suffix("_c")
    )


def _node_cat(plan: Plan) -> pl.DataFrame:
    return plan.tables.nodes.with_columns(
        pl.col("code", "parent", "name", "name_en", "rule").cast(_CAT)
    )


def _nodes_long(trail: Trail, only: Sequence[int] | None = None) -> pl.DataFrame:
    """One row per (k, node) with per-node ranks: the long view of the wide scores.

    ``only``: node indexes to include (ascending), so one level costs its own nodes'
    ranks rather than every node's (156 ranks of every key at the full tree).
    """
    keys, wide = trail.keys, trail.wide
    nt = trail.plan.tables.nodes
    n_keys = keys.height
    all_idx = list(range(nt.height)) if only is None else list(only)
    n_nodes = len(all_idx)
    year_ranks, district_ranks = group_ranks(
        [wide.get_column(f"s{i}") for i in all_idx], keys.get_column("ys"), keys.get_column("dys")
    )
    ranks = wide.select(
        *[pl.col(f"s{i}") for i in all_idx], *[pl.col(f"t{i}") for i in all_idx]
    ).with_columns(
        *[r.alias(f"rk{i}") for i, r in zip(all_idx, year_ranks, strict=True)],
        *[r.alias(f"dr{i}") for i, r in zip(all_idx, district_ranks, strict=True)],
    )
    cat_keys = _cat_keys(keys)
    node_cat = _node_cat(trail.plan)
    kk = pl.int_range(0, n_keys * n_nodes, dtype=pl.UInt32)
    long = _flatten(
        ranks,
        {
            "score": ([f"s{i}" for i in all_idx], pl.Float64),
            "status_i": ([f"t{i}" for i in all_idx], pl.Int8),
            "rank": ([f"rk{i}" for i in all_idx], pl.UInt32),
            "district_rank": ([f"dr{i}" for i in all_idx], pl.UInt32),
        },
    )
    k_col = (kk // max(n_nodes, 1)).alias("k")
    idx_col = pl.lit(pl.Series(all_idx, dtype=pl.UInt32)).gather(kk % max(n_nodes, 1)).alias("idx")
    mx = pl.lit(nt["max"]).gather(pl.col("idx"))
    exprs = {
        **{
            c: pl.lit(cat_keys[c + s]).gather(pl.col("k"))
            for c, s in (
                ("unit", "_c"),
                ("unit_name", "_c"),
                ("district", "_c"),
                ("year", ""),
                ("stage", "_c"),
            )
        },
        **{
            c: pl.lit(node_cat[c]).gather(pl.col("idx"))
            for c in ("code", "level", "parent", "name", "name_en")
        },
        "score": pl.col("score"),
        "max": mx,
        "share": pl.when(mx > 0).then(pl.col("score") / mx),
        "rank": pl.col("rank"),
        "district_rank": pl.col("district_rank"),
        "status": pl.lit(_STATUS_VALUES).gather(pl.col("status_i")),
    }
    return long.with_columns(k_col, idx_col).select(exprs[c].alias(c) for c in NODES.columns)


def _totals(
    fw: Framework, plan: Plan, keys: pl.DataFrame, inputs: Inputs, wide: pl.DataFrame
) -> pl.DataFrame:
    """One row per (unit, year, stage): total, grade, pass, vetoes, ranks."""
    nt = plan.tables.nodes
    n_keys = keys.height
    (year_rank,), (district_rank,) = group_ranks(
        [wide.get_column("s0")], keys.get_column("ys"), keys.get_column("dys")
    )
    tot = wide.select(
        pl.int_range(0, n_keys, dtype=pl.UInt32).alias("k"),
        pl.col("s0").alias("score"),
        pl.lit(_STATUS_VALUES).gather(pl.col("t0")).alias("status"),
    ).with_columns(year_rank.alias("rank"), district_rank.alias("district_rank"))
    declared = inputs.vetoes.filter(pl.col("triggered")).join(
        keys.select([*_KEY, "k"]), on=_KEY, how="inner"
    )
    triggered = [declared.select(pl.col("k").cast(pl.UInt32), "veto")]
    for idx, veto in plan.veto_leaves:
        # a veto leaf triggers when it scores 0 or has no entry, whatever its parent's
        # missing-data policy; a not-applicable one does not (docs/scoring.md §4)
        hit = wide.select(pl.int_range(0, n_keys, dtype=pl.UInt32).alias("k"), f"s{idx}", f"t{idx}")
        fires = (pl.col(f"t{idx}") == MISSING) | (
            (pl.col(f"t{idx}") == SCORED) & (pl.col(f"s{idx}") == 0)
        )
        triggered.append(hit.filter(fires).select("k", pl.lit(veto, pl.String).alias("veto")))
    trig = pl.concat(triggered)
    graded = apply_vetoes_and_grades(tot.select("k", "score"), trig, fw)
    total_max = float(nt["max"][0])
    exprs = {
        **{c: pl.lit(keys[c]).gather(pl.col("k")) for c in ("unit", "unit_name", "district")},
        "year": pl.lit(keys["year"]).gather(pl.col("k")),
        "stage": pl.lit(keys["stage"]).gather(pl.col("k")),
        "max": pl.lit(total_max),
        "share": (
            pl.col("score") / pl.lit(pl.repeat(total_max, n_keys, dtype=pl.Float64, eager=True))
            if total_max > 0
            else pl.lit(None, pl.Float64)
        ),
    }
    joined = tot.join(graded.drop("score"), on="k", how="left", maintain_order="left")
    return joined.select(exprs.get(c, pl.col(c)).alias(c) for c in TOTALS.columns)


def _leaf_long(trail: Trail) -> pl.DataFrame:
    """The compact audit trail, one row per (k, leaf) in ``pos`` order."""
    plan, wide, keys = trail.plan, trail.wide, trail.keys
    t = plan.tables
    nt = t.nodes
    n_keys = keys.height
    leaves = [leaf.idx for leaf in plan.leaves]
    n_leaves = len(leaves)
    q_cols = [f"q{i}" if f"q{i}" in wide.columns else None for i in leaves]
    d_cols = [f"d{i}" if f"d{i}" in wide.columns else None for i in leaves]
    flags = wide.select(
        *[pl.col(f"r{i}") for i in leaves],
        *[pl.col(f"s{i}") for i in leaves],
        *[pl.col(f"t{i}") for i in leaves],
        *[pl.col(f"g{i}") for i in leaves],
        *[pl.col(f"z{i}") for i in leaves],
        *[
            (pl.col(q) if q else pl.lit(None, pl.Float64)).alias(f"q_{j}")
            for j, q in enumerate(q_cols)
        ],
        *[
            (pl.col(d) if d else pl.lit(None, pl.Float64)).alias(f"d_{j}")
            for j, d in enumerate(d_cols)
        ],
    )
    lk = pl.int_range(0, n_keys * n_leaves, dtype=pl.UInt32)
    leaf_idx = pl.lit(t.leaf_idx).gather(lk % n_leaves)
    leaf_long = _flatten(
        flags,
        {
            "raw": ([f"r{i}" for i in leaves], pl.Float64),
            "score": ([f"s{i}" for i in leaves], pl.Float64),
            "status_i": ([f"t{i}" for i in leaves], pl.Int8),
            "gate_failed": ([f"g{i}" for i in leaves], pl.Boolean),
            "zero_denominator": ([f"z{i}" for i in leaves], pl.Boolean),
            "rate_used": ([f"q_{j}" for j in range(n_leaves)], pl.Float64),
            "deduction": ([f"d_{j}" for j in range(n_leaves)], pl.Float64),
        },
    ).with_columns((lk // n_leaves).alias("k"), leaf_idx.alias("idx"))
    cat_keys = _cat_keys(keys)
    node_cat = _node_cat(plan)
    mx = pl.lit(nt["max"]).gather(pl.col("idx"))
    # one with_columns: the gathers are independent, so polars runs them in parallel
    return leaf_long.with_columns(
        mx.alias("max"),
        pl.lit(_STATUS_VALUES).gather(pl.col("status_i")).alias("status"),
        (mx - pl.col("score")).alias("lost"),
        *[
            pl.lit(cat_keys[c + s]).gather(pl.col("k")).alias(c)
            for c, s in (("unit", "_c"), ("year", ""), ("stage", "_c"))
        ],
        pl.lit(node_cat["code"]).gather(pl.col("idx")).alias("code"),
        pl.lit(node_cat["rule"]).gather(pl.col("idx")).alias("rule"),
    )


def _assemble(
    fw: Framework,
    plan: Plan,
    keys: pl.DataFrame,
    inputs: Inputs,
    wide: pl.DataFrame,
    entries: pl.DataFrame,
    row_of: pl.Series | None,
) -> EngineResult:
    parts = TrailParts(wide=wide, entries=entries, row_of=row_of, keys=keys)
    trail = Trail(plan=plan, parts=lambda: parts, given=inputs.given)
    return EngineResult(totals=_totals(fw, plan, keys, inputs, wide), trail=trail)


def _fired(plan: Plan, wide: pl.DataFrame, keys: pl.DataFrame, n_clauses: int) -> pl.DataFrame:
    """Clauses that fired (deduction > 0), in (k, clause order)."""
    ct = plan.tables.clauses.sort("corder")
    schema = {**CLAUSES.schema, "k": pl.UInt32(), "li": pl.UInt32()}
    if n_clauses == 0 or wide.height == 0:
        return pl.DataFrame(schema=schema)
    gi = [g for g in range(n_clauses)]
    long = _flatten(
        wide,
        {
            "input": ([f"c{g}" for g in gi], pl.Float64),
            "deduction": ([f"x{g}" for g in gi], pl.Float64),
        },
    ).with_row_index("_p")
    hit = long.filter(pl.col("deduction") > 0)
    g = (pl.col("_p") % n_clauses).cast(pl.UInt32)
    li_of = pl.Series([c.li for c in plan.clauses], dtype=pl.UInt32)
    code_of = pl.Series([c.code for c in plan.clauses], dtype=pl.String)
    return hit.select(
        (pl.col("_p") // n_clauses).cast(pl.UInt32).alias("k"),
        g.alias("g"),
        "input",
        "deduction",
    ).select(
        pl.lit(keys["unit"]).gather(pl.col("k")).alias("unit"),
        pl.lit(keys["year"]).gather(pl.col("k")).alias("year"),
        pl.lit(keys["stage"]).gather(pl.col("k")).alias("stage"),
        pl.lit(code_of).gather(pl.col("g")).alias("code"),
        pl.lit(ct["clause"]).gather(pl.col("g")).alias("clause"),
        pl.lit(ct["text"]).gather(pl.col("g")).alias("text"),
        pl.lit(ct["text_en"]).gather(pl.col("g")).alias("text_en"),
        "input",
        "deduction",
        "k",
        pl.lit(li_of).gather(pl.col("g")).alias("li"),
    )
