"""The Scorecard at scale: coded and lazy inputs, slices, Parquet output, partitions.

Each of these is a different way to the same numbers, so each is tested against
the plain way: coded (``Categorical``/``Enum``) and lazy (``scan_parquet``) inputs
against text columns in memory; a slice against the whole run's frames filtered;
frames read back from ``write_parquet`` against the frames in memory; a
partitioned run against one run over everything. The large-input branches (numpy
ranks, counted ranks of a slice) are forced with ``scoring._paths.forced``.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anting_rule_of_law import (
    InputError,
    ParquetFiles,
    Partition,
    Scorecard,
    load_framework,
    score,
    score_frame,
    score_partitions,
)
from anting_rule_of_law.records import STAGES, Assessment, Framework
from anting_rule_of_law.scoring import parquet, ranking
from anting_rule_of_law.scoring._paths import forced
from anting_rule_of_law.scoring.inputs import from_assessments
from script_loader import BENCH, load_script
from test_scoring_large_paths import cases as rank_cases
from test_scoring_smallpath import rich_cases

FRAMES = ("totals", "nodes", "audit_compact", "clauses", "audit")
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _generate() -> ModuleType:
    return load_script(BENCH / "generate.py", "arol_bench_generate_scale")


gen = _generate()
FW = load_framework("shanghai-town-2023")
#: 60 towns × 3 years of the reference framework (9,900 leaf rows), 5 districts.
DATA = gen.generate(60, 3, 11)


def _frames(items: list[Assessment]) -> dict[str, pl.DataFrame]:
    inp = from_assessments(items)
    return {
        "entries": inp.entries,
        "clauses": inp.clauses,
        "units": inp.units,
        "vetoes": inp.vetoes,
    }


def _data() -> dict[str, pl.DataFrame]:
    return {
        "entries": DATA.entries,
        "clauses": DATA.clauses,
        "units": DATA.units,
        "vetoes": DATA.vetoes,
    }


def _same(a: Scorecard, b: Scorecard, frames: tuple[str, ...] = FRAMES) -> None:
    for name in frames:
        x, y = getattr(a, name), getattr(b, name)
        assert x.schema == y.schema, (name, x.schema, y.schema)
        assert x.equals(y), name


def _coded(frames: dict[str, pl.DataFrame], fw: Framework, rnd: Any) -> dict[str, pl.DataFrame]:
    """The frames with their text keys as Categorical or Enum (categories shuffled, with
    words the data does not use), as a province's Parquet files may hold them."""
    leaf = [n.code for n in fw.leaves()]
    rnd.shuffle(leaf)
    clause_ids = sorted({c.id for n in fw.leaves() if n.rule for c in n.rule.clauses} | {"zz"})
    units = sorted(set(frames["entries"]["unit"].to_list()) | {"another"})

    def text(values: list[str]) -> pl.DataType:
        return pl.Enum(values) if rnd.random() < 0.5 else pl.Categorical()

    out = dict(frames)
    out["entries"] = frames["entries"].with_columns(
        pl.col("unit").cast(text(units)),
        pl.col("code").cast(text([*leaf, "9.9"])),
        pl.col("stage").cast(pl.Enum(list(STAGES))),
        pl.col("grade").cast(pl.Categorical),
    )
    if frames["clauses"].height:
        out["clauses"] = frames["clauses"].with_columns(
            pl.col("unit").cast(text(units)),
            pl.col("code").cast(text(leaf)),
            pl.col("clause").cast(text(clause_ids)),
        )
    return out


# -- coded and lazy inputs ---------------------------------------------------------------


@SETTINGS
@given(rich_cases(), st.randoms(use_true_random=False))
def test_coded_inputs_score_as_text(case: tuple[Framework, list[Assessment]], rnd: Any) -> None:
    fw, items = case
    frames = _frames(items)
    with forced("polars"):
        plain = score_frame(fw, **frames)
        coded = score_frame(fw, **_coded(frames, fw, rnd))
    _same(plain, coded)
    assert plain.input_sha256 == coded.input_sha256


def test_lazy_parquet_inputs_score_as_frames_in_memory(tmp_path: Path) -> None:
    gen.write_parquet(DATA, tmp_path)
    eager = score_frame(FW, **_data())
    lazy = score_frame(
        FW,
        *(
            pl.scan_parquet(tmp_path / f"{n}.parquet")
            for n in ("entries", "clauses", "units", "vetoes")
        ),
    )
    _same(eager, lazy)
    assert eager.input_sha256 == lazy.input_sha256


def test_a_lazy_input_is_collected_once(tmp_path: Path) -> None:
    calls: list[int] = []

    def counted(frame: pl.DataFrame) -> pl.DataFrame:
        calls.append(frame.height)
        return frame

    lazy = DATA.entries.lazy().map_batches(counted, streamable=False)
    sc = score_frame(FW, lazy, DATA.clauses, DATA.units, DATA.vetoes)
    _ = sc.input_sha256, sc.audit
    assert len(calls) == 1


