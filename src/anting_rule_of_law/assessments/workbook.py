"""Read a filled fill-in workbook (fastexcel) back as a raw assessment, every cell located.

Why: the workbook written by ``template`` is the form most towns fill. Reading
it by its header cells (not fixed positions) and naming each problem by sheet and
cell (``具体指标!F12``) lets the user go straight to the cell to fix. The
basic-information sheet names the layout (``layout.LAYOUT_VERSION``); a workbook
without that row is the first layout (a column per input) and is read as before,
layout 2 (a row per input) by ``workbook_form``, any other is refused by name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from anting_rule_of_law.assessments.layout import (
    INPUT_COLUMNS,
    LAYOUT_VERSION,
    REVIEW_VETO_COLUMNS,
    SHEETS,
    STRUCTURE_COLUMNS,
    VETO_COLUMNS,
)
from anting_rule_of_law.assessments.numbers import NumberError, parse_bool
from anting_rule_of_law.assessments.raw import RawAssessment, RawEntry, RawValue, RawVeto
from anting_rule_of_law.assessments.sheetcheck import (
    blank,
    cell_place,
    header_columns,
    unreadable_cell,
)
from anting_rule_of_law.assessments.workbook_form import read_form_entries
from anting_rule_of_law.errors import Problem
from anting_rule_of_law.fileio import sha256_bytes
from anting_rule_of_law.limits import MAX_INPUT_BYTES
from anting_rule_of_law.literals import Severity
from anting_rule_of_law.officefile import WorkbookFacts, inspect_workbook

__all__ = ["read_workbook"]

_ENTRY_KNOWN: dict[str, str] = {"code": "code", "编号": "code"}
for _key, _zh, _en in INPUT_COLUMNS:
    _ENTRY_KNOWN[_key] = _key
    _ENTRY_KNOWN[_zh] = _key
    _ENTRY_KNOWN[_en] = _key
_VETO_KNOWN: dict[str, str] = {}
for _key, _zh, _en in (*VETO_COLUMNS, *REVIEW_VETO_COLUMNS):
    _VETO_KNOWN[_key] = _key
    _VETO_KNOWN[_zh] = _key
    _VETO_KNOWN[_en] = _key
#: The indicator sheet's read-only columns: known, but not read.
_STRUCTURE_KNOWN: dict[str, str] = {}
for _key, _zh, _en in STRUCTURE_COLUMNS[1:]:
    _STRUCTURE_KNOWN[_key] = _key
    _STRUCTURE_KNOWN[_zh] = _key
    _STRUCTURE_KNOWN[_en] = _key


def _p(file: str, where: str, en: str, zh: str, severity: Severity = "error") -> Problem:
    return Problem(file=file, where=where, en=en, zh=zh, severity=severity)


def _rows(reader: Any, sheet: str) -> tuple[list[list[str | None]], str]:
    """All cells of a sheet as text (None for empty), starting at A1, and its visibility."""
    loaded = reader.load_sheet_by_name(sheet, header_row=None, dtypes="string")
    frame = loaded.to_polars()
    return [list(row) for row in frame.rows()], str(loaded.visible)


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
    facts, problems = inspect_workbook(data, file)
    if facts is None:
        return None, problems
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
        info_rows, info_state = _rows(reader, info_sheet)
        entry_rows, entry_state = _rows(reader, entry_sheet)
        veto_sheet = sheets["vetoes"]
        veto_rows, veto_state = _rows(reader, veto_sheet) if veto_sheet else ([], "visible")
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, [
            _p(file, "", f"cannot read the workbook ({first})", f"无法读取工作簿（{first}）")
        ]
    states = {info_sheet: info_state, entry_sheet: entry_state}
    if veto_sheet:
        states[veto_sheet] = veto_state
    problems.extend(_sheet_choice(facts, names, sheets, states, file))

    def bad(sheet: str) -> Mapping[tuple[int, int], str]:
        return facts.unreadable.get(sheet, {})

    header = _info(info_rows, info_sheet, file, problems, bad(info_sheet))
    if header is None:
        return None, problems
    layout = _layout(header.pop("layout", None), file, problems)
    if layout is None:
        return None, problems
    if layout == 1:
        entries = _entries(entry_rows, entry_sheet, file, problems, bad(entry_sheet))
    else:
        entries = read_form_entries(entry_rows, entry_sheet, file, problems, bad(entry_sheet))
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
        raw.vetoes = _vetoes(veto_rows, veto_sheet, file, problems, bad(veto_sheet))
    # Row-level problems (a value without a code ...) are reported with the builder's own.
    return raw, problems


def _layout(value: RawValue | None, file: str, problems: list[Problem]) -> int | None:
    """The workbook's layout: 1 when the info sheet has no layout row (the first
    template), else the number written there; ``None`` (and a problem) for one this
    version cannot read."""
    if value is None or blank(value.value):
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


def _sheet_choice(
    facts: WorkbookFacts,
    names: list[str],
    chosen: Mapping[str, str | None],
    loaded: Mapping[str, str],
    file: str,
) -> list[Problem]:
    """Read the sheets as people see them: a hidden sheet is an error, a copy a warning.

    The sheet read is always the one the template names; a hidden one would be
    scored while the visible copy beside it says something else.
    """
    problems: list[Problem] = []
    for key, sheet in chosen.items():
        if sheet is None:
            continue
        zh, en = SHEETS[key]
        copies = [
            n
            for n in names
            if n != sheet and (zh in n or en.casefold() in n.casefold()) and n not in (zh, en)
        ]
        twin = en if sheet == zh else zh
        if twin in names:
            copies.insert(0, twin)
        state = facts.state(sheet) or loaded.get(sheet, "visible")
        if state.casefold() != "visible":
            seen = f" (the visible sheet {copies[0]!r} looks like a copy of it)" if copies else ""
            seen_zh = f"（可见的工作表“{copies[0]}”看起来是它的副本）" if copies else ""
            problems.append(
                _p(
                    file,
                    sheet,
                    f"sheet {sheet!r} is hidden{seen}; only sheet {sheet!r} is read: unhide it "
                    f"and check it, or delete it and give the sheet you filled the name {sheet!r}",
                    f"工作表“{sheet}”被隐藏{seen_zh}；只读取“{sheet}”：请取消隐藏并核对，"
                    f"或删除它并把实际填写的工作表命名为“{sheet}”",
                )
            )
            copies = copies[1:]
        for copy in copies:
            problems.append(
                _p(
                    file,
                    copy,
                    f"sheet {copy!r} looks like a copy of {sheet!r} and is not read; "
                    f"sheet {sheet!r} is read",
                    f"工作表“{copy}”看起来是“{sheet}”的副本，未读取；读取的是“{sheet}”",
                    "warning",
                )
            )
    return problems


def _layout_error(file: str, sheet: str, expected: str) -> Problem:
    return _p(
        file,
        f"{sheet}!A1",
        f"the sheet's layout was changed (expected {expected!r} in A1); "
        "use the workbook written by 'anting-rol template'",
        f"工作表结构被改动（A1 应为 {expected!r}）；请使用 anting-rol template 生成的工作簿",
    )


def _info(
    rows: list[list[str | None]],
    sheet: str,
    file: str,
    problems: list[Problem],
    bad: Mapping[tuple[int, int], str],
) -> dict[str, RawValue] | None:
    from anting_rule_of_law.assessments.template import INFO_ROWS

    keys = {key for key, _, _ in INFO_ROWS}
    if not rows or blank(rows[0][0]) or not rows[0][0] or "项目" not in str(rows[0][0]):
        problems.append(_layout_error(file, sheet, "项目"))
        return None
    header: dict[str, RawValue] = {}
    for r, row in enumerate(rows[1:], start=1):
        key = (row[1] or "").strip() if len(row) > 1 else ""
        if key not in keys:
            continue
        if unreadable_cell(file, sheet, r, 2, bad, problems):
            continue
        value = row[2] if len(row) > 2 else None
        header[key] = RawValue(value, cell_place(sheet, r, 2))
    return header


def _entries(
    rows: list[list[str | None]],
    sheet: str,
    file: str,
    problems: list[Problem],
    bad: Mapping[tuple[int, int], str],
) -> list[RawEntry] | None:
    if not rows or "code" not in header_columns([rows[0][:1]], _ENTRY_KNOWN, sheet, file, []):
        problems.append(_layout_error(file, sheet, "编号"))
        return None
    columns = header_columns(rows, _ENTRY_KNOWN, sheet, file, problems, _STRUCTURE_KNOWN)
    code_col = columns.pop("code")
    entries: list[RawEntry] = []
    for r, row in enumerate(rows[1:], start=1):
        unreadable = {c for c in (code_col, *columns.values()) if (r, c) in bad and c < len(row)}
        for c in sorted(unreadable):
            unreadable_cell(file, sheet, r, c, bad, problems)
        fields = {
            key: RawValue(row[c], cell_place(sheet, r, c))
            for key, c in columns.items()
            if c < len(row) and not blank(row[c]) and c not in unreadable
        }
        clauses = fields.get("clauses")
        if clauses is not None and not any(
            part.partition("=")[2].strip()
            for part in str(clauses.value).replace("；", ";").split(";")
        ):
            del fields["clauses"]  # the pre-filled "c1=;c2=" with nothing entered
        code = row[code_col] if code_col < len(row) else None
        if blank(code):
            if fields:
                problems.append(
                    _p(
                        file,
                        cell_place(sheet, r, code_col),
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
                where=cell_place(sheet, r, code_col),
                code=RawValue(code.strip(), cell_place(sheet, r, code_col)),
                fields=fields,
            )
        )
    return entries


def _yes_no(text: str | None) -> bool | str | None:
    """A veto answer as a reviewer's comparison sees it: 是 and yes alike, blank None,
    anything unreadable as its text (the ordinary checks report that one)."""
    if blank(text):
        return None
    try:
        return parse_bool(text)
    except NumberError:
        return (text or "").strip()


def _held_to_a_remark(
    file: str,
    sheet: str,
    r: int,
    columns: Mapping[str, int],
    code: str,
    get: Callable[[str], str | None],
    problems: list[Problem],
) -> None:
    """In a reviewer's workbook, a veto answer that differs from the town's (its locked
    自评是否触发) needs the reviewer's reason in 说明, as a changed indicator does."""
    if _yes_no(get("triggered")) == _yes_no(get("town_triggered")) or not blank(get("note")):
        return
    changed = cell_place(sheet, r, columns["triggered"])
    where = cell_place(sheet, r, columns["note"]) if "note" in columns else changed
    problems.append(
        Problem(
            file=file,
            where=where,
            en=f"veto item {code}: the reviewer's 'triggered' differs from the town's ({changed})"
            " but no reason is given in its 'note'",
            zh=f"否决项 {code}：审核的“是否触发”与自评不同（{changed}），但未在“说明”中写明理由",
        )
    )


