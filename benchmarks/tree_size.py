"""How the cost grows with the indicator tree: one unit against 1,000, 10,000 ... indicators.

Why: a framework of 10,000 indicators once took minutes to score one unit and
100,000 took 25 s just to list — costs growing faster than the tree. This
times each step at several sizes and prints the growth per size step (10 means
linear for a tenfold tree). ``--baseline SRC`` runs the same steps against
another checkout's ``src`` in the same run and prints the speed-up at each size.

    python benchmarks/tree_size.py                          # 1,000 and 10,000
    python benchmarks/tree_size.py --sizes 1000,10000,100000 --steps load,list
    git archive <commit> src | tar -x -C /tmp/old
    python benchmarks/tree_size.py --baseline /tmp/old/src

Each (source, size) runs in a fresh interpreter; a step's time is the best of
``--repeat`` runs (wall clock). With one run every step is cold, as a command
pays it; later runs reuse the framework's cached tables and scoring plan. The tree: 10 first-level nodes, 10 second-level
nodes each, and the specific indicators spread evenly below, rules cycling
through check, ratio, count, deduct (a gate and two clauses), levels and
manual; the unit has an entry for every indicator. The ``cli-*`` steps run
``anting-rol indicators``, ``validate`` and ``score -o r.md`` over the same
tree written to JSON files, each in its own interpreter (start-up included).
"""

from __future__ import annotations

import argparse
import functools
import gc
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

KINDS = ("check", "ratio", "count", "deduct", "levels", "manual")
STEPS = ("load", "list", "read", "score", "report")
#: the commands people run, each a fresh ``python -m anting_rule_of_law`` over files
COMMANDS = {
    "cli-indicators": ("indicators", "--framework", "{fw}"),
    "cli-validate": ("validate", "--framework", "{fw}", "{doc}"),
    "cli-score": ("score", "--framework", "{fw}", "{doc}", "-o", "{out}"),
}
ALL = STEPS + tuple(COMMANDS)
HERE = Path(__file__).resolve().parent


