"""What an Office file really is, checked before any parser allocates for it.

Why: the Excel reader (calamine, behind fastexcel) allocates the whole rectangle
from A1 to a sheet's farthest cell, and reserves as many shared strings as the
file declares, so a 10 KB workbook with one cell at ``XFD1048576`` asks for
549 GB and aborts the process. This module reads the package itself first, in
bounded memory: it names what a file is when it is not a workbook (a PDF, an old
Word ``.doc``, a password-protected workbook), unpacks every part under a budget
(zip bombs), and streams each worksheet's XML to find its extent, its sheet
states (hidden or visible) and the cells whose value Excel could not give (an
error such as ``#DIV/0!``, or a formula saved without its computed value).
Only a workbook within :mod:`anting_rule_of_law.limits` reaches fastexcel.
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import struct
import zipfile
from collections.abc import Mapping
from typing import IO, Any
from xml.etree import ElementTree as ET

from attrs import field, frozen

from anting_rule_of_law.errors import Problem
from anting_rule_of_law.limits import (
    MAX_SHARED_STRINGS,
    MAX_SHEET_CELLS,
    MAX_WORKBOOK_PARTS,
    MAX_WORKBOOK_UNPACKED_BYTES,
)

__all__ = [
    "PackageRefused",
    "PartBudget",
    "SheetState",
    "WorkbookFacts",
    "cell_name",
    "inspect_workbook",
    "office_kind",
    "ole_stream_names",
    "open_package",
    "refuse_dtd",
    "unreadable_problem",
]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1 << 16
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,7})\$?([0-9]{1,10})")


@frozen
class SheetState:
    """A sheet as the workbook lists it: its name and ``visible``, ``hidden`` or ``veryHidden``."""

    name: str
    state: str = "visible"

    @property
    def visible(self) -> bool:
        return self.state == "visible"


@frozen
class WorkbookFacts:
    """What the package says about itself (for .xls only ``kind`` is known before parsing)."""

    kind: str
    sheets: tuple[SheetState, ...] = ()
    #: The sheet Excel opens on (``None`` when not recorded).
    active: str | None = None
    #: Per sheet: ``(row, column)`` (zero-based) -> the error value shown (``#DIV/0!``),
    #: or ``""`` for a formula saved without its computed value.
    unreadable: Mapping[str, Mapping[tuple[int, int], str]] = field(factory=dict)

    def state(self, name: str) -> str | None:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet.state
        return None


class PackageRefused(Exception):
    """A package part breaks a bound (or declares a DTD); ``where``, ``en`` and ``zh`` say how."""

    def __init__(self, where: str, en: str, zh: str) -> None:
        super().__init__(en)
        self.where, self.en, self.zh = where, en, zh


def cell_name(row: int, col: int) -> str:
    """Zero-based (row, column) -> ``A1`` notation."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def _parse_ref(ref: str | None) -> tuple[int, int] | None:
    if not ref:
        return None
    match = _CELL_REF.fullmatch(ref.strip())
    if match is None:
        return None
    col = 0
    for ch in match.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)) - 1, col - 1


