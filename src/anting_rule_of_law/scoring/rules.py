"""Leaf rules as polars expressions over the whole long frame (one pass, no row loop).

Each leaf row carries its rule's parameters (gathered from the framework tables by
node index) and its entry's values; ``pl.when`` on the rule id picks the formula.
The formulas are stated in docs/scoring.md.
"""

from __future__ import annotations

import polars as pl

from anting_rule_of_law.scoring.deduct import num_text
from anting_rule_of_law.scoring.rounding import round_half_up_expr
from anting_rule_of_law.scoring.tables import MISSING_ID, RULE_ID, ZERO_DEN_ID

__all__ = ["STATUS", "leaf_scores"]

#: Status of a scored node, in this order (stored as an Enum).
STATUS = pl.Enum(["scored", "missing", "not_applicable"])

_R = pl.col("rule_id")
_SEP = "\x1f"
_PTS = pl.col("max")


def _is(rule: str) -> pl.Expr:
    return _R.eq(RULE_ID[rule])


def _num(expr: pl.Expr) -> pl.Expr:
    return num_text(round_half_up_expr(expr, 2))


def leaf_scores(df: pl.DataFrame) -> pl.DataFrame:
    """Add ``raw, status, score, lost, adjustments, reason, reason_en`` to leaf rows.

    Expects the columns gathered by the engine: rule parameters (``rule_id, max,
    target, floor, zd_id, low, high, per_item, gate_text, max_text, pmiss_id``), entry
    values, ``has_entry``, ``fraction`` (levels), and the clause aggregates
    (``deduction, n_clause_inputs, clause_reason, clause_reason_en``).
    """
    num, den = pl.col("numerator"), pl.col("denominator")
    zero_den = _is("ratio") & (den == 0).fill_null(False)
    rate = (
        pl.when(num.is_not_null() & den.is_not_null() & (den != 0))
        .then(num / den)
        .otherwise(pl.col("rate"))
    )
    zd = pl.col("zd_id")
    deduct_present = pl.col("has_entry") | (pl.col("n_clause_inputs").fill_null(0) > 0)
    raw = (
        pl.when(_is("check"))
        .then(pl.col("met").cast(pl.Float64) * _PTS)
        .when(_is("levels"))
        .then(pl.col("fraction") * _PTS)
        .when(_is("ratio"))
        .then(
            pl.when(zero_den)
            .then(
                pl.when(zd == ZERO_DEN_ID["full"])
                .then(_PTS)
                .when(zd == ZERO_DEN_ID["zero"])
                .then(0.0)
            )
            .otherwise(
                _PTS * (pl.col("rate_") - pl.col("floor")) / (pl.col("target") - pl.col("floor"))
            )
        )
        .when(_is("count"))
        .then(_PTS * pl.col("count") / pl.col("target"))
        .when(_is("deduct"))
        .then(pl.when(deduct_present).then(_PTS - pl.col("deduction").fill_null(0.0)))
        .when(_is("manual"))
        .then(pl.col("score_in"))
        .when(_is("bonus"))
        .then(pl.coalesce(pl.col("score_in"), pl.col("per_item") * pl.col("count")))
        .otherwise(_PTS * (pl.col("value") - pl.col("low")) / (pl.col("high") - pl.col("low")))
    )
    na = pl.col("not_applicable").fill_null(False) | (zero_den & (zd == ZERO_DEN_ID["exclude"]))
    gate_fail = _is("deduct") & (pl.col("gate") == False).fill_null(False)  # noqa: E712
    df = df.with_columns(rate.alias("rate_"), zero_den.alias("zero_den"))
    df = df.with_columns(
        raw.alias("raw"), na.alias("_na"), gate_fail.alias("_gate_fail")
    ).with_columns(
        pl.when(pl.col("_na"))
        .then(pl.lit("not_applicable"))
        .when(pl.col("raw").is_null())
        .then(pl.lit("missing"))
        .otherwise(pl.lit("scored"))
        .cast(STATUS)
        .alias("status")
    )
    st = pl.col("status")
    scored = st == "scored"
    missing = st == "missing"
    zero_policy = pl.col("pmiss_id") == MISSING_ID["zero"]
    score = (
        pl.when(scored)
        .then(
            pl.when(pl.col("_gate_fail"))
            .then(0.0)
            .otherwise(pl.col("raw").clip(lower_bound=0.0).clip(upper_bound=_PTS))
        )
        .when(missing & zero_policy)
        .then(0.0)
        .otherwise(None)
    )
    df = df.with_columns(score.alias("score")).with_columns((_PTS - pl.col("score")).alias("lost"))
    return df.with_columns(_adjustments().alias("adjustments"), *_reasons())


