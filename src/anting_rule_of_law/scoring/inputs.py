"""Inputs as long polars frames: assessments -> frames, and checks of user frames.

Why one internal shape: :func:`score` (records) and :func:`score_frame` (a notebook's
long frame) feed the same engine, so both end here as one entries frame with a
fixed schema, one clause-inputs frame, one units frame and one vetoes frame.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
from attrs import frozen

from anting_rule_of_law.errors import InputError, Problem
from anting_rule_of_law.records import STAGES, Assessment, Entry

__all__ = [
    "CLAUSE_SCHEMA",
    "ENTRY_SCHEMA",
    "UNIT_SCHEMA",
    "VETO_SCHEMA",
    "Inputs",
    "from_assessments",
    "from_frames",
]

ENTRY_SCHEMA: dict[str, pl.DataType] = {
    "unit": pl.String(),
    "year": pl.Int64(),
    "stage": pl.String(),
    "code": pl.String(),
    "met": pl.Boolean(),
    "grade": pl.String(),
    "numerator": pl.Float64(),
    "denominator": pl.Float64(),
    "rate": pl.Float64(),
    "rate_bound": pl.String(),
    "bound_text": pl.String(),
    "count": pl.Float64(),
    "value": pl.Float64(),
    "score": pl.Float64(),
    "gate": pl.Boolean(),
    "not_applicable": pl.Boolean(),
    "reason": pl.String(),
    "evidence": pl.List(pl.String()),
    "note": pl.String(),
    "inputs": pl.String(),
}
#: Value columns a user frame may carry (see docs/api.md).
VALUE_COLUMNS = (
    "met",
    "grade",
    "numerator",
    "denominator",
    "rate",
    "rate_bound",
    "count",
    "value",
    "score",
    "gate",
    "not_applicable",
    "reason",
)
CLAUSE_SCHEMA: dict[str, pl.DataType] = {
    "unit": pl.String(),
    "year": pl.Int64(),
    "stage": pl.String(),
    "code": pl.String(),
    "clause": pl.String(),
    "input": pl.Float64(),
}
UNIT_SCHEMA: dict[str, pl.DataType] = {
    "unit": pl.String(),
    "unit_name": pl.String(),
    "district": pl.String(),
}
VETO_SCHEMA: dict[str, pl.DataType] = {
    "unit": pl.String(),
    "year": pl.Int64(),
    "stage": pl.String(),
    "veto": pl.String(),
    "triggered": pl.Boolean(),
}


@frozen
class Inputs:
    """The engine's inputs: eager frames in the schemas of :func:`from_frames`."""

    entries: pl.DataFrame
    clauses: pl.DataFrame
    units: pl.DataFrame
    vetoes: pl.DataFrame
    assessments: tuple[Assessment, ...]
    #: Computes the inputs' content digest; called only when someone asks for it
    #: (hashing 20 M rows costs more than scoring them).
    digest: Callable[[], str]
    #: ``unit, year, stage`` scored even without entries (one per assessment).
    keys: pl.DataFrame | None = None
    #: Value columns the user's frame had (its ``inputs`` JSON is rendered from them).
    given: tuple[str, ...] = ()


# -- records -> frames -----------------------------------------------------------