def office_kind(data: bytes) -> str:
    """``zip``, ``ole`` (a compound file: .xls, .doc, an encrypted package), ``pdf`` or ``other``."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.startswith(_OLE_MAGIC):
        return "ole"
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    return "other"


def ole_stream_names(data: bytes) -> set[str]:
    """Names in a compound file's directory (Workbook, WordDocument, EncryptionInfo ...).

    Reads only the header, the first 109 FAT sectors and the directory chain, each
    bounded; a file too damaged to follow gives an empty set.
    """
    if len(data) < 512:
        return set()
    shift = int.from_bytes(data[30:32], "little")
    if shift not in (9, 12):
        return set()
    size = 1 << shift
    fat: list[int] = []
    for i in range(109):
        sector = int.from_bytes(data[76 + 4 * i : 80 + 4 * i], "little")
        offset = (sector + 1) * size
        if sector >= 0xFFFFFFFA or offset + size > len(data):
            continue
        fat.extend(struct.unpack_from(f"<{size // 4}I", data, offset))
    names: set[str] = set()
    sector = int.from_bytes(data[48:52], "little")
    seen: set[int] = set()
    while sector < 0xFFFFFFFA and sector not in seen and len(seen) < 4096:
        seen.add(sector)
        offset = (sector + 1) * size
        if offset + size > len(data):
            break
        for start in range(offset, offset + size, 128):
            length = int.from_bytes(data[start + 64 : start + 66], "little")
            if 2 <= length <= 64:
                names.add(data[start : start + length - 2].decode("utf-16-le", "replace"))
        sector = fat[sector] if sector < len(fat) else 0xFFFFFFFE
    return names


def _not_workbook(file: str, en: str, zh: str) -> Problem:
    return Problem(
        file=file,
        where="",
        en=f"not a readable Excel workbook: {en}",
        zh=f"不是可读取的 Excel 工作簿：{zh}",
    )


def _ole_problem(data: bytes, file: str) -> Problem | None:
    names = {n.casefold() for n in ole_stream_names(data)}
    if names & {"encryptioninfo", "encryptedpackage"}:
        return Problem(
            file=file,
            where="",
            en="the workbook is protected by a password: remove it in Excel "
            "(File > Info > Protect Workbook > Encrypt with Password) and save again",
            zh="工作簿设置了打开密码：请在 Excel 中取消（文件 > 信息 > 保护工作簿 > 用密码进行加密）后重新保存",
        )
    if "worddocument" in names:
        return _not_workbook(
            file, "it is an old Word document (.doc)", "这是旧版 Word 文档（.doc）"
        )
    if "powerpoint document" in names:
        return _not_workbook(file, "it is a PowerPoint file", "这是 PowerPoint 文件")
    return None


class PartBudget:
    """Bytes unpacked from a package so far; refuses past :data:`MAX_WORKBOOK_UNPACKED_BYTES`.

    The sizes a zip declares are not trusted: each part is inflated for real and
    counted as it comes.
    """

    def __init__(self, limit: int = MAX_WORKBOOK_UNPACKED_BYTES) -> None:
        self.limit = limit
        self.used = 0

    def stream(self, package: zipfile.ZipFile, info: zipfile.ZipInfo) -> _Counted:
        """A reader over the part's real content, counting every byte against the budget."""
        honest = copy.copy(info)
        honest.file_size = self.limit + 1  # read to the end of the deflate stream, not the claim
        return _Counted(package.open(honest), self)

    def xml_stream(self, package: zipfile.ZipFile, info: zipfile.ZipInfo) -> _DtdGuard:
        """Like :meth:`stream`, refusing the part if its prolog declares a DTD."""
        return _DtdGuard(self.stream(package, info), info.filename)

    def read(self, package: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
        with self.stream(package, info) as fh:
            return fh.read()

    def drain(self, package: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        with self.stream(package, info) as fh:
            while fh.read(_CHUNK):
                pass


class _Counted(io.RawIOBase):
    def __init__(self, inner: IO[bytes], budget: PartBudget) -> None:
        self.inner, self.budget = inner, budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.inner.read(min(len(buffer), _CHUNK))
        self.budget.used += len(chunk)
        if self.budget.used > self.budget.limit:
            mib = self.budget.limit // (1024 * 1024)
            raise PackageRefused(
                "",
                f"the file unpacks to more than {mib} MiB (the limit; a zip bomb?)",
                f"文件解压后超过 {mib} MiB（上限；疑似压缩炸弹）",
            )
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        self.inner.close()
        super().close()


def open_package(data: bytes, file: str) -> tuple[zipfile.ZipFile | None, list[Problem]]:
    """The zip package in ``data``, or the problem (damaged, too many parts)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        return None, [
            _not_workbook(file, f"a damaged zip archive ({exc})", f"zip 文件已损坏（{exc}）")
        ]
    if len(infos) > MAX_WORKBOOK_PARTS:
        return None, [
            Problem(
                file=file,
                where="",
                en=f"the package holds {len(infos)} parts; at most {MAX_WORKBOOK_PARTS} are allowed",
                zh=f"文件包含 {len(infos)} 个部件；最多允许 {MAX_WORKBOOK_PARTS} 个",
            )
        ]
    return package, []


def inspect_workbook(data: bytes, file: str) -> tuple[WorkbookFacts | None, list[Problem]]:
    """Facts about a workbook file, or ``None`` and the problems that keep it from any parser."""
    kind = office_kind(data)
    if kind == "pdf":
        return None, [_not_workbook(file, "it is a PDF document", "这是 PDF 文档")]
    if kind == "other":
        return None, [
            _not_workbook(
                file,
                "its content is neither .xlsx nor .xls (a renamed file?)",
                "文件内容既不是 .xlsx 也不是 .xls（是否改过扩展名？）",
            )
        ]
    if kind == "ole":
        problem = _ole_problem(data, file)
        return (None, [problem]) if problem else (WorkbookFacts(kind="xls"), [])
    package, problems = open_package(data, file)
    if package is None:
        return None, problems
    with package:
        try:
            return _inspect_xlsx(package, file), []
        except PackageRefused as exc:
            return None, [Problem(file=file, where=exc.where, en=exc.en, zh=exc.zh)]
        except Exception as exc:  # zipfile, zlib and expat each raise their own kinds
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return None, [
                _not_workbook(file, f"a damaged package ({detail})", f"文件已损坏（{detail}）")
            ]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _attr(element: ET.Element, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace (``r:id``)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _xml(budget: PartBudget, package: zipfile.ZipFile, info: zipfile.ZipInfo) -> ET.Element:
    raw = budget.read(package, info)
    refuse_dtd(raw[:4096], info.filename)
    return ET.fromstring(raw)


def refuse_dtd(head: bytes, part: str) -> None:
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise PackageRefused(
            "",
            f"the part {part} declares a DTD: refused",
            f"部件 {part} 含有 DTD 声明：拒绝读取",
        )


def _inspect_xlsx(package: zipfile.ZipFile, file: str) -> WorkbookFacts:
    budget = PartBudget()
    infos = {info.filename: info for info in package.infolist()}
    if "xl/workbook.xml" not in infos and "content.xml" in infos:
        return _inspect_ods(budget, package, infos)
    if "xl/workbook.xml" not in infos:
        if "word/document.xml" in infos:
            raise PackageRefused(
                "", *_kind_texts("a Word document (.docx)", "这是 Word 文档（.docx）")
            )
        raise PackageRefused(
            "",
            *_kind_texts("a zip archive without a workbook inside", "这是不含工作簿的 zip 压缩包"),
        )
    book = _xml(budget, package, infos["xl/workbook.xml"])
    targets = _sheet_targets(budget, package, infos)
    sheets: list[SheetState] = []
    parts: dict[str, str] = {}
    active_index = 0
    for element in book.iter():
        tag = _local(element.tag)
        if tag == "workbookView" and element.get("activeTab", "").isdigit():
            active_index = int(element.get("activeTab", "0"))
        elif tag == "sheet":
            name = element.get("name", "")
            sheets.append(SheetState(name=name, state=element.get("state", "visible")))
            target = targets.get(_attr(element, "id") or "")
            if target is not None:
                parts[target] = name
    for part in infos:
        if part.startswith("xl/worksheets/") and part.endswith(".xml"):
            parts.setdefault(part, part)
    unreadable: dict[str, dict[tuple[int, int], str]] = {}
    for part, info in infos.items():
        if part in parts:
            unreadable[parts[part]] = _scan_sheet(budget, package, info, parts[part])
        elif part == "xl/sharedStrings.xml":
            _check_shared_strings(budget, package, info)
        else:
            budget.drain(package, info)
    active = sheets[active_index].name if 0 <= active_index < len(sheets) else None
    return WorkbookFacts(kind="xlsx", sheets=tuple(sheets), active=active, unreadable=unreadable)


_ODS_REPEAT_ROWS = "number-rows-repeated"
_ODS_REPEAT_COLUMNS = "number-columns-repeated"


def _repeat(element: ET.Element, name: str) -> int:
    text = _attr(element, name) or "1"
    return int(text) if text.isdigit() else 1


def _inspect_ods(
    budget: PartBudget, package: zipfile.ZipFile, infos: Mapping[str, zipfile.ZipInfo]
) -> WorkbookFacts:
    """An OpenDocument spreadsheet: each table's extent, repeats expanded as the reader would.

    ``table:number-rows-repeated="1048576"`` on a row holding a value makes the
    reader build every one of those rows, so the extent counts them.
    """
    sheets: list[SheetState] = []
    for part, info in infos.items():
        if part != "content.xml":
            budget.drain(package, info)
            continue
        with budget.xml_stream(package, info) as stream:
            rows = cols = row = 0
            table = ""
            parents: list[ET.Element] = []
            for event, element in ET.iterparse(stream, events=("start", "end")):
                tag = _local(element.tag)
                if event == "start":
                    parents.append(element)
                    if tag == "table":
                        table = _attr(element, "name") or f"table {len(sheets) + 1}"
                        sheets.append(SheetState(name=table))
                        rows = cols = row = 0
                    elif tag == "table-row":
                        element.set("col", "0")
                    continue
                parents.pop()
                if tag in ("table-cell", "covered-table-cell") and parents:
                    holder = parents[-1]
                    col = int(holder.get("col", "0"))
                    span = _repeat(element, _ODS_REPEAT_COLUMNS)
                    if len(element) or _attr(element, "value-type"):
                        cols = max(cols, col + span)
                        holder.set("filled", "1")
                    holder.set("col", str(col + span))
                    element.clear()
                elif tag == "table-row":
                    span = _repeat(element, _ODS_REPEAT_ROWS)
                    if element.get("filled"):
                        rows = row + span
                        if rows * cols > MAX_SHEET_CELLS:
                            where = f"{table}!{cell_name(rows - 1, cols - 1)}"
                            raise _too_wide(where, None, rows, cols)
                    row += span
                    element.clear()
    return WorkbookFacts(kind="ods", sheets=tuple(sheets))


def _kind_texts(en: str, zh: str) -> tuple[str, str]:
    return f"not a readable Excel workbook: {en}", f"不是可读取的 Excel 工作簿：{zh}"


def _sheet_targets(
    budget: PartBudget, package: zipfile.ZipFile, infos: Mapping[str, zipfile.ZipInfo]
) -> dict[str, str]:
    """Relationship id -> part name, from ``xl/_rels/workbook.xml.rels``."""
    info = infos.get("xl/_rels/workbook.xml.rels")
    if info is None:
        return {}
    out: dict[str, str] = {}
    for element in _xml(budget, package, info).iter():
        if _local(element.tag) != "Relationship":
            continue
        target = element.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        out[element.get("Id", "")] = posixpath.normpath(part)
    return out


def _check_shared_strings(
    budget: PartBudget, package: zipfile.ZipFile, info: zipfile.ZipInfo
) -> None:
    with budget.stream(package, info) as fh:
        head = fh.read(4096)
        refuse_dtd(head, info.filename)
        for name in (b"uniqueCount", b"count"):
            match = re.search(rb"\b" + name + rb"\s*=\s*[\"']\s*([0-9]+)", head)
            if match and int(match.group(1)) > MAX_SHARED_STRINGS:
                raise PackageRefused(
                    "",
                    f"the workbook declares {int(match.group(1))} shared strings; "
                    f"at most {MAX_SHARED_STRINGS} are allowed",
                    f"工作簿声明了 {int(match.group(1))} 个共享字符串；最多允许 {MAX_SHARED_STRINGS} 个",
                )
        while fh.read(_CHUNK):
            pass


def _too_wide(where: str, declared: str | None, rows: int, cols: int) -> PackageRefused:
    """The sheet (or, with ``declared``, its declared range) spans more than the limit."""
    cells = rows * cols
    en = "the sheet" if declared is None else f"the declared range {declared}"
    zh = "该工作表" if declared is None else f"声明的范围 {declared}"
    return PackageRefused(
        where,
        f"{en} spans {cells:,} cells from A1 ({rows:,} rows × {cols:,} columns); "
        f"a sheet may span at most {MAX_SHEET_CELLS:,}",
        f"{zh}从 A1 起共 {cells:,} 个单元格（{rows:,} 行 × {cols:,} 列）；"
        f"每个工作表最多 {MAX_SHEET_CELLS:,} 个",
    )


def _scan_sheet(
    budget: PartBudget, package: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str
) -> dict[tuple[int, int], str]:
    """Stream one worksheet: refuse it past the cell limit, return its unreadable cells."""
    unreadable: dict[tuple[int, int], str] = {}
    rows = cols = 0
    row = col = -1
    with budget.xml_stream(package, info) as stream:
        holder: ET.Element | None = None
        for event, element in ET.iterparse(stream, events=("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "sheetData":
                    holder = element
                elif tag == "row":
                    number = element.get("r", "")
                    row = int(number) - 1 if number.isdigit() else row + 1
                    col = -1
                elif tag == "c":
                    place = _parse_ref(element.get("r"))
                    row, col = place if place is not None else (max(row, 0), col + 1)
                elif tag == "dimension":
                    last = _parse_ref((element.get("ref") or "").rpartition(":")[2])
                    if last is not None and (last[0] + 1) * (last[1] + 1) > MAX_SHEET_CELLS:
                        declared = element.get("ref")
                        raise _too_wide(sheet, declared, last[0] + 1, last[1] + 1)
                continue
            if tag == "c":
                _cell(element, row, col, unreadable)
                if len(element) and (row >= rows or col >= cols):
                    rows, cols = max(rows, row + 1), max(cols, col + 1)
                    if rows * cols > MAX_SHEET_CELLS:
                        raise _too_wide(f"{sheet}!{cell_name(row, col)}", None, rows, cols)
            elif tag == "row" and holder is not None:
                holder.clear()  # a finished row's cells are no longer needed
    return unreadable


def _cell(element: ET.Element, row: int, col: int, out: dict[tuple[int, int], str]) -> None:
    children = {_local(child.tag): child for child in element}
    value = children.get("v")
    text = (value.text or "").strip() if value is not None else ""
    if element.get("t") == "e":
        out[(row, col)] = text or "#N/A"
    elif "f" in children and not text and element.get("t") != "inlineStr":
        out[(row, col)] = ""


class _DtdGuard(io.RawIOBase):
    """Passes a part through, refusing it if its prolog declares a DTD (entity expansion)."""

    def __init__(self, inner: Any, part: str) -> None:
        self.inner, self.part, self.checked = inner, part, False

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.inner.close()
        super().close()

    def readinto(self, buffer: Any) -> int:
        chunk = self.inner.read(len(buffer))
        if not self.checked:
            refuse_dtd(chunk[:4096], self.part)
            self.checked = True
        buffer[: len(chunk)] = chunk
        return len(chunk)


def unreadable_problem(file: str, sheet: str, row: int, col: int, shown: str) -> Problem:
    """The error for a cell whose value Excel could not give."""
    where = f"{sheet}!{cell_name(row, col)}"
    if shown:
        return Problem(
            file=file,
            where=where,
            en=f"the cell shows the Excel error {shown}: type the value, or fix the formula",
            zh=f"单元格显示 Excel 错误值 {shown}：请填写数值或修正公式",
        )
    return Problem(
        file=file,
        where=where,
        en="a formula saved without its computed value (the program that wrote the file "
        "does not calculate): open and save it in Excel or WPS, or type the value",
        zh="公式没有保存计算结果（生成该文件的程序不计算公式）：请用 Excel 或 WPS 打开后保存，或直接填写数值",
    )
