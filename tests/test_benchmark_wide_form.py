"""benchmarks/wide_form.py measures the engine's own wide input frame: the frame it
writes and reads back is the run's, and the rules on it give the run's scores."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from anting_rule_of_law import load_framework, score_frame
from anting_rule_of_law.scoring import _paths, engine
from anting_rule_of_law.scoring.plan import plan_of
from anting_rule_of_law.scoring.wide import stages_of
from script_loader import BENCH, load_script


def test_the_wide_form_run_reads_the_engines_frame_and_scores_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generate = load_script(BENCH / "generate.py", "bench_generate_wide")
    wide_form = load_script(BENCH / "wide_form.py", "bench_wide_form")
    data = generate.generate(12, 2, seed=3)
    generate.write_parquet(data, tmp_path / "data")
    with _paths.forced("polars"):
        assert wide_form.main([str(tmp_path / "data"), "--repeat", "1"]) == 0
        out = capsys.readouterr().out
        # the frame measured is the engine's: one row per unit-year, the inputs of
        # every leaf and clause as columns
        rows, cols = re.search(r"([\d,]+) rows × (\d+) columns", out).groups()  # type: ignore[union-attr]
        assert int(rows.replace(",", "")) == 12 * 2
        assert "long form: score_frame" in out and "wide form: read" in out
        # and the rules and roll-up on it give the run's totals
        captured: dict[str, pl.DataFrame] = {}
        evaluate = engine._evaluate

        def keep(wide: pl.DataFrame, stages: list[list[pl.Expr]]) -> pl.DataFrame:
            captured["wide"] = wide
            return evaluate(wide, stages)

        engine._evaluate = keep  # type: ignore[assignment]
        try:
            fw = load_framework("shanghai-town-2023")
            card = score_frame(fw, data.entries, data.clauses, data.units, data.vetoes)
        finally:
            engine._evaluate = evaluate  # type: ignore[assignment]
    assert captured["wide"].width == int(cols)
    scored = evaluate(captured["wide"], stages_of(plan_of(fw)))
    assert scored.get_column("s0").to_list() == card.totals.sort("unit", "year")["score"].to_list()
