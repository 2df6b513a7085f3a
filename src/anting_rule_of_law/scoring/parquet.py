"""Scores to Parquet in bounded memory, and inputs larger than memory scored part by part.

Why: nobody reads 30 million node rows in memory; a province or a ministry keeps
them in files and reads the totals, a level, a district or a unit. So every long
frame can be written to Parquet a chunk of (unit, year, stage) keys at a time —
ranks included — and a dataset larger than the machine scores partition by
partition (years, provinces, any split that keeps each assessment whole) with the
results of one pass over everything.

Layout: ``directory/<frame>/part-NNNNN.parquet`` (one part for a Scorecard, one per
partition for :func:`score_partitions`); ``pl.scan_parquet(directory / "nodes")``
reads a frame back. Files are written under temporary names and renamed into place
together at the end: a run that fails leaves the directory as it was.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import polars as pl
from attrs import field, frozen

from anting_rule_of_law.columns import TOTALS
from anting_rule_of_law.errors import InputError, Problem
from anting_rule_of_law.records import Framework
from anting_rule_of_law.scoring.encode import KEY
from anting_rule_of_law.scoring.ranking import group_ranks
from anting_rule_of_law.scoring.result import EngineResult, Trail, TrailParts

if TYPE_CHECKING:
    from anting_rule_of_law.scoring.scorecard import Scorecard

__all__ = ["ALL_FRAMES", "CHUNK_KEYS", "ParquetFiles", "Partition", "score_partitions"]

#: Every frame that can be written ("audit" renders the text trail: the slowest).
ALL_FRAMES = ("totals", "nodes", "audit_compact", "clauses", "audit")
#: Keys built and written at a time: about 1.6 million ``nodes`` rows of the reference
#: framework (78 nodes), ~100 MB while it is being written.
CHUNK_KEYS = 20_000
#: The codec of every part file. Encoding is most of a write (docs/benchmarks.md,
#: "Where the run's time goes"): lz4 costs about a fifth less than zstd for files
#: about half as large again, and any Parquet reader reads it.
COMPRESSION: Literal["lz4", "zstd", "snappy", "uncompressed"] = "lz4"
#: Frames written at the same time, each by its own writer: one Parquet writer
#: encodes on one core, so two frames side by side keep two cores busy.
WRITERS = 2


@frozen
class ParquetFiles:
    """Where scores were written: one directory per frame, part files inside."""

    directory: Path
    #: Rows written per frame.
    rows: Mapping[str, int]
    #: Part files per frame (one per partition).
    parts: int = 1

    def path(self, frame: str) -> Path:
        """The frame's directory (``pl.scan_parquet`` reads it whole)."""
        if frame not in self.rows:
            raise KeyError(f"{frame!r} was not written (written: {', '.join(self.rows)})")
        return self.directory / frame

    def scan(self, frame: str) -> pl.LazyFrame:
        """The frame as a ``LazyFrame`` over its part files."""
        return pl.scan_parquet(self.path(frame) / "*.parquet")


@frozen
class Partition:
    """One part of a dataset: the frames :func:`score_frame` takes, each eager or lazy.

    Every (unit, year, stage) must lie in one partition whole — its entries, clause
    inputs and vetoes (every stage of a unit-year, when the framework has
    ``pass_requires``); ``units`` may be shared.
    """

    entries: pl.DataFrame | pl.LazyFrame
    clauses: pl.DataFrame | pl.LazyFrame | None = None
    units: pl.DataFrame | pl.LazyFrame | None = None
    vetoes: pl.DataFrame | pl.LazyFrame | None = None


def _check_frames(frames: Sequence[str]) -> tuple[str, ...]:
    unknown = [f for f in frames if f not in ALL_FRAMES]
    if unknown:
        raise ValueError(f"unknown frame {unknown[0]!r}; known: {', '.join(ALL_FRAMES)}")
    return tuple(dict.fromkeys(frames))


