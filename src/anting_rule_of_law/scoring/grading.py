"""Vetoes (一票否决), grades and pass/fail on the totals: polars and plain Python.

A veto never changes a score: it fails the unit (``fail``: passed False, grade the
lowest band, even when the total is null) or caps its grade (``cap``: no better than
``cap_grade``). Grades come from the unrounded total (docs/scoring.md §4). With
bands, passing is the band's flag; without bands, the pass line's; with neither,
``passed`` is null (unless a fail veto fired). :func:`apply_vetoes_and_grades`
grades a frame of totals; :class:`Grader` is its twin for one total at a time
(the small path), with the same rules in the same order.

A framework's ``pass_requires`` (青岛: 自评 and 区级初审 both at least 90) then
joins the stages of one unit-year: a stage passes only when it passes on its own
and so does every required stage up to it in process order (a required stage
absent fails it). :func:`apply_pass_requires` does it on a frame,
:func:`combine_passes` for one unit-year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import polars as pl

from anting_rule_of_law.records import STAGES, Framework, GradeBand

__all__ = [
    "Grader",
    "apply_pass_requires",
    "apply_vetoes_and_grades",
    "combine_passes",
    "unmet_stages",
]

_ORDER = {s: i for i, s in enumerate(STAGES)}


def apply_vetoes_and_grades(
    totals: pl.DataFrame, triggered: pl.DataFrame, fw: Framework
) -> pl.DataFrame:
    """Add ``grade, grade_name, grade_name_en, passed, vetoed, vetoes`` to ``totals``.

    ``totals`` has ``k, score``; ``triggered`` has ``k, veto`` (one row per triggered
    veto, duplicates allowed).
    """
    effect = {v.code: v.effect for v in fw.vetoes}
    cap_grade = {v.code: v.cap_grade for v in fw.vetoes}
    bands = sorted(fw.grades, key=lambda b: b.min)  # ascending
    rank_of = {b.code: i for i, b in enumerate(bands)}
    per_k = (
        triggered.unique(["k", "veto"])
        .sort("k", "veto")
        .group_by("k", maintain_order=True)
        .agg(
            pl.col("veto").alias("vetoes"),
            pl.col("veto")
            .replace_strict(effect, default="fail", return_dtype=pl.String)
            .eq("fail")
            .any()
            .alias("_fail"),
            pl.col("veto")
            .replace_strict(
                {c: rank_of.get(g or "") for c, g in cap_grade.items()},
                default=None,
                return_dtype=pl.Int32,
            )
            .min()
            .alias("_cap_rank"),
        )
    )
    df = totals.join(per_k, on="k", how="left", maintain_order="left").with_columns(
        pl.col("vetoes").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        pl.col("_fail").fill_null(False),
    )
    score = pl.col("score")
    if bands:
        band_rank: pl.Expr = pl.lit(None, dtype=pl.Int32)
        for i, b in enumerate(bands):
            band_rank = pl.when(score >= b.min).then(pl.lit(i, dtype=pl.Int32)).otherwise(band_rank)
        capped = pl.min_horizontal(band_rank, pl.col("_cap_rank"))
        capped = pl.when(band_rank.is_null()).then(None).otherwise(capped)
        # a fail veto gives the lowest band whatever the total, a null one included
        final = pl.when(pl.col("_fail")).then(pl.lit(0, pl.Int32)).otherwise(capped)
        df = df.with_columns(final.alias("_band"))
        lookup = pl.DataFrame(
            {
                "_band": list(range(len(bands))),
                "grade": [b.code for b in bands],
                "grade_name": [b.name for b in bands],
                "grade_name_en": [b.name_en for b in bands],
                "_band_passed": [b.passed for b in bands],
            },
            schema={
                "_band": pl.Int32,
                "grade": pl.String,
                "grade_name": pl.String,
                "grade_name_en": pl.String,
                "_band_passed": pl.Boolean,
            },
        )
        df = df.join(lookup, on="_band", how="left", maintain_order="left")
        passed = pl.col("_band_passed").fill_null(False)
        if fw.pass_line is not None:
            passed = passed & (score >= fw.pass_line).fill_null(False)
    else:
        df = df.with_columns(
            pl.lit(None, pl.String).alias("grade"),
            pl.lit(None, pl.String).alias("grade_name"),
            pl.lit(None, pl.String).alias("grade_name_en"),
        )
        if fw.pass_line is not None:
            passed = (score >= fw.pass_line).fill_null(False)
        else:
            # neither bands nor a pass line: the framework does not say what passing is
            passed = pl.lit(None, pl.Boolean)
    return df.with_columns(
        pl.when(pl.col("_fail")).then(False).otherwise(passed).alias("passed"),
        (pl.col("vetoes").list.len() > 0).alias("vetoed"),
    ).drop([c for c in ("_fail", "_cap_rank", "_band", "_band_passed") if c in df.columns])


class Grader:
    """Python twin of :func:`apply_vetoes_and_grades`: one total and its triggered vetoes."""

    def __init__(self, fw: Framework) -> None:
        self.effect = {v.code: v.effect for v in fw.vetoes}
        self.cap_grade = {v.code: v.cap_grade for v in fw.vetoes}
        self.bands = sorted(fw.grades, key=lambda b: b.min)  # ascending
        self.rank_of = {b.code: i for i, b in enumerate(self.bands)}
        self.pass_line = fw.pass_line
        self.pass_requires = fw.pass_requires

    def grade(
        self, score: float | None, vetoes: Iterable[str]
    ) -> tuple[GradeBand | None, bool | None]:
        """The band (after vetoes) and whether the unit passed (``None``: the framework
        has neither bands nor a pass line, and no fail veto fired)."""
        names = list(vetoes)
        fail = any(self.effect.get(v, "fail") == "fail" for v in names)
        cap_rank: int | None = None
        for v in names:
            r = self.rank_of.get(self.cap_grade.get(v) or "") if v in self.cap_grade else None
            if r is not None and (cap_rank is None or r < cap_rank):
                cap_rank = r
        bands = self.bands
        band: int | None = None
        if bands:
            for i, b in enumerate(bands):
                if score is not None and score >= b.min:
                    band = i
            if band is not None and cap_rank is not None and cap_rank < band:
                band = cap_rank
            if fail:
                band = 0
            passed = band is not None and bands[band].passed
            if self.pass_line is not None:
                passed = passed and score is not None and score >= self.pass_line
        elif self.pass_line is not None:
            passed = score is not None and score >= self.pass_line
        else:
            return None, (False if fail else None)
        return (None if band is None else bands[band]), passed and not fail


def unmet_stages(requires: Sequence[str], stage: str, own: Mapping[str, bool | None]) -> list[str]:
    """The required stages up to ``stage`` (process order) that did not pass on their
    own, ``own`` being each present stage's own verdict (absent: not passed)."""
    at = _ORDER.get(stage, len(STAGES))
    return [r for r in requires if _ORDER[r] <= at and own.get(r) is not True]


def combine_passes(
    requires: Sequence[str], own: Mapping[str, bool | None]
) -> dict[str, bool | None]:
    """Each present stage's verdict under ``pass_requires``: its own, unless a required
    stage up to it did not pass (then False)."""
    return {
        stage: (False if unmet_stages(requires, stage, own) else passed)
        for stage, passed in own.items()
    }


def apply_pass_requires(totals: pl.DataFrame, fw: Framework) -> pl.DataFrame:
    """``passed`` of ``totals`` (``unit, year, stage, passed``) under ``fw.pass_requires``
    (:func:`combine_passes` over the frame: one window per unit-year, rows kept in place)."""
    if not fw.pass_requires or totals.is_empty():
        return totals
    stage = pl.col("stage").cast(pl.String)
    at = stage.replace_strict(_ORDER, default=len(STAGES), return_dtype=pl.Int32)
    passed = pl.col("passed")
    for required in fw.pass_requires:
        own = pl.col("passed").filter(stage == required).first().over("unit", "year")
        passed = (
            pl.when(at >= _ORDER[required])
            .then(pl.when(own.fill_null(False)).then(passed).otherwise(False))
            .otherwise(passed)
        )
    return totals.with_columns(passed.alias("passed"))
