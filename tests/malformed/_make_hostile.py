"""Regenerate the hostile workbooks of this corpus: ``python tests/malformed/_make_hostile.py``.

Each starts from the fill-in template of ``_framework.yaml`` (a valid, filled
workbook) and changes exactly one thing in its XML, the way a careless user or
an attacker would: a cell at XFD1048576, a declared range as large, a shared-
string count of four billion, the indicator sheet hidden behind a visible copy,
an Excel error value, a formula without its computed value, a renamed header
(备注 -> 说明, with a note under it), a value beyond the last column, a password-protected package. ``old_word.xlsx`` is
a real Word 97 document written by LibreOffice (``soffice --headless
--convert-to doc``), renamed; it is kept as it is, not regenerated here.
"""

from __future__ import annotations

import io
import re
import struct
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENTRIES = "xl/worksheets/sheet3.xml"
VETOES = "xl/worksheets/sheet4.xml"


def template() -> bytes:
    """The template of the corpus framework, filled: 1.1.1 met, 2.1.1 1319/1333, no veto."""
    from anting_rule_of_law.assessments.template import write_template
    from anting_rule_of_law.indicators.registry import load_framework

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.xlsx"
        write_template(
            load_framework(HERE / "_framework.yaml"),
            path,
            unit={"code": "310114102", "name": "安亭镇"},
            year=2023,
        )
        data = path.read_bytes()
    data = edit(
        data,
        ENTRIES,
        cells(
            {
                INPUT[("1.1.1", "met")]: text("是"),
                INPUT[("2.1.1", "numerator")]: number(1319),
                INPUT[("2.1.1", "denominator")]: number(1333),
            }
        ),
    )
    return edit(data, VETOES, cells({"E2": text("否"), "E3": text("否")}))


def input_cells() -> dict[tuple[str, str], str]:
    """(code, field) -> the cell where the template takes that value (its 填写 column)."""
    import fastexcel

    from anting_rule_of_law.assessments.template import write_template
    from anting_rule_of_law.indicators.registry import load_framework
    from anting_rule_of_law.officefile import cell_name

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.xlsx"
        write_template(load_framework(HERE / "_framework.yaml"), path)
        rows = (
            fastexcel.read_excel(str(path))
            .load_sheet_by_name("具体指标", header_row=None, dtypes="string")
            .to_polars()
            .rows()
        )
    header = [str(c or "").splitlines()[0] for c in rows[0]]
    code, value, field = header.index("编号"), header.index("填写"), header.index("字段")
    return {(row[code], row[field]): cell_name(r, value) for r, row in enumerate(rows) if r}


INPUT = input_cells()
NUMERATOR = INPUT[("2.1.1", "numerator")]
DENOMINATOR = INPUT[("2.1.1", "denominator")]


def text(value: str) -> Callable[[str], str]:
    return lambda ref: f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def number(value: float) -> Callable[[str], str]:
    return lambda ref: f'<c r="{ref}"><v>{value}</v></c>'


def raw(xml: str) -> Callable[[str], str]:
    return lambda ref: xml.format(ref=ref)


def cells(values: dict[str, Callable[[str], str]]) -> Callable[[str], str]:
    """Replace the (blank) cells named by reference in a sheet's XML."""

    def change(xml: str) -> str:
        for ref, make in values.items():
            pattern = re.compile(rf'<c r="{ref}"(?: [^>]*)?/>|<c r="{ref}"(?: [^>]*)?>.*?</c>')
            xml, n = pattern.subn(make(ref), xml, count=1)
            if n == 0:  # a cell the template does not write: append it to its row
                row = re.sub(r"[A-Z]+", "", ref)
                xml = re.sub(rf'(<row r="{row}"[^>]*>.*?)(</row>)', rf"\g<1>{make(ref)}\2", xml)
        return xml

    return change


