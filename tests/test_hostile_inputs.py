"""Hostile inputs beyond the assessment corpus: frameworks, bombs, and the command line.

Each case asserts the exit code, the located message and that nothing was
written (the corpus in tests/malformed covers the assessment files themselves).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from anting_rule_of_law.assessments import check_files
from anting_rule_of_law.limits import MAX_FRAMEWORK_DEPTH, MAX_WORKBOOK_UNPACKED_BYTES

HERE = Path(__file__).parent
CORPUS = HERE / "malformed"
FRAMEWORK = CORPUS / "_framework.yaml"
ASSESSMENT = CORPUS / "unknown_code.yaml"  # names mini-test; its own problem does not matter here


def _framework() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))
    return data


def _deep(levels: int) -> dict[str, Any]:
    nodes, code = [], ""
    for i in range(levels):
        code = f"{code}.1" if code else "1"
        node: dict[str, Any] = {"code": code, "name": f"第{i + 1}级", "points": 10}
        if i == levels - 1:
            node["rule"] = {"type": "check"}
        nodes.append(node)
    return {
        "schema_version": 1,
        "id": "deep",
        "version": "1",
        "title": {"zh": "深"},
        "status": "reference",
        "nodes": nodes,
    }


def _huge_points() -> dict[str, Any]:
    data = _framework()
    for node in data["nodes"]:
        if node["code"] in ("2.1.1", "2.1.2"):
            node["points"] = 1e308
    return data


def _zero_weights() -> dict[str, Any]:
    data = _framework()
    data["aggregate"] = "weighted_mean"
    for node in data["nodes"]:
        if node["code"] in ("1", "2"):
            node["weight"] = 0
    return data


FRAMEWORK_CASES: dict[str, tuple[Callable[[], Any], str, str]] = {
    # name: (data, place, message fragment)
    "deep_1000": (lambda: _deep(1000), "$.nodes[999]", "1000 levels deep"),
    "deep_limit": (
        lambda: _deep(MAX_FRAMEWORK_DEPTH + 1),
        f"$.nodes[{MAX_FRAMEWORK_DEPTH}]",
        f"at most {MAX_FRAMEWORK_DEPTH} levels",
    ),
    "huge_points": (_huge_points, "$.nodes[", "1e+308 is too large"),
    "zero_weights": (_zero_weights, "$.aggregate", "every child has weight 0"),
}


@pytest.mark.parametrize("case", sorted(FRAMEWORK_CASES))
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_hostile_framework_is_refused_at_its_place(
    case: str, suffix: str, tmp_path: Path, run_cli: Any
) -> None:
    make, place, message = FRAMEWORK_CASES[case]
    path = tmp_path / f"fw{suffix}"
    data = make()
    path.write_text(
        json.dumps(data, ensure_ascii=False)
        if suffix == ".json"
        else yaml.safe_dump(data, allow_unicode=True),
        encoding="utf-8",
    )
    for argv in (
        ["indicators", "--framework", str(path)],
        ["template", "--framework", str(path), "-o", str(tmp_path / "t.xlsx")],
        ["score", str(ASSESSMENT), "--framework", str(path), "-o", str(tmp_path / "r.md")],
    ):
        result = run_cli(*argv, "--lang", "en")
        assert result.code == 3, (argv, result.err)
        assert "Traceback" not in result.err and "internal error" not in result.err
        lines = [line for line in result.err.splitlines() if line.startswith(f"{path}: {place}")]
        assert any(message in line for line in lines), result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_json_framework_with_a_duplicate_key(tmp_path: Path, run_cli: Any) -> None:
    text = json.dumps(_framework(), ensure_ascii=False).replace(
        '"points": 30}', '"points": 30, "points": 40}', 1
    )
    path = tmp_path / "fw.json"
    path.write_text(text, encoding="utf-8")
    result = run_cli("indicators", "--framework", str(path), "--lang", "en")
    assert result.code == 3
    assert f"{path}: $.nodes[0].points: error: duplicate key 'points'" in result.err


def test_recursive_alias_in_a_framework(tmp_path: Path, run_cli: Any) -> None:
    path = tmp_path / "fw.yaml"
    path.write_text(
        FRAMEWORK.read_text(encoding="utf-8").replace("vetoes:\n", "vetoes: &v\n  - *v\n", 1),
        encoding="utf-8",
    )
    result = run_cli("indicators", "--framework", str(path), "--lang", "en")
    assert result.code == 3, result.err
    assert "recursive alias" in result.err and f"{path}: line " in result.err


def _workbook(parts: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(CORPUS / "error_value.xlsx") as z:
        base = {name: z.read(name) for name in z.namelist()}
    base.update(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, content in base.items():
            z.writestr(name, content)
    return out.getvalue()


def test_zip_bomb_workbook_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_workbook({"xl/media/padding.bin": bytes(MAX_WORKBOOK_UNPACKED_BYTES + 1)}))
    assert path.stat().st_size < 2_000_000  # a small file...
    problems = check_files([path]).problems
    assert [p.where for p in problems] == [""]
    assert "unpacks to more than 256 MiB" in problems[0].en  # ...that would unpack past the limit


def test_zip_declaring_small_sizes_is_measured_for_real(tmp_path: Path) -> None:
    """A member whose header claims 10 bytes but inflates past the limit is still counted."""
    path = tmp_path / "liar.xlsx"
    path.write_bytes(_workbook({"xl/media/padding.bin": bytes(MAX_WORKBOOK_UNPACKED_BYTES + 1)}))
    data = bytearray(path.read_bytes())
    name = b"xl/media/padding.bin"
    for start in (i for i in range(len(data)) if data.startswith(name, i)):
        header = data.rfind(b"PK", 0, start)
        size_at = header + (22 if data[header + 2 : header + 4] == b"\x03\x04" else 24)
        data[size_at : size_at + 4] = (10).to_bytes(4, "little")  # uncompressed size
    path.write_bytes(bytes(data))
    problems = check_files([path]).problems
    assert len(problems) == 1 and problems[0].is_error
    assert "unpacks to more than 256 MiB" in problems[0].en


def test_sheet_declaring_a_dtd_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(CORPUS / "error_value.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet3.xml").decode("utf-8")
    sheet = sheet.replace("?>", '?><!DOCTYPE w [<!ENTITY a "aaaa">]>', 1)
    path.write_bytes(_workbook({"xl/worksheets/sheet3.xml": sheet.encode("utf-8")}))
    problems = check_files([path]).problems
    assert [p.en for p in problems] == ["the part xl/worksheets/sheet3.xml declares a DTD: refused"]


def test_visible_copy_beside_the_sheet_read_is_a_warning(tmp_path: Path) -> None:
    """Both sheets visible: the template's one is read and the warning says so."""
    data = (CORPUS / "hidden_sheet.xlsx").read_bytes()
    path = tmp_path / "copy.xlsx"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        book = z.read("xl/workbook.xml").decode("utf-8").replace(' state="hidden"', "")
    path.write_bytes(_workbook_from(data, {"xl/workbook.xml": book.encode("utf-8")}))
    checked = check_files([path], framework=FRAMEWORK)
    assert not checked.errors, checked.errors
    copy = [p for p in checked.warnings if p.where == "具体指标 (2)"]
    assert copy and "is not read; sheet '具体指标' is read" in copy[0].en
    entry = checked.assessments[0].entry("2.1.1")
    assert entry is not None and entry.numerator == 1319  # the sheet named 具体指标, not the copy


def _workbook_from(data: bytes, parts: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        base = {name: z.read(name) for name in z.namelist()}
    base.update(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in base.items():
            z.writestr(name, content)
    return out.getvalue()


def test_csv_quote_running_past_the_field_limit_is_named(tmp_path: Path) -> None:
    path = tmp_path / "runaway.csv"
    lines = [
        "unit_code,year,code,numerator,denominator,note",
        '310114102,2023,2.1.1,1319,1333,"备注',
    ]
    lines += ["x" * 1000 + "," for _ in range(200)] + ['"', "310114102,2023,1.1.1,,,"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = check_files([path], framework=FRAMEWORK).errors
    assert problems[0].where == "line 2, column note"
    assert "closes only at line 203" in problems[0].en


def test_validate_a_folder_says_so(tmp_path: Path, run_cli: Any) -> None:
    result = run_cli("validate", str(tmp_path), "--lang", "en")
    assert result.code == 3
    assert f"{tmp_path}: error: is a folder, not a file" in result.err