def _vetoes(
    rows: list[list[str | None]],
    sheet: str,
    file: str,
    problems: list[Problem],
    bad: Mapping[tuple[int, int], str],
) -> list[RawVeto]:
    if not rows:
        return []
    columns = header_columns(rows, _VETO_KNOWN, sheet, file, problems)
    if "code" not in columns or "triggered" not in columns:
        problems.append(_layout_error(file, sheet, "编号"))
        return []
    read = [columns[k] for k in ("code", "triggered", "note") if k in columns]
    out: list[RawVeto] = []
    for r, row in enumerate(rows[1:], start=1):
        if any([unreadable_cell(file, sheet, r, c, bad, problems) for c in read]):
            continue

        def get(key: str, row: list[str | None] = row) -> str | None:
            c = columns.get(key)
            return row[c] if c is not None and c < len(row) else None

        code, triggered = get("code"), get("triggered")
        if "town_triggered" in columns and not blank(code):
            _held_to_a_remark(file, sheet, r, columns, (code or "").strip(), get, problems)
        if blank(code) or blank(triggered):
            continue
        assert code is not None
        out.append(
            RawVeto(
                where=cell_place(sheet, r, columns["code"]),
                code=RawValue(code.strip(), cell_place(sheet, r, columns["code"])),
                triggered=RawValue(triggered, cell_place(sheet, r, columns["triggered"])),
                note=(get("note") or "").strip(),
            )
        )
    return out
