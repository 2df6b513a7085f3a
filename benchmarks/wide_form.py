"""What target (i) would cost if the inputs arrived in the wide form: a measurement, not a path.

Why: the run of target (i) spends most of its time turning 21 M long input rows
(one per unit, year and indicator) into the engine's wide frame (one row per
unit-year, a column per leaf input). Whether a different input contract — inputs
that arrive already wide — would bring the run under 3 s is a question of
numbers, so this measures them in one process on the same data:

1. the run as the contract has it: ``score_frame`` from ``pl.scan_parquet`` of
   the long files, then ``totals``, ``level(1)`` and ``level(2)``;
2. the engine's own wide input frame (captured from that run), written to
   Parquet once, then read back and put through the same rules and roll-up
   (``engine._evaluate`` with the plan's expressions) — the part of the run a wide
   input would still need; ``totals`` and the levels it would need as well, and
   step 1 measured those.

    python benchmarks/wide_form.py DIR/data/coded     # the files run.py --workdir DIR writes

It holds the national run and the wide frame in memory at once: about 5 GiB.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

from anting_rule_of_law import load_framework, score_frame
from anting_rule_of_law.scoring import engine
from anting_rule_of_law.scoring.plan import plan_of
from anting_rule_of_law.scoring.wide import stages_of

HERE = Path(__file__).resolve().parent
FILES = ("entries", "clauses", "units", "vetoes")


def _timed(fn: Any) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="folder of entries/clauses/units/vetoes.parquet")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    from run import FRAMEWORK

    fw = load_framework(FRAMEWORK)
    plan = plan_of(fw)
    evaluate = engine._evaluate
    captured: dict[str, pl.DataFrame] = {}

    def capture(wide: pl.DataFrame, stages: list[list[pl.Expr]]) -> pl.DataFrame:
        captured["wide"] = wide
        return evaluate(wide, stages)

    for i in range(args.repeat):
        engine._evaluate = capture if i == 0 else evaluate
        scan = {name: pl.scan_parquet(args.data / f"{name}.parquet") for name in FILES}
        sc, run_s, run_cpu = _timed(lambda scan=scan: score_frame(fw, **scan))
        _, totals_s, _ = _timed(lambda sc=sc: sc.totals)
        _, levels_s, levels_cpu = _timed(lambda sc=sc: (sc.level(1), sc.level(2)))
        print(
            f"long form: score_frame {run_s:.2f} s (cpu {run_cpu:.2f}), totals {totals_s:.2f} s,"
            f" level(1)+level(2) {levels_s:.2f} s (cpu {levels_cpu:.2f});"
            f" (i) {run_s + totals_s + levels_s:.2f} s"
        )
        del sc
    engine._evaluate = evaluate
    wide = captured.pop("wide")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wide_inputs.parquet"
        wide.write_parquet(path)
        print(
            f"the engine's wide input frame: {wide.height:,} rows × {wide.width} columns,"
            f" {os.path.getsize(path) / 1e6:.1f} MB of Parquet"
        )
        del wide
        for _ in range(args.repeat):
            read, read_s, read_cpu = _timed(lambda: pl.read_parquet(path))
            _, eval_s, eval_cpu = _timed(lambda read=read: evaluate(read, stages_of(plan)))
            print(
                f"wide form: read {read_s:.2f} s (cpu {read_cpu:.2f}),"
                f" rules and roll-up {eval_s:.2f} s (cpu {eval_cpu:.2f});"
                f" with the long form's totals and levels above added: the wide run's floor"
            )
            del read
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"peak {peak:.2f} GiB; load average {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
