"""Run the national-scale benchmark: every target of the leaner Scorecard contract, PASS/FAIL.

Why subprocesses: polars and Arrow allocate outside Python's allocator, so
tracemalloc misses most of it. Each heavy step runs in a fresh interpreter that
reads the generated Parquet files, times its step and reports its own peak
resident set (``ru_maxrss``), so one step's memory never leaks into another's.

    python benchmarks/run.py --units 38600 --years 10 --pandas-units 3860
    python benchmarks/run.py --units 2000 --years 2 --partitions 2   # a quick run

Targets (reported, not asserted; docs/benchmarks.md): (i) the run — ``score_frame``
from ``pl.scan_parquet`` inputs, ``totals`` with ranks, ``level(1)`` and ``level(2)``
with theirs — ≤ 3 s and ≤ 6 GiB peak; (ii) the same plus every long frame written
to Parquet with ranks ≤ 8 s and ≤ 6 GiB; (iii) ``--partitions`` × the data scored
partition by partition from Parquet into Parquet ≤ 8 GiB peak, time reported; the
library ≥ 3× faster than pandas like for like with the same numbers (|diff| < 1e-9);
one town ≤ 1 ms; import ≤ 0.2 s; the full Excel report of 430 unit-years ≤ 3 s and
the full JSON ≤ 1 s.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import itertools
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FRAMEWORK = "shanghai-town-2023"
GIB = 1024**3

TARGET_RUN_S = 3.0
TARGET_RUN_RSS = 6 * GIB
TARGET_WRITE_S = 8.0
TARGET_PARTITIONED_RSS = 8 * GIB
TARGET_VS_PANDAS = 3.0
TARGET_SAME = 1e-9
TARGET_TOWN_MS = 1.0
TARGET_IMPORT_S = 0.2
TARGET_XLSX_S = 3.0
TARGET_JSON_S = 1.0
TARGET_CSV_VALIDATE_S = 5.0
TARGET_CSV_SCORE_S = 15.0
TARGET_CSV_RSS = 3 * GIB
#: What ``--only`` may name.
TARGETS = ("run", "write", "partitions", "pandas", "town", "import", "reports", "csv")
#: The report batch: 215 towns × 2 years = 430 unit-years (a city's towns).
REPORT_UNITS, REPORT_YEARS = 215, 2
#: Untimed calls before the one-town timings (first calls build caches).
TOWN_WARMUP = 20
#: Exit code of a step stopped by the memory watchdog.
MEMORY_EXIT = 75


# -- helpers shared by the steps ---------------------------------------------------


def _peak_rss() -> int:
    """Peak resident set of this process in bytes (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak) * (1 if sys.platform == "darwin" else 1024)


def _rss_now() -> int:
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return 0
    m = re.search(r"VmRSS:\s+(\d+) kB", text)
    return int(m.group(1)) * 1024 if m else 0


def _timed(
    fn: Callable[[], Any], repeat: int, *, collect: bool = True, warmup: int = 0
) -> tuple[list[float], Any]:
    """Wall times of ``repeat`` calls. ``collect``: a full garbage collection before each
    call (right for the multi-second steps, so one run's garbage is not charged to the
    next); off for millisecond calls, where it would time the collector's aftermath
    (timeit-style, as a caller calling in a loop sees it)."""
    times: list[float] = []
    out: Any = None
    for _ in range(warmup):
        fn()
    for _ in range(repeat):
        out = None
        if collect:
            gc.collect()
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return times, out


def _load(data_dir: Path, units: int | None) -> Any:
    """The generated frames; with ``units``, only the first ``units`` towns (read lazily,
    so the rest never occupies memory)."""
    import polars as pl

    sys.path.insert(0, str(HERE))
    from generate import Data, read_parquet

    if units is None:
        return read_parquet(data_dir)
    keep = pl.scan_parquet(data_dir / "units.parquet").sort("unit").head(units).collect()
    wanted = keep["unit"].implode()

    def read(name: str) -> pl.DataFrame:
        lf = pl.scan_parquet(data_dir / f"{name}.parquet")
        return lf.filter(pl.col("unit").is_in(wanted)).collect()

    return Data(entries=read("entries"), clauses=read("clauses"), units=keep, vetoes=read("vetoes"))


# -- steps (each runs in its own subprocess) ------------------------------------------


