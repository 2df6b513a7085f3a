"""Small helpers the commands share: printing tables and writing results."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from tabulate import tabulate

__all__ = ["render_rows"]


def render_rows(rows: Sequence[dict[str, Any]], headers: dict[str, str], fmt: str) -> str:
    """Rows as an aligned text table (CJK-aware), JSON (a list of objects) or CSV."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf, fieldnames=list(headers), extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
    table = [["" if r.get(k) is None else r.get(k) for k in headers] for r in rows]
    return tabulate(table, headers=list(headers.values()), disable_numparse=True) + "\n"
