"""The same leaf rules and roll-up written the way a competent pandas analyst would.

Why it exists: a benchmark needs an honest baseline. This is vectorised pandas —
a full (unit, year) × leaf grid from a cross merge, rule formulas with
``np.select``, clause deductions by ``merge`` + ``groupby``, one ``groupby`` per
level of the tree — no Python loop over rows. It implements the formulas of
docs/scoring.md for leaves (check, levels, ratio, count, deduct with gate and
clauses, manual, bonus, normalized), the roll-up (sum / mean / weighted_mean,
missing policies zero / exclude / null, caps, bonus items on top), vetoes and
grades, and ranks every node (the totals included) within (year) and within
(district, year) as the library does — ``rank(method="min")``, best first. It has no
audit trail and no reasons. It is checked against the library in
tests/test_benchmark_baseline.py.

Stage is not a key here: every generated assessment is a self-assessment.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from anting_rule_of_law import Framework

__all__ = ["node_table", "rank_nodes", "score_pandas", "to_pandas"]

KEY = ["unit", "year"]
_VALUES = ("met", "numerator", "denominator", "rate", "count", "value", "score", "gate")


def to_pandas(frames: dict[str, pl.DataFrame], fw: Framework) -> dict[str, pd.DataFrame]:
    """Polars frames -> pandas the way an analyst would hold them.

    Keys and grades become ``category`` with one set of categories per column name
    across frames (node codes from the framework), yes/no columns floats with NaN
    for blank (so arithmetic works), numbers stay float64. Goes through numpy.
    """
    cats: dict[str, list[str]] = {"code": ["", *(n.code for n in fw.walk())]}
    known = {
        "grade": [g for n in fw.leaves() if n.rule is not None for g, _ in n.rule.levels],
        "clause": [c.id for n in fw.leaves() if n.rule is not None for c in n.rule.clauses],
        "veto": [v.code for v in fw.vetoes],
    }
    for col in ("unit", "clause", "grade", "veto", "district"):
        seen = [f.get_column(col) for f in frames.values() if col in f.columns]
        seen.append(pl.Series(col, known.get(col, []), dtype=pl.String))
        cats[col] = pl.concat(seen).drop_nulls().unique().sort().to_list()
    out: dict[str, pd.DataFrame] = {}
    for name, df in frames.items():
        cols: dict[str, Any] = {}
        for col, dtype in df.schema.items():
            s = df.get_column(col)
            if col in cats:
                cols[col] = pd.Categorical(s.to_numpy(), categories=cats[col])
            elif dtype == pl.Boolean:
                if col in ("not_applicable", "triggered"):
                    cols[col] = s.fill_null(False).to_numpy()
                else:
                    cols[col] = s.cast(pl.Float64).to_numpy()
            else:
                cols[col] = s.to_numpy()
        out[name] = pd.DataFrame(cols)
    return out


def _static_max(fw: Framework) -> dict[str, float]:
    maxes: dict[str, float] = {}

    def extra(code: str) -> bool:
        r = fw.node(code).rule
        return r is not None and r.type == "bonus" and r.extra

    def mx(code: str | None) -> float:
        node = None if code is None else fw.node(code)
        if node is not None and node.points is not None:
            return node.points
        if node is None and fw.total_points is not None:
            return fw.total_points
        agg = fw.aggregate if node is None else node.aggregate
        if agg != "sum":
            return 1.0
        return sum(maxes[c.code] for c in fw.children(code) if not extra(c.code))

    for node in reversed(list(fw.walk())):
        maxes[node.code] = mx(node.code)
    maxes[""] = mx(None)
    return maxes


def node_table(fw: Framework) -> pd.DataFrame:
    """One row per node (``""`` = the total) with its own and its parent's parameters."""
    maxes = _static_max(fw)
    rows = []
    for n in [None, *fw.walk()]:
        code = "" if n is None else n.code
        r = None if n is None else n.rule
        parent = None if n is None else (n.parent or "")
        pmissing = None
        if n is not None:
            pmissing = fw.missing if n.parent is None else fw.node(n.parent).missing
        rows.append(
            {
                "code": code,
                "parent": parent,
                "depth": 0 if n is None else n.level,
                "rule": None if r is None else r.type,
                "max": maxes[code],
                "aggregate": fw.aggregate if n is None else n.aggregate,
                "missing": fw.missing if n is None else n.missing,
                "min_available": fw.min_available if n is None else n.min_available,
                "cap": (fw.cap if n is None else n.cap),
                "weight": 1.0 if n is None else n.weight,
                "extra": bool(r is not None and r.type == "bonus" and r.extra),
                "pmissing": pmissing,
                "target": None if r is None else r.target,
                "floor": None if r is None else r.floor,
                "zd": None if r is None else r.zero_denominator,
                "low": None if r is None else r.low,
                "high": None if r is None else r.high,
                "per_item": None if r is None else r.per_item,
                "veto": None if n is None else n.veto,
            }
        )
    df = pd.DataFrame(rows)
    for c in ("cap", "target", "floor", "low", "high", "per_item"):
        df[c] = df[c].astype("float64")
    return df


