"""The scoring pass: encode keys -> wide leaf rules -> wide roll-up -> totals with ranks.

Why this shape (docs/scoring.md, "How the engine computes"): keys and codes become
integers at the edge (encode.py) — every (unit, year, stage) is ``k`` (0..K-1 in
sorted order) and every leaf its position ``li``, so a leaf row sits at
``pos = k * L + li``. Inputs are scattered into a wide frame (K rows, a column per
leaf input), rules and the roll-up are horizontal expressions (wide.py), and only
the totals (with their ranks) are built in the run; the long frames are built
from the wide scores when read (result.py, long.py).
"""

from __future__ import annotations

import polars as pl

from anting_rule_of_law.columns import TOTALS
from anting_rule_of_law.errors import InputError, Problem
from anting_rule_of_law.exact import ZERO
from anting_rule_of_law.records import Framework
from anting_rule_of_law.scoring import _paths
from anting_rule_of_law.scoring.encode import (
    KEY,
    code_index,
    key_table,
    positions,
    runs,
    slot_rows,
    strided,
)
from anting_rule_of_law.scoring.grading import apply_pass_requires, apply_vetoes_and_grades
from anting_rule_of_law.scoring.input_checks import duplicate_problems
from anting_rule_of_law.scoring.inputs import ENTRY_SCHEMA, Inputs, is_coded
from anting_rule_of_law.scoring.leaves import MISSING, SCORED
from anting_rule_of_law.scoring.long import status_of
from anting_rule_of_law.scoring.plan import Plan, plan_of
from anting_rule_of_law.scoring.ranking import group_ranks
from anting_rule_of_law.scoring.result import EngineResult, Trail, TrailParts
from anting_rule_of_law.scoring.wide import stages_of

__all__ = ["EngineResult", "Trail", "TrailParts", "run"]

_KEY = list(KEY)


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


def _wide_inputs(
    plan: Plan, entries: pl.DataFrame, row_of: pl.Series | None, n_keys: int
) -> tuple[pl.DataFrame, set[str]]:
    """Each leaf's entry fields as columns ``{field}_{li}`` of K rows, and ``h_{li}``
    (entered at all); the names of every column made, to drop after the rules."""
    n_leaves = len(plan.leaves)
    needed = {name for leaf in plan.leaves for name in leaf.inputs} | {"not_applicable"}
    present = sorted(n for n in needed if n in entries.columns)
    # an all-null row at the end stands for "not entered": the per-leaf indices then
    # hold no nulls, which polars gathers by a faster path
    src = entries.select(present)
    src = pl.concat([src, src.clear(1)]).rechunk()
    slot = None if row_of is None else row_of.fill_null(entries.height)
    # a K-long first column, so the frame has K rows whatever else is absent
    exprs: list[pl.Expr] = [pl.int_range(0, n_keys, dtype=pl.UInt32).alias("_k")]
    absent: dict[str, pl.DataType] = {}
    for li, leaf in enumerate(plan.leaves):
        at = strided(slot, n_keys, n_leaves, li)
        for name in (*leaf.inputs, "not_applicable"):
            alias = f"{name}_{li}"
            if name not in present:
                absent[alias] = ENTRY_SCHEMA[name]
                continue
            value = pl.col(name).gather(at)
            if is_coded(src.schema[name]):
                value = value.cast(ENTRY_SCHEMA[name])  # K values, not every row
            exprs.append(value.alias(alias))
        has = pl.lit(True) if slot is None else at != entries.height
        exprs.append(has.alias(f"h_{li}"))
    wide = src.select(exprs).with_columns(
        pl.lit(None, dtype).alias(alias) for alias, dtype in absent.items()
    )
    return wide.drop("_k"), {*(e.meta.output_name() for e in exprs), *absent}


def _clause_inputs(
    plan: Plan,
    clauses: pl.DataFrame,
    ids: pl.DataFrame,
    run_keys: pl.DataFrame,
    keys: pl.DataFrame,
) -> pl.DataFrame:
    """Each clause's input as a column ``c{g}`` of K rows (null: not given)."""
    n_keys, n_clauses = keys.height, len(plan.clauses)
    cpos = positions(ids, run_keys, keys, n_clauses, "g")
    if not (cpos.diff().slice(1) > 0).all() and cpos.is_duplicated().any():
        raise InputError(duplicate_problems(clauses, (*_KEY, "code", "clause"), "<clauses>"))
    # each (k, clause) slot holds at most one input (checked above): scatter the
    # inputs into the K × clauses grid once, then read it a clause at a time
    grid = pl.repeat(None, n_keys * n_clauses, dtype=pl.Float64, eager=True).scatter(
        cpos, clauses.get_column("input").cast(pl.Float64)
    )
    return grid.to_frame("input").select(
        pl.col("input").gather_every(n_clauses, g).alias(f"c{g}") for g in range(n_clauses)
    )


