"""The Markdown report of a batch, written section by section, is the report as it was.

``anting-rol score -o report.md`` streams the built-in Markdown report into the file
(:func:`~anting_rule_of_law.reporters.markdown.write_markdown`) from a lighter
document, with cached cell text and its own table writer. Every byte must equal
the report rendered the plain way: the whole document, every table by
``tabulate``, the text joined at the end — on a generated batch whose cells hold
``|``, line breaks, Chinese, empty text, missing scores, vetoes and
not-applicable and missing indicators.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from anting_rule_of_law import load_framework, score
from anting_rule_of_law.assessments import check_files
from anting_rule_of_law.hookspecs import RenderOptions
from anting_rule_of_law.reporters import markdown, mdtable
from anting_rule_of_law.reporters.document import report_document

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from csv_assessments import assessments_csv  # noqa: E402

FW = "shanghai-town-2023"


@pytest.fixture(scope="module")
def tricky_rows() -> pl.DataFrame:
    """4 towns × 3 years of generated rows, with the cells a report must not be broken by."""
    rows = assessments_csv(4, 3, seed=11)
    units = sorted(rows["unit_code"].unique().to_list())
    names = {
        units[0]: "安亭|镇\n（试点）",  # a pipe and a line break in a name
        units[1]: "A [town] <b>\\",
        units[2]: "嘉定\t工业区（北） ",  # a tab: tabulate writes the table
    }
    first_year = rows["year"].min()
    reason = pl.col("reason")
    # one indicator left out of one unit-year: no score for it
    missing = (pl.col("unit_code") == units[2]) & (pl.col("code") == "1.1.1")
    return rows.filter(~missing | (pl.col("year") != first_year)).with_columns(
        pl.col("unit_code").replace_strict(names, default=pl.col("unit_name")).alias("unit_name"),
        pl.when(pl.col("unit_code") == units[3])
        .then(pl.lit(""))  # an empty district
        .otherwise(pl.col("district"))
        .alias("district"),
        # a town's own explanation with a pipe and a line break, wherever a reason is given
        pl.when(reason.is_not_null() & (reason != ""))
        .then(reason + pl.lit(" | 见附件\r\n第二行"))
        .otherwise(reason)
        .alias("reason"),
        # one veto fired: that unit-year fails whatever its score
        pl.when(
            (pl.col("unit_code") == units[1])
            & (pl.col("year") == first_year)
            & (pl.col("code") == "V1")
        )
        .then(pl.lit("是"))
        .otherwise(pl.col("triggered"))
        .alias("triggered"),
    )


def _tabulated(headers: list[str], rows: list[list[str]], *_: object) -> str:
    """A table as ``tabulate`` writes it, every cell escaped first."""
    return mdtable._tabulate(headers, [[markdown.cell(v) for v in row] for row in rows])


def _plain(path: Path, options: RenderOptions, monkeypatch: pytest.MonkeyPatch) -> str:
    """The report the plain way: the whole document, ``tabulate`` tables, joined at the end."""
    checked = check_files([path], load_framework(FW))
    assert not checked.errors
    sc = score(load_framework(FW), checked.assessments)
    with monkeypatch.context() as m:
        m.setattr(markdown, "github_table", _tabulated)
        return markdown.render_markdown(report_document(sc, options), options)


@pytest.mark.parametrize(("detail", "lang"), [("summary", "zh"), ("full", "zh"), ("summary", "en")])
def test_streamed_report_equals_the_plain_one(
    tmp_path: Path,
    tricky_rows: pl.DataFrame,
    run_cli: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
    detail: str,
    lang: str,
) -> None:
    path = tmp_path / "batch.csv"
    tricky_rows.write_csv(path)
    out = tmp_path / "report.md"
    result = run_cli("score", "-q", "--lang", lang, "--detail", detail, str(path), "-o", str(out))
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    written = out.read_text(encoding="utf-8")
    expected = _plain(path, RenderOptions(lang=lang, detail=detail), monkeypatch)  # type: ignore[arg-type]
    assert written == expected
    # the tricky cells are there, escaped
    assert "安亭\\|镇<br>（试点）" in written
    assert "A \\[town\\] &lt;b&gt;\\\\" in written
    assert "嘉定\t工业区（北）" in written  # kept as tabulate keeps it
    assert "\\| 见附件<br>第二行" in written or lang == "en"  # the town's words, in Chinese
    assert "V1 " in written  # the fired veto is named
    assert "本年度未涉及此项工作" in written or detail == "summary"  # not applicable, and why


def test_hook_and_stream_give_the_same_text(tmp_path: Path, tricky_rows: pl.DataFrame) -> None:
    """``arol_render`` (the text returned) and ``write_markdown`` (the text written) agree."""
    import io

    path = tmp_path / "batch.csv"
    tricky_rows.write_csv(path)
    checked = check_files([path], load_framework(FW))
    sc = score(load_framework(FW), checked.assessments)
    options = RenderOptions(detail="summary")
    buffer = io.StringIO()
    markdown.write_markdown(sc, options, buffer)
    assert buffer.getvalue() == markdown.arol_render(sc, "markdown", options)


@pytest.mark.parametrize(
    "sections",
    [
        [],
        [[""]],
        [["# a", ""], ["b", "", ""], [""], ["", ""]],
        [["# a"], [], ["", "c"], ["d", ""]],
        [["x\n", ""], ["\n"]],
    ],
)
def test_sections_end_in_one_line_break(sections: list[list[str]]) -> None:
    lines = [line for section in sections for line in section]
    assert "".join(markdown._ended(sections)) == "\n".join(lines).rstrip("\n") + "\n"


def test_level_tables_are_the_tables_of_level_rows(
    tmp_path: Path, tricky_rows: pl.DataFrame
) -> None:
    """Every unit's level tables made at once equal each table written on its own."""
    from anting_rule_of_law.reporters.document import result_key
    from anting_rule_of_law.reporters.md_levels import level_tables
    from anting_rule_of_law.reporters.tables import LEVEL_KEYS, headers, level_rows

    path = tmp_path / "batch.csv"
    tricky_rows.write_csv(path)
    checked = check_files([path], load_framework(FW))
    sc = score(load_framework(FW), checked.assessments)
    order = {node.code: i for i, node in enumerate(sc.framework.walk())}
    for lang in ("zh", "en"):
        heads = [markdown.cell(h) for h in headers(LEVEL_KEYS, lang)]
        tables = level_tables(sc.nodes, order, heads, lang, markdown._cell_measured)
        assert tables is not None
        doc = report_document(sc, RenderOptions(lang=lang))
        expected = {
            (*result_key(r), block["level"]): mdtable._tabulate(
                heads, [[markdown.cell(v) for v in row] for row in level_rows(block["nodes"], lang)]
            )
            for r in doc["results"]
            for block in r["levels"]
            if block["level"] <= 2
        }
        assert tables == expected
    # a name tabulate writes otherwise (a tab): no tables made at once
    odd = sc.nodes.with_columns(pl.col("name").cast(pl.String) + "\tb")
    zh = [markdown.cell(h) for h in headers(LEVEL_KEYS, "zh")]
    assert level_tables(odd, order, zh, "zh", markdown._cell_measured) is None
