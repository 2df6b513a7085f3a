"""The output-column contract: every frame a Scorecard gives, its columns and dtypes.

Why one module: the engine's two paths, the audit, the comparisons and the report
document all write or read these frames, and the JSON report's schema
(``schemas/report.schema.json``) describes the same fields. Each frame is declared
once here — its columns in order with their dtypes, and the fields the report
document writes per row, in the report's order — and the code that builds or
reads a frame takes its names from here (tests/test_columns.py checks the frames
and the report schema against it).

Text repeated on every row of the long frames (unit, stage, code, names, rule) is
``Categorical``; ``status`` is the :func:`status_dtype` enum. Importing this module
does not import polars (the report document reads the names); the dtypes are made
on first use of :attr:`Frame.schema`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from attrs import field, frozen

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

__all__ = [
    "AUDIT",
    "AUDIT_COMPACT",
    "CLAUSES",
    "FRAMES",
    "GAPS",
    "KEY",
    "NODES",
    "STAGE_COMPARISON",
    "STATUSES",
    "TOTALS",
    "YOY",
    "Frame",
    "status_dtype",
]

#: Status of a scored node or leaf, in this order.
STATUSES = ("scored", "missing", "not_applicable")
#: What identifies one assessment in every frame.
KEY = ("unit", "year", "stage")

# dtypes by name, made into polars dtypes on first use
_S, _C, _F, _B = "String", "Categorical", "Float64", "Boolean"
_U32, _I64, _I8 = "UInt32", "Int64", "Int8"
_TEXTS = "List[String]"
_STATUS = "Status"


def status_dtype() -> pl.Enum:
    """The ``status`` columns' dtype: an Enum of :data:`STATUSES`."""
    import polars as pl

    return pl.Enum(list(STATUSES))


def _dtype(name: str) -> pl.DataType:
    import polars as pl

    if name == _STATUS:
        return status_dtype()
    if name == _TEXTS:
        return pl.List(pl.String())
    dtype: pl.DataType = getattr(pl, name)()
    return dtype


@frozen
class Frame:
    """One output frame: its columns with their dtypes, in order, and what the report
    document writes of each row (``report_def``: the object in ``report.schema.json``)."""

    name: str
    #: column -> dtype name (``String``, ``Categorical``, ``Float64``, ``List[String]``,
    #: ``Status`` ...)
    dtypes: Mapping[str, str]
    #: Fields the report document writes per row, in its order (empty: not in it).
    report: tuple[str, ...] = ()
    report_def: str = ""
    #: Fields the report document adds to each row from the assessments themselves
    #: (not columns of the frame), after :attr:`report`.
    report_added: tuple[str, ...] = ()
    _schema: list[dict[str, Any]] = field(factory=list, eq=False, repr=False)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.dtypes)

    @property
    def schema(self) -> Mapping[str, pl.DataType]:
        """Column -> polars dtype (made once)."""
        if not self._schema:
            self._schema.append({c: _dtype(t) for c, t in self.dtypes.items()})
        return self._schema[0]

    def empty(self) -> pl.DataFrame:
        """A frame with these columns and no rows."""
        import polars as pl

        return pl.DataFrame(schema=dict(self.schema))


TOTALS = Frame(
    "totals",
    {
        "unit": _S,
        "unit_name": _S,
        "district": _S,
        "year": _I64,
        "stage": _S,
        "score": _F,
        "max": _F,
        "share": _F,
        "grade": _S,
        "grade_name": _S,
        "grade_name_en": _S,
        "passed": _B,
        "vetoed": _B,
        "vetoes": _TEXTS,
        "rank": _U32,
        "district_rank": _U32,
        "status": _STATUS,
    },
    report=(
        "score",
        "max",
        "share",
        "grade",
        "grade_name",
        "grade_name_en",
        "passed",
        "vetoed",
        "vetoes",
        "status",
        "rank",
        "district_rank",
    ),
    report_def="total",
)

