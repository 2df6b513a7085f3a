"""One town before and after, in one process: ``score()`` of the library at a git
revision against the library of this checkout, on the Anting example and on the
benchmark's generated town (the input ``run.py --only town`` times).

Why in one process: on a shared, loaded machine two separate runs differ by more
than the change being measured. The revision's ``src/anting_rule_of_law`` is
extracted with ``git archive`` into a temporary directory under another package
name, both libraries score the same inputs, every frame a small input's Scorecard
hands out is checked equal between them, and the timings are interleaved round by
round (CPU time, ``time.process_time``), so both see the same load.

    python benchmarks/town_compare.py --base main --rounds 9
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FRAMEWORK = "shanghai-town-2023"
ANTING = ROOT / "examples" / "anting_2023" / "anting_2023.yaml"
#: The frames a Scorecard hands out, compared between the two libraries.
FRAMES = ("totals", "nodes", "audit", "audit_compact", "clauses")
BASE_PACKAGE = "arol_base"


def extract(rev: str, into: Path) -> None:
    """``src/anting_rule_of_law`` at ``rev`` as the package ``arol_base`` in ``into``."""
    tar = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src/anting_rule_of_law"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(into, filter="data")
    src = into / "src" / "anting_rule_of_law"
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\banting_rule_of_law\b", BASE_PACKAGE, text), encoding="utf-8")
    src.rename(into / BASE_PACKAGE)


def inputs(package: str, seed: int) -> tuple[Callable[..., Any], Any, dict[str, Any]]:
    """The package's ``score``, the framework and the two assessments in its records."""
    sys.path.insert(0, str(HERE))
    from generate import generate
    from run import town_assessment

    lib = importlib.import_module(package)
    fw = lib.load_framework(FRAMEWORK)
    anting = importlib.import_module(package + ".assessments").read_assessment(ANTING, fw)
    town = town_assessment(lib, fw, generate(1, 1, seed))
    return lib.score, fw, {"anting": anting, "town": town}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", default="main", help="git revision to compare with (default main)")
    ap.add_argument("--rounds", type=int, default=9, help="interleaved rounds (default 9)")
    ap.add_argument("--calls", type=int, default=200, help="calls per round (default 200)")
    ap.add_argument("--seed", type=int, default=20230101)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        extract(args.base, Path(tmp))
        sys.path.insert(0, tmp)
        libs = {
            "before": inputs(BASE_PACKAGE, args.seed),
            "after": inputs("anting_rule_of_law", args.seed),
        }
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        base = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", args.base],
            capture_output=True,
            text=True,
        ).stdout.strip()
        print(f"before: {args.base} ({base}); after: this checkout ({head}, with its changes)")
        print(f"load average at the start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for name in ("anting", "town"):
            sb, fb, ib = libs["before"]
            sa, fa, ia = libs["after"]
            b, a = sb(fb, ib[name]), sa(fa, ia[name])
            for frame in FRAMES:
                x, y = getattr(b, frame), getattr(a, frame)
                if x.schema != y.schema or not x.equals(y, null_equal=True):
                    print(f"DIFFERENT {name}: {frame}")
                    return 1
        print(f"the same frames before and after: {', '.join(FRAMES)} (both inputs)")
        print(f"CPU ms per call, {args.rounds} interleaved rounds of {args.calls} calls")
        for name in ("anting", "town"):
            for read in (False, True):
                per: dict[str, list[float]] = {"before": [], "after": []}
                for lib in per:
                    score, fw, ins = libs[lib]
                    for _ in range(20):
                        score(fw, ins[name])
                for r in range(args.rounds):
                    for lib in ("before", "after") if r % 2 == 0 else ("after", "before"):
                        score, fw, ins = libs[lib]
                        assessment = ins[name]
                        t0 = time.process_time()
                        if read:
                            for _ in range(args.calls):
                                score(fw, assessment).totals  # noqa: B018
                        else:
                            for _ in range(args.calls):
                                score(fw, assessment)
                        per[lib].append((time.process_time() - t0) / args.calls * 1000)
                b, a = per["before"], per["after"]
                tag = f"{name}: score()" + (" + .totals" if read else "")
                print(
                    f"{tag:28s} before {min(b):.3f} ms (median {statistics.median(b):.3f}),"
                    f" after {min(a):.3f} ms (median {statistics.median(a):.3f});"
                    f" after/before {min(a) / min(b):.2f} (min), "
                    f"{statistics.median(a) / statistics.median(b):.2f} (median)"
                )
        print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
