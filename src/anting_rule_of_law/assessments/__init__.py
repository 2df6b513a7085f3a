"""Self-assessment input: YAML, JSON, CSV and Excel files read into Assessment records.

The readers collect every problem with its place (JSON path, CSV line and
column, sheet and cell) in zh and en; see docs/input.md.
"""

from anting_rule_of_law.assessments.numbers import (
    NumberError,
    ParsedNumber,
    parse_bool,
    parse_number,
)
from anting_rule_of_law.assessments.reader import (
    Checked,
    ReadProgress,
    assessment_from_dict,
    check_files,
    read_assessment,
    read_assessments,
    validate_files,
)

__all__ = [
    "Checked",
    "NumberError",
    "ParsedNumber",
    "ReadProgress",
    "assessment_from_dict",
    "check_files",
    "parse_bool",
    "parse_number",
    "read_assessment",
    "read_assessments",
    "validate_files",
    "write_template",
]


def __getattr__(name: str) -> object:
    # xlsxwriter is imported only when a template is written.
    if name == "write_template":
        from anting_rule_of_law.assessments.template import write_template

        return write_template
    raise AttributeError(name)
