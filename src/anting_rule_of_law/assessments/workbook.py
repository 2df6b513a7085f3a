"""Read a filled fill-in workbook (fastexcel) back as a raw assessment, every cell located.

Why: the workbook written by ``template`` is the form most towns fill. Reading
it by its header cells (not fixed positions) and naming each problem by sheet and
cell (``具体指标!F12``) lets the user go straight to the cell to fix. The
basic-information sheet names the layout (``layout.LAYOUT_VERSION``); a workbook
without that row is the first layout (a column per input) and is read as before,
layout 2 (a row per input) by ``workbook_form``, any other is refused by name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from anting_rule_of_law.assessments.layout import (
    INPUT_COLUMNS,
    LAYOUT_VERSION,
    SHEETS,
    VETO_COLUMNS,
    column_letter,
    header_key,
)
from anting_rule_of_law.assessments.raw import RawAssessment, RawEntry, RawValue, RawVeto
from anting_rule_of_law.assessments.workbook_form import read_form_entries
from anting_rule_of_law.errors import Problem
from anting_rule_of_law.fileio import MAX_INPUT_BYTES, sha256_bytes
from anting_rule_of_law.literals import Severity

__all__ = ["read_workbook"]

_ENTRY_KNOWN: dict[str, str] = {"code": "code", "编号": "code"}
for _key, _zh, _en in INPUT_COLUMNS:
    _ENTRY_KNOWN[_key] = _key
    _ENTRY_KNOWN[_zh] = _key
    _ENTRY_KNOWN[_en] = _key
_VETO_KNOWN: dict[str, str] = {}
for _key, _zh, _en in VETO_COLUMNS:
    _VETO_KNOWN[_key] = _key
    _VETO_KNOWN[_zh] = _key
    _VETO_KNOWN[_en] = _key


def _p(file: str, where: str, en: str, zh: str, severity: Severity = "error") -> Problem:
    return Problem(file=file, where=where, en=en, zh=zh, severity=severity)


def _cell(sheet: str, row: int, col: int) -> str:
    """Zero-based row and column -> ``具体指标!F12``."""
    return f"{sheet}!{column_letter(col)}{row + 1}"


def _rows(reader: Any, sheet: str) -> list[list[str | None]]:
    """All cells of a sheet as text (None for empty), starting at A1."""
    frame = reader.load_sheet_by_name(sheet, header_row=None, dtypes="string").to_polars()
    return [list(row) for row in frame.rows()]


def _find_sheet(names: list[str], key: str) -> str | None:
    for candidate in SHEETS[key]:
        if candidate in names:
            return candidate
    return None


def read_workbook(path: str | Path) -> tuple[RawAssessment | None, list[Problem]]:
    """The raw assessment in a filled workbook, or ``None`` and the problems that prevent reading it."""
    import fastexcel

    file = str(path)
    p = Path(path)
    try:
        if p.stat().st_size > MAX_INPUT_BYTES:
            return None, [_p(file, "", "file is too large", "文件过大")]
        data = p.read_bytes()
    except FileNotFoundError:
        return None, [_p(file, "", "file not found", "文件不存在")]
    except IsADirectoryError:
        return None, [_p(file, "", "is a directory, not a file", "这是目录而不是文件")]
    except OSError as exc:
        return None, [_p(file, "", f"cannot read: {exc.strerror}", f"无法读取：{exc.strerror}")]
    if not data:
        return None, [_p(file, "", "file is empty", "文件为空")]
    try:
        reader = fastexcel.read_excel(data)
        names = list(reader.sheet_names)
    except Exception as exc:  # fastexcel raises its own error types for any broken file
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, [
            _p(
                file,
                "",
                f"not a readable Excel workbook ({first})",
                f"不是可读取的 Excel 工作簿（{first}）",
            )
        ]
    problems: list[Problem] = []
    sheets = {key: _find_sheet(names, key) for key in ("info", "entries", "vetoes")}
    for key in ("info", "entries"):
        if sheets[key] is None:
            zh, en = SHEETS[key]
            problems.append(
                _p(
                    file,
                    "",
                    f"sheet {zh!r} ({en}) is missing: use the workbook written by 'anting-rol template'",
                    f"缺少工作表“{zh}”：请使用 anting-rol template 生成的工作簿",
                )
            )
    if problems:
        return None, problems
    try:
        info_sheet, entry_sheet = sheets["info"], sheets["entries"]
        assert info_sheet is not None and entry_sheet is not None
        info_rows = _rows(reader, info_sheet)
        entry_rows = _rows(reader, entry_sheet)
        veto_sheet = sheets["vetoes"]
        veto_rows = _rows(reader, veto_sheet) if veto_sheet else []
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, [
            _p(file, "", f"cannot read the workbook ({first})", f"无法读取工作簿（{first}）")
        ]

    header = _info(info_rows, info_sheet, file, problems)
    if header is None:
        return None, problems
    layout = _layout(header.pop("layout", None), file, problems)
    if layout is None:
        return None, problems
    if layout == 1:
        entries = _entries(entry_rows, entry_sheet, file, problems)
    else:
        entries = read_form_entries(entry_rows, entry_sheet, file, problems)
    if entries is None:
        return None, problems  # the layout was changed: reading on would only add noise
    raw = RawAssessment(
        file=file,
        where="",
        header=header,
        entries=entries,
        entries_where=entry_sheet,
        sha256=sha256_bytes(data),
        source_path=file,
    )
    if veto_sheet:
        raw.vetoes = _vetoes(veto_rows, veto_sheet, file, problems)
    # Row-level problems (a value without a code ...) are reported with the builder's own.
    return raw, problems


def _layout(value: RawValue | None, file: str, problems: list[Problem]) -> int | None:
    """The workbook's layout: 1 when the info sheet has no layout row (the first
    template), else the number written there; ``None`` (and a problem) for one this
    version cannot read."""
    if value is None or _blank(value.value):
        return 1
    text = str(value.value).strip()
    number = text[:-2] if text.endswith(".0") else text
    if number in ("1", str(LAYOUT_VERSION)):
        return int(number)
    problems.append(
        _p(
            file,
            value.where,
            f"workbook layout {text} is not one this version reads (layouts 1 and "
            f"{LAYOUT_VERSION}); write a new template with 'anting-rol template' and copy the "
            "values into it",
            f"工作簿版式 {text} 不是本版本能读取的版式（可读版式 1 和 {LAYOUT_VERSION}）；"
            "请用 anting-rol template 生成新模板并把数据填入",
        )
    )
    return None


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _layout_error(file: str, sheet: str, expected: str) -> Problem:
    return _p(
        file,
        f"{sheet}!A1",
        f"the sheet's layout was changed (expected {expected!r} in A1); "
        "use the workbook written by 'anting-rol template'",
        f"工作表结构被改动（A1 应为 {expected!r}）；请使用 anting-rol template 生成的工作簿",
    )


def _info(
    rows: list[list[str | None]], sheet: str, file: str, problems: list[Problem]
) -> dict[str, RawValue] | None:
    from anting_rule_of_law.assessments.template import INFO_ROWS

    keys = {key for key, _, _ in INFO_ROWS}
    if not rows or _blank(rows[0][0]) or not rows[0][0] or "项目" not in str(rows[0][0]):
        problems.append(_layout_error(file, sheet, "项目"))
        return None
    header: dict[str, RawValue] = {}
    for r, row in enumerate(rows[1:], start=1):
        key = (row[1] or "").strip() if len(row) > 1 else ""
        if key not in keys:
            continue
        value = row[2] if len(row) > 2 else None
        header[key] = RawValue(value, _cell(sheet, r, 2))
    return header


def _columns(
    header: list[str | None], known: dict[str, str], sheet: str, file: str, problems: list[Problem]
) -> dict[str, int]:
    columns: dict[str, int] = {}
    for c, text in enumerate(header):
        if _blank(text):
            continue
        assert text is not None
        key = header_key(text, known)
        if key is None:
            continue
        if key in columns:
            problems.append(
                _p(file, _cell(sheet, 0, c), f"column {key!r} appears twice", f"列 {key!r} 重复")
            )
            continue
        columns[key] = c
    return columns


def _entries(
    rows: list[list[str | None]], sheet: str, file: str, problems: list[Problem]
) -> list[RawEntry] | None:
    if not rows or "code" not in _columns(rows[0][:1], _ENTRY_KNOWN, sheet, file, []):
        problems.append(_layout_error(file, sheet, "编号"))
        return None
    columns = _columns(rows[0], _ENTRY_KNOWN, sheet, file, problems)
    code_col = columns.pop("code")
    entries: list[RawEntry] = []
    for r, row in enumerate(rows[1:], start=1):
        fields = {
            key: RawValue(row[c], _cell(sheet, r, c))
            for key, c in columns.items()
            if c < len(row) and not _blank(row[c])
        }
        clauses = fields.get("clauses")
        if clauses is not None and not any(
            part.partition("=")[2].strip()
            for part in str(clauses.value).replace("；", ";").split(";")
        ):
            del fields["clauses"]  # the pre-filled "c1=;c2=" with nothing entered
        code = row[code_col] if code_col < len(row) else None
        if _blank(code):
            if fields:
                problems.append(
                    _p(
                        file,
                        _cell(sheet, r, code_col),
                        "values entered on a row without an indicator code",
                        "该行填写了数值，但没有指标编号",
                    )
                )
            continue
        if not fields:
            continue  # an indicator left empty: reported as missing by the builder
        assert code is not None
        entries.append(
            RawEntry(
                where=_cell(sheet, r, code_col),
                code=RawValue(code.strip(), _cell(sheet, r, code_col)),
                fields=fields,
            )
        )
    return entries


def _vetoes(
    rows: list[list[str | None]], sheet: str, file: str, problems: list[Problem]
) -> list[RawVeto]:
    if not rows:
        return []
    columns = _columns(rows[0], _VETO_KNOWN, sheet, file, problems)
    if "code" not in columns or "triggered" not in columns:
        problems.append(_layout_error(file, sheet, "编号"))
        return []
    out: list[RawVeto] = []
    for r, row in enumerate(rows[1:], start=1):

        def get(key: str, row: list[str | None] = row) -> str | None:
            c = columns.get(key)
            return row[c] if c is not None and c < len(row) else None

        code, triggered = get("code"), get("triggered")
        if _blank(code) or _blank(triggered):
            continue
        assert code is not None
        out.append(
            RawVeto(
                where=_cell(sheet, r, columns["code"]),
                code=RawValue(code.strip(), _cell(sheet, r, columns["code"])),
                triggered=RawValue(triggered, _cell(sheet, r, columns["triggered"])),
                note=(get("note") or "").strip(),
            )
        )
    return out