class _Writer:
    """Part files written under temporary names; :meth:`commit` renames them all."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.pending: list[tuple[Path, Path]] = []
        self.token = uuid.uuid4().hex[:12]
        self._lock = threading.Lock()

    def write(self, frame: str, part: int, chunks: Iterator[pl.DataFrame]) -> int:
        """Stream ``chunks`` into one part file; returns the rows written."""
        folder = self.directory / frame
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"part-{part:05d}.parquet"
        tmp = folder / f".part-{part:05d}.{self.token}.tmp"
        with self._lock:
            self.pending.append((tmp, target))
        first = next(chunks)
        count = [0]

        def source(
            with_columns: list[str] | None,
            predicate: pl.Expr | None,
            n_rows: int | None,
            batch_size: int | None,
        ) -> Iterator[pl.DataFrame]:
            for chunk in itertools.chain([first], chunks):
                count[0] += chunk.height
                yield chunk if with_columns is None else chunk.select(with_columns)

        from polars.io.plugins import register_io_source

        register_io_source(source, schema=first.schema).sink_parquet(tmp, compression=COMPRESSION)
        return count[0]

    def commit(self) -> None:
        written = {target for _, target in self.pending}
        for folder in {target.parent for target in written}:
            for old in folder.glob("part-*.parquet"):
                if old not in written:
                    old.unlink()
        for tmp, target in self.pending:
            os.replace(tmp, target)
        self.pending.clear()

    def abort(self) -> None:
        for tmp, _ in self.pending:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        self.pending.clear()


def _key_ranges(n: int, chunk: int) -> Iterator[pl.Series]:
    if n == 0:
        yield pl.Series([], dtype=pl.UInt32)
    for a in range(0, n, chunk):
        yield pl.int_range(a, min(a + chunk, n), dtype=pl.UInt32, eager=True)


def _frame_of(result: EngineResult, fw: Framework, frame: str) -> pl.DataFrame:
    if frame == "nodes":
        return result.nodes
    if frame == "clauses":
        return result.clauses
    if frame == "totals":
        return result.totals
    from anting_rule_of_law.scoring.audit import compact, render

    if frame == "audit_compact":
        return compact(result.trail)
    from anting_rule_of_law.scoring.framework_tables import framework_tables

    return render(result.trail, framework_tables(fw))


def _write_result(
    writer: _Writer,
    result: EngineResult,
    fw: Framework,
    frames: Sequence[str],
    part: int,
    chunk: int,
) -> dict[str, int]:
    """Every frame of ``result`` as part ``part``, ``chunk`` keys at a time."""
    if "nodes" in frames:
        # every node's ranks at once (numpy ranks run in parallel), then sliced per chunk
        result.trail.ranks(list(range(result.plan.tables.nodes.height)))
    result.trail.wide  # noqa: B018 - the whole run's frames, built before any writer reads them

    def write(frame: str) -> int:
        if frame == "totals":
            return writer.write(frame, part, iter([result.totals]))
        chunks = (
            _frame_of(result.select(ks), fw, frame)
            for ks in _key_ranges(result.totals.height, chunk)
        )
        return writer.write(frame, part, chunks)

    if WRITERS < 2 or len(frames) < 2:
        return {frame: write(frame) for frame in frames}
    # the largest frames first, so the two writers finish close together
    order = sorted(frames, key=lambda f: _WEIGHT.get(f, 0), reverse=True)
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        done = dict(zip(order, pool.map(write, order), strict=True))
    return {frame: done[frame] for frame in frames}


#: Relative cost of writing each frame (the order the writers take them in).
_WEIGHT = {"audit": 5, "nodes": 4, "audit_compact": 3, "clauses": 1, "totals": 0}


def write_scorecard(
    scorecard: Scorecard, directory: Path, frames: Sequence[str], chunk_keys: int | None
) -> ParquetFiles:
    """:meth:`Scorecard.write_parquet`."""
    frames = _check_frames(frames)
    writer = _Writer(directory)
    try:
        rows = _write_result(
            writer, scorecard._result, scorecard.framework, frames, 0, chunk_keys or CHUNK_KEYS
        )
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return ParquetFiles(directory=directory, rows=rows)


# -- beyond memory: partition by partition ---------------------------------------------


@frozen
class _Kept:
    """What phase two needs of a scored partition: its keys, totals and node scores."""

    keys: pl.DataFrame
    totals: pl.DataFrame
    scores: pl.DataFrame = field(repr=False)


def _kept(result: EngineResult) -> _Kept:
    trail = result.trail
    n_nodes = trail.plan.tables.nodes.height
    scores = trail.wide.select(
        *[f"s{i}" for i in range(n_nodes)], *[f"t{i}" for i in range(n_nodes)]
    )
    keys = trail.keys.select(*KEY, "unit_name", "district")
    return _Kept(keys=keys, totals=result.totals.drop("rank", "district_rank"), scores=scores)


def _duplicates(kept: Sequence[_Kept]) -> list[Problem]:
    keys = pl.concat(
        [k.keys.select(*KEY).with_columns(pl.lit(i).alias("part")) for i, k in enumerate(kept)]
    )
    dup = (
        keys.group_by(*KEY)
        .agg(pl.col("part").sort())
        .filter(pl.col("part").list.len() > 1)
        .sort(*KEY)
    )
    return [
        Problem(
            f"<partition {parts[0]}>",
            f"unit {unit!r}, year {year}, stage {stage!r}",
            f"this assessment is also in partition {', '.join(map(str, parts[1:]))}: every"
            " (unit, year, stage) must lie in one partition",
            f"该评估也出现在分区 {'、'.join(map(str, parts[1:]))}：每个（单位、年度、阶段）"
            "只能位于一个分区",
        )
        for unit, year, stage, parts in dup.head(20).iter_rows()
    ]


def _split_unit_years(kept: Sequence[_Kept]) -> list[Problem]:
    """Under ``pass_requires`` the stages of a unit-year pass together, so they must be
    scored together: one partition per unit-year."""
    keys = pl.concat(
        [
            k.keys.select("unit", "year").with_columns(pl.lit(i).alias("part"))
            for i, k in enumerate(kept)
        ]
    )
    split = (
        keys.group_by("unit", "year")
        .agg(pl.col("part").unique().sort())
        .filter(pl.col("part").list.len() > 1)
        .sort("unit", "year")
    )
    return [
        Problem(
            f"<partition {parts[0]}>",
            f"unit {unit!r}, year {year}",
            f"this unit-year has stages also in partition {', '.join(map(str, parts[1:]))}:"
            " the framework's pass_requires joins its stages, so they must lie in one partition",
            f"该单位该年度的其他阶段位于分区 {'、'.join(map(str, parts[1:]))}：指标体系的"
            " pass_requires 要求各阶段共同判定是否通过，须位于同一分区",
        )
        for unit, year, parts in split.head(20).iter_rows()
    ]


def _global_groups(kept: Sequence[_Kept]) -> tuple[pl.Series, pl.Series]:
    """Ranking groups over every partition's keys, as the single run numbers them."""
    keys = pl.concat([k.keys for k in kept])
    ids = keys.select(
        pl.struct("year", "stage").rank("dense").cast(pl.UInt32).sub(1).alias("ys"),
        pl.struct("district", "year", "stage").rank("dense").cast(pl.UInt32).sub(1).alias("dys"),
    )
    return ids.get_column("ys"), ids.get_column("dys")