def edit(data: bytes, part: str, change: Callable[[str], str]) -> bytes:
    """A copy of the package with one part's XML changed (parts added when missing)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    names = src.namelist()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            content = src.read(name)
            if name == part:
                content = change(content.decode("utf-8")).encode("utf-8")
            z.writestr(name, content)
        if part not in names:
            z.writestr(part, change("").encode("utf-8"))
    return out.getvalue()


def hidden_behind_copy(data: bytes) -> bytes:
    """具体指标 hidden (numerator 1319), its visible copy active (numerator 1200)."""
    copy = zipfile.ZipFile(io.BytesIO(data)).read(ENTRIES).decode("utf-8")
    copy = cells({NUMERATOR: number(1200)})(copy.replace('tabSelected="1" ', ""))
    data = edit(data, "xl/worksheets/sheet5.xml", lambda _: copy)
    data = edit(
        data,
        "xl/workbook.xml",
        lambda xml: xml.replace(
            '<sheet name="具体指标" sheetId="3" r:id="rId3"/>',
            '<sheet name="具体指标" sheetId="3" state="hidden" r:id="rId3"/>'
            '<sheet name="具体指标 (2)" sheetId="5" r:id="rId99"/>',
        ).replace("<workbookView ", '<workbookView activeTab="3" '),
    )
    data = edit(
        data,
        "xl/_rels/workbook.xml.rels",
        lambda xml: xml.replace(
            "</Relationships>",
            '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet5.xml"/></Relationships>',
        ),
    )
    return edit(
        data,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            "</Types>",
            '<Override PartName="/xl/worksheets/sheet5.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        ),
    )


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (512-byte sectors) holding the named streams.

    Enough for a reader to list the stream names, as Office does for a workbook
    encrypted with a password (``EncryptionInfo`` + ``EncryptedPackage``).
    """
    sector = 512
    names = list(streams)
    data_sectors: list[bytes] = []
    starts: list[int] = []
    first_data = 2  # sector 0: FAT, sector 1: directory
    for name in names:
        content = streams[name] or b"\0"
        starts.append(first_data + len(data_sectors))
        for i in range(0, len(content), sector):
            data_sectors.append(content[i : i + sector].ljust(sector, b"\0"))
    fat = [0xFFFFFFFD, 0xFFFFFFFE]
    for name, start in zip(names, starts, strict=True):
        count = max(1, -(-len(streams[name]) // sector))
        fat.extend([*range(start + 1, start + count), 0xFFFFFFFE])
    fat += [0xFFFFFFFF] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int, right: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0, 1 if names else 0xFFFFFFFF, 0xFFFFFFFF)
    for i, (name, start) in enumerate(zip(names, starts, strict=True), start=1):
        right = i + 1 if i < len(names) else 0xFFFFFFFF
        directory += entry(name, 2, start, len(streams[name]), 0xFFFFFFFF, right)
    directory = directory.ljust(sector, b"\0")
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)
    struct.pack_into("<H", header, 32, 6)
    struct.pack_into("<II", header, 44, 1, 1)  # one FAT sector; directory at sector 1
    struct.pack_into("<III", header, 56, 4096, 0xFFFFFFFE, 0)
    struct.pack_into("<II", header, 68, 0xFFFFFFFE, 0)
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 76, *difat)
    return (
        bytes(header) + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(data_sectors)
    )


def build() -> dict[str, bytes]:
    base = template()
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return {
        "far_cell.xlsx": edit(
            base, ENTRIES, lambda x: x.replace("</sheetData>", far + "</sheetData>")
        ),
        "far_dimension.xlsx": edit(
            base,
            ENTRIES,
            lambda x: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', x),
        ),
        "shared_strings_count.xlsx": edit(
            base,
            "xl/sharedStrings.xml",
            lambda x: re.sub(r'uniqueCount="\d+"', 'uniqueCount="4000000000"', x),
        ),
        "hidden_sheet.xlsx": hidden_behind_copy(base),
        "error_value.xlsx": edit(
            base,
            ENTRIES,
            cells({NUMERATOR: raw('<c r="{ref}" t="e"><f>1/0</f><v>#DIV/0!</v></c>')}),
        ),
        "formula_without_value.xlsx": edit(
            base,
            ENTRIES,
            cells({DENOMINATOR: raw(f'<c r="{{ref}}"><f>SUM({NUMERATOR}:{NUMERATOR})</f></c>')}),
        ),
        "renamed_header.xlsx": edit(
            base, ENTRIES, cells({"J1": text("说明"), "J5": text("党委会纪要")})
        ),
        "value_beyond_header.xlsx": edit(base, ENTRIES, cells({"N5": text("99")})),
        "password.xlsx": compound_file(
            {"EncryptionInfo": b"\x04\x00\x04\x00" + b"\0" * 60, "EncryptedPackage": b"\0" * 700}
        ),
    }


def main() -> int:
    for name, content in build().items():
        (HERE / name).write_bytes(content)
        print(f"wrote {name} ({len(content)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
