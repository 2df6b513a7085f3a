"""Importing an official indicator table (Excel, CSV or Word) as a framework file.

The modules, in the order a table passes through them:

- :mod:`.grid` — the grid model: rows and cells that know their place (``Sheet1!D7``);
- :mod:`.readers` — a file into grids (Excel, CSV), with :mod:`.word` for .docx;
- :mod:`.text` — cell text: numbering, points, full-width digits;
- :mod:`.header` — finding the header row and each column's role;
- :mod:`.tree` — the indicator tree from the rows, merged cells and all;
- :mod:`.rule_inference` — a leaf rule from the scoring text, only where it is clear;
- :mod:`.importer` — :func:`import_table` and :func:`write_framework_yaml`;
- :mod:`.summary` — what was read and guessed, for the user to check.
"""

from anting_rule_of_law.tableimport.importer import (
    ImportResult,
    import_table,
    write_framework_yaml,
)
from anting_rule_of_law.tableimport.summary import summary_lines

__all__ = [
    "ImportResult",
    "import_table",
    "summary_lines",
    "write_framework_yaml",
]
