"""Where the time of target (i) goes: one run from Parquet under cProfile, by function.

Why: the runner (run.py) says how long the run takes; this says which step of
the engine takes it. It reads the Parquet files ``run.py --workdir DIR`` leaves in
``DIR/data``, scores them once from ``pl.scan_parquet`` under cProfile, reads
``level(1)`` and ``level(2)``, and prints the library's functions by cumulative
time and the peak resident set.

    python benchmarks/profile_run.py DIR/data
    python benchmarks/profile_run.py DIR/data --coded   # unit, code, clause as Categorical
    python benchmarks/profile_run.py DIR/data --write   # and where write_parquet's time goes
    python benchmarks/profile_run.py DIR/data --coded --settings   # codec × writers

``--coded`` first writes a copy of the entries and clause inputs with their text
keys cast to ``Categorical`` (as a province system writing with polars keeps
them), so the run reads codes instead of text. ``--write`` then times, per long
frame, ``Scorecard.write_parquet`` of that frame alone (built and written by
chunks of keys), building the whole frame in memory, and polars writing the built
frame with lz4 (as ``write_parquet``), zstd (polars' default), and lz4 without
statistics — which says how much of the write is Parquet encoding. It holds
every long frame in memory at once: use it on a tenth of the national data.
``--settings`` writes the scored run with ``Scorecard.write_parquet`` once per
codec (zstd, lz4) and number of frames written at a time (1, 2), in this process,
with wall and CPU time: the ratios between them are what the write's settings buy
on the same data, whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

from anting_rule_of_law import load_framework, score_frame

FILES = ("entries", "clauses", "units", "vetoes")


def _coded_copy(src: Path, out: Path) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import write_coded

    write_coded(src, out)
    return out


def _write_costs(sc: Any, tmp: Path) -> None:
    for frame in ("nodes", "audit_compact", "clauses"):
        marks = [time.perf_counter()]
        sc.write_parquet(tmp / "chunked", frames=(frame,))
        marks.append(time.perf_counter())
        df = getattr(sc, frame)
        marks.append(time.perf_counter())
        out = tmp / f"{frame}.parquet"
        df.write_parquet(out, compression="lz4")
        marks.append(time.perf_counter())
        df.write_parquet(out)
        marks.append(time.perf_counter())
        df.write_parquet(out, compression="lz4", statistics=False)
        marks.append(time.perf_counter())
        chunked, build, lz4, zstd, no_stats = (b - a for a, b in itertools.pairwise(marks))
        print(
            f"{frame} ({df.height:,} rows): write_parquet by chunks {chunked:.2f} s;"
            f" built whole {build:.2f} s, then written lz4 {lz4:.2f} s,"
            f" zstd {zstd:.2f} s, lz4 without statistics {no_stats:.2f} s"
        )


def _write_settings(sc: Any, tmp: Path) -> None:
    from anting_rule_of_law.scoring import parquet

    saved = parquet.COMPRESSION, parquet.WRITERS
    try:
        for codec, writers in (("zstd", 1), ("lz4", 1), ("lz4", 2), ("zstd", 2)):
            parquet.COMPRESSION, parquet.WRITERS = codec, writers  # type: ignore[assignment]
            c0, t0 = time.process_time(), time.perf_counter()
            sc.write_parquet(tmp / "settings")
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            print(f"write_parquet {codec}, {writers} at a time: {wall:.2f} s, CPU {cpu:.2f} s")
    finally:
        parquet.COMPRESSION, parquet.WRITERS = saved


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="the folder of entries/clauses/units/vetoes.parquet")
    ap.add_argument("--coded", action="store_true", help="read the text keys as Categorical")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--write", action="store_true", help="time each long frame's write too")
    ap.add_argument(
        "--settings", action="store_true", help="time write_parquet per codec and writers"
    )
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="arol-profile-") as tmp:
        data = _coded_copy(args.data, Path(tmp)) if args.coded else args.data
        fw = load_framework("shanghai-town-2023")
        scan = {name: pl.scan_parquet(data / f"{name}.parquet") for name in FILES}
        prof = cProfile.Profile()
        c0, t0 = time.process_time(), time.perf_counter()
        prof.enable()
        sc = score_frame(fw, **scan)
        prof.disable()
        c1, t1 = time.process_time(), time.perf_counter()
        sc.level(1)
        sc.level(2)
        c2, t2 = time.process_time(), time.perf_counter()
        if args.write:
            _write_costs(sc, Path(tmp))
        if args.settings:
            _write_settings(sc, Path(tmp))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        f"score_frame {t1 - t0:.2f} s, CPU {c1 - c0:.2f} s (under cProfile);"
        f" level(1) + level(2) {t2 - t1:.2f} s, CPU {c2 - c1:.2f} s;"
        f" peak {peak / 1024**3:.2f} GiB, inputs {'coded' if args.coded else 'text'}"
    )
    pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(
        "anting_rule_of_law", args.top
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