def run(fw: Framework, inputs: Inputs, problems: list[Problem] | None = None) -> EngineResult:
    """Score everything in ``inputs`` against ``fw``; raises InputError on bad codes."""
    plan = plan_of(fw)
    problems = list(problems or [])
    entries = inputs.entries
    n_leaves = len(plan.leaves)
    leaf_codes = [leaf.code for leaf in plan.leaves]

    e_ids, e_runs = runs(entries, [code_index(entries, "code", leaf_codes).alias("li")])
    if e_ids.get_column("li").null_count():
        bad = entries.filter(e_ids.get_column("li").is_null())
        problems.extend(_code_problems(fw, bad.select(pl.col("code").cast(pl.String))))

    clauses = inputs.clauses
    clause_ids = sorted({c.clause for c in plan.clauses})
    width = max(len(clause_ids), 1)
    lookup: list[int | None] = [None] * (n_leaves * width)
    cid_of = {c: i for i, c in enumerate(clause_ids)}
    for c in plan.clauses:
        lookup[c.li * width + cid_of[c.clause]] = c.g
    g_expr = (
        pl.lit(pl.Series(lookup, dtype=pl.UInt32))
        .gather(
            code_index(clauses, "code", leaf_codes) * width
            + code_index(clauses, "clause", clause_ids)
        )
        .alias("g")
        if clause_ids and clauses.height
        else pl.lit(None, pl.UInt32).alias("g")
    )
    c_ids, c_runs = runs(clauses, [g_expr])
    if clauses.height and c_ids.get_column("g").null_count():
        bad = clauses.filter(c_ids.get_column("g").is_null())
        problems.extend(_clause_problems(bad.select(pl.col("code", "clause").cast(pl.String))))
    if problems:
        raise InputError(problems)

    parts = [e_runs, c_runs, inputs.vetoes]
    if inputs.keys is not None:
        parts.append(inputs.keys)
    keys = key_table(parts, inputs.units)
    n_keys = keys.height

    pos = positions(e_ids, e_runs, keys, n_leaves, "li")
    if entries.height and not (pos.diff().slice(1) > 0).all() and pos.is_duplicated().any():
        raise InputError(duplicate_problems(entries))
    row_of = slot_rows(pos, n_keys * n_leaves, entries.height)
    del pos, e_ids

    wide, inputs_only = _wide_inputs(plan, entries, row_of, n_keys)
    if plan.clauses:
        cin = _clause_inputs(plan, clauses, c_ids, c_runs, keys)
        wide = pl.concat([wide, cin], how="horizontal")
    del c_ids
    wide = wide.with_columns(pl.repeat(0.0, n_keys, dtype=pl.Float64, eager=True).alias(ZERO))
    wide = _evaluate(wide, stages_of(plan))
    # the per-leaf inputs were only the rules' arguments: what is kept is what the
    # long frames read (as the small path's wide frame)
    inputs_only.add(ZERO)
    wide = pl.DataFrame([wide.get_column(c) for c in wide.columns if c not in inputs_only])
    parts_ = TrailParts(wide=wide, entries=entries, row_of=row_of, keys=keys)
    trail = Trail(plan=plan, parts=lambda: parts_, given=inputs.given)
    totals = _totals(fw, plan, keys, inputs, wide, trail)
    return EngineResult(totals=totals, trail=trail)


def _totals(
    fw: Framework,
    plan: Plan,
    keys: pl.DataFrame,
    inputs: Inputs,
    wide: pl.DataFrame,
    trail: Trail,
) -> pl.DataFrame:
    """One row per (unit, year, stage): total, grade, pass, vetoes, ranks."""
    nt = plan.tables.nodes
    n_keys = keys.height
    (year_rank,), (district_rank,) = group_ranks(
        [wide.get_column("s0")], keys.get_column("ys"), keys.get_column("dys")
    )
    trail.known_ranks(0, (year_rank, district_rank))
    tot = wide.select(
        pl.int_range(0, n_keys, dtype=pl.UInt32).alias("k"),
        pl.col("s0").alias("score"),
        status_of(pl.col("t0")).alias("status"),
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
    return apply_pass_requires(
        joined.select(exprs.get(c, pl.col(c)).alias(c) for c in TOTALS.columns), fw
    )
