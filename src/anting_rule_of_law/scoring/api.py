"""The public entry points: :func:`score` for records, :func:`score_frame` for frames."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from anting_rule_of_law.errors import InputError, Problem
from anting_rule_of_law.indicators.registry import load_framework
from anting_rule_of_law.records import Assessment, Framework
from anting_rule_of_law.scoring.engine import run
from anting_rule_of_law.scoring.input_checks import assessment_problems, frame_problems
from anting_rule_of_law.scoring.inputs import (
    CLAUSE_SCHEMA,
    ENTRY_SCHEMA,
    UNIT_SCHEMA,
    VETO_SCHEMA,
    Inputs,
    collected,
    from_assessments,
    from_frames,
    records_digest,
)
from anting_rule_of_law.scoring.scorecard import Scorecard
from anting_rule_of_law.scoring.small import score_frames_small, score_records_small

__all__ = ["score", "score_frame"]


def _scorecard(fw: Framework, inputs: Inputs, problems: list[Problem] | None = None) -> Scorecard:
    result = run(fw, inputs, problems)
    return Scorecard(
        framework=fw,
        result=result,
        assessments=inputs.assessments,
        digest=inputs.digest,
    )


def score(
    framework: Framework | str | Path, assessments: Assessment | Iterable[Assessment]
) -> Scorecard:
    """Score one assessment or many against a framework (a Framework, bundled id or path).

    Raises :class:`InputError` listing every problem: an assessment for another
    framework, a duplicate (unit, year, stage), unknown indicator, clause or veto codes.
    """
    fw = load_framework(framework)
    items = (assessments,) if isinstance(assessments, Assessment) else tuple(assessments)
    problems = assessment_problems(fw, items)
    if problems:
        raise InputError(problems)
    small = score_records_small(fw, items)
    if small is not None:
        return Scorecard(
            framework=fw,
            result=small,
            assessments=items,
            digest=functools.partial(records_digest, items),
        )
    return _scorecard(fw, from_assessments(items))


def score_frame(
    framework: Framework | str | Path,
    entries: pl.DataFrame | pl.LazyFrame,
    clauses: pl.DataFrame | pl.LazyFrame | None = None,
    units: pl.DataFrame | pl.LazyFrame | None = None,
    vetoes: pl.DataFrame | pl.LazyFrame | None = None,
) -> Scorecard:
    """Score a long entries frame (one row per unit, year, stage, leaf code); see docs/api.md.

    Frames may be lazy (``pl.scan_parquet``): each is collected once, reading only the
    columns the engine knows.
    """
    fw = load_framework(framework)
    # each frame collected once, only the columns scoring reads: the small path, the
    # checks, the engine and the input digest all read these rows
    entries_df = collected(entries, ENTRY_SCHEMA)
    assert entries_df is not None
    clauses, units, vetoes = (
        collected(clauses, CLAUSE_SCHEMA),
        collected(units, UNIT_SCHEMA),
        collected(vetoes, VETO_SCHEMA),
    )
    entries = entries_df
    small = score_frames_small(fw, entries, clauses, units, vetoes)
    if small is not None:
        return Scorecard(framework=fw, result=small[0], assessments=(), digest=small[1])
    inputs = from_frames(entries, clauses, units, vetoes)
    problems = frame_problems(fw, inputs.entries, inputs.clauses, inputs.vetoes)
    return _scorecard(fw, inputs, problems)
