"""anting-rule-of-law: score rule-of-law self-assessments of Chinese towns (法治建设示范街道乡镇).

The public API is the names in ``__all__``. Importing the package is light: no
framework is read and no plugin is loaded until asked for, and the polars-based
parts are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from anting_rule_of_law.errors import (
    AntingError,
    ExitCode,
    InputError,
    OutputError,
    PluginError,
    Problem,
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
    "Checked": "anting_rule_of_law.assessments",
    "assessment_from_dict": "anting_rule_of_law.assessments",
    "check_files": "anting_rule_of_law.assessments",
    "parse_bool": "anting_rule_of_law.assessments",
    "parse_number": "anting_rule_of_law.assessments",
    "read_assessment": "anting_rule_of_law.assessments",
    "read_assessments": "anting_rule_of_law.assessments",
    "validate_files": "anting_rule_of_law.assessments",
    "write_template": "anting_rule_of_law.assessments",
}

if TYPE_CHECKING:  # pragma: no cover
    pass

__all__ = [
    "AntingError",
    "Assessment",
    "Basis",
    "Clause",
    "Entry",
    "Evidence",
    "ExitCode",
    "Framework",
    "GradeBand",
    "Indicator",
    "InputError",
    "OutputError",
    "PluginError",
    "Problem",
    "Rule",
    "Unit",
    "Veto",
    "VetoDeclaration",
    "__version__",
    "bundled_frameworks",
    "load_framework",
    "read_framework",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'anting_rule_of_law' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