def test_unknown_codes_are_reported_the_same_coded_or_not() -> None:
    ent = DATA.entries.head(200).with_columns(
        pl.when(pl.int_range(0, pl.len()) == 3).then(pl.lit("9.9")).otherwise("code").alias("code")
    )
    cl = DATA.clauses.head(50).with_columns(
        pl.when(pl.int_range(0, pl.len()) == 1)
        .then(pl.lit("zz"))
        .otherwise("clause")
        .alias("clause")
    )
    messages = []
    for e, c in (
        (ent, cl),
        (
            ent.with_columns(pl.col("code").cast(pl.Categorical)),
            cl.with_columns(pl.col("clause").cast(pl.Categorical)),
        ),
        (
            ent.with_columns(pl.col("code").cast(pl.Enum(sorted(set(ent["code"]))))),
            cl.with_columns(pl.col("clause").cast(pl.Enum(["c1", "c2", "c3", "zz"]))),
        ),
    ):
        with forced("polars"), pytest.raises(InputError) as err:
            score_frame(FW, e, c)
        messages.append([p.message("en") for p in err.value.problems])
    assert messages[0] == messages[1] == messages[2]
    assert any("'9.9'" in m for m in messages[0]) and any("'zz'" in m for m in messages[0])


def test_entries_without_a_stage_column_are_self() -> None:
    sc = score_frame(FW, DATA.entries, DATA.clauses.with_columns(pl.lit("self").alias("stage")))
    assert set(sc.totals["stage"].to_list()) == {"self"}
    assert sc.totals.height == 60 * 3


# -- ranks of some rows, among all -------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(rank_cases(), st.data())
def test_ranks_of_rows_are_the_whole_ranks_gathered(
    case: tuple[list[pl.Series], pl.Series, pl.Series], data: st.DataObject
) -> None:
    cols, ys, dys = case
    n = ys.len()
    rows = sorted(data.draw(st.sets(st.integers(0, max(n - 1, 0)), max_size=n)) if n else [])
    at = pl.Series(rows, dtype=pl.UInt32)
    with forced(numpy_ranks_from=10**9):
        year, district = ranking.group_ranks(cols, ys, dys)
    with forced(numpy_ranks_from=0):
        got_year, got_district = ranking.ranks_of_rows(cols, ys, dys, at)
    for got, whole in zip([*got_year, *got_district], [*year, *district], strict=True):
        assert got.dtype == pl.UInt32
        assert got.to_list() == whole.gather(at).to_list()


# -- slices ------------------------------------------------------------------------------


def _filtered(sc: Scorecard, name: str, keys: pl.DataFrame) -> pl.DataFrame:
    frame = getattr(sc, name)
    on = keys.with_columns(pl.col("unit", "stage").cast(pl.String))
    mine = frame.with_columns(pl.col("unit", "stage").cast(pl.String).name.suffix("_t"))
    return mine.join(
        on.rename({"unit": "unit_t", "stage": "stage_t"}),
        on=["unit_t", "year", "stage_t"],
        how="semi",
        maintain_order="left",
    ).drop("unit_t", "stage_t")


@pytest.mark.parametrize("numpy_from", [0, 10**9], ids=["numpy ranks", "polars ranks"])
@pytest.mark.parametrize(
    "where",
    [
        {"units": "100001101"},
        {"districts": ["D100002", "D100004"]},
        {"years": 2022},
        {"districts": "D100003", "years": [2021, 2023]},
        {"units": "nobody"},
    ],
    ids=["unit", "districts", "year", "district-years", "empty"],
)
def test_a_slice_is_the_whole_filtered(where: dict[str, Any], numpy_from: int) -> None:
    with forced(numpy_ranks_from=numpy_from):
        whole = score_frame(FW, **_data())
        part = whole.slice(**where)
        keys = part.totals.select("unit", "year", "stage")
        for name in FRAMES:
            got, want = getattr(part, name), _filtered(whole, name, keys)
            assert got.schema == want.schema, name
            assert got.equals(want), name
        for n in (0, 1, 2, 3):
            assert part.level(n).equals(
                _filtered(whole, "nodes", keys).filter(pl.col("level") == n)
            )
    if "units" in where and where["units"] == "nobody":
        assert part.totals.height == 0
    else:
        assert part.totals.height > 0


def test_a_slice_read_before_the_whole_ranks_among_all() -> None:
    """A slice's ranks are counted against every unit, not only the slice's."""
    with forced(numpy_ranks_from=0):
        whole = score_frame(FW, **_data())
        part = whole.slice(districts="D100002")
        alone = part.level(1)  # nothing of the whole built yet
        want = _filtered(whole, "nodes", part.totals.select("unit", "year", "stage"))
    assert alone.equals(want.filter(pl.col("level") == 1))
    assert alone["rank"].max() > 14  # ranks among 60 towns, not the district's 14


def test_a_slice_of_records_keeps_its_assessments() -> None:
    from anting_rule_of_law import read_assessment

    a = read_assessment(BENCH.parent / "examples" / "anting_2023" / "anting_2023.yaml")
    sc = score(FW, a)
    assert sc.slice(units=a.unit.code).assessments == (a,)
    assert sc.slice(years=1999).assessments == ()


