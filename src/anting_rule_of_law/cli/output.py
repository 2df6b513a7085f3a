"""Small helpers the commands share: printing tables and writing results."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from tabulate import tabulate

__all__ = ["UTF8_BOM", "render_rows"]


#: Starts every CSV the commands write: Excel, where people open these files, reads
#: UTF-8 only when the file says so (without it, Chinese text shows as mojibake).
UTF8_BOM = "\ufeff"


def render_rows(rows: Sequence[dict[str, Any]], headers: dict[str, str], fmt: str) -> str:
    """Rows as an aligned text table (CJK-aware), JSON (a list of objects) or CSV (with a BOM)."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf, fieldnames=list(headers), extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
        return UTF8_BOM + buf.getvalue()
    table = [["" if r.get(k) is None else r.get(k) for k in headers] for r in rows]
    return tabulate(table, headers=list(headers.values()), disable_numparse=True) + "\n"