def entry_inputs_text(e: Entry) -> str:
    """The entry's given values as the audit's JSON text (the column-wise CSV reader
    writes each distinct entry's through this too, so both readers' frames agree)."""
    given: dict[str, Any] = {}
    for name in ("met", "grade", "numerator", "denominator", "rate", "rate_bound", "count"):
        v = getattr(e, name)
        if v is not None:
            given[name] = v
    for name in ("value", "score", "gate"):
        v = getattr(e, name)
        if v is not None:
            given[name] = v
    if e.not_applicable:
        given["not_applicable"] = True
    if e.clauses:
        given["clauses"] = dict(e.clauses)
    if e.raw:
        given["raw"] = dict(e.raw)
    return json.dumps(given, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


_BOUND_WORD = {"min": "以上", "max": "以下"}


def entry_bound_text(e: Entry) -> str | None:
    """The bound as written ("95%以上", "5%以下"), for the adjustment note."""
    word = _BOUND_WORD.get(e.rate_bound or "")
    if word is None:
        return None
    raw = dict(e.raw)
    if "rate" in raw:
        return str(raw["rate"])
    return None if e.rate is None else f"{e.rate * 100:.10g}%{word}"


def entry_evidence(e: Entry) -> list[str]:
    """Each piece of evidence as "ref — description" (just the ref when undescribed)."""
    return [f"{ev.ref} — {ev.description}" if ev.description else ev.ref for ev in e.evidence]


def _assessment_digest(a: Assessment) -> str:
    if a.sha256:
        return a.sha256
    import attrs

    text = json.dumps(attrs.asdict(a), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def records_digest(assessments: Sequence[Assessment]) -> str:
    """The provenance digest of the records read (computed only when asked for)."""
    return combined_sha256([_assessment_digest(a) for a in assessments])


def combined_sha256(digests: Sequence[str]) -> str:
    """sha256 over the sorted digests of the inputs, one per line."""
    return hashlib.sha256("\n".join(sorted(digests)).encode("ascii")).hexdigest()


def from_assessments(assessments: Sequence[Assessment]) -> Inputs:
    """Flatten records into the engine's frames (a Python loop over entries, once)."""
    cols: dict[str, list[Any]] = {k: [] for k in ENTRY_SCHEMA}
    ccols: dict[str, list[Any]] = {k: [] for k in CLAUSE_SCHEMA}
    ucols: dict[str, list[Any]] = {k: [] for k in UNIT_SCHEMA}
    vcols: dict[str, list[Any]] = {k: [] for k in VETO_SCHEMA}
    for a in assessments:
        uc, yr, st = a.unit.code, a.year, str(a.stage)
        ucols["unit"].append(uc)
        ucols["unit_name"].append(a.unit.name)
        ucols["district"].append(a.unit.district)
        for v in a.vetoes:
            for k, x in zip(VETO_SCHEMA, (uc, yr, st, v.code, v.triggered), strict=True):
                vcols[k].append(x)
        for e in a.entries:
            row = (
                uc,
                yr,
                st,
                e.code,
                e.met,
                e.grade,
                e.numerator,
                e.denominator,
                e.rate,
                e.rate_bound,
                entry_bound_text(e),
                e.count,
                e.value,
                e.score,
                e.gate,
                e.not_applicable,
                e.reason,
                entry_evidence(e),
                e.note,
                entry_inputs_text(e),
            )
            for k, x in zip(ENTRY_SCHEMA, row, strict=True):
                cols[k].append(x)
            for cid, val in e.clauses:
                for k, x in zip(CLAUSE_SCHEMA, (uc, yr, st, e.code, cid, val), strict=True):
                    ccols[k].append(x)
    units = pl.DataFrame(ucols, schema=UNIT_SCHEMA).unique("unit", keep="first")
    return Inputs(
        entries=pl.DataFrame(cols, schema=ENTRY_SCHEMA),
        clauses=pl.DataFrame(ccols, schema=CLAUSE_SCHEMA),
        units=units,
        vetoes=pl.DataFrame(vcols, schema=VETO_SCHEMA),
        assessments=tuple(assessments),
        digest=functools.partial(records_digest, tuple(assessments)),
        keys=pl.DataFrame(
            {
                "unit": [a.unit.code for a in assessments],
                "year": [a.year for a in assessments],
                "stage": [a.stage for a in assessments],
            },
            schema={"unit": pl.String, "year": pl.Int64, "stage": pl.String},
        ),
    )


# -- user frames -> checked frames ----------------------------------------------


def _problem(file: str, where: str, en: str, zh: str) -> Problem:
    return Problem(file=file, where=where, en=en, zh=zh)


def is_coded(dtype: pl.DataType) -> bool:
    """A ``Categorical`` or ``Enum`` column: its values are integer codes already."""
    return isinstance(dtype, (pl.Categorical, pl.Enum))


def _conform(
    frame: pl.DataFrame | pl.LazyFrame,
    schema: dict[str, pl.DataType],
    required: Sequence[str],
    file: str,
    problems: list[Problem],
    *,
    large: bool = False,
) -> pl.LazyFrame:
    """Check required columns and castable types; add absent optional columns as null.

    ``large`` (the entries and clause inputs, millions of rows): text columns that
    come as ``Categorical``/``Enum`` stay so (the engine reads their integer codes;
    a cast to text would copy every row), and absent optional columns are left out
    rather than filled with nulls (the engine and the audit read them as null).
    """
    lf = frame.lazy()
    have = lf.collect_schema()
    for name in required:
        if name not in have:
            problems.append(
                _problem(
                    file,
                    f"column {name!r}",
                    f"required column {name!r} is missing (have: {', '.join(have.names())})",
                    f"缺少必需的列 {name!r}（现有：{', '.join(have.names())}）",
                )
            )
    exprs: list[pl.Expr] = []
    for name, dtype in schema.items():
        if name in have:
            src = have[name]
            ok = (
                src == dtype
                or (dtype.is_numeric() and (src.is_numeric() or src == pl.Null))
                or (dtype == pl.String and src in (pl.Categorical, pl.Enum, pl.Null))
                or (dtype == pl.Boolean and src in (pl.Null,))
                or (isinstance(dtype, pl.List) and isinstance(src, (pl.List, pl.Null)))
            )
            if not ok and not isinstance(src, pl.Enum):
                problems.append(
                    _problem(
                        file,
                        f"column {name!r}",
                        f"column {name!r} has type {src}, expected {dtype}",
                        f"列 {name!r} 的类型为 {src}，应为 {dtype}",
                    )
                )
                continue
            if large and (src == dtype or (dtype == pl.String and is_coded(src))):
                exprs.append(pl.col(name))
            else:
                exprs.append(pl.col(name).cast(dtype))
        elif not large:
            exprs.append(pl.lit(None, dtype=dtype).alias(name))
    return lf.select(exprs)


def _ipc_bytes(series: pl.Series) -> bytes:
    """The series as uncompressed Arrow IPC bytes (no numpy needed)."""
    import io

    buf = io.BytesIO()
    series.to_frame().write_ipc(buf, compression="uncompressed")
    return buf.getvalue()


def _frame_digest(frames: Sequence[pl.DataFrame | None]) -> str:
    """Order-independent content digest: sorted row hashes of each frame."""
    h = hashlib.sha256()
    for f in frames:
        if f is None or f.height == 0:
            h.update(b"-")
            continue
        # coded text hashes as its text: the codes depend on what the process saw before
        f = f.with_columns(pl.col(n).cast(pl.String) for n, t in f.schema.items() if is_coded(t))
        h.update(",".join(f"{n}:{t}" for n, t in f.schema.items()).encode("utf-8"))
        hashes = f.hash_rows(seed=0).sort()
        h.update(_ipc_bytes(hashes) if hashes.len() else b"")
    return h.hexdigest()


def from_frames(
    entries: pl.DataFrame | pl.LazyFrame,
    clauses: pl.DataFrame | pl.LazyFrame | None,
    units: pl.DataFrame | pl.LazyFrame | None,
    vetoes: pl.DataFrame | pl.LazyFrame | None,
) -> Inputs:
    """Check a notebook's frames and bring them to the engine's schemas.

    Each frame is collected once (a ``LazyFrame``, e.g. ``pl.scan_parquet``, reads only
    the columns the engine knows). The entries and clause inputs keep their columns as
    given: ``Categorical``/``Enum`` text columns stay coded, absent optional columns
    stay absent and a null ``stage`` means ``self`` (see :func:`stage_or_self`) — at
    national scale a cast or a column of defaults would copy 20 million rows. Raises
    :class:`InputError` with every problem (missing column, wrong type).
    """
    problems: list[Problem] = []
    default_stage = pl.col("stage").fill_null("self")
    lf = _conform(
        entries, ENTRY_SCHEMA, ("unit", "year", "code"), "<entries>", problems, large=True
    )
    cl = _conform(
        clauses if clauses is not None else pl.DataFrame(schema=CLAUSE_SCHEMA),
        CLAUSE_SCHEMA,
        ("unit", "year", "code", "clause", "input"),
        "<clauses>",
        problems,
        large=True,
    )
    un = _conform(
        units if units is not None else pl.DataFrame(schema=UNIT_SCHEMA),
        UNIT_SCHEMA,
        ("unit",),
        "<units>",
        problems,
    )
    ve = _conform(
        vetoes if vetoes is not None else pl.DataFrame(schema=VETO_SCHEMA),
        VETO_SCHEMA,
        ("unit", "year", "veto", "triggered"),
        "<vetoes>",
        problems,
    ).with_columns(default_stage)
    if problems:
        raise InputError(problems)
    src = lf.collect_schema()
    given = [c for c in VALUE_COLUMNS if c in src]
    if "rate_bound" in src:
        bound = pl.col("rate_bound").cast(pl.String)
        text = pl.format(
            "{}%{}",
            (pl.col("rate") * 100).round(6),
            bound.replace_strict(_BOUND_WORD, default=""),
        )
        if "bound_text" in src:
            text = pl.coalesce(pl.col("bound_text").cast(pl.String), text)
        lf = lf.with_columns(pl.when(bound.is_in(list(_BOUND_WORD))).then(text).alias("bound_text"))
    entries_df, clauses_df = lf.collect(), cl.collect()
    units_df = (
        un.collect()
        .with_columns(
            pl.col("unit_name").fill_null(pl.col("unit")), pl.col("district").fill_null("")
        )
        .unique("unit", keep="first", maintain_order=True)
    )
    vetoes_df = ve.collect().with_columns(pl.col("triggered").fill_null(False))
    return Inputs(
        entries=entries_df,
        clauses=clauses_df,
        units=units_df,
        vetoes=vetoes_df,
        assessments=(),
        digest=functools.partial(_frame_digest, [entries_df, clauses_df, units_df, vetoes_df]),
        given=tuple(given),
    )


def collected(
    frame: pl.DataFrame | pl.LazyFrame | None, schema: dict[str, pl.DataType]
) -> pl.DataFrame | None:
    """A frame as it is, or a LazyFrame collected once with only the columns of
    ``schema`` it has (a Parquet scan reads nothing else)."""
    if not isinstance(frame, pl.LazyFrame):
        return frame
    names = frame.collect_schema().names()
    return frame.select([c for c in schema if c in names] or names).collect()


def frames_digest(
    entries: pl.DataFrame | pl.LazyFrame,
    clauses: pl.DataFrame | pl.LazyFrame | None,
    units: pl.DataFrame | pl.LazyFrame | None,
    vetoes: pl.DataFrame | pl.LazyFrame | None,
) -> str:
    """The content digest :func:`from_frames` gives these frames (for the small path)."""
    return from_frames(entries, clauses, units, vetoes).digest()


def stage_or_self(frame: pl.DataFrame | pl.LazyFrame) -> pl.Expr:
    """The frame's ``stage`` as text, ``self`` where null or where the column is absent."""
    names = frame.collect_schema().names() if isinstance(frame, pl.LazyFrame) else frame.columns
    if "stage" not in names:
        return pl.lit("self", pl.String).alias("stage")
    return pl.col("stage").cast(pl.String).fill_null("self")


def inputs_json(given: Sequence[str]) -> pl.Expr:
    """Compact JSON of the value columns a row actually has (nulls and defaults dropped)."""
    parts = []
    for name in given:
        if name == "reason":
            continue
        col = pl.col(name).cast(ENTRY_SCHEMA[name])  # coded text as its text
        present = col.fill_null(False) if name == "not_applicable" else col.is_not_null()
        member = pl.struct(col).struct.json_encode().str.strip_prefix("{").str.strip_suffix("}")
        parts.append(pl.when(present).then(member))
    if not parts:
        return pl.lit("{}")
    body = pl.concat_str(parts, separator=",", ignore_nulls=True)
    return pl.concat_str([pl.lit("{"), body, pl.lit("}")])


def stage_order() -> pl.Expr:
    """Sort key putting stages in process order (self, review, final), others after."""
    mapping = {s: i for i, s in enumerate(STAGES)}
    return pl.col("stage").replace_strict(mapping, default=len(STAGES), return_dtype=pl.Int8)