def score_partitions(
    framework: Framework | str | Path,
    partitions: Iterable[Partition],
    directory: str | Path,
    *,
    frames: Iterable[str] = ("totals", "nodes", "audit_compact", "clauses"),
    chunk_keys: int | None = None,
) -> ParquetFiles:
    """Score a dataset too large for memory, one partition at a time, into Parquet.

    Each partition is scored alone and its audit and clauses written at once; the
    ranks need every unit of a year, so each partition keeps only its per-key node
    scores (78 numbers a unit-year for the reference framework), and the ranks,
    ``totals`` and ``nodes`` are written at the end — the same rows, values and ranks
    as one :func:`score_frame` over everything, in partition order (part ``i`` of
    each frame holds partition ``i``). ``partitions`` may be a generator, so only
    one partition's inputs are read at a time. Returns where the files are.
    """
    from anting_rule_of_law.indicators.registry import load_framework
    from anting_rule_of_law.scoring.api import score_frame

    fw = load_framework(framework)
    wanted = _check_frames(tuple(frames))
    chunk = chunk_keys or CHUNK_KEYS
    out = Path(directory)
    writer = _Writer(out)
    rows: dict[str, int] = {f: 0 for f in wanted}
    kept: list[_Kept] = []
    try:
        for part, p in enumerate(partitions):
            sc = score_frame(fw, p.entries, p.clauses, p.units, p.vetoes)
            result = sc._result
            now = [f for f in wanted if f not in ("totals", "nodes")]
            for frame, n in _write_result(writer, result, fw, now, part, chunk).items():
                rows[frame] += n
            kept.append(_kept(result))
            del sc, result
        problems = _duplicates(kept) or (_split_unit_years(kept) if fw.pass_requires else [])
        if problems:
            raise InputError(problems)
        if "totals" in wanted or "nodes" in wanted:
            for frame, n in _write_ranked(writer, fw, kept, wanted, chunk).items():
                rows[frame] += n
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return ParquetFiles(directory=out, rows=rows, parts=len(kept))


_NO_ENTRIES = pl.DataFrame()


def _write_ranked(
    writer: _Writer,
    fw: Framework,
    kept: list[_Kept],
    frames: Sequence[str],
    chunk: int,
) -> dict[str, int]:
    """Phase two: ranks among every partition's keys, then totals and nodes per part."""
    from anting_rule_of_law.scoring.plan import plan_of

    plan = plan_of(fw)
    n_nodes = plan.tables.nodes.height
    ys, dys = _global_groups(kept)
    scores = [
        pl.concat([k.scores.get_column(f"s{i}") for k in kept], rechunk=True)
        for i in range(n_nodes)
    ]
    year, district = group_ranks(scores, ys, dys)
    del scores
    rows = {f: 0 for f in frames if f in ("totals", "nodes")}
    start = 0
    for part, k in enumerate(kept):
        n = k.keys.height
        ranks = {i: (year[i].slice(start, n), district[i].slice(start, n)) for i in range(n_nodes)}
        totals = k.totals.with_columns(
            ranks[0][0].alias("rank"), ranks[0][1].alias("district_rank")
        ).select(TOTALS.columns)
        keys = k.keys.with_columns(
            pl.int_range(0, n, dtype=pl.UInt32).alias("k"),
            ys.slice(start, n).alias("ys"),
            dys.slice(start, n).alias("dys"),
        )
        trail = Trail(
            plan=plan, parts=functools.partial(TrailParts, k.scores, _NO_ENTRIES, None, keys)
        )
        for i, r in ranks.items():
            trail.known_ranks(i, r)
        result = EngineResult(totals=totals, trail=trail)
        if "totals" in rows:
            rows["totals"] += writer.write("totals", part, iter([totals]))
        if "nodes" in rows:
            chunks = (result.select(ks).nodes for ks in _key_ranges(n, chunk))
            rows["nodes"] += writer.write("nodes", part, chunks)
        start += n
    return rows
