"""Every reader, fed random bytes, random YAML/JSON and random workbook packages.

The property: reading never raises anything but :class:`InputError` (or, for
the checking functions, returns located problems), and never asks for more
memory than the bounds in ``anting_rule_of_law.limits`` allow. The second half
is tested for real: the fuzz tests run in a child process whose address space
is capped at 1 GiB (a workbook with one cell at XFD1048576 would ask the Excel
reader for 549 GB and abort it). Examples are few, so the suite stays fast;
under CI they are derandomized like every hypothesis test here (conftest.py).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from anting_rule_of_law.assessments import check_files, read_assessments
from anting_rule_of_law.assessments.numbers import NumberError, parse_bool, parse_number
from anting_rule_of_law.errors import InputError, Problem
from anting_rule_of_law.indicators.registry import load_framework

HERE = Path(__file__).parent
FRAMEWORK_FILE = HERE / "malformed" / "_framework.yaml"
VALID = HERE / "malformed" / "far_cell.xlsx"  # any corpus workbook: its parts are reused
CHILD = os.environ.get("ANTING_FUZZ_CHILD") == "1"
MEMORY_CAP = 1 << 30

in_child = pytest.mark.skipif(not CHILD, reason="runs in the memory-capped child process")
fuzz = settings(
    max_examples=int(os.environ.get("FUZZ_N", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


def _located(problems: tuple[Problem, ...] | list[Problem], path: Path) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.file == str(path)
        assert problem.en and problem.zh
        problem.message("zh").encode("utf-8")  # printable: no lone surrogate reaches a message


def _read_everything(path: Path) -> None:
    """check_files returns located problems; read_assessments raises InputError or returns."""
    checked = check_files([path], framework=FRAMEWORK_FILE)
    _located(checked.problems, path)
    try:
        read_assessments([path], framework=FRAMEWORK_FILE)
    except InputError as exc:
        _located(exc.problems, path)


# -- random bytes, under every suffix -----------------------------------------------------
@in_child
@fuzz
@given(content=st.binary(max_size=2000), suffix=st.sampled_from([".yaml", ".yml", ".json"]))
@example(content=b"&a [*a]", suffix=".yaml")  # a recursive alias
@example(content=b'{"nodes": "\\ud800"}', suffix=".json")  # a lone surrogate
def test_random_bytes_as_frameworks(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"fw{suffix}"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:  # random bytes are never a framework
        load_framework(path)
    assert caught.value.problems
    _located(caught.value.problems, path)


@in_child
@fuzz
@given(
    content=st.binary(max_size=2000),
    suffix=st.sampled_from([".yaml", ".json", ".csv", ".xlsx", ".xls"]),
)
def test_random_bytes(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(content)
    _read_everything(path)


@in_child
@fuzz
@given(text=st.text(alphabet=st.sampled_from(list(',"\n\r 是1.%x\t;=')), max_size=300))
def test_random_csv_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "input.csv"
    path.write_text("unit_code,year,code,met,numerator,denominator,note\n" + text, encoding="utf-8")
    _read_everything(path)


# -- valid-looking YAML and JSON ----------------------------------------------------------
def _assessment() -> dict[str, Any]:
    return {
        "schema_version": 1,
        "framework": {"id": "mini-test", "version": "1.0"},
        "unit": {"code": "310114102", "name": "安亭镇"},
        "year": 2023,
        "vetoes": [{"code": "V1", "triggered": False}],
        "entries": [
            {"code": "1.1.1", "met": True},
            {"code": "1.1.3", "gate": True, "clauses": {"c1": 0, "c2": False, "c3": "96%"}},
            {"code": "2.1.1", "numerator": 1319, "denominator": 1333},
        ],
    }


def _mutate(data: Any, path: list[int], value: Any) -> Any:
    """Replace the value reached by following ``path`` (indices into sorted keys/items)."""
    if not path or not isinstance(data, (dict, list)) or not data:
        return value
    if isinstance(data, dict):
        key = sorted(data)[path[0] % len(data)]
        return {**data, key: _mutate(data[key], path[1:], value)}
    i = path[0] % len(data)
    return [*data[:i], _mutate(data[i], path[1:], value), *data[i + 1 :]]


@in_child
@fuzz
@given(
    where=st.lists(st.integers(min_value=0, max_value=20), max_size=4),
    value=json_values,
    as_json=st.booleans(),
)
def test_valid_looking_assessments(
    tmp_path: Path, where: list[int], value: Any, as_json: bool
) -> None:
    data = _mutate(_assessment(), where, value)
    path = tmp_path / ("a.json" if as_json else "a.yaml")
    if as_json:
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _read_everything(path)


@in_child
@fuzz
@given(
    where=st.lists(st.integers(min_value=0, max_value=30), max_size=5),
    value=json_values,
    as_json=st.booleans(),
)
def test_valid_looking_frameworks(
    tmp_path: Path, where: list[int], value: Any, as_json: bool
) -> None:
    data = _mutate(yaml.safe_load(FRAMEWORK_FILE.read_text(encoding="utf-8")), where, value)
    path = tmp_path / ("fw.json" if as_json else "fw.yaml")
    text = (
        json.dumps(data, ensure_ascii=False)
        if as_json
        else yaml.safe_dump(data, allow_unicode=True)
    )
    path.write_text(text, encoding="utf-8")
    try:
        load_framework(path)
    except InputError as exc:
        _located(exc.problems, path)


@in_child
@fuzz
@given(
    value=json_values
    | st.text(alphabet=st.sampled_from(list("0123456789 ,.%‰万亿件eE+-以上下≥１是否")), max_size=30)
)
def test_number_parsers(value: Any) -> None:
    for parse in (parse_number, parse_bool):
        try:
            parse(value)
        except NumberError as exc:
            assert exc.en and exc.zh


# -- random workbook packages -------------------------------------------------------------
PARTS = (
    "[Content_Types].xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet3.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "word/document.xml",
)
cell_refs = st.builds(
    lambda col, row: f"{col}{row}",
    st.sampled_from(["A", "M", "X", "AA", "XFD", "ZZZZ"]),
    st.sampled_from([1, 5, 56, 65536, 1048576]) | st.integers(min_value=0, max_value=2**33),
)
xml_fragments = st.one_of(
    cell_refs.map(lambda r: f'<c r="{r}" t="inlineStr"><is><t>1</t></is></c>'),
    cell_refs.map(lambda r: f'<c r="{r}" t="e"><f>1/0</f><v>#DIV/0!</v></c>'),
    cell_refs.map(lambda r: f'<c r="{r}"><f>A1</f></c>'),
    cell_refs.map(lambda r: f'<dimension ref="A1:{r}"/>'),
    st.integers(min_value=0, max_value=2**40).map(lambda n: f'<row r="{n}"><c><v>1</v></c></row>'),
    st.integers(min_value=0, max_value=2**40).map(lambda n: f'<sst uniqueCount="{n}" count="{n}">'),
    st.sampled_from(["</sheetData>", "<sheetData>", '<!DOCTYPE x [<!ENTITY a "b">]>', "&a;", "<"]),
)


SHEET = "xl/worksheets/sheet3.xml"
#: Attribute values the reader must not trust: (part, pattern) -> replaced by a drawn value.
ATTRIBUTES = (
    ("xl/sharedStrings.xml", r'uniqueCount="\d+"', 'uniqueCount="{n}"'),
    (SHEET, r'<dimension ref="[^"]*"', '<dimension ref="A1:{ref}"'),
    (SHEET, r'<c r="A2"', '<c r="{ref}"'),
    (SHEET, r'<row r="5"', '<row r="{n}"'),
    ("xl/workbook.xml", r'<sheet name="具体指标"', '<sheet state="hidden" name="具体指标"'),
)


def _template_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(VALID) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    # start from a workbook that reads: without the far cell the corpus file adds
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    parts[SHEET] = parts[SHEET].replace(far, b"")
    return parts


@in_child
@fuzz
@given(
    drop=st.sets(st.sampled_from(sorted(_template_parts())), max_size=2),
    extra=st.dictionaries(st.sampled_from(PARTS), st.binary(max_size=200), max_size=2),
    inserts=st.lists(
        st.tuples(st.sampled_from([SHEET, SHEET, SHEET, *PARTS]), xml_fragments), max_size=3
    ),
    changes=st.lists(
        st.tuples(
            st.sampled_from(ATTRIBUTES),
            st.integers(min_value=0, max_value=2**40),
            cell_refs,
        ),
        max_size=3,
    ),
    stored=st.booleans(),
)
# the cases that once aborted the process, always tried first
@example(drop=set(), extra={}, inserts=[], changes=[(ATTRIBUTES[2], 0, "XFD1048576")], stored=False)
@example(drop=set(), extra={}, inserts=[], changes=[(ATTRIBUTES[1], 0, "XFD1048576")], stored=True)
@example(drop=set(), extra={}, inserts=[], changes=[(ATTRIBUTES[0], 4 * 10**9, "A1")], stored=False)
def test_random_workbook_packages(
    tmp_path: Path,
    drop: set[str],
    extra: dict[str, bytes],
    inserts: list[tuple[str, str]],
    changes: list[tuple[tuple[str, str, str], int, str]],
    stored: bool,
) -> None:
    parts = {name: content for name, content in _template_parts().items() if name not in drop}
    parts.update(extra)
    for part, fragment in inserts:
        text = parts.get(part, b"").decode("utf-8", "replace")
        cut = text.find("</sheetData>")
        cut = cut if cut >= 0 else len(text) // 2
        parts[part] = (text[:cut] + fragment + text[cut:]).encode("utf-8")
    for (part, pattern, replacement), n, ref in changes:
        if part in parts:
            text = parts[part].decode("utf-8", "replace")
            text = re.sub(pattern, replacement.format(n=n, ref=ref), text, count=1)
            parts[part] = text.encode("utf-8")
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    path = tmp_path / "input.xlsx"
    path.write_bytes(buffer.getvalue())
    _read_everything(path)


# -- official tables (anting-rol import) -------------------------------------------------
word_fragments = st.sampled_from(
    [
        "<w:tbl>",
        "</w:tbl>",
        "<w:tr>",
        "</w:tr>",
        "<w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc>",
        '<w:tc><w:tcPr><w:gridSpan w:val="999999999"/></w:tcPr></w:tc>',
        "<w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/></w:tc>",
        '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p/></w:tc>',
        "&amp;",
        "<",
    ]
)


@in_child
@fuzz
@given(
    content=st.binary(max_size=1500),
    suffix=st.sampled_from([".xlsx", ".ods", ".docx", ".csv", ".xls"]),
)
def test_random_bytes_as_official_tables(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"table{suffix}"
    path.write_bytes(content)
    _import_table(path)


@in_child
@fuzz
@given(pieces=st.lists(word_fragments, max_size=25))
def test_random_word_documents(tmp_path: Path, pieces: list[str]) -> None:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = f'<w:document xmlns:w="{ns}"><w:body>{"".join(pieces)}</w:body></w:document>'
    path = tmp_path / "table.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", xml)
    _import_table(path)


ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
ods_fragments = st.one_of(
    st.sampled_from(["<table:table-row>", "</table:table-row>", "<text:p>", "&amp;", "<"]),
    st.sampled_from(["5", "未开展不得分", "一、党委领导", "=1+1"]).map(
        lambda t: (
            f'<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>'
        )
    ),
    st.integers(min_value=0, max_value=2**40).map(
        lambda n: (
            f'<table:table-row table:number-rows-repeated="{n}"><table:table-cell/>'
            "</table:table-row>"
        )
    ),
    st.integers(min_value=0, max_value=2**40).map(
        lambda n: (
            f'<table:table-cell table:number-columns-repeated="{n}" '
            'office:value-type="float" office:value="1"/>'
        )
    ),
    st.integers(min_value=0, max_value=2**40).map(
        lambda n: f'<table:table-cell table:number-columns-spanned="{n}"/>'
    ),
)


@in_child
@fuzz
@given(
    pieces=st.lists(ods_fragments, max_size=25),
    parts=st.sets(st.sampled_from(["mimetype", "META-INF/manifest.xml"])),
)
def test_random_ods_packages(tmp_path: Path, pieces: list[str], parts: set[str]) -> None:
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}>'
        '<office:body><office:spreadsheet><table:table table:name="指标">'
        f"{''.join(pieces)}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    path = tmp_path / "table.ods"
    with zipfile.ZipFile(path, "w") as z:
        if "mimetype" in parts:
            z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", xml)
        if "META-INF/manifest.xml" in parts:
            z.writestr("META-INF/manifest.xml", "<manifest/>")
    _import_table(path)


def _import_table(path: Path) -> None:
    from anting_rule_of_law.tableimport import import_table

    try:
        import_table(path)
    except InputError as exc:
        _located(exc.problems, path)


# -- the parent: run all of the above in a child whose memory is capped --------------------
@pytest.mark.skipif(CHILD or not sys.platform.startswith("linux"), reason="the parent test")
def test_readers_within_memory_cap() -> None:
    """The fuzz tests above, in a child process limited to 1 GiB of address space."""

    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__],
        env={**os.environ, "ANTING_FUZZ_CHILD": "1"},
        preexec_fn=cap,
        capture_output=True,
        text=True,
        timeout=900,
        cwd=HERE.parent,
    )
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    assert " passed" in proc.stdout and "skipped" in proc.stdout  # the parent test skips itself