def step_generate(args: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    from generate import generate, write_parquet

    t0 = time.perf_counter()
    data = generate(args.units, args.years, args.seed)
    elapsed = time.perf_counter() - t0
    write_parquet(data, args.data)
    return {
        "times": [elapsed],
        "entries": data.entries.height,
        "clauses": data.clauses.height,
        "units": data.units.height,
        "vetoes": data.vetoes.height,
        "leaf_rows": data.units.height * args.years * 55,
    }


def step_load(args: argparse.Namespace) -> dict[str, Any]:
    data = _load(args.data, args.subset)
    return {"times": [0.0], "entries": data.entries.height}


def _inputs(args: argparse.Namespace) -> Path:
    """The files (i), (ii) and the floor read: the coded copy (unit, code and clause as
    ``Categorical``, the form a province system writing with polars keeps them in;
    docs/benchmarks.md) unless ``--keys text``."""
    data: Path = args.data
    return data if args.keys == "text" else data / "coded"


def step_coded(args: argparse.Namespace) -> dict[str, Any]:
    """The coded copy of the generated files (streamed, outside every timed step)."""
    sys.path.insert(0, str(HERE))
    from generate import write_coded

    t0 = time.perf_counter()
    write_coded(args.data, args.data / "coded")
    return {"times": [time.perf_counter() - t0]}


def _scan(data_dir: Path) -> dict[str, Any]:
    """The four generated files as ``LazyFrame`` inputs: read inside the timed call."""
    import polars as pl

    return {
        name: pl.scan_parquet(data_dir / f"{name}.parquet")
        for name in ("entries", "clauses", "units", "vetoes")
    }


def _run_levels(fw: Any, data_dir: Path, parts: dict[str, list[float]]) -> Any:
    """Target (i): ``score_frame`` from Parquet, ``totals``, ``level(1)``, ``level(2)``."""
    from anting_rule_of_law import score_frame

    t0 = time.perf_counter()
    sc = score_frame(fw, **_scan(data_dir))
    t1 = time.perf_counter()
    sc.totals.height  # noqa: B018 - built in the run; read as a user reads it
    t2 = time.perf_counter()
    sc.level(1)
    t3 = time.perf_counter()
    sc.level(2)
    t4 = time.perf_counter()
    for name, dt_ in (
        ("score_frame", t1 - t0),
        ("totals", t2 - t1),
        ("level(1)", t3 - t2),
        ("level(2)", t4 - t3),
    ):
        parts.setdefault(name, []).append(dt_)
    return sc


def step_run(args: argparse.Namespace) -> dict[str, Any]:
    """(i) The run from Parquet with totals and two levels, their ranks included."""
    from anting_rule_of_law import load_framework

    fw = load_framework(FRAMEWORK)
    parts: dict[str, list[float]] = {}
    times, sc = _timed(lambda: _run_levels(fw, _inputs(args), parts), args.repeat)
    return {
        "times": times,
        "parts": parts,
        "rows": {
            "totals": sc.totals.height,
            "level(1)": sc.level(1).height,
            "level(2)": sc.level(2).height,
        },
    }


def step_write(args: argparse.Namespace) -> dict[str, Any]:
    """(ii) The run of (i), then every long frame written to Parquet with its ranks."""
    from anting_rule_of_law import load_framework

    fw = load_framework(FRAMEWORK)
    parts: dict[str, list[float]] = {}
    target = args.out / "results"
    files: list[Any] = []

    def once() -> None:
        sc = _run_levels(fw, _inputs(args), parts)
        t = time.perf_counter()
        files[:] = [sc.write_parquet(target)]
        parts.setdefault("write_parquet", []).append(time.perf_counter() - t)

    times, _ = _timed(once, args.repeat)
    written = files[0]
    sizes = {
        frame: sum(f.stat().st_size for f in written.path(frame).glob("*.parquet"))
        for frame in written.rows
    }
    return {"times": times, "parts": parts, "rows": dict(written.rows), "bytes": sizes}


def _shifted(frame: Any, part: int) -> Any:
    """Partition ``part``'s own units: its number before every unit and district code."""
    import polars as pl

    cols = [
        (pl.lit(f"P{part}") + pl.col(c)).alias(c)
        for c in ("unit", "district")
        if c in frame.columns
    ]
    return frame.with_columns(cols) if cols else frame


def step_generate_parts(args: argparse.Namespace) -> dict[str, Any]:
    """One partition of (iii): national-sized data of its own units, another seed."""
    sys.path.insert(0, str(HERE))
    from generate import Data, generate, write_parquet

    part = args.part
    data = generate(args.units, args.years, args.seed + 1 + part)
    data = Data(
        **{n: _shifted(getattr(data, n), part) for n in ("entries", "clauses", "units", "vetoes")}
    )
    write_parquet(data, args.data.parent / "parts" / f"part-{part}")
    return {"times": [0.0], "leaf_rows": data.units.height * args.years * 55}


def step_partitions(args: argparse.Namespace) -> dict[str, Any]:
    """(iii) Every partition from Parquet, scored alone, results written to Parquet."""
    from anting_rule_of_law import Partition, load_framework, score_partitions

    fw = load_framework(FRAMEWORK)
    parts_dir = args.data.parent / "parts"
    marks: list[float] = []

    def partitions() -> Any:
        for part in range(args.partitions):
            marks.append(time.perf_counter())
            yield Partition(**_scan(parts_dir / f"part-{part}"))

    t0 = time.perf_counter()
    files = score_partitions(fw, partitions(), args.out / "partitioned")
    total = time.perf_counter() - t0
    marks.append(time.perf_counter())
    return {
        "times": [total],
        # partition i scored and written between marks i and i + 1; the last span also
        # holds the ranks over every partition and the totals and nodes written
        "spans": [b - a for a, b in itertools.pairwise(marks)],
        "rows": dict(files.rows),
        "parts": files.parts,
    }


def step_library(args: argparse.Namespace) -> dict[str, Any]:
    """Like for like with pandas: the run and every node's score and ranks (``nodes``);
    the compact audit and the clauses timed apart (pandas builds neither)."""
    import polars as pl

    from anting_rule_of_law import load_framework, score_frame

    fw = load_framework(FRAMEWORK)
    data = _load(args.data, args.subset)
    rss0 = _rss_now()
    parts: dict[str, list[float]] = {
        "score_frame": [],
        "nodes": [],
        "audit_compact": [],
        "clauses": [],
    }

    def run_once() -> Any:
        t0 = time.perf_counter()
        sc = score_frame(fw, data.entries, data.clauses, data.units, data.vetoes)
        parts["score_frame"].append(time.perf_counter() - t0)
        for name in ("nodes", "audit_compact", "clauses"):
            t = time.perf_counter()
            getattr(sc, name)
            parts[name].append(time.perf_counter() - t)
        return sc

    _, sc = _timed(run_once, args.repeat)
    like = [a + b for a, b in zip(parts["score_frame"], parts["nodes"], strict=True)]
    everything = [sum(ts[i] for ts in parts.values()) for i in range(args.repeat)]
    sc.totals.select(
        pl.col("unit").cast(pl.String),
        pl.col("year").cast(pl.Int64),
        "score",
        pl.col("grade").cast(pl.String),
        "passed",
    ).write_parquet(args.out / "library_totals.parquet")
    sc.nodes.select(
        pl.col("unit").cast(pl.String),
        pl.col("year").cast(pl.Int64),
        pl.col("code").cast(pl.String),
        "score",
    ).write_parquet(args.out / "library_nodes.parquet")
    return {
        "times": like,
        "with_long_frames": everything,
        "rss_before": rss0,
        "rows": {
            "nodes": sc.nodes.height,
            "totals": sc.totals.height,
            "audit_compact": sc.audit_compact.height,
            "clauses": sc.clauses.height,
        },
        "parts": parts,
        "polars": pl.__version__,
    }


def step_pandas(args: argparse.Namespace) -> dict[str, Any]:
    import pandas as pd
    import polars as pl

    sys.path.insert(0, str(HERE))
    from pandas_baseline import rank_nodes, score_pandas, to_pandas

    from anting_rule_of_law import load_framework

    fw = load_framework(FRAMEWORK)
    data = _load(args.data, args.subset)
    frames = {
        "entries": data.entries,
        "clauses": data.clauses,
        "vetoes": data.vetoes,
        "units": data.units,
    }
    pdata = to_pandas(frames, fw)
    del data, frames
    gc.collect()
    rss0 = _rss_now()
    parts: dict[str, list[float]] = {"scores": [], "ranks": []}

    def run_once() -> Any:
        # score_pandas(ranks=True) in two timed halves: the scores, then the ranks
        t0 = time.perf_counter()
        out = score_pandas(fw, pdata, ranks=False)
        t1 = time.perf_counter()
        out["nodes"] = rank_nodes(out["nodes"], pdata["units"])
        parts["scores"].append(t1 - t0)
        parts["ranks"].append(time.perf_counter() - t1)
        return out

    _, res = _timed(run_once, args.repeat)
    times = [a + b for a, b in zip(parts["scores"], parts["ranks"], strict=True)]
    totals, nodes = res["totals"], res["nodes"]
    pl.DataFrame(
        {
            "unit": totals["unit"].astype(str).to_numpy(),
            "year": totals["year"].to_numpy(),
            "score": totals["score"].to_numpy(),
            "grade": totals["grade"].to_numpy(),
            "passed": totals["passed"].to_numpy(),
        }
    ).with_columns(pl.col("score").fill_nan(None)).write_parquet(args.out / "pandas_totals.parquet")
    pl.DataFrame(
        {
            "unit": nodes["unit"].astype(str).to_numpy(),
            "year": nodes["year"].to_numpy(),
            "code": nodes["code"].astype(str).to_numpy(),
            "score": nodes["score"].to_numpy(),
        }
    ).with_columns(pl.col("score").fill_nan(None)).write_parquet(args.out / "pandas_nodes.parquet")
    return {"times": times, "parts": parts, "rss_before": rss0, "pandas": pd.__version__}


def step_floor(args: argparse.Namespace) -> dict[str, Any]:
    """One group-by sum over the leaf rows, read from the same Parquet file as (i)."""
    import polars as pl

    lf = pl.scan_parquet(_inputs(args) / "entries.parquet")
    times, out = _timed(
        lambda: lf.group_by("unit", "year").agg(pl.col("numerator").sum()).collect(),
        args.repeat,
    )
    # the same sum over the frame already in memory (the floor of the earlier contract)
    df = lf.select("unit", "year", "numerator").collect()
    in_memory, _ = _timed(
        lambda: df.lazy().group_by("unit", "year").agg(pl.col("numerator").sum()).collect(),
        args.repeat,
    )
    return {"times": times, "in_memory": in_memory, "groups": out.height}


def step_compare(args: argparse.Namespace) -> dict[str, Any]:
    import polars as pl

    def diff(kind: str, on: list[str]) -> tuple[pl.DataFrame, dict[str, Any]]:
        lib = pl.read_parquet(args.out / f"library_{kind}.parquet")
        pdf = pl.read_parquet(args.out / f"pandas_{kind}.parquet").with_columns(
            pl.col("year").cast(pl.Int64)
        )
        j = lib.join(pdf, on=on, how="full", suffix="_pd", coalesce=True)
        d = (pl.col("score") - pl.col("score_pd")).abs()
        stats = j.select(
            pl.len().alias("rows"),
            d.max().alias("max_abs_diff"),
            (pl.col("score").is_null() != pl.col("score_pd").is_null())
            .sum()
            .alias("null_mismatch"),
        ).row(0, named=True)
        stats["rows_library"] = lib.height
        stats["rows_pandas"] = pdf.height
        return j, stats

    j, totals = diff("totals", ["unit", "year"])
    totals["grade_mismatch"] = j.filter(pl.col("grade") != pl.col("grade_pd")).height
    totals["passed_mismatch"] = j.filter(pl.col("passed") != pl.col("passed_pd")).height
    _, nodes = diff("nodes", ["unit", "year", "code"])
    return {"times": [0.0], "totals": totals, "nodes": nodes}


def town_assessment(lib: Any, fw: Any, data: Any) -> Any:
    """The generated town (``generate(1, 1, seed)``) as an ``Assessment`` of ``lib``, the
    library's package (town_compare.py builds it for two versions of the library)."""
    clause_map: dict[str, dict[str, float]] = {}
    for code, clause, value in data.clauses.select("code", "clause", "input").iter_rows():
        clause_map.setdefault(code, {})[clause] = value
    entries = []
    for row in data.entries.drop("unit", "year").iter_rows(named=True):
        given = {k: v for k, v in row.items() if v is not None}
        given["clauses"] = clause_map.get(row["code"], {})
        entries.append(lib.Entry.from_dict(given))
    u = data.units.row(0, named=True)
    return lib.Assessment(
        framework_id=fw.id,
        unit=lib.Unit(code=u["unit"], name=u["unit_name"], district=u["district"]),
        year=int(data.entries["year"][0]),
        entries=tuple(entries),
        vetoes=tuple(
            lib.VetoDeclaration(code=v, triggered=True) for v in data.vetoes["veto"].to_list()
        ),
    )


def step_town(args: argparse.Namespace) -> dict[str, Any]:
    import polars as pl

    sys.path.insert(0, str(HERE))
    from generate import generate

    import anting_rule_of_law
    from anting_rule_of_law import load_framework, score, score_frame

    fw = load_framework(FRAMEWORK)
    data = generate(1, 1, args.seed)
    assessment = town_assessment(anting_rule_of_law, fw, data)
    rec_times, rec = _timed(
        lambda: score(fw, assessment), args.town_runs, collect=False, warmup=TOWN_WARMUP
    )
    frm_times, frm = _timed(
        lambda: score_frame(fw, data.entries, data.clauses, data.units, data.vetoes),
        args.town_runs,
        collect=False,
        warmup=TOWN_WARMUP,
    )
    same = rec.totals["score"][0] - frm.totals["score"][0]
    return {
        "times": [],
        "record_ms": [t * 1000 for t in rec_times],
        "frame_ms": [t * 1000 for t in frm_times],
        "entries": data.entries.height,
        "record_vs_frame_diff": abs(same),
        "polars": pl.__version__,
    }


def step_reports(args: argparse.Namespace) -> dict[str, Any]:
    """The full Excel and JSON reports of 430 unit-years, through the plugin manager."""
    sys.path.insert(0, str(HERE))
    from generate import generate

    from anting_rule_of_law import RenderOptions, get_plugin_manager, load_framework, score_frame

    fw = load_framework(FRAMEWORK)
    data = generate(REPORT_UNITS, REPORT_YEARS, args.seed)
    sc = score_frame(fw, data.entries, data.clauses, data.units, data.vetoes)
    pm = get_plugin_manager()
    options = RenderOptions(detail="full")
    out: dict[str, Any] = {"times": [], "unit_years": sc.totals.height}
    for fmt in ("xlsx", "json"):
        times, doc = _timed(lambda fmt=fmt: pm.render(sc, fmt, options), args.repeat)
        out[fmt] = times
        out[f"{fmt}_size"] = len(doc)
    return out


STEPS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "generate": step_generate,
    "generate_parts": step_generate_parts,
    "load": step_load,
    "run": step_run,
    "write": step_write,
    "partitions": step_partitions,
    "library": step_library,
    "pandas": step_pandas,
    "floor": step_floor,
    "coded": step_coded,
    "compare": step_compare,
    "town": step_town,
    "reports": step_reports,
}


