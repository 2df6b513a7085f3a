"""examples/official_table/: the committed tables are what the script writes, and import as the docs say."""

from __future__ import annotations

import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from anting_rule_of_law.errors import InputError
from anting_rule_of_law.tableimport import import_table
from script_loader import load_script

HERE = Path(__file__).resolve().parents[1] / "examples" / "official_table"
TABLE = HERE / "指标表.xlsx"
BAD = HERE / "bad.xlsx"


def _script() -> ModuleType:
    return load_script(HERE / "make_tables.py", "example_make_tables")


def test_committed_tables_are_what_the_script_writes(tmp_path: Path) -> None:
    assert _script().main([str(tmp_path)]) == 0
    for name in ("指标表.xlsx", "bad.xlsx"):
        assert (tmp_path / name).read_bytes() == (HERE / name).read_bytes(), name


def test_document_date_is_fixed() -> None:
    with zipfile.ZipFile(TABLE) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
        stamps = {info.date_time for info in z.infolist()}
    assert ">2000-01-01T00:00:00Z</dcterms:created>" in core
    assert stamps == {(1980, 1, 1, 0, 0, 0)}


def test_table_imports_as_the_docs_show() -> None:
    result = import_table(TABLE, framework_id="shanghai-official-2023", version="2023")
    assert result.sheet == "考核指标"
    assert result.levels == (3, 4, 7)
    assert result.total_points == 50
    assert [code for code, _, _ in result.inferred] == [
        "1.1.1",
        "1.1.2",
        "1.2.1",
        "2.1.1",
        "2.1.2",
        "3.1.1",
    ]
    assert result.manual == ("2.1.3",)
    assert [(p.where, p.severity) for p in result.problems] == [("考核指标!G10", "warning")]
    fw = result.framework
    # merged first-level cell (C5:C8) read for every row; numbering and "（20分）" stripped
    assert [fw.node(c).name for c in ("1", "1.1", "1.2.1", "2.1.3", "3.1.1")] == [
        "党委领导",
        "组织领导",
        "督察问题整改",
        "行政复议纠错",
        "法治创新项目",
    ]
    assert [fw.node(c).points for c in ("1", "1.1", "1.1.2", "2.1.1")] == [20, 10, 5, 6]


def test_bad_table_gives_five_located_errors() -> None:
    with pytest.raises(InputError) as info:
        import_table(BAD)
    assert [p.where for p in info.value.errors] == [
        "Sheet1!D2",
        "Sheet1!D3",
        "Sheet1!C7",
        "Sheet1!D4",
        "Sheet1!D8",
    ]
