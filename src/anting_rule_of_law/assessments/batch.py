"""Large CSV files checked and scored column-wise, for ``anting-rol validate`` and ``score``.

Why: a district's or a province's CSV of a million rows took minutes and
gigabytes through one record per row. When every file named is a CSV and they
are large (:data:`BATCH_MIN_BYTES`), each is read by :func:`read_csv_batch` — the
row-wise reader's problems, in the same order — and scored from its frames by
the same engine :func:`~anting_rule_of_law.scoring.score` uses. A file that path
does not cover is read row-wise, and then every file is (the records and the
frames are not mixed).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl
from attrs import frozen

from anting_rule_of_law.assessments.build import FrameworkRef
from anting_rule_of_law.assessments.csvbatch import CsvBatch, read_csv_batch
from anting_rule_of_law.assessments.reader import CSV_SUFFIXES, Checked
from anting_rule_of_law.errors import InputError
from anting_rule_of_law.indicators.registry import load_framework
from anting_rule_of_law.records import Framework
from anting_rule_of_law.scoring.scorecard import Scorecard

__all__ = ["BATCH_MIN_BYTES", "Batch", "read_batch"]

#: Files named together at least this large (in bytes) are read column-wise.
BATCH_MIN_BYTES = 1_000_000


@frozen(eq=False)
class Batch:
    """CSV files read column-wise: what :func:`check_files` would say, and the frames to score.

    ``checked.assessments`` are the valid assessments without their entries (these
    are in the frames).
    """

    checked: Checked
    files: tuple[CsvBatch, ...]

    def score(self, framework: Framework) -> Scorecard:
        """The Scorecard :func:`~anting_rule_of_law.scoring.score` gives the same assessments.

        Raises :class:`InputError` as it does (an assessment for another framework, a
        unit, year and stage given in two files).
        """
        from anting_rule_of_law.scoring.engine import run
        from anting_rule_of_law.scoring.input_checks import assessment_problems
        from anting_rule_of_law.scoring.inputs import Inputs, records_digest

        records = self.checked.assessments
        problems = assessment_problems(framework, records)
        if problems:
            raise InputError(problems)
        inputs = Inputs(
            entries=pl.concat([f.entries for f in self.files]),
            clauses=pl.concat([f.clauses for f in self.files]),
            units=pl.concat([f.units for f in self.files]).unique(
                "unit", keep="first", maintain_order=True
            ),
            vetoes=pl.concat([f.vetoes for f in self.files]),
            assessments=records,
            digest=lambda: records_digest(records),
            keys=pl.DataFrame(
                {
                    "unit": [a.unit.code for a in records],
                    "year": [a.year for a in records],
                    "stage": [str(a.stage) for a in records],
                },
                schema={"unit": pl.String, "year": pl.Int64, "stage": pl.String},
            ),
        )
        return Scorecard(
            framework=framework,
            result=run(framework, inputs),
            assessments=records,
            digest=inputs.digest,
        )


def _large(paths: Sequence[Path], min_bytes: int) -> bool:
    try:
        return sum(p.stat().st_size for p in paths) >= min_bytes
    except OSError:
        return False  # the row-wise reader names the file that cannot be read


def read_batch(
    paths: Sequence[str | Path],
    framework: FrameworkRef | None = None,
    *,
    min_bytes: int | None = None,
    frames: bool = True,
) -> Batch | None:
    """The files read column-wise, or ``None`` when they are to be read row-wise.

    ``None`` when a file is not a CSV, when the files are smaller than
    ``min_bytes`` (default :data:`BATCH_MIN_BYTES`) together, or when a file holds what only the row-wise reader
    reads exactly (see :func:`read_csv_batch`). ``frames=False`` only checks.
    """
    files = [Path(p) for p in paths]
    if not files or any(p.suffix.lower() not in CSV_SUFFIXES or not p.is_file() for p in files):
        return None
    if not _large(files, BATCH_MIN_BYTES if min_bytes is None else min_bytes):
        return None
    fw = None if framework is None else load_framework(framework)
    read: list[CsvBatch] = []
    for path in files:
        found = read_csv_batch(path, fw, frames=frames)
        if found is None:
            return None
        read.append(found)
    checked = Checked(
        assessments=tuple(a for f in read for a in f.assessments),
        problems=tuple(p for f in read for p in f.problems),
    )
    return Batch(checked=checked, files=tuple(read))