def _watch_memory(limit_gib: float) -> None:
    """Stop this process when its resident set passes the limit (the machine has no swap,
    and an out-of-memory kill could hit any process on it)."""
    import threading

    limit = int(limit_gib * GIB)

    def watch() -> None:
        while True:
            rss = _rss_now()
            if rss > limit:
                sys.stderr.write(
                    f"step stopped: resident memory {rss / GIB:.1f} GiB passed the"
                    f" --max-rss-gib limit of {limit_gib:g} GiB\n"
                )
                sys.stderr.flush()
                os._exit(MEMORY_EXIT)
            time.sleep(0.02)

    threading.Thread(target=watch, daemon=True).start()


def _child_main(args: argparse.Namespace) -> int:
    _watch_memory(args.max_rss_gib)
    result = STEPS[args.step](args)
    result["peak_rss"] = _peak_rss()
    print("RESULT " + json.dumps(result, ensure_ascii=False))
    return 0


# -- the parent ----------------------------------------------------------------------


def _run_step(
    step: str,
    args: argparse.Namespace,
    subset: int | None = None,
    repeat: int = 1,
    part: int = 0,
) -> dict[str, Any]:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--step",
        step,
        "--data",
        str(args.data),
        "--out",
        str(args.out),
        "--units",
        str(args.units),
        "--years",
        str(args.years),
        "--seed",
        str(args.seed),
        "--repeat",
        str(repeat),
        "--town-runs",
        str(args.town_runs),
        "--max-rss-gib",
        str(args.max_rss_gib),
        "--partitions",
        str(args.partitions),
        "--part",
        str(part),
        "--keys",
        args.keys,
    ]
    if subset is not None:
        cmd += ["--subset", str(subset)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or [""]
        why = (
            tail[0]
            if proc.returncode == MEMORY_EXIT
            else f"exit {proc.returncode}: {tail[0]}"
            if proc.returncode > 0
            else f"killed by signal {-proc.returncode}"
        )
        return {"error": why, "wall": time.perf_counter() - t0}
    line = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")][-1]
    result: dict[str, Any] = json.loads(line[len("RESULT ") :])
    return result


# -- the readers at batch scale (target csv) -----------------------------------------

#: The batch CSV: 1,695 towns × 10 years = 16,950 unit-years, about a million rows.
CSV_UNITS, CSV_YEARS = 1_695, 10
#: Lines of the sample the row-wise reader is timed on (its time grows with the rows).
CSV_SAMPLE_LINES = 100_000
#: The command line in a fresh interpreter, the reader forced: ``rows`` (row-wise) or
#: ``columns`` (column-wise, as it is for files of 1 MB or more).
_CLI = (
    "import sys\n"
    "from anting_rule_of_law.assessments import batch\n"
    "from anting_rule_of_law.cli import main\n"
    "batch.BATCH_MIN_BYTES = 1 << 62 if sys.argv[1] == 'rows' else 0\n"
    "sys.exit(main(sys.argv[2:]))\n"
)


def _measured(cmd: list[str]) -> dict[str, Any]:
    """Wall and CPU seconds and peak resident set of one command in its own process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_rss": int(usage.ru_maxrss) * 1024,
        "exit": proc.returncode,
        "stderr_tail": err.decode("utf-8", "replace").strip().splitlines()[-1:],
    }


def _cli_runs(path: Path, out: Path, reader: str) -> dict[str, dict[str, Any]]:
    """``validate`` and ``score --detail summary`` (a Markdown report) of ``path``."""
    base = [sys.executable, "-c", _CLI, reader]
    report = out / f"{path.stem}-{reader}.md"
    return {
        "validate": _measured([*base, "validate", str(path)]),
        "score": _measured(
            [*base, "score", "-q", "--detail", "summary", str(path), "-o", str(report)]
        ),
    }


def csv_target(args: argparse.Namespace, work: Path) -> tuple[dict[str, Any], list[Any]]:
    """Generate the CSV, time both commands on it (column-wise) and both readers on a sample."""
    folder = work / "csv"
    folder.mkdir(parents=True, exist_ok=True)
    big = folder / f"assessments-{args.csv_units}x{args.csv_years}-{args.seed}.csv"
    if not big.exists():
        gen = subprocess.run(
            [
                sys.executable,
                str(HERE / "csv_assessments.py"),
                f"--units={args.csv_units}",
                f"--years={args.csv_years}",
                f"--seed={args.seed}",
                f"--out={big}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        _say(f"\n{gen.stdout.strip()}")
    with big.open("rb") as fh:
        lines = fh.readlines()
    sample = folder / "sample.csv"
    sample.write_bytes(b"".join(lines[: args.csv_sample_lines]))
    rows, sample_rows = len(lines) - 1, min(len(lines), args.csv_sample_lines) - 1
    res: dict[str, Any] = {"rows": rows, "bytes": big.stat().st_size, "sample_rows": sample_rows}
    res["full"] = _cli_runs(big, folder, "columns")
    res["sample_columns"] = _cli_runs(sample, folder, "columns")
    res["sample_rows"] = _cli_runs(sample, folder, "rows")
    out: list[Any] = []
    _say(
        f"\nreaders at batch scale: {rows:,} rows ({res['bytes'] / 1e6:.1f} MB);"
        f" the row-wise reader on the first {sample_rows:,} rows"
    )
    for verb, limit in (("validate", TARGET_CSV_VALIDATE_S), ("score", TARGET_CSV_SCORE_S)):
        new, old, same = res["full"][verb], res["sample_rows"][verb], res["sample_columns"][verb]
        failed = [r for r in (new, old, same) if r["exit"] not in (0,)]
        _say(
            f"  {verb}: {new['wall']:.2f} s (cpu {new['cpu']:.2f} s), peak {_gib(new['peak_rss'])};"
            f" sample: row-wise {old['wall']:.2f} s (cpu {old['cpu']:.2f} s,"
            f" peak {_gib(old['peak_rss'])}), column-wise {same['wall']:.2f} s"
            f" (cpu {same['cpu']:.2f} s): {_ratio(old['cpu'], same['cpu'])} less CPU;"
            f" row-wise on the whole file ≈ {old['cpu'] * rows / max(sample_rows, 1):.0f} s of cpu"
            + (f"; FAILED: {failed[0]['stderr_tail']}" if failed else "")
        )
        ok = not failed and new["wall"] <= limit
        out.append((f"CSV of {rows:,} rows: {verb} ≤ {limit:g} s", f"{new['wall']:.2f} s", ok))
    peak = max(r["peak_rss"] for r in res["full"].values())
    out.append((f"CSV of {rows:,} rows: peak ≤ 3 GiB", _gib(peak), peak <= TARGET_CSV_RSS))
    return res, out


def import_time(runs: int = 5) -> list[float]:
    """Seconds: cumulative µs of the last ``-X importtime`` line, per fresh interpreter."""
    out: list[float] = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import anting_rule_of_law"],
            capture_output=True,
            text=True,
            check=True,
        )
        last = [x for x in proc.stderr.splitlines() if x.startswith("import time:")][-1]
        out.append(int(last.split("|")[1]) / 1e6)
    return out


def _gib(n: float) -> str:
    return f"{n / GIB:.2f} GiB"


def _verdict(ok: bool | None) -> str:
    """PASS or FAIL; ``None`` for a number the targets ask to report, not to bound."""
    return "INFO" if ok is None else "PASS" if ok else "FAIL"


def _load_average() -> str:
    """What ``uptime`` says: others share the cores, and their work slows ours."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def _machine() -> dict[str, str]:
    import polars as pl

    try:
        import pandas as pd

        pandas_version = pd.__version__
    except ImportError:  # pragma: no cover
        pandas_version = "not installed"
    mem = ""
    with contextlib.suppress(OSError):
        mem = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.strip()
    import anting_rule_of_law

    src = Path(anting_rule_of_law.__file__).resolve().parent
    rev = subprocess.run(
        ["git", "-C", str(src), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "library": f"{anting_rule_of_law.__version__} from {src}"
        + (f" (git {rev})" if rev else ""),
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": str(os.cpu_count()),
        "free -g": mem,
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "load": _load_average(),
        "polars": pl.__version__,
        "pandas": pandas_version,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=38_600, help="towns (default 38,600)")
    ap.add_argument("--years", type=int, default=10, help="years per town (default 10)")
    ap.add_argument("--seed", type=int, default=20230101)
    ap.add_argument(
        "--pandas-units",
        type=int,
        default=None,
        help="run pandas (and the library again, for the ratio at equal scale) on the first N"
        " units only, when the full scale does not fit",
    )
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of library/floor")
    ap.add_argument("--pandas-repeat", type=int, default=1)
    ap.add_argument("--write-repeat", type=int, default=1, help="timed runs of (ii)")
    ap.add_argument("--town-runs", type=int, default=200)
    ap.add_argument("--skip-pandas", action="store_true")
    ap.add_argument(
        "--partitions",
        type=int,
        default=5,
        help="target (iii): this many partitions of the data's size, each its own units"
        " (default 5; 0 skips it)",
    )
    ap.add_argument("--skip-reports", action="store_true")
    ap.add_argument(
        "--only",
        default="",
        help=f"measure only these targets, comma-separated ({','.join(TARGETS)}); with"
        " --workdir, data generated earlier for the same units, years and seed is reused",
    )
    ap.add_argument(
        "--max-rss-gib",
        type=float,
        default=16.0,
        help="stop a step whose resident memory passes this (default 16 GiB)",
    )
    ap.add_argument("--csv-units", type=int, default=CSV_UNITS, help="target csv: towns")
    ap.add_argument("--csv-years", type=int, default=CSV_YEARS, help="target csv: years")
    ap.add_argument(
        "--csv-sample-lines",
        type=int,
        default=CSV_SAMPLE_LINES,
        help="target csv: lines the row-wise reader is timed on",
    )
    ap.add_argument(
        "--keys",
        choices=("coded", "text"),
        default="coded",
        help="the input files (i), (ii) and the floor read: unit, code and clause as"
        " Categorical (default) or as text",
    )
    ap.add_argument("--workdir", type=Path, default=None, help="keep data and results here")
    ap.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    # internal: one step in a child process
    ap.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--subset", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--part", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.step:
        return _child_main(args)

    tmp = None
    if args.workdir is None:
        tmp = tempfile.mkdtemp(prefix="arol-bench-")
        work = Path(tmp)
    else:
        work = args.workdir
    args.data = work / "data"
    args.out = work / "out"
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        report = _run_all(args, work)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return 0


def _say(text: str) -> None:
    print(text, flush=True)


def _median(result: dict[str, Any]) -> float | None:
    return None if "error" in result else statistics.median(result["times"])


def _secs(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None else f"{x:.{digits}f} s"


def _ratio(a: float | None, b: float | None) -> str:
    return "n/a" if a is None or not b else f"{a / b:.1f}×"


def _run_all(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    machine = _machine()
    only = set(args.only.split(",")) if args.only else set(TARGETS)
    scale = f"{args.units:,} units × {args.years} years"
    if only == {"csv"}:  # the CSV target draws its own units and years
        scale = f"a CSV of {args.csv_units:,} units × {args.csv_years} years"
    _say(f"# anting-rule-of-law benchmark — {scale}")
    _say(
        f"date {machine['date']}; nproc {machine['nproc']}; python {machine['python']};"
        f" polars {machine['polars']}; pandas {machine['pandas']}"
    )
    _say(f"library {machine['library']}")
    _say(f"load average at the start (1, 5, 15 min): {machine['load']}")
    _say(machine["free -g"])
    rep: dict[str, Any] = {"machine": machine, "units": args.units, "years": args.years}
    rows: list[tuple[str, str, bool | None]] = []

    if "csv" in only:  # its own data: a CSV file
        rep["csv"], csv_rows = csv_target(args, work)
        rows.extend(csv_rows)
        if only == {"csv"}:
            _say("\n## targets")
            for what, value, ok in rows:
                _say(f"- {_verdict(ok)}  {what}: {value}")
            rep["targets"] = [{"target": w, "value": v, "pass": ok} for w, v, ok in rows]
            return rep

    manifest = args.data / "manifest.json"
    wanted = {"units": args.units, "years": args.years, "seed": args.seed}
    if manifest.exists() and json.loads(manifest.read_text()) == wanted:
        _say(f"\nthe data of an earlier run in {args.data} (same units, years and seed)")
    else:
        shutil.rmtree(args.data / "coded", ignore_errors=True)  # a copy of other data
        gen = _run_step("generate", args)
        rep["generate"] = gen
        if "error" in gen:
            raise SystemExit(f"generating the data failed: {gen['error']}")
        manifest.write_text(json.dumps(wanted))
        _say(
            f"\ngenerated {gen['leaf_rows']:,} leaf rows ({gen['entries']:,} entered,"
            f" {gen['clauses']:,} clause inputs, {gen['vetoes']:,} vetoes)"
            f" in {gen['times'][0]:.2f} s, peak {_gib(gen['peak_rss'])}"
        )
        load = _run_step("load", args)
        rep["load"] = load
        _say(f"input frames read whole into memory (for reference): peak {_gib(load['peak_rss'])}")
    run_t = wr_t = None
    if args.keys == "coded" and not (args.data / "coded" / "vetoes.parquet").exists():
        coded = _run_step("coded", args)
        if "error" in coded:
            raise SystemExit(f"writing the coded copy failed: {coded['error']}")
    _say(
        f"input files of (i), (ii) and the floor: {_inputs(args)}"
        f" ({'unit, code, clause as Categorical' if args.keys == 'coded' else 'text keys'})"
    )

    floor = _run_step("floor", args, repeat=args.repeat)
    rep["floor"] = floor
    floor_t = _median(floor)
    _say(
        f"floor (one lazy group-by sum over the leaf rows, from the Parquet file):"
        f" {_secs(floor_t, 3)} median of {[round(t, 3) for t in floor.get('times', [])]},"
        f" peak {_gib(floor.get('peak_rss', 0))}; the same sum over the frame in memory:"
        f" {_secs(statistics.median(floor['in_memory']) if 'in_memory' in floor else None, 3)}"
    )
    nat = f"{args.units:,} × {args.years}"

    def peak_row(what: str, res: dict[str, Any], limit: int) -> None:
        ok = "peak_rss" in res and res["peak_rss"] <= limit
        rows.append((what, _gib(res["peak_rss"]) if "peak_rss" in res else res["error"], ok))

    def parts_line(res: dict[str, Any]) -> str:
        return ", ".join(
            f"{name} {statistics.median(ts):.2f} s" for name, ts in res["parts"].items()
        )

    if "run" in only:
        run = _run_step("run", args, repeat=args.repeat)
        rep["run"] = run
        run_t = _median(run)
        if run_t is None:
            _say(f"\n(i) run: DID NOT FINISH — {run['error']} (after {run['wall']:.0f} s)")
        else:
            _say(
                f"\n(i) score_frame from scan_parquet + totals + level(1) + level(2), ranks"
                f" included: median {run_t:.2f} s of {[round(t, 2) for t in run['times']]},"
                f" peak {_gib(run['peak_rss'])}; rows {run['rows']}"
            )
            _say(f"  of which (medians): {parts_line(run)}")
            _say(f"  {_ratio(run_t, floor_t)} the floor")
        rows.append(
            (f"(i) run ({nat}) ≤ 3 s", _secs(run_t), run_t is not None and run_t <= TARGET_RUN_S)
        )
        peak_row("(i) run peak ≤ 6 GiB (inputs included)", run, TARGET_RUN_RSS)

    if "write" in only:
        wr = _run_step("write", args, repeat=args.write_repeat)
        rep["write"] = wr
        wr_t = _median(wr)
        if wr_t is None:
            _say(
                f"\n(ii) run + write_parquet: DID NOT FINISH — {wr['error']} (after {wr['wall']:.0f} s)"
            )
        else:
            mb = {k: round(v / 1e6, 1) for k, v in wr["bytes"].items()}
            _say(
                f"\n(ii) the run of (i) + write_parquet (totals, nodes, audit_compact, clauses):"
                f" median {wr_t:.2f} s of {[round(t, 2) for t in wr['times']]},"
                f" peak {_gib(wr['peak_rss'])}; rows {wr['rows']}; MB {mb}"
            )
            _say(f"  of which (medians): {parts_line(wr)}")
            _say(f"  {_ratio(wr_t, floor_t)} the floor")
        rows.append(
            (
                f"(ii) run + every long frame to Parquet ({nat}) ≤ 8 s",
                _secs(wr_t),
                wr_t is not None and wr_t <= TARGET_WRITE_S,
            )
        )
        peak_row("(ii) peak ≤ 6 GiB", wr, TARGET_RUN_RSS)

    if args.partitions and "partitions" in only:
        for part in range(args.partitions):
            g = _run_step("generate_parts", args, part=part)
            if "error" in g:
                raise SystemExit(f"generating partition {part} failed: {g['error']}")
        pt = _run_step("partitions", args)
        rep["partitions"] = pt
        pt_t = _median(pt)
        leaf = args.partitions * args.units * args.years * 55
        scale = f"{args.partitions} × {nat} = {leaf:,} leaf rows"
        if pt_t is None:
            _say(f"\n(iii) partitioned ({scale}): DID NOT FINISH — {pt['error']}")
        else:
            _say(
                f"\n(iii) score_partitions ({scale}) from Parquet partitions to Parquet:"
                f" {pt_t:.2f} s, peak {_gib(pt['peak_rss'])}; rows {pt['rows']}"
            )
            _say(
                "  per partition (scored, audit and clauses written; the last span also"
                " ranks every partition and writes totals and nodes): "
                + ", ".join(f"{t:.2f} s" for t in pt["spans"])
            )
        rows.append((f"(iii) partitioned ({scale}): time (reported)", _secs(pt_t), None))
        peak_row("(iii) partitioned peak ≤ 8 GiB", pt, TARGET_PARTITIONED_RSS)

    if "pandas" in only:
        cmp_res: dict[str, Any] | None = None
        if not args.skip_pandas:
            subset = (
                args.pandas_units if args.pandas_units and args.pandas_units < args.units else None
            )
            scale = f"{subset:,} units × {args.years} years" if subset else "the same scale"
            lib = _run_step("library", args, subset=subset, repeat=args.repeat)
            rep["library"] = lib
            lib_t = _median(lib)
            pd_res = _run_step("pandas", args, subset=subset, repeat=args.pandas_repeat)
            rep["pandas"] = pd_res
            pd_t = _median(pd_res)
            if lib_t is None:
                _say(f"\nlibrary ({scale}): DID NOT FINISH — {lib['error']}")
            else:
                _say(
                    f"\nlibrary ({scale}, inputs in memory): score_frame + nodes (every node's"
                    f" ranks) median {lib_t:.2f} s of {[round(t, 2) for t in lib['times']]};"
                    f" with audit_compact and clauses too"
                    f" {statistics.median(lib['with_long_frames']):.2f} s;"
                    f" peak {_gib(lib['peak_rss'])}"
                )
                _say(f"  of which (medians): {parts_line(lib)}")
            if pd_t is None:
                _say(f"pandas baseline ({scale}): DID NOT FINISH — {pd_res['error']}")
            else:
                pd_scores_t = statistics.median(pd_res["parts"]["scores"])
                _say(
                    f"pandas baseline ({scale}): median {pd_t:.2f} s of"
                    f" {[round(t, 2) for t in pd_res['times']]} (scores"
                    f" {pd_scores_t:.2f} s + per-node ranks"
                    f" {statistics.median(pd_res['parts']['ranks']):.2f} s), peak"
                    f" {_gib(pd_res['peak_rss'])}"
                )
            if pd_t is not None and lib_t is not None:
                cmp_res = _run_step("compare", args)
                rep["compare"] = cmp_res
                t, n = cmp_res["totals"], cmp_res["nodes"]
                _say(
                    f"same results? totals: {t['rows']:,} rows, max |diff| {t['max_abs_diff']:.3g},"
                    f" null mismatches {t['null_mismatch']}, grade mismatches"
                    f" {t['grade_mismatch']}, pass mismatches {t['passed_mismatch']};"
                    f" all nodes: {n['rows']:,} rows, max |diff| {n['max_abs_diff']:.3g},"
                    f" null mismatches {n['null_mismatch']}"
                )
                with_all = statistics.median(lib["with_long_frames"])
                rep["ratio_vs_pandas"] = pd_t / lib_t
                _say(
                    f"pandas / library: {pd_t / lib_t:.2f}× like for like (scores and every"
                    f" node's ranks); {pd_t / with_all:.2f}× with the library's audit and"
                    f" clauses too; {pd_scores_t / lib_t:.2f}× against pandas' scores alone"
                )
                rows.append(
                    (
                        f"≥ 3× faster than pandas like for like ({scale})",
                        f"{pd_t / lib_t:.2f}×",
                        pd_t / lib_t >= TARGET_VS_PANDAS,
                    )
                )
                worst = max(x for x in (t["max_abs_diff"], n["max_abs_diff"]) if x is not None)
                same = (
                    worst < TARGET_SAME
                    and t["null_mismatch"] == 0
                    and n["null_mismatch"] == 0
                    and t["grade_mismatch"] == 0
                    and t["passed_mismatch"] == 0
                    and t["rows"] == t["rows_library"] == t["rows_pandas"]
                    and n["rows"] == n["rows_library"] == n["rows_pandas"]
                )
                rows.append(
                    (
                        "same results as pandas (totals and every node, |diff| < 1e-9)",
                        f"{worst:.3g}",
                        same,
                    )
                )

    if "town" in only:
        town = _run_step("town", args)
        rep["town"] = town
        rec_ms = statistics.median(town["record_ms"])
        frm_ms = statistics.median(town["frame_ms"])
        _say(
            f"\none town ({town['entries']} entries), median of {args.town_runs} runs"
            f" after {TOWN_WARMUP} warm-up calls, no forced collection between calls:"
            f" score(Assessment) {rec_ms:.2f} ms, score_frame {frm_ms:.2f} ms"
            f" (same total: |diff| {town['record_vs_frame_diff']:.3g})"
        )
        rows.append(("one town ≤ 1 ms (score)", f"{rec_ms:.2f} ms", rec_ms <= TARGET_TOWN_MS))
        rows.append(
            (
                "one town ≤ 1 ms (score_frame, for reference)",
                f"{frm_ms:.2f} ms",
                frm_ms <= TARGET_TOWN_MS,
            )
        )
    if "import" in only:
        imp = import_time()
        rep["import_s"] = imp
        imp_t = statistics.median(imp)
        _say(
            f"import anting_rule_of_law: median {imp_t * 1000:.0f} ms of 5"
            f" ({', '.join(f'{x * 1000:.0f}' for x in imp)} ms)"
        )
        rows.append(("import ≤ 0.2 s", f"{imp_t:.3f} s", imp_t <= TARGET_IMPORT_S))

    if not args.skip_reports and "reports" in only:
        reports = _run_step("reports", args, repeat=args.repeat)
        rep["reports"] = reports
        if "error" in reports:
            _say(f"\nreports: DID NOT FINISH — {reports['error']}")
        else:
            x_t = statistics.median(reports["xlsx"])
            j_t = statistics.median(reports["json"])
            _say(
                f"\nfull reports of {reports['unit_years']} unit-years (median of {args.repeat}):"
                f" xlsx {x_t:.2f} s ({reports['xlsx_size'] / 1e6:.1f} MB),"
                f" json {j_t:.2f} s ({reports['json_size'] / 1e6:.1f} M chars)"
            )
            rows.append(
                ("full Excel report, 430 unit-years ≤ 3 s", f"{x_t:.2f} s", x_t <= TARGET_XLSX_S)
            )
            rows.append(
                ("full JSON report, 430 unit-years ≤ 1 s", f"{j_t:.2f} s", j_t <= TARGET_JSON_S)
            )

    end_load = _load_average()
    rep["load_at_end"] = end_load
    _say(f"\nload average at the end (1, 5, 15 min): {end_load}")
    _say("\n## targets")
    for what, value, ok in rows:
        _say(f"- {_verdict(ok)}  {what}: {value}")
    if floor_t:
        _say(
            f"\nratios to the floor ({floor_t:.3f} s): (i) {_ratio(run_t, floor_t)},"
            f" (ii) {_ratio(wr_t, floor_t)}"
        )
    rep["targets"] = [{"target": w, "value": v, "pass": ok} for w, v, ok in rows]
    return rep


if __name__ == "__main__":
    sys.exit(main())
