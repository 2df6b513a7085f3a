"""Every bound an input must respect, in one place (documented in docs/input.md).

Why: a town system runs the library behind an upload form, and a district runs
it over files it did not write. Each reader checks these bounds *before* it
allocates for what a file declares, so a 10 KB file cannot ask for gigabytes;
a file beyond a bound is refused with a located error that names the bound.
The numbers are far above what an honest file needs (the Anting workbook uses
56 rows × 24 columns; a framework has 3 or 4 levels).
"""

from __future__ import annotations

__all__ = [
    "MAX_FRAMEWORK_DEPTH",
    "MAX_INPUT_BYTES",
    "MAX_MAGNITUDE",
    "MAX_NESTING_DEPTH",
    "MAX_SHARED_STRINGS",
    "MAX_SHEET_CELLS",
    "MAX_WORD_TABLE_COLUMNS",
    "MAX_WORKBOOK_PARTS",
    "MAX_WORKBOOK_UNPACKED_BYTES",
    "MAX_YAML_EXPANDED_NODES",
]

#: Any input file larger than this is refused before it is read (100 MiB).
MAX_INPUT_BYTES = 100 * 1024 * 1024
#: Lists and mappings nested deeper than this in a YAML or JSON file are refused
#: (an assessment nests 4 levels, a framework 5).
MAX_NESTING_DEPTH = 64
#: Largest number of values a YAML document may stand for once aliases are followed.
MAX_YAML_EXPANDED_NODES = 2_000_000
#: Levels of a framework's indicator tree (the bundled ones have 3 and 2).
MAX_FRAMEWORK_DEPTH = 16
#: Largest magnitude of any number in an assessment or a framework: no indicator
#: counts beyond a quadrillion, and such a figure is almost always a paste error.
MAX_MAGNITUDE = 1e15
#: A workbook (.xlsx / .xlsm / .docx) may hold at most this many parts (zip members)...
MAX_WORKBOOK_PARTS = 10_000
#: ...which together unpack to at most this many bytes (256 MiB; zip bombs).
MAX_WORKBOOK_UNPACKED_BYTES = 256 * 1024 * 1024
#: A sheet's used range (from A1 to its farthest cell holding a value, or its
#: declared dimension) may cover at most this many cells: Excel readers allocate
#: the whole rectangle, so one cell at XFD1048576 would ask for 17 billion.
MAX_SHEET_CELLS = 2_000_000
#: Columns of one row of a Word table (Word itself allows 63).
MAX_WORD_TABLE_COLUMNS = 63
#: Entries a workbook's shared-string table may declare.
MAX_SHARED_STRINGS = 2_000_000