def _clause_table(fw: Framework) -> pd.DataFrame:
    rows = [
        {
            "code": n.code,
            "clause": c.id,
            "amount": c.amount,
            "kind": c.kind,
            "op": c.op,
            "threshold": c.threshold,
            "cmax": c.max,
        }
        for n in fw.leaves()
        if n.rule is not None
        for c in n.rule.clauses
    ]
    df = pd.DataFrame(rows, columns=["code", "clause", "amount", "kind", "op", "threshold", "cmax"])
    for c in ("threshold", "cmax"):
        df[c] = df[c].astype("float64")
    return df


def _levels_table(fw: Framework) -> pd.DataFrame:
    rows = [
        {"code": n.code, "grade": g, "fraction": f}
        for n in fw.leaves()
        if n.rule is not None
        for g, f in n.rule.levels
    ]
    return pd.DataFrame(rows, columns=["code", "grade", "fraction"])


def _deductions(clauses: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """Sum of clause deductions and number of clause inputs per (unit, year, code)."""
    table = _clause_table(fw).astype(
        {"code": clauses["code"].dtype, "clause": clauses["clause"].dtype}
    )
    c = clauses.merge(table, on=["code", "clause"], how="inner")
    x = c["input"]
    thr = c["threshold"]
    hit = np.select(
        [c["op"] == "lt", c["op"] == "le", c["op"] == "gt"],
        [x < thr, x <= thr, x > thr],
        default=x >= thr,
    )
    raw = np.select(
        [x.isna(), c["kind"] == "flag", c["kind"] == "per_item"],
        [0.0, np.where(x != 0, c["amount"], 0.0), c["amount"] * x.clip(lower=0.0)],
        default=np.where(hit, c["amount"], 0.0),
    )
    c["deduction"] = np.where(c["cmax"].notna(), np.minimum(raw, c["cmax"]), raw)
    return (
        c.groupby([*KEY, "code"], observed=True, sort=False)
        .agg(deduction=("deduction", "sum"), n_clause_inputs=("deduction", "size"))
        .reset_index()
    )


def _param(codes: pd.Series, table: pd.Series) -> pd.Series:
    """A node parameter per row: map the (categorical) code through the node table."""
    return pd.Series(np.asarray(codes.map(table)), index=codes.index, dtype=table.dtype)


def _leaf_scores(
    fw: Framework, entries: pd.DataFrame, clauses: pd.DataFrame, keys: pd.DataFrame
) -> pd.DataFrame:
    nodes = node_table(fw).set_index("code")
    leaves = nodes[nodes["rule"].notna()]
    cats = entries["code"].cat.categories
    codes = pd.DataFrame({"code": pd.Categorical(leaves.index, categories=cats)})
    grid = keys.merge(codes, how="cross")
    ent = entries.assign(has_entry=True)
    g = grid.merge(ent, on=[*KEY, "code"], how="left")
    g = g.merge(_deductions(clauses, fw), on=[*KEY, "code"], how="left")
    # (pandas joins NaN keys to NaN keys: an entry without a grade must not match)
    levels = (
        _levels_table(fw)
        .astype({"code": codes["code"].dtype, "grade": entries["grade"].dtype})
        .dropna(subset=["grade"])
    )
    g = g.merge(levels, on=["code", "grade"], how="left")
    g["has_entry"] = g["has_entry"].eq(True)
    for name in ("rule", "max", "target", "floor", "zd", "low", "high", "per_item", "pmissing"):
        g[name] = _param(g["code"], leaves[name])

    rule, pts = g["rule"], g["max"]
    num, den = g["numerator"], g["denominator"]
    rate = np.where(num.notna() & den.notna() & (den != 0), num / den, g["rate"])
    zero_den = (rule == "ratio") & (den == 0)
    ratio = np.where(
        zero_den,
        np.select([g["zd"] == "full", g["zd"] == "zero"], [pts, 0.0], default=np.nan),
        pts * (rate - g["floor"]) / (g["target"] - g["floor"]),
    )
    present = g["has_entry"] | (g["n_clause_inputs"].fillna(0) > 0)
    raw = np.select(
        [
            rule == "check",
            rule == "levels",
            rule == "ratio",
            rule == "count",
            rule == "deduct",
            rule == "manual",
            rule == "bonus",
        ],
        [
            g["met"] * pts,
            g["fraction"] * pts,
            ratio,
            pts * g["count"] / g["target"],
            np.where(present, pts - g["deduction"].fillna(0.0), np.nan),
            g["score"],
            g["score"].fillna(g["per_item"] * g["count"]),
        ],
        default=pts * (g["value"] - g["low"]) / (g["high"] - g["low"]),
    )
    na = g["not_applicable"].eq(True) | (zero_den & (g["zd"] == "exclude"))
    missing = ~na & np.isnan(raw)
    gate_fail = (rule == "deduct") & (g["gate"] == 0)
    scored = ~na & ~missing
    score = np.select(
        [scored & gate_fail, scored, missing & (g["pmissing"] == "zero")],
        [0.0, np.clip(raw, 0.0, pts), 0.0],
        default=np.nan,
    )
    status = np.select([na, missing], ["not_applicable", "missing"], default="scored")
    return pd.DataFrame(
        {
            "unit": g["unit"],
            "year": g["year"],
            "code": g["code"],
            "score": score,
            "status": status,
        }
    )


def _roll_up(fw: Framework, leaf: pd.DataFrame) -> pd.DataFrame:
    """Level by level, deepest first: children -> parents, each parent with its rules."""
    nodes = node_table(fw).set_index("code")
    cats = leaf["code"].cat.categories
    parts = [leaf]
    carried: pd.DataFrame | None = None
    for depth in range(fw.depth, 0, -1):
        at = nodes.index[nodes["depth"] == depth]
        rows = leaf[leaf["code"].isin(at)]
        if carried is not None:
            rows = pd.concat([rows, carried], ignore_index=True)
        if rows.empty:
            carried = None
            continue
        c = rows.assign(
            parent=pd.Categorical(_param(rows["code"], nodes["parent"]), categories=cats),
            max=_param(rows["code"], nodes["max"]),
            extra=_param(rows["code"], nodes["extra"]),
            weight=_param(rows["code"], nodes["weight"]),
        )
        counted = ~c["extra"]
        avail = c["score"].notna()
        share = np.where(c["max"] > 0, c["score"] / c["max"], avail.astype(float))
        c = c.assign(
            s=c["score"].where(counted),
            m=c["max"].where(counted & avail),
            sh=pd.Series(share, index=c.index).where(counted),
            w=c["weight"].where(counted & avail),
            wsh=(share * c["weight"]).where(counted),
            x=c["score"].where(~counted),
            n_avail=(counted & avail).astype(int),
            n_miss=(counted & ~avail & (c["status"] == "missing")).astype(int),
            n_out=(counted & ~avail).astype(int),
        )
        a = (
            c.groupby([*KEY, "parent"], observed=True, sort=False)
            .agg(
                s=("s", "sum"),
                m=("m", "sum"),
                sh=("sh", "mean"),
                w=("w", "sum"),
                wsh=("wsh", "sum"),
                x=("x", "sum"),
                n_avail=("n_avail", "sum"),
                n_miss=("n_miss", "sum"),
                n_out=("n_out", "sum"),
            )
            .reset_index()
            .rename(columns={"parent": "code"})
        )
        p = nodes.loc[np.asarray(a["code"])].reset_index(drop=True)
        pmax = p["max"]
        base = np.select(
            [p["aggregate"] == "sum", p["aggregate"] == "mean"],
            [
                np.where((a["n_out"] > 0) & (a["m"] > 0), a["s"] * pmax / a["m"], a["s"]),
                pmax * a["sh"],
            ],
            default=np.where(a["w"] > 0, pmax * a["wsh"] / a["w"], np.nan),
        )
        cap = p["cap"].fillna(pmax)
        value = np.minimum(base + a["x"], cap)
        share_av = a["n_avail"] / (a["n_avail"] + a["n_miss"])
        below = (p["missing"] == "null") & (share_av < p["min_available"])
        value = np.where((a["n_avail"] == 0) | below, np.nan, value)
        status = np.select(
            [~np.isnan(value), below | (a["n_miss"] > 0)],
            ["scored", "missing"],
            default="not_applicable",
        )
        seen = np.where((status == "missing") & (p["pmissing"] == "zero"), 0.0, value)
        carried = pd.DataFrame(
            {
                "unit": a["unit"],
                "year": a["year"],
                "code": a["code"],
                "score": seen,
                "status": status,
            }
        )
        parts.append(carried)
    return pd.concat(parts, ignore_index=True)


def _grades(
    fw: Framework, totals: pd.DataFrame, leaf: pd.DataFrame, vetoes: pd.DataFrame
) -> pd.DataFrame:
    """Vetoes (fail / cap the grade), grade bands on the unrounded total, pass/fail."""
    trig = vetoes.loc[vetoes["triggered"], [*KEY, "veto"]].astype({"veto": str})
    veto_leaves = {n.code: n.veto for n in fw.leaves() if n.veto}
    if veto_leaves:
        hit = leaf[leaf["code"].isin(list(veto_leaves)) & (leaf["score"] == 0)]
        trig = pd.concat([trig, hit.assign(veto=hit["code"].map(veto_leaves))[[*KEY, "veto"]]])
    bands = sorted(fw.grades, key=lambda b: b.min)
    rank_of = {b.code: i for i, b in enumerate(bands)}
    effect = {v.code: v.effect for v in fw.vetoes}
    cap_rank = {v.code: rank_of.get(v.cap_grade or "", np.nan) for v in fw.vetoes}
    trig = trig.assign(
        fail=trig["veto"].map(effect).fillna("fail").eq("fail"),
        cap_rank=trig["veto"].map(cap_rank).astype(float),
    )
    per = trig.groupby(KEY, observed=True).agg(fail=("fail", "any"), cap_rank=("cap_rank", "min"))
    t = totals.merge(per.reset_index(), on=KEY, how="left")
    t["fail"] = t["fail"].eq(True)
    score = t["score"]
    band = pd.Series(np.nan, index=t.index)
    for i, b in enumerate(bands):
        band = band.mask(score >= b.min, float(i))
    capped = np.fmin(band, t["cap_rank"]).where(band.notna())
    final = capped.mask(t["fail"] & score.notna(), 0.0)
    codes = np.array([b.code for b in bands] + [None], dtype=object)
    band_pass = np.array([b.passed for b in bands] + [False])
    bi = final.fillna(len(bands)).astype(int).to_numpy()
    t["grade"] = codes[bi] if bands else None
    passed = band_pass[bi] if bands else score.notna().to_numpy()
    if fw.pass_line is not None:
        passed = passed & (score >= fw.pass_line).to_numpy()
    t["passed"] = passed & ~t["fail"].to_numpy()
    return t[[*KEY, "score", "grade", "passed", *[c for c in RANKS if c in t.columns]]]


RANKS = ("rank", "district_rank")


def rank_nodes(nodes: pd.DataFrame, units: pd.DataFrame | None) -> pd.DataFrame:
    """Every node's rank within (year, node) and (district, year, node): method "min",
    highest score first, no rank for a missing score — the library's ranks."""
    if units is not None and len(units):
        to_district = dict(
            zip(units["unit"].astype(str), units["district"].astype(str), strict=True)
        )
        # mapped per category, not per row
        district = nodes["unit"].map(to_district).fillna("")
    else:
        district = pd.Series("", index=nodes.index)
    by_year = nodes.groupby(["year", "code"], observed=True)["score"]
    by_district = nodes.assign(district=district).groupby(
        ["district", "year", "code"], observed=True
    )["score"]
    return nodes.assign(
        rank=by_year.rank(method="min", ascending=False),
        district_rank=by_district.rank(method="min", ascending=False),
    )


def score_pandas(
    fw: Framework, data: dict[str, pd.DataFrame], *, ranks: bool = True
) -> dict[str, pd.DataFrame]:
    """Score pandas frames (``entries, clauses, vetoes``, optional ``units``): ``nodes``
    and ``totals``, with the ranks unless ``ranks`` is false."""
    entries, clauses, vetoes = data["entries"], data["clauses"], data["vetoes"]
    absent = [c for c in _VALUES if c not in entries.columns]
    entries = entries.assign(**{c: np.nan for c in absent})
    if "grade" not in entries.columns:
        entries["grade"] = pd.Categorical([None] * len(entries), categories=[])
    if "not_applicable" not in entries.columns:
        entries["not_applicable"] = False
    keys = (
        pd.concat([entries[KEY], clauses[KEY], vetoes[KEY]], ignore_index=True)
        .drop_duplicates()
        .reset_index(drop=True)
    )
    leaf = _leaf_scores(fw, entries, clauses, keys)
    nodes = _roll_up(fw, leaf)
    if ranks:
        nodes = rank_nodes(nodes, data.get("units"))
    totals = nodes[nodes["code"] == ""]
    return {"nodes": nodes, "totals": _grades(fw, totals, leaf, vetoes)}
