"""The first- and second-level tables of a batch's Markdown report, every unit's at once.

Why column-wise: a batch of 16,950 unit-years has 33,900 level tables of the same
layout — the same codes and names in the same order, only the figures differ.
Their cells are made once per distinct text (names, scores) from whole columns,
each table's column widths are one ``max`` over a window, and the lines are built
by polars; Python only joins each table's header. The text is what
:func:`~anting_rule_of_law.reporters.mdtable.github_table` writes for the rows of
:func:`~anting_rule_of_law.reporters.tables.level_rows` (tested byte for byte);
when a cell needs ``tabulate``'s own handling (a line break, a tab, an escape),
:func:`level_tables` gives ``None`` and the report is written table by table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from anting_rule_of_law.reporters.display import score_text, share_of_text
from anting_rule_of_law.reporters.mdtable import header_width
from anting_rule_of_law.rulekinds.vocabulary import localized

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

__all__ = ["SHOWN_LEVELS", "TableKey", "level_tables"]

#: The levels the Markdown report shows a table of.
SHOWN_LEVELS = (1, 2)
#: (unit code, year, stage, level) of one table.
TableKey = tuple[str, int, str, int]
_KEY = ["unit", "year", "stage", "level"]
_COLUMNS = 5  # code, indicator, score, max, share (tables.LEVEL_KEYS)


def level_tables(
    nodes: pl.DataFrame,
    order: Mapping[str, int],
    headers: Sequence[str],
    lang: str,
    measure: Callable[[str], tuple[str, int]],
) -> dict[TableKey, str] | None:
    """Each unit-year-stage's level tables (levels :data:`SHOWN_LEVELS`) of the
    ``nodes`` frame, keyed by (unit, year, stage, level); nodes in ``order`` (the
    framework's), then in the frame's order. ``headers`` are the escaped column
    headers, ``measure`` escapes and measures a cell. ``None`` when a cell or a
    header is one ``tabulate`` writes otherwise."""
    import polars as pl

    heads = [header_width(h) for h in headers]
    if len(heads) != _COLUMNS or min(heads) < 0:
        return None
    frame = nodes.filter(pl.col("level").is_in(SHOWN_LEVELS)).select(
        pl.col("unit").cast(pl.String),
        pl.col("year").cast(pl.Int64),
        pl.col("stage").cast(pl.String),
        pl.col("level").cast(pl.Int64),
        pl.col("code").cast(pl.String),
        pl.col("name").cast(pl.String),
        pl.col("name_en").cast(pl.String),
        *(
            pl.when(pl.col(c).is_finite()).then(pl.col(c)).alias(c)
            for c in ("score", "max", "share")
        ),
    )
    if frame.height == 0:
        return {}
    codes, names, names_en, scores, maxima, shares = (
        frame[c].to_list() for c in ("code", "name", "name_en", "score", "max", "share")
    )
    named: dict[tuple[str, str | None, str | None], tuple[str, int]] = {}
    cells: list[list[tuple[str, int]]] = [[], [], [], [], []]
    for code, name, name_en, score, maximum, share in zip(
        codes, names, names_en, scores, maxima, shares, strict=True
    ):
        key = (code, name, name_en)
        found = named.get(key)
        if found is None:
            found = named[key] = measure(localized(name, name_en, lang))
        cells[0].append(measure(code))
        cells[1].append(found)
        cells[2].append(measure(score_text(score)))
        cells[3].append(measure(score_text(maximum)))
        cells[4].append(measure(share_of_text(score, maximum, share)))
    if any(width < 0 for column in cells for _, width in column):
        return None
    index = {code: order.get(code, len(order)) for code in set(codes)}
    table = frame.select(_KEY).with_columns(
        pl.Series("__order", [index[c] for c in codes], dtype=pl.Int64),
        *(
            s
            for i, column in enumerate(cells)
            for s in (
                pl.Series(f"t{i}", [text for text, _ in column], dtype=pl.String),
                pl.Series(f"w{i}", [width for _, width in column], dtype=pl.Int64),
            )
        ),
    )
    widths = [
        pl.max_horizontal(pl.col(f"w{i}").max().over(_KEY), pl.lit(heads[i] + 2)).alias(f"W{i}")
        for i in range(_COLUMNS)
    ]
    padded = [
        pl.col(f"t{i}").str.pad_end(
            pl.col(f"t{i}").str.len_chars().cast(pl.Int64) + pl.col(f"W{i}") - pl.col(f"w{i}")
        )
        for i in range(_COLUMNS)
    ]
    line = pl.concat_str([pl.lit("| "), pl.concat_str(padded, separator=" | "), pl.lit(" |")])
    grouped = (
        table.with_row_index("__row")
        .with_columns(widths)
        .sort([*_KEY, "__order", "__row"], maintain_order=True)
        .group_by(_KEY, maintain_order=True)
        .agg(line.str.join("\n").alias("body"), *(pl.col(f"W{i}").first() for i in range(_COLUMNS)))
    )
    tops: dict[tuple[int, ...], str] = {}
    out: dict[TableKey, str] = {}
    for unit, year, stage, level, body, *found_widths in grouped.iter_rows():
        shape = tuple(found_widths)
        top = tops.get(shape)
        if top is None:
            head = " | ".join(
                h + " " * (w - hw) for h, hw, w in zip(headers, heads, shape, strict=True)
            )
            rule = "|" + "|".join("-" * (w + 2) for w in shape) + "|"
            top = tops[shape] = f"| {head} |\n{rule}\n"
        out[(unit, year, stage, level)] = top + body
    return out