NODES = Frame(
    "nodes",
    {
        "unit": _C,
        "unit_name": _C,
        "district": _C,
        "year": _I64,
        "stage": _C,
        "code": _C,
        "level": _I8,
        "parent": _C,
        "name": _C,
        "name_en": _C,
        "score": _F,
        "max": _F,
        "share": _F,
        "rank": _U32,
        "district_rank": _U32,
        "status": _STATUS,
    },
    report=(
        "code",
        "parent",
        "name",
        "name_en",
        "score",
        "max",
        "share",
        "status",
        "rank",
        "district_rank",
    ),
    report_def="node",
)

AUDIT = Frame(
    "audit",
    {
        "unit": _C,
        "year": _I64,
        "stage": _C,
        "code": _C,
        "rule": _C,
        "inputs": _S,
        "raw": _F,
        "adjustments": _TEXTS,
        "score": _F,
        "max": _F,
        "lost": _F,
        "status": _STATUS,
        "reason": _S,
        "reason_en": _S,
        "evidence": _TEXTS,
        "note": _S,
        "remark": _S,
    },
    report=(
        "code",
        "rule",
        "inputs",
        "raw",
        "adjustments",
        "score",
        "max",
        "lost",
        "status",
        "reason",
        "reason_en",
        "evidence",
        "note",
        "remark",
    ),
    report_def="audit",
    report_added=("source",),
)

AUDIT_COMPACT = Frame(
    "audit_compact",
    {
        "unit": _C,
        "year": _I64,
        "stage": _C,
        "code": _C,
        "rule": _C,
        "raw": _F,
        "score": _F,
        "max": _F,
        "lost": _F,
        "status": _STATUS,
        "gate_failed": _B,
        "zero_denominator": _B,
        "rate_used": _F,
        "deduction": _F,
    },
)

CLAUSES = Frame(
    "clauses",
    {
        "unit": _S,
        "year": _I64,
        "stage": _S,
        "code": _S,
        "clause": _S,
        "text": _S,
        "text_en": _S,
        "input": _F,
        "deduction": _F,
    },
    report=("code", "clause", "text", "text_en", "input", "deduction"),
    report_def="clause",
)

GAPS = Frame(
    "gaps",
    {
        "unit": _C,
        "year": _I64,
        "stage": _C,
        "code": _C,
        "name": _S,
        "name_en": _S,
        "score": _F,
        "max": _F,
        "lost": _F,
        "department": _S,
        "department_en": _S,
        "reason": _S,
        "reason_en": _S,
    },
    report=(
        "code",
        "name",
        "name_en",
        "score",
        "max",
        "lost",
        "department",
        "department_en",
        "reason",
        "reason_en",
    ),
    report_def="gap",
    report_added=("source", "rule", "clauses"),
)

YOY = Frame(
    "yoy",
    {
        "unit": _C,
        "stage": _C,
        "code": _C,
        "level": _I8,
        "name": _C,
        "name_en": _C,
        "year": _I64,
        "score": _F,
        "previous_year": _I64,
        "previous_score": _F,
        "delta": _F,
    },
    report=("unit", "stage", "code", "year", "score", "previous_year", "previous_score", "delta"),
    report_def="yoy",
)

STAGE_COMPARISON = Frame(
    "compare_stages",
    {
        "unit": _C,
        "year": _I64,
        "code": _C,
        "level": _I8,
        "name": _C,
        "name_en": _C,
        "score_a": _F,
        "score_b": _F,
        "reason": _S,
        "reason_en": _S,
        "remark": _S,
        "difference": _F,
    },
)

#: Every frame, by name.
FRAMES: Mapping[str, Frame] = {
    f.name: f for f in (TOTALS, NODES, AUDIT, AUDIT_COMPACT, CLAUSES, GAPS, YOY, STAGE_COMPARISON)
}