def framework(leaves: int) -> dict[str, Any]:
    """10 x 10 groups with ``leaves / 100`` specific indicators each, one point apiece."""
    per = max(1, leaves // 100)
    nodes: list[dict[str, Any]] = []
    for a in range(1, 11):
        nodes.append({"code": f"{a}", "name": f"一级{a}", "points": 10 * per})
        for b in range(1, 11):
            nodes.append({"code": f"{a}.{b}", "name": f"二级{a}.{b}", "points": per})
            for c in range(1, per + 1):
                code = f"{a}.{b}.{c}"
                nodes.append(
                    {"code": code, "name": f"具体{code}", "points": 1, "rule": _rule(a, b, c)}
                )
    return {
        "schema_version": 1,
        "id": f"size-{leaves}",
        "version": "1",
        "title": {"zh": "规模测试"},
        "status": "reference",
        "declared": {"levels": [10, 100, 100 * per], "total_points": 100 * per},
        "total_points": 100 * per,
        "nodes": nodes,
    }


def _rule(a: int, b: int, c: int) -> dict[str, Any]:
    kind = KINDS[(a * 100 + b * 10 + c) % len(KINDS)]
    extras: dict[str, dict[str, Any]] = {
        "ratio": {"target": 0.95, "floor": 0.5},
        "count": {"target": 10},
        "levels": {"levels": {"优": 1.0, "良": 0.8, "差": 0}},
        "deduct": {
            "gate": "未开展不得分",
            "clauses": [
                {"id": "c1", "text": "每起扣0.2分", "amount": 0.2, "kind": "per_item"},
                {"id": "c2", "text": "未公示扣0.5分", "amount": 0.5},
            ],
        },
    }
    return {"type": kind, **extras.get(kind, {})}


_ENTRY: dict[str, dict[str, Any]] = {
    "check": {"met": True},
    "ratio": {"numerator": 90, "denominator": 100},
    "count": {"count": 7},
    "levels": {"grade": "良"},
    "deduct": {"gate": True, "clauses": {"c1": 2, "c2": False}},
    "manual": {"score": 0.5, "reason": "评审"},
}


def assessment(fw: dict[str, Any]) -> dict[str, Any]:
    entries = [{"code": n["code"], **_ENTRY[n["rule"]["type"]]} for n in fw["nodes"] if "rule" in n]
    return {
        "schema_version": 1,
        "framework": {"id": fw["id"], "version": "1"},
        "unit": {"code": "310114102", "name": "安亭镇"},
        "year": 2023,
        "entries": entries,
    }


def _as_unit(doc: dict[str, Any], u: int) -> dict[str, Any]:
    """The same entries for another unit (``--units``: several units scored together)."""
    return {**doc, "unit": {"code": f"310114{u:03d}", "name": f"单位{u}"}} if u else doc


def _best(step: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        out = step()
        best = min(best, time.perf_counter() - start)
    return best, out


def measure(leaves: int, steps: tuple[str, ...], repeat: int, units: int = 1) -> dict[str, float]:
    """Times of the steps at one size, in this interpreter (the child's work)."""
    from anting_rule_of_law.assessments import assessment_from_dict
    from anting_rule_of_law.cli.catalog import indicator_rows
    from anting_rule_of_law.cli.output import render_rows
    from anting_rule_of_law.hookspecs import RenderOptions
    from anting_rule_of_law.indicators.registry import read_framework
    from anting_rule_of_law.reporters.document import report_document
    from anting_rule_of_law.reporters.markdown import render_markdown
    from anting_rule_of_law.scoring import score

    data = framework(leaves)
    out: dict[str, float] = {}
    out["load"], fw = _best(lambda: read_framework(data), repeat)
    if "list" in steps:
        headers = {"code": "code", "name": "name", "points": "points", "rule": "rule"}
        out["list"], _ = _best(lambda: render_rows(indicator_rows(fw), headers, "table"), repeat)
    if not {"read", "score", "report", *COMMANDS} & set(steps):
        return out
    doc = assessment(data)
    docs = [_as_unit(doc, u) for u in range(units)]
    out["read"], records = _best(lambda: [assessment_from_dict(d, fw) for d in docs], repeat)
    if "score" in steps or "report" in steps:
        out["score"], _ = _best(lambda: score(fw, records).totals, repeat)
    if "report" in steps:
        options = RenderOptions(lang="zh")
        out["report"], _ = _best(
            lambda: render_markdown(report_document(score(fw, records), options), options),
            repeat,
        )
    if set(COMMANDS) & set(steps):
        out.update(_commands(data, doc, [s for s in steps if s in COMMANDS], repeat))
    return {k: v for k, v in out.items() if k in steps}


def _commands(
    fw: dict[str, Any], doc: dict[str, Any], steps: list[str], repeat: int
) -> dict[str, float]:
    """Wall-clock time of each command, start-up and reading files included."""
    with tempfile.TemporaryDirectory() as tmp:
        files = {"fw": Path(tmp, "fw.json"), "doc": Path(tmp, "doc.json")}
        files["fw"].write_text(json.dumps(fw, ensure_ascii=False), encoding="utf-8")
        files["doc"].write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        names = {k: str(v) for k, v in files.items()} | {"out": str(Path(tmp, "r.md"))}
        out: dict[str, float] = {}
        for step in steps:
            argv = [sys.executable, "-m", "anting_rule_of_law"]
            argv += [a.format(**names) for a in COMMANDS[step]]
            run = functools.partial(subprocess.run, argv, capture_output=True, check=True)
            out[step], _ = _best(run, repeat)
        return out


def _child(
    src: Path | None, leaves: int, steps: tuple[str, ...], repeat: int, units: int
) -> dict[str, float]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    argv = [sys.executable, __file__, "--child", str(leaves), "--steps", ",".join(steps)]
    proc = subprocess.run(
        [*argv, "--repeat", str(repeat), "--units", str(units)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"size {leaves} ({src or 'installed'}) failed:\n{proc.stderr[-3000:]}")
    result: dict[str, float] = json.loads(proc.stdout.splitlines()[-1])
    return result


def _row(label: str, values: list[float], steps: tuple[str, ...], unit: str = "") -> None:
    cells = (f"{v:.2f}{unit}" if unit else f"{v:.1f}" for v in values)
    print(
        f"{label:>10} "
        + " ".join(f"{c:>{max(9, len(s))}}" for c, s in zip(cells, steps, strict=True))
    )


def _print_run(
    label: str, results: dict[int, dict[str, float]], sizes: list[int], steps: tuple[str, ...]
) -> None:
    """Seconds per step, growth per size step, and time per indicator, largest / smallest."""
    print(f"\n{label}: seconds per step")
    print(f"{'indicators':>10} " + " ".join(f"{s:>9}" for s in steps))  # as wide as _row
    for n in sizes:
        _row(f"{n}", [results[n][s] for s in steps], steps, "s")
    for small, big in itertools.pairwise(sizes):
        growth = [results[big][s] / results[small][s] for s in steps]
        _row(f"x{big / small:g}", growth, steps)
        print(
            f"{'':>10} growth of the time for a {big / small:g}-fold tree ({big / small:g} = linear)"
        )
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        per = [(results[hi][s] / hi) / (results[lo][s] / lo) for s in steps]
        _row("per ind.", per, steps)
        print(f"{'':>10} time per indicator at {hi} / at {lo} (1 = linear, below 1: start-up)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="numbers of specific indicators")
    parser.add_argument("--steps", default=",".join(ALL), help=f"of {', '.join(ALL)}")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--units", type=int, default=1, help="units scored together (library steps only)"
    )
    parser.add_argument("--baseline", type=Path, help="another checkout's src directory")
    parser.add_argument("--json", type=Path, help="write every number here")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    steps = tuple(s for s in args.steps.split(",") if s)
    if args.child is not None:
        print(json.dumps(measure(args.child, steps, args.repeat, args.units)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    runs: dict[str, dict[int, dict[str, float]]] = {}
    for label, src in (("baseline", args.baseline), ("current", None)):
        if label == "baseline" and src is None:
            continue
        runs[label] = {n: _child(src, n, steps, args.repeat, args.units) for n in sizes}
    for label, results in runs.items():
        _print_run(label, results, sizes, steps)
    if "baseline" in runs:
        print("\nspeed-up (baseline / current)")
        for n in sizes:
            _row(f"{n}", [runs["baseline"][n][s] / runs["current"][n][s] for s in steps], steps)
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
