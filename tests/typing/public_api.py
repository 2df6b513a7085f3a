"""What a type checker sees of the public API (checked by tests/test_typing.py, not run).

Every lazily exported root name must be its real type here, not ``Any``:
``assert_type`` fails the check when it is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import polars as pl
from typing_extensions import assert_type

import anting_rule_of_law as arol
from anting_rule_of_law import (
    Assessment,
    ExitCode,
    Framework,
    ImportResult,
    OutputFormat,
    Problem,
    ProblemCollector,
    RenderOptions,
    Scorecard,
    load_framework,
    read_assessment,
    report_document,
    score,
    score_frame,
)
from anting_rule_of_law.literals import LANGS, Detail, Lang, Severity, Stage, VetoEffect
from anting_rule_of_law.reporting import ranking_order, score_text

fw = load_framework("shanghai-town-2023")
assert_type(fw, Framework)
assessment = read_assessment(Path("a.yaml"))
assert_type(assessment, Assessment)
assert_type(assessment.stage, Stage)
assert_type(fw.vetoes[0].effect, VetoEffect)

card = score(fw, [assessment])
assert_type(card, Scorecard)
assert_type(score("shanghai-town-2023", assessment), Scorecard)
assert_type(score_frame(fw, pl.DataFrame()), Scorecard)
assert_type(card.totals, pl.DataFrame)
assert_type(arol.score(fw, assessment), Scorecard)  # through the module, as lazily loaded

options = RenderOptions(lang="en", detail="summary")
assert_type(options, RenderOptions)
assert_type(options.lang, Lang)
assert_type(options.detail, Detail)
assert_type(options.lang, Literal["zh", "en"])
assert_type(LANGS, tuple[Lang, ...])

doc = report_document(card, options)
assert_type(doc, dict[str, Any])
assert_type(ranking_order(doc["results"]), list[Mapping[str, Any]])
assert_type(score_text(1.005), str)
assert_type(OutputFormat(name="x", extension="x", media_type="text/plain"), OutputFormat)
assert_type(arol.import_table(Path("table.xlsx")), ImportResult)
assert_type(arol.get_plugin_manager().render(card, "json", options), bytes | str)
assert_type(ExitCode.INTERRUPTED, Literal[ExitCode.INTERRUPTED])

problem = Problem("f", "$", "en", "zh")
assert_type(problem.severity, Severity)
collector = ProblemCollector("f")
assert_type(collector.raise_if_errors(), tuple[Problem, ...])


def takes(stage: Stage, effect: VetoEffect) -> None: ...


takes("review", "cap")
RenderOptions(lang="cn")  # type: ignore[arg-type]  # a wrong language is caught
takes("reveiw", "cap")  # type: ignore[arg-type]  # and a misspelled stage
