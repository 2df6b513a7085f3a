"""anting-rule-of-law: score rule-of-law self-assessments of Chinese towns (法治建设示范街道乡镇).

The public API is the names in ``__all__``. Importing the package is light: no
framework is read and no plugin is loaded until asked for, and the polars-based
parts are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from anting_rule_of_law._lazy import lazy_exports
from anting_rule_of_law.errors import (
    AntingError,
    ExitCode,
    InputError,
    OutputError,
    PluginError,
    Problem,
    ProblemCollector,
    UsageError,
)
from anting_rule_of_law.indicators.registry import (
    bundled_frameworks,
    load_framework,
    read_framework,
)
from anting_rule_of_law.records import (
    Assessment,
    Basis,
    Clause,
    Entry,
    Evidence,
    Framework,
    GradeBand,
    Indicator,
    Rule,
    Source,
    Unit,
    Veto,
    VetoDeclaration,
)

__version__ = "0.1.0"

#: Public names that live in heavier modules, imported on first attribute access.
_LAZY: dict[str, str] = {
    "OutputFormat": "anting_rule_of_law.hookspecs",
    "RenderOptions": "anting_rule_of_law.hookspecs",
    "hookimpl": "anting_rule_of_law.hookspecs",
    "get_plugin_manager": "anting_rule_of_law.plugins",
    "report_document": "anting_rule_of_law.reporters.document",
    "ImportResult": "anting_rule_of_law.tableimport",
    "import_table": "anting_rule_of_law.tableimport",
    "write_framework_yaml": "anting_rule_of_law.tableimport",
    "Scorecard": "anting_rule_of_law.scoring",
    "round_half_up": "anting_rule_of_law.scoring",
    "round_half_up_expr": "anting_rule_of_law.scoring",
    "score": "anting_rule_of_law.scoring",
    "score_frame": "anting_rule_of_law.scoring",
    "ParquetFiles": "anting_rule_of_law.scoring",
    "Partition": "anting_rule_of_law.scoring",
    "score_partitions": "anting_rule_of_law.scoring",
    "Checked": "anting_rule_of_law.assessments",
    "ReadProgress": "anting_rule_of_law.assessments",
    "assessment_from_dict": "anting_rule_of_law.assessments",
    "check_files": "anting_rule_of_law.assessments",
    "parse_bool": "anting_rule_of_law.assessments",
    "parse_number": "anting_rule_of_law.assessments",
    "read_assessment": "anting_rule_of_law.assessments",
    "read_assessments": "anting_rule_of_law.assessments",
    "validate_files": "anting_rule_of_law.assessments",
    "write_template": "anting_rule_of_law.assessments",
}

if TYPE_CHECKING:  # pragma: no cover - what type checkers see for the lazy names above
    from anting_rule_of_law.assessments import (
        Checked,
        ReadProgress,
        assessment_from_dict,
        check_files,
        parse_bool,
        parse_number,
        read_assessment,
        read_assessments,
        validate_files,
    )
    from anting_rule_of_law.assessments.template import write_template
    from anting_rule_of_law.hookspecs import OutputFormat, RenderOptions, hookimpl
    from anting_rule_of_law.plugins import get_plugin_manager
    from anting_rule_of_law.reporters.document import report_document
    from anting_rule_of_law.scoring import (
        ParquetFiles,
        Partition,
        Scorecard,
        round_half_up,
        round_half_up_expr,
        score,
        score_frame,
        score_partitions,
    )
    from anting_rule_of_law.tableimport import ImportResult, import_table, write_framework_yaml

__all__ = [
    "AntingError",
    "Assessment",
    "Basis",
    "Checked",
    "Clause",
    "Entry",
    "Evidence",
    "ExitCode",
    "Framework",
    "GradeBand",
    "ImportResult",
    "Indicator",
    "InputError",
    "OutputError",
    "OutputFormat",
    "ParquetFiles",
    "Partition",
    "PluginError",
    "Problem",
    "ProblemCollector",
    "ReadProgress",
    "RenderOptions",
    "Rule",
    "Scorecard",
    "Source",
    "Unit",
    "UsageError",
    "Veto",
    "VetoDeclaration",
    "__version__",
    "assessment_from_dict",
    "bundled_frameworks",
    "check_files",
    "get_plugin_manager",
    "hookimpl",
    "import_table",
    "load_framework",
    "parse_bool",
    "parse_number",
    "read_assessment",
    "read_assessments",
    "read_framework",
    "report_document",
    "round_half_up",
    "round_half_up_expr",
    "score",
    "score_frame",
    "score_partitions",
    "validate_files",
    "write_framework_yaml",
    "write_template",
]


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
