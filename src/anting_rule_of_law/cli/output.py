"""Small helpers the commands share: printing tables and writing results."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from tabulate import tabulate

from anting_rule_of_law.textsafe import spreadsheet_text, terminal_text

__all__ = ["UTF8_BOM", "render_rows"]


#: Starts every CSV the commands write: Excel, where people open these files, reads
#: UTF-8 only when the file says so (without it, Chinese text shows as mojibake).
UTF8_BOM = "\ufeff"


def render_rows(rows: Sequence[dict[str, Any]], headers: dict[str, str], fmt: str) -> str:
    """Rows as an aligned text table (CJK-aware), JSON (a list of objects) or CSV (with a BOM).

    The CSV is for people opening it in a spreadsheet: text that would run as a
    formula (``=HYPERLINK(…)``, ``@SUM(A1)``) starts with ``'``; JSON keeps every
    value exactly, for machines. The table shows control characters as escapes.
    """
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf, fieldnames=list(headers), extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows({k: spreadsheet_text(v) for k, v in row.items()} for row in rows)
        return UTF8_BOM + buf.getvalue()
    table = [[_shown(r.get(k)) for k in headers] for r in rows]
    return tabulate(table, headers=list(headers.values()), disable_numparse=True) + "\n"


def _shown(value: Any) -> Any:
    if value is None:
        return ""
    return terminal_text(value) if isinstance(value, str) else value
