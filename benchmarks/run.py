"""Run the national-scale benchmark: library vs pandas vs a polars floor, one town, import.

Why subprocesses: polars and Arrow allocate outside Python's allocator, so
tracemalloc misses most of it. Each heavy step runs in a fresh interpreter that
reads the generated Parquet files, times its step and reports its own peak
resident set (``ru_maxrss``), so one step's memory never leaks into another's.

    python benchmarks/run.py --units 38600 --years 10
    python benchmarks/run.py --units 2000 --years 2          # a quick run

Targets (reported, not asserted): national run with audit < 5 s and < 6 GiB peak,
library ≥ 3× faster than pandas, one town < 2 ms median, import < 0.3 s.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
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

TARGET_NATIONAL_S = 5.0
TARGET_NATIONAL_RSS = 6 * GIB
TARGET_VS_PANDAS = 3.0
TARGET_TOWN_MS = 2.0
TARGET_IMPORT_S = 0.3
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


def step_library(args: argparse.Namespace) -> dict[str, Any]:
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
        # The run computes totals and the wide scores; the long frames are built on
        # first access. Time each, and count all of them in the step's time.
        t0 = time.perf_counter()
        sc = score_frame(fw, data.entries, data.clauses, data.units, data.vetoes)
        t1 = time.perf_counter()
        parts["score_frame"].append(t1 - t0)
        # One level read before ``nodes`` is built alone (its own ranks): reported
        # apart, not counted in the step's time.
        t = time.perf_counter()
        sc.level(1)
        level_one.append(time.perf_counter() - t)
        for name in ("nodes", "audit_compact", "clauses"):
            t = time.perf_counter()
            getattr(sc, name)
            parts[name].append(time.perf_counter() - t)
        return sc

    level_one: list[float] = []
    _, sc = _timed(run_once, args.repeat)
    times = [sum(ts[i] for ts in parts.values()) for i in range(args.repeat)]
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
        "times": times,
        "rss_before": rss0,
        "rows": {
            "nodes": sc.nodes.height,
            "totals": sc.totals.height,
            "audit_compact": sc.audit_compact.height,
            "clauses": sc.clauses.height,
        },
        "parts": parts,
        "level_one": level_one,
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
    import polars as pl

    data = _load(args.data, args.subset)
    lf = data.entries.lazy()
    rss0 = _rss_now()
    times, out = _timed(
        lambda: lf.group_by("unit", "year").agg(pl.col("numerator").sum()).collect(),
        args.repeat,
    )
    return {"times": times, "rss_before": rss0, "groups": out.height}


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


def step_town(args: argparse.Namespace) -> dict[str, Any]:
    import polars as pl

    sys.path.insert(0, str(HERE))
    from generate import generate

    from anting_rule_of_law import (
        Assessment,
        Entry,
        Unit,
        VetoDeclaration,
        load_framework,
        score,
        score_frame,
    )

    fw = load_framework(FRAMEWORK)
    data = generate(1, 1, args.seed)
    clause_map: dict[str, dict[str, float]] = {}
    for code, clause, value in data.clauses.select("code", "clause", "input").iter_rows():
        clause_map.setdefault(code, {})[clause] = value
    entries = []
    for row in data.entries.drop("unit", "year").iter_rows(named=True):
        given = {k: v for k, v in row.items() if v is not None}
        given["clauses"] = clause_map.get(row["code"], {})
        entries.append(Entry.from_dict(given))
    u = data.units.row(0, named=True)
    assessment = Assessment(
        framework_id=fw.id,
        unit=Unit(code=u["unit"], name=u["unit_name"], district=u["district"]),
        year=int(data.entries["year"][0]),
        entries=tuple(entries),
        vetoes=tuple(
            VetoDeclaration(code=v, triggered=True) for v in data.vetoes["veto"].to_list()
        ),
    )
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


STEPS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "generate": step_generate,
    "load": step_load,
    "library": step_library,
    "pandas": step_pandas,
    "floor": step_floor,
    "compare": step_compare,
    "town": step_town,
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
    step: str, args: argparse.Namespace, subset: int | None = None, repeat: int = 1
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


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


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
    ap.add_argument("--town-runs", type=int, default=200)
    ap.add_argument("--skip-pandas", action="store_true")
    ap.add_argument(
        "--max-rss-gib",
        type=float,
        default=16.0,
        help="stop a step whose resident memory passes this (default 16 GiB)",
    )
    ap.add_argument("--workdir", type=Path, default=None, help="keep data and results here")
    ap.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    # internal: one step in a child process
    ap.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--subset", type=int, default=None, help=argparse.SUPPRESS)
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
        report = _run_all(args)
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


def _run_all(args: argparse.Namespace) -> dict[str, Any]:
    machine = _machine()
    _say(f"# anting-rule-of-law benchmark — {args.units:,} units × {args.years} years")
    _say(
        f"date {machine['date']}; nproc {machine['nproc']}; python {machine['python']};"
        f" polars {machine['polars']}; pandas {machine['pandas']}"
    )
    _say(f"library {machine['library']}")
    _say(machine["free -g"])
    rep: dict[str, Any] = {"machine": machine, "units": args.units, "years": args.years}

    gen = _run_step("generate", args)
    rep["generate"] = gen
    if "error" in gen:
        raise SystemExit(f"generating the data failed: {gen['error']}")
    _say(
        f"\ngenerated {gen['leaf_rows']:,} leaf rows ({gen['entries']:,} entered,"
        f" {gen['clauses']:,} clause inputs, {gen['vetoes']:,} vetoes)"
        f" in {gen['times'][0]:.2f} s, peak {_gib(gen['peak_rss'])}"
    )
    load = _run_step("load", args)
    rep["load"] = load
    _say(f"input frames loaded alone: peak {_gib(load['peak_rss'])}")

    lib = _run_step("library", args, repeat=args.repeat)
    rep["library"] = lib
    lib_t = _median(lib)
    if lib_t is None:
        _say(
            f"\nlibrary score_frame (full Scorecard with audit): DID NOT FINISH — {lib['error']}"
            f" (after {lib['wall']:.0f} s)"
        )
    else:
        _say(
            f"\nlibrary score_frame + long frames (nodes, compact audit, clauses):"
            f" median {lib_t:.2f} s of {[round(t, 2) for t in lib['times']]},"
            f" peak {_gib(lib['peak_rss'])} (inputs resident before: {_gib(lib['rss_before'])});"
            f" rows {lib['rows']}"
        )
        _say(
            "  of which (medians): "
            + ", ".join(
                f"{name} {statistics.median(ts):.2f} s" for name, ts in lib["parts"].items()
            )
        )
        _say(
            "  not counted: level(1) read before nodes, built alone with its own ranks:"
            f" {statistics.median(lib['level_one']):.3f} s median"
        )
    floor = _run_step("floor", args, repeat=args.repeat)
    rep["floor"] = floor
    floor_t = _median(floor)
    _say(
        f"floor (one lazy polars group-by sum over the leaf rows): {_secs(floor_t, 3)} median,"
        f" peak {_gib(floor.get('peak_rss', 0))}"
    )

    cmp_res: dict[str, Any] | None = None
    if not args.skip_pandas:
        subset = args.pandas_units
        if subset is not None and subset < args.units:
            lib_eq = _run_step("library", args, subset=subset, repeat=args.repeat)
            rep["library_at_pandas_scale"] = lib_eq
            lib_eq_t = _median(lib_eq)
            scale = f"{subset:,} units × {args.years} years"
        else:
            subset = None
            lib_eq_t = lib_t
            scale = "the same scale"
        pd_res = _run_step("pandas", args, subset=subset, repeat=args.pandas_repeat)
        rep["pandas"] = pd_res
        pd_t = _median(pd_res)
        if pd_t is None:
            _say(f"pandas baseline ({scale}): DID NOT FINISH — {pd_res['error']}")
        else:
            pd_scores_t = statistics.median(pd_res["parts"]["scores"])
            _say(
                f"pandas baseline ({scale}): median {pd_t:.2f} s of"
                f" {[round(t, 2) for t in pd_res['times']]} (scores"
                f" {pd_scores_t:.2f} s + per-node ranks"
                f" {statistics.median(pd_res['parts']['ranks']):.2f} s), peak"
                f" {_gib(pd_res['peak_rss'])} (inputs resident before:"
                f" {_gib(pd_res['rss_before'])})"
            )
        if subset is not None:
            _say(
                f"library at {scale}: {_secs(lib_eq_t)} median"
                + (f", peak {_gib(lib_eq['peak_rss'])}" if "peak_rss" in lib_eq else "")
            )
        if pd_t is not None and lib_eq_t is not None:
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
            rep["ratio_vs_pandas"] = pd_t / lib_eq_t
            rep["ratio_vs_pandas_scores_only"] = pd_scores_t / lib_eq_t
            rep["pandas_scale"] = scale
            _say(
                f"pandas / library: {pd_t / lib_eq_t:.2f}× like for like (both rank every"
                f" node; the library also builds the audit trail);"
                f" {pd_scores_t / lib_eq_t:.2f}× against pandas' scores alone"
            )
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
    imp = import_time()
    rep["import_s"] = imp
    imp_t = statistics.median(imp)
    _say(
        f"import anting_rule_of_law: median {imp_t * 1000:.0f} ms of 5"
        f" ({', '.join(f'{x * 1000:.0f}' for x in imp)} ms)"
    )

    _say("\n## targets")
    nat = f"{args.units:,} × {args.years}"
    rows: list[tuple[str, str, bool]] = [
        (
            f"national run with audit ({nat}) < 5 s",
            _secs(lib_t),
            lib_t is not None and lib_t < TARGET_NATIONAL_S,
        ),
        (
            "national run peak memory < 6 GiB",
            _gib(lib["peak_rss"]) if "peak_rss" in lib else lib["error"],
            "peak_rss" in lib and lib["peak_rss"] < TARGET_NATIONAL_RSS,
        ),
    ]
    if "ratio_vs_pandas" in rep:
        r = rep["ratio_vs_pandas"]
        rows.append(
            (
                f"library ≥ 3× faster than pandas ({rep['pandas_scale']})",
                f"{r:.2f}×",
                r >= TARGET_VS_PANDAS,
            )
        )
    if cmp_res is not None:
        t = cmp_res["totals"]
        ok = t["max_abs_diff"] is not None and t["max_abs_diff"] < 1e-9
        ok = ok and t["null_mismatch"] == 0 and t["grade_mismatch"] == 0
        rows.append(("same totals as pandas (max |diff| < 1e-9)", f"{t['max_abs_diff']:.3g}", ok))
    rows += [
        ("one town < 2 ms (score_frame)", f"{frm_ms:.2f} ms", frm_ms < TARGET_TOWN_MS),
        ("one town < 2 ms (score, records)", f"{rec_ms:.2f} ms", rec_ms < TARGET_TOWN_MS),
        ("import < 0.3 s", f"{imp_t:.3f} s", imp_t < TARGET_IMPORT_S),
    ]
    for what, value, ok in rows:
        _say(f"- {_verdict(ok)}  {what}: {value}")
    if lib_t is not None and floor_t:
        rep["ratio_vs_floor"] = lib_t / floor_t
        _say(f"\nlibrary / floor: {lib_t / floor_t:.0f}× the floor's time")
    rep["targets"] = [{"target": w, "value": v, "pass": ok} for w, v, ok in rows]
    return rep


if __name__ == "__main__":
    sys.exit(main())
