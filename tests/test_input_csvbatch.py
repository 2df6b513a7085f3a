"""The column-wise CSV reader says what the row-wise one says and scores the same.

Every case is read both ways: the problems (text, place, severity, order) must be
equal, and the frames and the Scorecard of the valid assessments too. A file the
column-wise reader leaves to the row-wise one (quoted cells, cells past the
header ...) must be one of the kinds it documents.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from anting_rule_of_law import load_framework, score
from anting_rule_of_law.assessments import batch as batch_module
from anting_rule_of_law.assessments import check_files
from anting_rule_of_law.assessments.batch import read_batch
from anting_rule_of_law.assessments.csvbatch import read_csv_batch
from anting_rule_of_law.scoring.inputs import from_assessments

REPO = Path(__file__).resolve().parents[1]
MALFORMED = REPO / "tests" / "malformed"
FW = "shanghai-town-2023"

sys.path.insert(0, str(REPO / "benchmarks"))
from csv_assessments import CSV_HEADER, assessments_csv  # noqa: E402


def _same(path: Path, framework: str | None = None) -> bool:
    """Both readers on ``path``: equal problems and frames; False when left to the row-wise one."""
    fw = None if framework is None else load_framework(framework)
    found = read_csv_batch(path, fw)
    if found is None:
        return False
    rows = check_files([path], fw)
    assert list(found.problems) == list(rows.problems)
    assert len(found.assessments) == len(rows.assessments)
    expected = from_assessments(rows.assessments)
    assert_frame_equal(found.entries, expected.entries)
    assert_frame_equal(found.clauses, expected.clauses)
    assert_frame_equal(found.vetoes, expected.vetoes)
    assert_frame_equal(found.units.sort("unit"), expected.units.sort("unit"))
    return True


@pytest.fixture(scope="module")
def sample() -> pl.DataFrame:
    """12 unit-years of generated rows (all text), as the benchmark writes them."""
    return assessments_csv(3, 4, seed=7)


def _write(tmp_path: Path, rows: pl.DataFrame, name: str = "batch.csv") -> Path:
    path = tmp_path / name
    rows.write_csv(path)
    return path


def test_generated_file_reads_the_same(tmp_path: Path, sample: pl.DataFrame) -> None:
    path = _write(tmp_path, sample)
    assert _same(path)
    assert _same(path, FW)
    found = read_csv_batch(path)
    assert found is not None and len(found.assessments) == 12
    assert any(p.kind == "missing_entries" for p in found.problems)  # the sample has gaps


#: Files the row-wise reader reads alone: unreadable, a bad header, quoted cells,
#: cells past the header.
MALFORMED_LEFT_TO_ROWS = {
    "empty.csv",
    "header_only_bad.csv",
    "missing_column.csv",
    "not_utf8.csv",
    "numerator_above.csv",
    "ragged_row.csv",
    "unclosed_quote.csv",
}


@pytest.mark.parametrize("path", sorted(MALFORMED.glob("*.csv")), ids=lambda p: p.name)
def test_malformed_csv_cases(path: Path) -> None:
    read = _same(path, FW)
    assert read is (path.name not in MALFORMED_LEFT_TO_ROWS)
    assert not _same(path)  # no framework named: the row-wise reader says so


def _edit(rows: pl.DataFrame, i: int, **cells: str | None) -> pl.DataFrame:
    """Row ``i`` with these cells ("" and None leave a cell empty: polars quotes "")."""
    return rows.with_columns(
        pl.when(pl.int_range(pl.len()) == i)
        .then(pl.lit(v or None, pl.String))
        .otherwise(pl.col(k))
        .alias(k)
        for k, v in cells.items()
    )


def _first(rows: pl.DataFrame, **where: str) -> int:
    mask = pl.lit(True)
    for k, v in where.items():
        mask = mask & (pl.col(k) == v)
    return int(rows.with_row_index("i").filter(mask)["i"][0])


EDITS: dict[str, Callable[[pl.DataFrame], pl.DataFrame]] = {
    "blank unit code": lambda r: _edit(r, 3, unit_code=" "),
    "blank year and code": lambda r: _edit(r, 4, year="", code=""),
    "blank row": lambda r: _edit(r, 5, **dict.fromkeys(CSV_HEADER, "")),
    "another unit name": lambda r: _edit(r, 6, unit_name="别的镇"),
    "unknown code": lambda r: _edit(r, 7, code="9.9.9"),
    "a level-2 code": lambda r: _edit(r, 7, code="1.1"),
    "duplicate code": lambda r: _edit(r, 8, code=r["code"][7]),
    "year not a number": lambda r: r.with_columns(
        pl.when(pl.col("unit_code") == r["unit_code"][0])
        .then(pl.lit("二〇二三"))
        .otherwise("year")
        .alias("year")
    ),
    "year out of range": lambda r: r.with_columns(pl.col("year").str.replace("^20", "19")),
    "unknown framework version": lambda r: r.with_columns(
        pl.lit("shanghai-town-2023").alias("framework")
    ).with_columns(pl.lit("v9").alias("framework_version")),
    "rate, numerator and denominator": lambda r: _edit(
        r, _first(r, code="2.2.2"), numerator="1319", denominator="1333", rate="98.94%", count=None
    ),
    "rate rounded right": lambda r: _edit(
        r, _first(r, code="2.2.2"), numerator="1319", denominator="1333", rate="98.95%"
    ),
    "numerator above denominator": lambda r: _edit(
        r, _first(r, code="2.2.2"), numerator="1400", denominator="1333", rate=None
    ),
    "numerator alone": lambda r: _edit(
        r, _first(r, code="2.2.2"), numerator="12", denominator=None, rate=None
    ),
    "negative count": lambda r: _edit(r, _first(r, code="3.5.1"), count="-3"),
    "percent in a count": lambda r: _edit(r, _first(r, code="3.5.1"), count="12%"),
    "bound on a count": lambda r: _edit(r, _first(r, code="3.5.1"), count="12件以上"),
    "count as typed in Chinese": lambda r: _edit(r, _first(r, code="3.5.1"), count="１２件"),
    "rate above 100": lambda r: _edit(
        r, _first(r, code="2.2.2"), rate="98.5", numerator=None, denominator=None
    ),
    "rate as a bound": lambda r: _edit(
        r, _first(r, code="2.2.2"), rate="95%以上", numerator=None, denominator=None
    ),
    "not a number": lambda r: _edit(r, _first(r, code="3.5.1"), count="许多"),
    "value on a check": lambda r: _edit(r, _first(r, code="1.2.1"), count="3"),
    "not applicable without reason": lambda r: _edit(
        r, _first(r, code="1.2.1"), not_applicable="是", reason=None
    ),
    "not applicable with a value": lambda r: _edit(
        r, _first(r, code="1.2.1"), not_applicable="是", reason="无"
    ),
    "met not yes or no": lambda r: _edit(r, _first(r, code="1.2.1"), met="也许"),
    "grade unknown": lambda r: _edit(r, _first(r, code="1.3.3"), grade="极好"),
    "clause unknown": lambda r: _edit(r, _first(r, code="1.1.2"), clauses="c9=1"),
    "clause text broken": lambda r: _edit(r, _first(r, code="1.1.2"), clauses="c1"),
    "manual score without reason": lambda r: _edit(
        r, _first(r, code="4.1.1"), score="1", reason=None
    ),
    "veto unknown": lambda r: _edit(r, _first(r, code="V1"), code="V9"),
    "veto twice": lambda r: _edit(r, _first(r, code="V2"), code="V1"),
    "veto not yes or no": lambda r: _edit(r, _first(r, code="V1"), triggered="也许"),
    "veto left out": lambda r: r.filter(pl.int_range(pl.len()) != _first(r, code="V3")),
    "no veto rows": lambda r: r.filter(pl.col("triggered").is_null()),
    "unknown stage": lambda r: r.with_columns(pl.lit("抽查").alias("stage")),
    "stage in Chinese": lambda r: r.with_columns(pl.lit("自评").alias("stage")),
    "rows out of order": lambda r: r.reverse(),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_edited_files_read_the_same(tmp_path: Path, sample: pl.DataFrame, name: str) -> None:
    rows = sample.with_columns(
        pl.lit(None, pl.String).alias("stage"), pl.lit(None, pl.String).alias("framework_version")
    )
    path = _write(tmp_path, EDITS[name](rows))
    assert _same(path, FW)
    assert _same(path) or name == "unknown framework version"


def test_line_endings_and_unknown_columns(tmp_path: Path, sample: pl.DataFrame) -> None:
    text = sample.with_columns(pl.lit("x").alias("remark")).write_csv()
    path = tmp_path / "crlf.csv"
    path.write_bytes(("\ufeff" + text.replace("\n", "\r\n") + "\r\n\r\n").encode("utf-8"))
    assert _same(path, FW)
    found = read_csv_batch(path, load_framework(FW))
    assert found is not None and found.problems[0].kind == "unknown_column"


@pytest.mark.parametrize(
    "text",
    [
        'unit_code,year,code,count\n1,2023,3.5.1,"12"\n',  # a quote
        "unit_code,year,code,count\n1,2023,3.5.1,12,13\n",  # past the header
        "unit_code,year,code,count\n1,2023\r3.5.1,12\n",  # a lone carriage return
        "unit_code,year,code,source\n1,2023,3.5.1,示例值\n",  # provenance
        "unit_code,year,code,count\n1,2023,3.5.1,12\x1c\n",  # whitespace only to Python
    ],
)
def test_left_to_the_row_wise_reader(tmp_path: Path, text: str) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(text, encoding="utf-8")
    assert read_csv_batch(path, load_framework(FW)) is None


def test_scorecard_is_the_same(tmp_path: Path, sample: pl.DataFrame) -> None:
    path = _write(tmp_path, sample)
    fw = load_framework(FW)
    found = read_batch([path], fw, min_bytes=0)
    assert found is not None
    by_frames = found.score(fw)
    by_records = score(fw, check_files([path], fw).assessments)
    keys = ["unit", "year", "stage", "code"]
    assert_frame_equal(by_frames.totals.sort(keys[:3]), by_records.totals.sort(keys[:3]))
    assert_frame_equal(by_frames.nodes.sort(keys), by_records.nodes.sort(keys))
    assert_frame_equal(by_frames.audit.sort(keys), by_records.audit.sort(keys))
    assert_frame_equal(by_frames.gaps().sort(keys), by_records.gaps().sort(keys))
    assert by_frames.input_sha256 == by_records.input_sha256


def test_read_batch_only_for_large_csv_files(tmp_path: Path, sample: pl.DataFrame) -> None:
    path = _write(tmp_path, sample)
    assert read_batch([path]) is None  # below the size
    assert read_batch([path], min_bytes=0) is not None
    other = tmp_path / "a.yaml"
    other.write_text("unit: {code: '1'}\n", encoding="utf-8")
    assert read_batch([path, other], min_bytes=0) is None


@pytest.mark.parametrize("verb", ["validate", "score"])
def test_command_line_says_the_same(
    tmp_path: Path,
    sample: pl.DataFrame,
    run_cli: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
    verb: str,
) -> None:
    counted = sample.with_row_index("i").filter(
        pl.col("code") == "3.5.1", pl.col("count").is_not_null()
    )
    path = _write(tmp_path, _edit(sample, int(counted["i"][0]), count="12件以上"))  # a warning
    outputs = []
    for limit in (10**12, 0):
        monkeypatch.setattr(batch_module, "BATCH_MIN_BYTES", limit)
        out = tmp_path / f"report-{limit}.md"
        args = [verb, str(path)] + (
            ["--detail", "summary", "-o", str(out)] if verb == "score" else []
        )
        result = run_cli(*args)
        report = out.read_text(encoding="utf-8") if out.exists() else ""
        outputs.append((result.code, result.out, result.err.replace(str(out), "OUT"), report))  # type: ignore[attr-defined]
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 0


_CELLS = st.sampled_from(
    ["", " ", "0", "1", "12", "-1", "1,333", "98.94%", "95%以上", "是", "否", "yes", "x",
     "c1=1", "c1=0;c2=是", "c9=2", "优", "良", "1e400", "１２", "12件", "3.5.1", "V1", "2023", "二〇"]
)  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 10**6), st.sampled_from(CSV_HEADER), _CELLS), max_size=8
    )
)
def test_random_cells_read_the_same(
    tmp_path_factory: pytest.TempPathFactory,
    sample: pl.DataFrame,
    edits: list[tuple[int, str, str]],
) -> None:
    rows = sample.head(120)
    for i, column, value in edits:
        rows = _edit(rows, i % rows.height, **{column: value})
    path = _write(tmp_path_factory.mktemp("fuzz"), rows)
    # read column-wise (the same) unless a cell is quoted or names another framework
    left = any(column == "framework" or "," in value for _, column, value in edits)
    assert _same(path, FW) or left