def _adjustments() -> pl.Expr:
    st = pl.col("status")
    scored = st == "scored"
    raw = pl.col("raw")
    zd = pl.col("zd_id")
    zero_den = pl.col("zero_den")
    reason = pl.col("reason_in").fill_null("")
    items = [
        pl.when(pl.col("not_applicable").fill_null(False)).then(
            pl.concat_str([pl.lit("not applicable: "), reason])
        ),
        pl.when(zero_den & (zd == ZERO_DEN_ID["full"])).then(
            pl.lit("denominator 0: full points (zero_denominator: full)")
        ),
        pl.when(zero_den & (zd == ZERO_DEN_ID["zero"])).then(
            pl.lit("denominator 0: scored 0 (zero_denominator: zero)")
        ),
        pl.when(zero_den & (zd == ZERO_DEN_ID["exclude"])).then(
            pl.lit("denominator 0: not applicable (zero_denominator: exclude)")
        ),
        pl.when(scored & _is("ratio") & (pl.col("rate_bound") == "min")).then(
            pl.concat_str(
                [pl.lit("rate is a lower bound ("), pl.col("bound_text").fill_null(""), pl.lit(")")]
            )
        ),
        pl.when(scored & pl.col("_gate_fail")).then(
            pl.concat_str([pl.lit("gate not met: "), pl.col("gate_text")])
        ),
        pl.when(scored & ~pl.col("_gate_fail") & ((raw < 0) | (raw > _PTS))).then(
            pl.concat_str([pl.lit("clamped to [0, "), pl.col("max_text"), pl.lit("]")])
        ),
        pl.when(st == "missing").then(
            pl.when(pl.col("pmiss_id") == MISSING_ID["zero"])
            .then(pl.lit("missing: scored 0 per policy"))
            .otherwise(pl.lit("missing: excluded per policy"))
        ),
    ]
    # concat_str + split is far faster than concat_list over millions of rows.
    joined = pl.concat_str(items, separator=_SEP, ignore_nulls=True)
    n = pl.sum_horizontal([item.is_not_null() for item in items]).cast(pl.Int64)
    return joined.str.split(_SEP).list.head(n)


def _reasons() -> list[pl.Expr]:
    """Why points were lost, zh and en; empty when nothing was lost.

    Built from static per-leaf text (gathered) around one shown number, so the
    whole frame needs few string operations.
    """
    given = pl.col("reason_in").fill_null("")
    st = pl.col("status")
    lost = pl.col("lost").fill_null(0.0) > 1e-12
    shown = (
        pl.when(_is("ratio"))
        .then(pl.col("rate_") * 100)
        .when(_is("count") | _is("bonus"))
        .then(pl.col("count"))
        .when(_is("normalized"))
        .then(pl.col("value"))
        .when(_is("manual") | _is("bonus"))
        .then(pl.col("score_in"))
    )
    number = _num(shown).fill_null("")
    out = []
    for lang, missing_text, zero_den, gate in (
        ("zh", "未填报", "分母为0", "前提条件未满足："),
        ("en", "no data", "denominator is 0", "prerequisite not met: "),
    ):
        suffix = "" if lang == "zh" else "_en"
        generic = pl.concat_str(
            [pl.col(f"why_{lang}"), number, pl.col(f"why_mid_{lang}")], ignore_nulls=True
        )
        text = (
            pl.when(st == "missing")
            .then(pl.lit(missing_text))
            .when(~lost)
            .then(pl.lit(""))
            .when(given != "")
            .then(given)
            .when(pl.col("_gate_fail"))
            .then(pl.lit(gate) + pl.col("gate_text"))
            .when(_is("deduct"))
            .then(pl.col(f"clause_reason{suffix}").fill_null(""))
            .when(_is("levels"))
            .then(pl.col(f"why_{lang}") + pl.col("grade").fill_null(""))
            .when(pl.col("zero_den"))
            .then(pl.lit(zero_den))
            .otherwise(generic)
        )
        out.append(text.fill_null("").alias("reason" + suffix))
    return out
