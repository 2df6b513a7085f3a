"""Text of the audit trail: adjustments and loss reasons, as expressions over long rows.

Why here: the scores themselves are computed wide (wide.py); these expressions run
only when the audit text is rendered (audit.py), over rows carrying the leaf's
parameters, its entry's values and the engine's flags.
"""

from __future__ import annotations

import polars as pl

from anting_rule_of_law.rulekinds.vocabulary import ADJUSTMENTS, GRADE_WORDS, REASONS
from anting_rule_of_law.scoring.framework_tables import MISSING_ID, ZERO_DEN_ID
from anting_rule_of_law.scoring.numtext import half_up_text

__all__ = ["adjustments_expr", "reasons_exprs"]

_SEP = "\x1f"
_PTS = pl.col("max")
#: What the leaf's reason shows (its rule kind's ``ReasonText.shows``).
_SHOWS = pl.col("shows")


def _num(expr: pl.Expr) -> pl.Expr:
    return half_up_text(expr)


def _adjustment(key: str, slot: pl.Expr | None = None) -> pl.Expr:
    """The vocabulary's English adjustment ``key`` with its one placeholder filled by ``slot``."""
    text = ADJUSTMENTS[key].en
    if slot is None:
        return pl.lit(text)
    head, _, rest = text.partition("{")
    _, _, tail = rest.partition("}")
    return pl.concat_str([pl.lit(head), slot, pl.lit(tail)])


def adjustments_expr() -> pl.Expr:
    st = pl.col("status")
    scored = st == "scored"
    raw = pl.col("raw")
    zd = pl.col("zd_id")
    zero_den = pl.col("zero_den")
    reason = pl.col("reason_in").fill_null("")
    items = [
        pl.when(pl.col("not_applicable").fill_null(False)).then(
            _adjustment("not_applicable", reason)
        ),
        pl.when(zero_den & (zd == ZERO_DEN_ID["full"])).then(_adjustment("zero_denominator_full")),
        pl.when(zero_den & (zd == ZERO_DEN_ID["zero"])).then(_adjustment("zero_denominator_zero")),
        pl.when(zero_den & (zd == ZERO_DEN_ID["exclude"])).then(
            _adjustment("zero_denominator_exclude")
        ),
        pl.when(scored & pl.col("reads_rate") & (pl.col("rate_bound") == "min")).then(
            _adjustment("rate_lower_bound", pl.col("bound_text").fill_null(""))
        ),
        pl.when(scored & pl.col("reads_rate") & (pl.col("rate_bound") == "max")).then(
            _adjustment("rate_upper_bound", pl.col("bound_text").fill_null(""))
        ),
        pl.when(scored & pl.col("_gate_fail")).then(
            _adjustment("gate_not_met", pl.col("gate_text"))
        ),
        pl.when(scored & ~pl.col("_gate_fail") & ((raw < 0) | (raw > _PTS))).then(
            _adjustment("clamped", pl.col("max_text"))
        ),
        pl.when(st == "missing").then(
            pl.when(pl.col("pmiss_id") == MISSING_ID["zero"])
            .then(_adjustment("missing_zero"))
            .otherwise(_adjustment("missing_excluded"))
        ),
    ]
    # concat_str + split is far faster than concat_list over millions of rows.
    joined = pl.concat_str(items, separator=_SEP, ignore_nulls=True)
    n = pl.sum_horizontal([item.is_not_null() for item in items]).cast(pl.Int64)
    return joined.str.split(_SEP).list.head(n)


def reasons_exprs() -> list[pl.Expr]:
    """Why points were lost, zh and en; empty when nothing was lost.

    Built from static per-leaf text (gathered) around one shown number, so the
    whole frame needs few string operations. A reason the assessor wrote is the
    Chinese reason; the English one uses it only when it has no Chinese
    character, and otherwise says why in the rule's own English words (the
    clauses that fired, the rate and its target, the grade ...), so an English
    report does not print a Chinese sentence as its reason.
    """
    given = pl.col("reason_in").fill_null("")
    grade = pl.col("grade").fill_null("")
    grade_en = grade.replace({k: w.en for k, w in GRADE_WORDS.items()})
    st = pl.col("status")
    lost = pl.col("lost").fill_null(0.0) > 1e-12
    shown = (
        pl.when(_SHOWS == "rate")
        .then(pl.col("rate_") * 100)
        .when(_SHOWS == "count")
        .then(pl.col("count"))
        .when(_SHOWS == "value")
        .then(pl.col("value"))
        .when(_SHOWS == "score")
        .then(pl.col("score_in"))
    )
    number = _num(shown).fill_null("")
    out = []
    for lang in ("zh", "en"):
        missing_text = REASONS["missing"].get(lang)
        zero_den = REASONS["zero_denominator"].get(lang)
        gate = REASONS["gate_not_met"].get(lang)
        suffix = "" if lang == "zh" else "_en"
        generic = pl.concat_str(
            [pl.col(f"why_{lang}"), number, pl.col(f"why_mid_{lang}")], ignore_nulls=True
        )
        usable = given != "" if lang == "zh" else (given != "") & ~given.str.contains(r"\p{Han}")
        text = (
            pl.when(st == "missing")
            .then(pl.lit(missing_text))
            .when(~lost)
            .then(pl.lit(""))
            .when(usable)
            .then(given)
            .when(pl.col("_gate_fail"))
            .then(pl.lit(gate) + pl.col("gate_text"))
            .when(_SHOWS == "clauses")
            .then(pl.col(f"clause_reason{suffix}").fill_null(""))
            .when(_SHOWS == "grade")
            .then(pl.col(f"why_{lang}") + (grade if lang == "zh" else grade_en))
            .when(pl.col("zero_den"))
            .then(pl.lit(zero_den))
            .otherwise(generic)
        )
        out.append(text.fill_null("").alias("reason" + suffix))
    return out