# -- Parquet -----------------------------------------------------------------------------


def _read_back(files: ParquetFiles, name: str) -> pl.DataFrame:
    return files.scan(name).collect()


@pytest.mark.parametrize("chunk", [7, 1000], ids=["many chunks", "one chunk"])
def test_frames_read_back_from_parquet_equal_the_frames_in_memory(
    tmp_path: Path, chunk: int
) -> None:
    with forced(numpy_ranks_from=0):
        sc = score_frame(FW, **_data())
        files = sc.write_parquet(tmp_path, frames=FRAMES, chunk_keys=chunk)
    assert files.directory == tmp_path
    for name in FRAMES:
        back, mem = _read_back(files, name), getattr(sc, name)
        assert back.schema == mem.schema, name
        assert back.equals(mem), name
        assert files.rows[name] == mem.height
        assert [p.name for p in (tmp_path / name).iterdir()] == ["part-00000.parquet"]


def test_a_small_run_writes_parquet_too(tmp_path: Path) -> None:
    from anting_rule_of_law import read_assessment

    a = read_assessment(BENCH.parent / "examples" / "anting_2023" / "anting_2023.yaml")
    sc = score(FW, a)
    assert sc._result.path == "python"
    files = sc.write_parquet(tmp_path)
    for name in ("totals", "nodes", "audit_compact", "clauses"):
        assert _read_back(files, name).equals(getattr(sc, name)), name
    with pytest.raises(KeyError):
        files.scan("audit")


def test_a_failed_write_leaves_the_directory_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sc = score_frame(FW, **_data())
    first = sc.write_parquet(tmp_path, chunk_keys=50)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    real = parquet._frame_of
    calls = []

    def failing(result: Any, fw: Framework, frame: str) -> pl.DataFrame:
        calls.append(frame)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(result, fw, frame)

    monkeypatch.setattr(parquet, "_frame_of", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        sc.slice(years=2022).write_parquet(tmp_path, chunk_keys=50)
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before
    assert first.scan("nodes").collect().height == sc.nodes.height


def test_unknown_frames_are_refused(tmp_path: Path) -> None:
    sc = score_frame(FW, **_data())
    with pytest.raises(ValueError, match="'everything'"):
        sc.write_parquet(tmp_path, frames=("nodes", "everything"))
    assert list(tmp_path.iterdir()) == []


# -- partitions --------------------------------------------------------------------------


def _single_order(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows in the single run's order: by unit, year (stable: framework order within)."""
    return frame.with_row_index("_i").sort(pl.col("unit").cast(pl.String), "year", "_i").drop("_i")


def _by_year() -> list[Partition]:
    return [
        Partition(
            entries=DATA.entries.filter(pl.col("year") == y).lazy(),
            clauses=DATA.clauses.filter(pl.col("year") == y).lazy(),
            units=DATA.units,
            vetoes=DATA.vetoes.filter(pl.col("year") == y),
        )
        for y in (2023, 2021, 2022)
    ]


def _by_district_groups() -> list[Partition]:
    """Unit sets cutting across the ranking groups: ranks must be ranked again overall."""
    groups = [["D100001", "D100005"], ["D100002"], ["D100003", "D100004"]]
    out = []
    for districts in groups:
        units = DATA.units.filter(pl.col("district").is_in(districts))["unit"].implode()
        out.append(
            Partition(
                entries=DATA.entries.filter(pl.col("unit").is_in(units)),
                clauses=DATA.clauses.filter(pl.col("unit").is_in(units)),
                units=DATA.units,
                vetoes=DATA.vetoes.filter(pl.col("unit").is_in(units)),
            )
        )
    return out


@pytest.mark.parametrize("make", [_by_year, _by_district_groups], ids=["years", "unit sets"])
def test_a_partitioned_run_equals_the_single_run(tmp_path: Path, make: Any) -> None:
    with forced(numpy_ranks_from=0):
        single = score_frame(FW, **_data())
        files = score_partitions(FW, iter(make()), tmp_path, frames=FRAMES, chunk_keys=40)
    assert files.parts == 3
    for name in FRAMES:
        back, mem = _read_back(files, name), getattr(single, name)
        assert back.schema == mem.schema, name
        assert _single_order(back).equals(_single_order(mem)), name
        assert files.rows[name] == mem.height
        assert len(list((tmp_path / name).glob("part-*.parquet"))) == 3


def test_an_assessment_in_two_partitions_is_refused_and_nothing_written(tmp_path: Path) -> None:
    parts = _by_year()
    parts.append(Partition(entries=DATA.entries.filter(pl.col("unit") == "100001102")))
    with pytest.raises(InputError) as err:
        score_partitions(FW, parts, tmp_path)
    assert "one partition" in err.value.problems[0].message("en")
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_partitions_report_input_problems_with_their_frame(tmp_path: Path) -> None:
    bad = Partition(entries=DATA.entries.head(10).with_columns(pl.lit("9.9").alias("code")))
    with pytest.raises(InputError) as err:
        score_partitions(FW, [bad], tmp_path)
    assert "'9.9'" in err.value.problems[0].message("en")
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
