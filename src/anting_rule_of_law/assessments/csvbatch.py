"""A large CSV of assessments read column-wise: the row-wise reader's problems, the engine's frames.

Why: a district's or a province's file holds a million rows; reading it row by
row into records costs about 100 µs a row. Here polars splits and checks the
columns, every distinct value is parsed once by the same functions the row-wise
reader calls (:mod:`numbers`, :mod:`parse`, :mod:`entry_checks`), and the rows
become the frames :func:`~anting_rule_of_law.scoring.score_frame` takes, without
a record per row. Entries that differ only in their counts share one check: a
count, numerator, denominator or rate that parses cleanly is replaced by ``1``
for the check and compared column-wise where its value matters (a numerator
above its denominator). The result is the row-wise reader's — the same problems,
in the same order, at the same line and column — and a file this path does not
cover (quoted cells, a lone carriage return, cells past the header, framework
problems ...) is left to the row-wise reader: :func:`read_csv_batch` returns
``None`` for it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
from attrs import field, frozen

from anting_rule_of_law.assessments.build import (
    assessment_record,
    entry_record,
    leaf_of,
    read_header,
    read_vetoes,
    resolve_framework,
    unknown_code,
)
from anting_rule_of_law.assessments.consistency import rate_consistency
from anting_rule_of_law.assessments.csvfile import (
    GROUP_FIELDS,
    HEADER_NAME,
    differs,
    empty_cell,
    header_columns,
    read_csv_text,
)
from anting_rule_of_law.assessments.entry_checks import (
    check_entry,
    missing_entries,
    numerator_above,
)
from anting_rule_of_law.assessments.layout import CSV_REQUIRED
from anting_rule_of_law.assessments.numbers import NumberError, parse_number
from anting_rule_of_law.assessments.parse import COUNT_FIELDS, SOURCE_FIELDS, parse_entry
from anting_rule_of_law.assessments.raw import (
    ENTRY_FIELDS,
    RawAssessment,
    RawEntry,
    RawValue,
    RawVeto,
)
from anting_rule_of_law.errors import Problem
from anting_rule_of_law.fileio import sha256_bytes
from anting_rule_of_law.records import Assessment, Framework
from anting_rule_of_law.records import VetoDeclaration as VetoRecord
from anting_rule_of_law.rulekinds import rule_kind
from anting_rule_of_law.scoring.inputs import (
    CLAUSE_SCHEMA,
    ENTRY_SCHEMA,
    UNIT_SCHEMA,
    VETO_SCHEMA,
    entry_bound_text,
    entry_evidence,
    entry_inputs_text,
)

__all__ = ["CsvBatch", "read_csv_batch"]

#: Python's csv module refuses a longer cell; such a line is left to it.
_FIELD_LIMIT = 131_072
#: Whitespace to Python's ``str.strip`` but not to polars' ``strip_chars``.
_STRIP_DIFFERS = "\x1c\x1d\x1e\x1f"
#: The place of a distinct value while it is checked once (a CSV holds no NUL).
_HERE = "\x00"
_NULL, _SEP = "\x1e", "\x1f"
#: Figures whose value the entry checks read only through comparisons made here.
_FIGURES = ("numerator", "denominator", "rate", "count", "value")


@frozen(eq=False)
class CsvBatch:
    """One CSV file read column-wise: the problems and, for the valid assessments, the frames.

    ``assessments`` are the valid assessments' records without their entries
    (units, years, stages, vetoes, the file's digest); the entries are the rows of
    ``entries`` and ``clauses``, in the schemas of the scoring engine's inputs.
    """

    file: str
    problems: tuple[Problem, ...]
    assessments: tuple[Assessment, ...]
    entries: pl.DataFrame = field(factory=lambda: pl.DataFrame(schema=ENTRY_SCHEMA))
    clauses: pl.DataFrame = field(factory=lambda: pl.DataFrame(schema=CLAUSE_SCHEMA))
    units: pl.DataFrame = field(factory=lambda: pl.DataFrame(schema=UNIT_SCHEMA))
    vetoes: pl.DataFrame = field(factory=lambda: pl.DataFrame(schema=VETO_SCHEMA))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


def _quote_free(data: bytes) -> bool:
    """Does every line hold one row, as Python's csv module reads it (no quote, no lone CR)?"""
    if any(c in data for c in (b'"', b"\x00", *(c.encode() for c in _STRIP_DIFFERS))):
        return False
    return b"\r" not in data or data.count(b"\r") == data.count(b"\r\n")


def _largest(numbers: pl.Series) -> int:
    top = numbers.max()
    return 0 if top is None else int(top)  # type: ignore[arg-type]


def _cells(data: bytes, columns: dict[str, int], width: int) -> pl.DataFrame | None:
    """The known columns' cells (``""`` where a line ends early), each row's line number,
    blank rows dropped; ``None`` when a line has cells past the header or a cell is
    longer than Python's csv module reads, or the rows are not one per line."""
    names = [f"field_{i}" for i in range(width)]
    try:
        cells = pl.read_csv(
            data,
            has_header=False,
            skip_rows=1,
            new_columns=names,
            infer_schema=False,
            quote_char=None,
        )
    except (pl.exceptions.PolarsError, ValueError):
        return None  # a line with cells past the header: the row-wise reader names each
    lines = data.count(b"\n") + (not data.endswith(b"\n"))
    if cells.height != lines - 1:
        return None
    # a cell's bytes bound its characters: only a file with a long line is measured
    if len(data) >= _FIELD_LIMIT and cells.height:
        longest = cells.select(pl.max_horizontal(pl.all().str.len_bytes().max()))
        if _largest(longest.to_series()) >= _FIELD_LIMIT:
            return None
    cells = cells.with_row_index("line", offset=2).with_columns(pl.col("line").cast(pl.Int64))
    # blank rows (every cell empty or spaces): only among rows without a unit code
    unit = pl.col(f"field_{columns['unit_code']}").fill_null("")
    maybe = cells.filter(unit.str.strip_chars() == "")
    blank = maybe.filter(pl.all_horizontal(pl.col(names).fill_null("").str.strip_chars() == ""))
    if blank.height:
        cells = cells.filter(~pl.col("line").is_in(blank["line"].implode()))
    return cells.select(
        *(pl.col(f"field_{i}").fill_null("").alias(k) for k, i in columns.items()), "line"
    )


def _figure_table(texts: pl.Series, name: str) -> pl.DataFrame:
    """Each distinct text of a figure column parsed once: value, JSON forms, clean or not."""
    rows: list[tuple[str, float | None, bool, str, str]] = []
    for text in texts.unique().to_list():
        try:
            n = parse_number(text)
        except NumberError:
            rows.append((text, None, False, "", ""))
            continue
        clean = (
            n.bound is None
            and n.value >= 0
            and not (name in COUNT_FIELDS and n.percent)
            and not (name == "rate" and n.value > 1)
        )
        dumped = json.dumps(text, ensure_ascii=False)
        rows.append((text, n.value, clean, json.dumps(n.value), dumped))
    return pl.DataFrame(
        rows,
        schema={
            name: pl.String,
            f"{name}_v": pl.Float64,
            f"{name}_ok": pl.Boolean,
            f"{name}_json": pl.String,
            f"{name}_raw": pl.String,
        },
        orient="row",
    )


def read_csv_batch(
    path: str | Path, framework: Framework | None = None, *, frames: bool = True
) -> CsvBatch | None:
    """The file read column-wise, or ``None`` when only the row-wise reader reads it exactly.

    ``frames=False`` (checking only) leaves the frames empty.
    """
    file = str(path)
    text, raw_bytes, read_problems = read_csv_text(Path(path), file)
    if text is None or read_problems:
        return None
    if not _quote_free(raw_bytes):
        return None
    header = (
        text[: text.find("\n")].removesuffix("\r").split(",") if "\n" in text else text.split(",")
    )
    del text
    columns, problems = header_columns(file, header)
    if any(p.is_error for p in problems) or any(c not in columns for c in CSV_REQUIRED):
        return None
    raw = _cells(raw_bytes, columns, len(header))
    if raw is None:
        return None
    if any(raw[n].str.strip_chars().ne("").any() for n in SOURCE_FIELDS if n in columns):
        return None  # provenance lives in the records; the row-wise reader keeps it
    return _Reader(file, raw, columns, problems, framework, raw_bytes).run(frames=frames)


class _Reader:
    """The column-wise reading of one quote-free file (state shared by the steps)."""

    def __init__(
        self,
        file: str,
        raw: pl.DataFrame,
        columns: dict[str, int],
        header_problems: list[Problem],
        framework: Framework | None,
        raw_bytes: bytes,
    ) -> None:
        self.file = file
        self.columns = columns
        self.problems = header_problems
        self.framework = framework
        self.sha = sha256_bytes(raw_bytes)
        self.raw = raw
        #: (line, order within the line, problem) of the rows' own problems.
        self.row_problems: list[tuple[int, int, Problem]] = []
        self.veto_rows = pl.DataFrame()
        self.vetoes_by_group: dict[int, list[tuple[int, str, str, str]]] | None = None

    def cell(self, name: str) -> pl.Expr:
        return pl.col(name) if name in self.columns else pl.lit("")

    def stripped(self, name: str) -> pl.Expr:
        return self.cell(name).str.strip_chars()

    # -- the csv reader's own checks -------------------------------------------------------
    def _taken_rows(self) -> pl.DataFrame:
        """Rows with every required cell given, grouped; an empty required cell is reported."""
        empty = {n: self.stripped(n).eq("").alias(f"_empty_{n}") for n in CSV_REQUIRED}
        rows = self.raw.with_columns(*empty.values())
        flags = [f"_empty_{n}" for n in CSV_REQUIRED]
        for row in rows.filter(pl.any_horizontal(flags)).select("line", *flags).iter_rows():
            line, *blank = row
            for order, (name, is_blank) in enumerate(zip(CSV_REQUIRED, blank, strict=True)):
                if is_blank:
                    where = f"line {line}, column {name}"
                    self.row_problems.append((line, order, empty_cell(self.file, where, name)))
        taken = rows.filter(~pl.any_horizontal(flags)).drop(flags)
        keys = [self.stripped(n).alias(f"_k_{n}") for n in ("unit_code", "year", "stage")]
        taken = taken.with_columns(keys)
        first = pl.col("line").min().over("_k_unit_code", "_k_year", "_k_stage")
        return taken.with_columns(first.alias("_first")).with_columns(
            pl.col("_first").rank("dense").cast(pl.Int64).sub(1).alias("_g")
        )

    def _group_values(self, rows: pl.DataFrame) -> dict[str, pl.DataFrame]:
        """Per group field: each group's first value and its line; a differing value is reported."""
        out: dict[str, pl.DataFrame] = {}

        for order, name in enumerate(GROUP_FIELDS):
            if name not in self.columns:
                continue
            given = rows.select("_g", "line", self.stripped(name).alias("v")).filter(
                pl.col("v") != ""
            )
            first = given.group_by("_g").agg(
                pl.col("v").sort_by("line").first(), pl.col("line").min()
            )
            out[name] = first
            other = given.join(first, on="_g", suffix="_0").filter(pl.col("v") != pl.col("v_0"))
            for line, value, seen, seen_line in other.select(
                "line", "v", "v_0", "line_0"
            ).iter_rows():
                where = f"line {line}, column {name}"
                problem = differs(self.file, where, name, value, (seen, seen_line))
                self.row_problems.append((line, order, problem))
        self.problems.extend(p for *_, p in sorted(self.row_problems, key=lambda c: c[:2]))
        return out

    # -- the builder's checks, per assessment ------------------------------------------------
    def _groups(
        self, rows: pl.DataFrame, firsts: dict[str, pl.DataFrame], vetoes: pl.DataFrame
    ) -> list[_Group]:
        """Each group's header values and veto rows, in file order."""
        heads = (
            rows.group_by("_g")
            .agg(
                pl.col("_first").first(),
                *(pl.col(f"_k_{n}").first() for n in ("unit_code", "year", "stage")),
            )
            .sort("_g")
        )
        out = [
            _Group(self, g, first, unit, year, stage)
            for g, first, unit, year, stage in heads.iter_rows()
        ]
        for name, first_values in firsts.items():
            for g, value, line in first_values.iter_rows():
                out[g].fields[name] = (value, line)
        keys = vetoes.group_by("_g").agg(
            pl.concat_str("code", "triggered", "note", separator=_NULL).str.join(_SEP)
        )
        for g, key in keys.iter_rows():
            out[g].veto_key = key
        self.veto_rows = vetoes
        return out

    def veto_rows_of(self, g: int) -> list[tuple[int, str, str, str]]:
        """(line, code, triggered as typed, note) of group ``g``'s veto rows."""
        if self.vetoes_by_group is None:
            self.vetoes_by_group = {}
            for group, line, code, triggered, note in self.veto_rows.iter_rows():
                self.vetoes_by_group.setdefault(group, []).append((line, code, triggered, note))
        return self.vetoes_by_group.get(g, [])

    def run(self, *, frames: bool) -> CsvBatch | None:
        rows = self._taken_rows()
        firsts = self._group_values(rows)
        is_veto = (
            self.stripped("triggered").ne("") if "triggered" in self.columns else pl.lit(False)
        )
        veto_rows = rows.filter(is_veto).select(
            "_g",
            "line",
            self.stripped("code").alias("code"),
            self.cell("triggered").alias("triggered"),
            self.stripped("note").alias("note"),
        )
        groups = self._groups(rows, firsts, veto_rows)
        resolved = _frameworks(groups, self.framework)
        frameworks = {id(fw) for fw, _ in resolved}
        if any(fw is None for fw, _ in resolved) or len(frameworks) > 1:
            return None  # an unknown framework, or several: the row-wise reader says which
        fw = resolved[0][0] if resolved else self.framework
        if fw is None:
            return CsvBatch(self.file, tuple(self.problems), ())
        fields = [n for n in ENTRY_FIELDS if n in self.columns]
        entries = rows.filter(~is_veto).select(
            "_g", "line", self.stripped("code").alias("_code"), *fields
        )
        self.raw = rows = pl.DataFrame()  # only the entries' columns are read from here on
        checked = _Entries(self, fw, entries).check()
        del entries
        return self._assemble(fw, groups, resolved, checked, frames=frames)

    def _assemble(
        self,
        fw: Framework,
        groups: list[_Group],
        resolved: Sequence[tuple[Framework | None, list[Problem]]],
        checked: _Checked,
        *,
        frames: bool,
    ) -> CsvBatch:
        problems = list(self.problems)
        headers = _Headers()
        declared = _Vetoes(fw)
        missing: dict[str, list[Problem]] = {}
        valid: list[int] = []
        records: list[Assessment] = []
        for g, (group, (_, fw_problems)) in enumerate(zip(groups, resolved, strict=True)):
            found = list(fw_problems)
            header, header_problems = headers.read(group)
            found.extend(header_problems)
            found.extend(checked.problems.get(g, ()))
            codes = checked.codes.get(g, "")
            if codes not in missing:
                given = codes.split(_SEP) if codes else []
                missing[codes] = missing_entries(fw, given, self.file, _HERE)
            found.extend(_placed(p, f"line {group.first}") for p in missing[codes])
            vetoes, veto_problems = declared.read(group)
            found.extend(veto_problems)
            problems.extend(found)
            if header is None or any(p.is_error for p in found):
                continue
            valid.append(g)
            records.append(assessment_record(fw, header, (), vetoes, self.sha, self.file))
        if any(p.is_error for p in self.problems):
            return CsvBatch(self.file, tuple(problems), ())  # a row-level error taints the file
        if not frames:
            return CsvBatch(self.file, tuple(problems), tuple(records))
        return _frames(self.file, tuple(problems), valid, records, checked)


class _Group:
    """One (unit, year, stage) of the file: its header values and veto rows, as plain values."""

    def __init__(
        self, reader: _Reader, g: int, first: int, unit: str, year: str, stage: str
    ) -> None:
        self.reader = reader
        self.g = g
        self.first = first
        self.unit, self.year, self.stage = unit, year, stage
        #: Unit-level column -> (first value given, its line).
        self.fields: dict[str, tuple[str, int]] = {}
        #: The veto rows' code, triggered and note, in line order (a key for the checks).
        self.veto_key = ""

    def value(self, name: str) -> str:
        found = self.fields.get(name)
        return "" if found is None else found[0]

    def where(self, name: str) -> str:
        """The cell a unit-level value was first given in ("" when not given)."""
        found = self.fields.get(name)
        return "" if found is None else f"line {found[1]}, column {name}"

    def raw(self) -> RawAssessment:
        """The group as the row-wise reader builds it, without its entries."""
        where = f"line {self.first}"
        header = {
            "unit_code": RawValue(self.unit, f"{where}, column unit_code"),
            "year": RawValue(self.year, f"{where}, column year"),
        }
        if self.stage:
            header["stage"] = RawValue(self.stage, f"{where}, column stage")
        for name, (value, line) in self.fields.items():
            header[HEADER_NAME.get(name, name)] = RawValue(value, f"line {line}, column {name}")
        vetoes = [
            RawVeto(
                where=f"line {line}",
                code=RawValue(code, f"line {line}, column code"),
                triggered=RawValue(triggered, f"line {line}, column triggered"),
                note=note,
            )
            for line, code, triggered, note in self.reader.veto_rows_of(self.g)
        ]
        file = self.reader.file
        return RawAssessment(
            file=file,
            where=where,
            header=header,
            vetoes=vetoes,
            entries_where=where,
            sha256=self.reader.sha,
            source_path=file,
        )


def _frameworks(
    groups: list[_Group], given: Framework | None
) -> list[tuple[Framework | None, list[Problem]]]:
    """Each assessment's framework; resolved once per distinct id and version named.

    A problem (a version other than the framework's) names the cell of the group it
    was found in; another group's copy names that group's cell.
    """
    seen: dict[tuple[str, str], tuple[_Group, Framework | None, list[Problem]]] = {}
    out: list[tuple[Framework | None, list[Problem]]] = []
    for group in groups:
        key = (group.value("framework"), group.value("framework_version"))
        found = seen.get(key)
        if found is None:
            fw, problems = resolve_framework(group.raw(), given)
            seen[key] = (group, fw, problems)
            out.append((fw, problems))
            continue
        first, fw, problems = found
        if problems:
            moved = {first.where(n): group.where(n) for n in ("framework", "framework_version")}
            problems = [_placed(p, moved.get(p.where, p.where), whole=True) for p in problems]
        out.append((fw, problems))
    return out


class _Headers:
    """:func:`read_header` once per distinct year and stage; a problem is read in place."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], dict[str, Any] | None] = {}

    def read(self, group: _Group) -> tuple[dict[str, Any] | None, list[Problem]]:
        key = (group.year, group.stage)
        known = self.seen.get(key)
        if known is None:
            out, problems = read_header(group.raw())
            self.seen[key] = None if problems else out
            return out, problems
        texts = {n: group.value(n) for n in _HEADER_TEXTS}
        return {**known, **texts, "unit_code": group.unit}, []


class _Vetoes:
    """:func:`read_vetoes` once per distinct set of declarations.

    Its problems are kept only when each names the assessment's own place (veto
    items not declared), and are then put at each group's first line.
    """

    def __init__(self, fw: Framework) -> None:
        self.fw = fw
        self.seen: dict[str, tuple[list[VetoRecord], list[Problem]]] = {}

    def read(self, group: _Group) -> tuple[list[VetoRecord], list[Problem]]:
        key = group.veto_key
        here = f"line {group.first}"
        known = self.seen.get(key)
        if known is not None:
            return known[0], [_placed(p, here) for p in known[1]]
        vetoes, problems = read_vetoes(group.raw(), self.fw)
        if all(p.where == here for p in problems):
            self.seen[key] = (vetoes, [_placed(p, _HERE, whole=True) for p in problems])
        return vetoes, problems


_HEADER_TEXTS = (
    "framework_version",
    "unit_name",
    "unit_name_en",
    "district",
    "assessor",
    "note",
)


@frozen
class _Checked:
    """The entries' problems per group (in line order), codes per group, and the entry rows."""

    problems: dict[int, list[Problem]]
    #: Each group's codes, sorted, joined by ``_SEP`` (a key for the missing-entry check).
    codes: dict[int, str]
    rows: pl.DataFrame
    templates: pl.DataFrame
    clauses: pl.DataFrame
    figures: dict[str, pl.DataFrame]


class _Entries:
    """The entry rows checked: each distinct entry once, figures compared column-wise."""

    def __init__(self, reader: _Reader, fw: Framework, rows: pl.DataFrame) -> None:
        self.reader = reader
        self.fw = fw
        self.file = reader.file
        self.fields = [n for n in ENTRY_FIELDS if n in reader.columns]
        self.rows = rows

    def _hookless(self, codes: pl.Series) -> pl.Expr:
        """Codes of leaves whose rule kind has no check of its own (its figures are compared here).

        None when a deduction clause is named like a figure: the figures' values are put
        back into the entry's ``inputs`` text by their names.
        """
        clause_ids = {c.id for leaf in self.fw.leaves() if leaf.rule for c in leaf.rule.clauses}
        if clause_ids & set(_FIGURES):
            return pl.lit(False)
        plain = []
        for code in codes.unique().to_list():
            leaf = leaf_of(self.fw, code)
            rule = None if leaf is None else leaf.rule
            if rule is not None and rule_kind(rule.type).check_entry is None:
                plain.append(code)
        return pl.col("_code").is_in(plain)

    def check(self) -> _Checked:
        rows = self.rows.select(
            "_g",
            "line",
            "_code",
            *(
                pl.when(self.reader.stripped(n) != "").then(pl.col(n)).alias(f"_in_{n}")
                for n in self.fields
            ),
        )
        self.rows = self.rows.clear()  # the checks read ``rows`` from here on
        figures = [n for n in _FIGURES if n in self.fields]
        self.tables = {n: _figure_table(rows[f"_in_{n}"].drop_nulls(), n) for n in figures}
        lazy = rows.lazy().with_columns(
            e
            for name in figures
            for e in (
                pl.col(f"_in_{name}")
                .replace_strict(
                    self.tables[name][name],
                    self.tables[name][f"{name}_v"],
                    default=None,
                    return_dtype=pl.Float64,
                )
                .alias(f"{name}_v"),
                pl.col(f"_in_{name}")
                .is_in(self.tables[name].filter(f"{name}_ok")[name].implode())
                .alias(f"{name}_ok"),
            )
        )
        given = {n: pl.col(f"_in_{n}").is_not_null() for n in figures}
        ok = {n: given[n] & pl.col(f"{n}_ok").fill_null(False) for n in figures}
        no = pl.lit(False)
        all_three = (
            given.get("numerator", no) & given.get("denominator", no) & given.get("rate", no)
        )
        plain = self._hookless(rows["_code"]) & ~all_three
        clean: dict[str, pl.Expr] = {n: plain & ok[n] for n in figures}
        if "numerator" in figures and "denominator" in figures:
            num, den = clean["numerator"], clean["denominator"]
            clean["numerator"] = num & (~given["denominator"] | ok["denominator"])
            clean["denominator"] = den & (~given["numerator"] | ok["numerator"])
        lazy = lazy.with_columns(e.alias(f"_c_{n}") for n, e in clean.items())
        sig_parts = [pl.col("_code")]
        for name in self.fields:
            value = pl.col(f"_in_{name}")
            if name in figures:
                value = pl.when(pl.col(f"_c_{name}")).then(pl.lit("1")).otherwise(value)
            sig_parts.append(value.fill_null(_NULL))
        lazy = lazy.with_columns(
            pl.concat_str(sig_parts, separator=_SEP).alias("_sig"),
            (~pl.struct("_g", "_code").is_first_distinct()).alias("_dup"),
        ).drop(
            *(f"_in_{n}" for n in self.fields if n not in figures),
            *(f"{n}_ok" for n in figures),
        )
        rows = lazy.collect()
        templates = self._templates(rows["_sig"].unique().to_list(), figures)
        flags = templates.frame.select("_sig", "_known", "_compare", "_has_problems")
        rows = rows.with_columns(
            pl.col("_sig")
            .replace_strict(flags["_sig"], flags[name], default=None, return_dtype=pl.Boolean)
            .alias(name)
            for name in ("_known", "_compare", "_has_problems")
        )
        return self._problems_and_rows(rows, templates, figures)

    def _templates(self, sigs: list[str], figures: list[str]) -> _Templates:
        out = _Templates()
        for sig in sigs:
            out.add(sig, self._one(sig, figures))
        out.freeze()
        return out

    def _one(self, sig: str, figures: list[str]) -> dict[str, Any]:
        """One distinct entry checked by the row-wise reader's functions, at a blank place."""
        code, *values = sig.split(_SEP)
        fields = {
            name: RawValue(value, f"{_HERE}, column {name}")
            for name, value in zip(self.fields, values, strict=True)
            if value != _NULL
        }
        raw = RawEntry(where=_HERE, code=RawValue(code, f"{_HERE}, column code"), fields=fields)
        parsed, parse_problems = parse_entry(raw, leaf_of(self.fw, code), self.file)
        ind = leaf_of(self.fw, parsed.code)
        out: dict[str, Any] = {"parse": parse_problems, "known": ind is not None}
        if ind is None:
            out["after"] = [unknown_code(self.fw, parsed.code, self.file, raw.code.where)]
            return out
        after = check_entry(parsed, ind, self.file)
        num, den, rate = (parsed.numbers.get(k) for k in ("numerator", "denominator", "rate"))
        if num is not None and den is not None and rate is not None:
            place = parsed.places.get("rate", parsed.where)
            after.extend(rate_consistency(self.file, place, num.value, den.value, rate))
        out["after"] = after
        out["compare"] = not parsed.bools.get("not_applicable")
        entry = entry_record(parsed)
        out["entry"] = entry
        out["inputs"] = entry_inputs_text(entry)
        out["bound_text"] = entry_bound_text(entry)
        out["evidence"] = entry_evidence(entry)
        return out

    def _problems_and_rows(
        self, rows: pl.DataFrame, templates: _Templates, figures: list[str]
    ) -> _Checked:
        compare = pl.col("_compare").fill_null(False) & ~pl.col("_dup")
        above = pl.lit(False)
        if "numerator" in figures and "denominator" in figures:
            above = (
                compare
                & pl.col("_c_numerator")
                & pl.col("_c_denominator")
                & (pl.col("numerator_v") > pl.col("denominator_v"))
            )
        rows = rows.with_columns(above.alias("_above"))
        flagged = rows.filter(pl.col("_has_problems") | pl.col("_dup") | pl.col("_above"))
        problems: dict[int, list[Problem]] = {}
        num_text = pl.col("_in_numerator") if "numerator" in figures else pl.lit("")
        den_text = pl.col("_in_denominator") if "denominator" in figures else pl.lit("")
        dups = flagged.filter("_dup").select("_g", "_code").unique()
        first_lines = (
            rows.join(dups, on=["_g", "_code"], how="semi")
            .group_by("_g", "_code")
            .agg(pl.col("line").min().alias("_code_line"))
        )
        flagged = flagged.join(first_lines, on=["_g", "_code"], how="left")
        for g, line, sig, code, dup, code_line, is_above, nt, dt in (
            flagged.sort("line")
            .select(
                "_g", "line", "_sig", "_code", "_dup", "_code_line", "_above", num_text, den_text
            )
            .iter_rows()
        ):
            here = f"line {line}"
            found = problems.setdefault(g, [])
            t = templates.by_sig[sig]
            found.extend(_placed(p, here) for p in t["parse"])
            if dup:
                first_at = f"line {code_line}, column code"
                found.append(
                    Problem(
                        file=self.file,
                        where=f"{here}, column code",
                        en=f"indicator {code} entered twice (first at {first_at})",
                        zh=f"指标 {code} 重复填写（首次出现于 {first_at}）",
                    )
                )
                continue
            found.extend(_placed(p, here) for p in t["after"])
            if is_above:
                where = f"{here}, column numerator"
                found.append(numerator_above(self.file, where, code, nt, dt))
        codes = dict(
            rows.filter(~pl.col("_dup"))
            .group_by("_g")
            .agg(pl.col("_code").sort().str.join(_SEP))
            .iter_rows()
        )
        kept = rows.filter(pl.col("_known").fill_null(False) & ~pl.col("_dup")).drop(
            "_known", "_compare", "_has_problems", "_dup", "_above"
        )
        return _Checked(
            problems,
            codes,
            kept,
            templates.frame.drop("_known", "_compare", "_has_problems"),
            templates.clauses,
            self.tables,
        )


def _placed(p: Problem, here: str, *, whole: bool = False) -> Problem:
    """A distinct value's problem at the row's own line (``whole``: at ``here`` itself)."""
    if whole:
        where = here
    elif _HERE in p.where:
        where = p.where.replace(_HERE, here)
    else:
        return p
    return Problem(
        file=p.file,
        where=where,
        en=p.en,
        zh=p.zh,
        severity=p.severity,
        kind=p.kind,
    )


class _Templates:
    """The distinct entries' results, as a frame to join on the signature."""

    def __init__(self) -> None:
        self.by_sig: dict[str, dict[str, Any]] = {}

    def add(self, sig: str, result: dict[str, Any]) -> None:
        self.by_sig[sig] = result

    def freeze(self) -> None:
        cols: dict[str, list[Any]] = {
            "_sig": [],
            "_known": [],
            "_compare": [],
            "_has_problems": [],
        }
        value_cols: dict[str, list[Any]] = {
            k: [] for k in ENTRY_SCHEMA if k not in ("unit", "year", "stage", "code")
        }
        csig: list[str] = []
        cid: list[str] = []
        cval: list[float] = []
        for sig, t in self.by_sig.items():
            cols["_sig"].append(sig)
            cols["_known"].append(t["known"])
            cols["_compare"].append(t.get("compare", False))
            cols["_has_problems"].append(bool(t["parse"] or t["after"]))
            e = t.get("entry")
            for name in value_cols:
                if e is None:
                    value_cols[name].append(None)
                elif name == "inputs":
                    value_cols[name].append(t["inputs"])
                elif name == "bound_text":
                    value_cols[name].append(t["bound_text"])
                elif name == "evidence":
                    value_cols[name].append(t["evidence"])
                else:
                    value_cols[name].append(getattr(e, name))
            if e is not None:
                for c, v in e.clauses:
                    csig.append(sig)
                    cid.append(c)
                    cval.append(v)
        schema: dict[str, pl.DataType] = {
            "_sig": pl.String(),
            "_known": pl.Boolean(),
            "_compare": pl.Boolean(),
            "_has_problems": pl.Boolean(),
        }
        schema.update({f"_t_{k}": ENTRY_SCHEMA[k] for k in value_cols})
        data = {**cols, **{f"_t_{k}": v for k, v in value_cols.items()}}
        self.frame = pl.DataFrame(data, schema=schema)
        self.clauses = pl.DataFrame(
            {"_sig": csig, "clause": cid, "input": cval},
            schema={"_sig": pl.String, "clause": pl.String, "input": pl.Float64},
        )


def _frames(
    file: str,
    problems: tuple[Problem, ...],
    valid: list[int],
    records: list[Assessment],
    checked: _Checked,
) -> CsvBatch:
    """The engine's frames for the valid assessments, in file order."""
    keys = pl.DataFrame(
        {
            "_g": valid,
            "_unit": [a.unit.code for a in records],
            "_year": [a.year for a in records],
            "_stage": [str(a.stage) for a in records],
        },
        schema={"_g": pl.Int64, "_unit": pl.String, "_year": pl.Int64, "_stage": pl.String},
    )
    rows = checked.rows.join(keys, on="_g", how="inner").sort("_g", "line")
    rows = rows.join(checked.templates, on="_sig", how="left", maintain_order="left")
    for name, table in checked.figures.items():
        texts = table.select(pl.col(name).alias(f"_in_{name}"), f"{name}_json", f"{name}_raw")
        rows = rows.join(texts, on=f"_in_{name}", how="left", maintain_order="left")
    figure_cols = {}
    for name in _FIGURES:
        t = pl.col(f"_t_{name}")
        if f"_c_{name}" in rows.columns:
            t = pl.when(pl.col(f"_c_{name}")).then(pl.col(f"{name}_v")).otherwise(t)
        figure_cols[name] = t
    inputs = pl.col("_t_inputs")
    for name in _FIGURES:
        if f"_c_{name}" not in rows.columns:
            continue
        on = pl.col(f"_c_{name}")
        value = pl.when(on).then(pl.col(f"{name}_json")).otherwise(pl.lit("1.0"))
        text = pl.when(on).then(pl.col(f"{name}_raw")).otherwise(pl.lit('"1"'))
        inputs = inputs.str.replace(
            f'"{name}":1.0', pl.format('"{}":{}', pl.lit(name), value), literal=True
        )
        inputs = inputs.str.replace(
            f'"{name}":"1"', pl.format('"{}":{}', pl.lit(name), text), literal=True
        )
    key_cols = (pl.col("_unit").alias("unit"), pl.col("_year").alias("year"))
    stage = pl.col("_stage").alias("stage")
    entries = rows.select(
        *key_cols,
        stage,
        pl.col("_code").alias("code"),
        *(
            (figure_cols[k] if k in figure_cols else pl.col(f"_t_{k}")).alias(k)
            for k in ENTRY_SCHEMA
            if k not in ("unit", "year", "stage", "code", "inputs")
        ),
        inputs.alias("inputs"),
    ).select(ENTRY_SCHEMA.keys())
    clauses = (
        rows.select(*key_cols, stage, pl.col("_code").alias("code"), "_sig")
        .join(checked.clauses, on="_sig", how="inner", maintain_order="left")
        .select(CLAUSE_SCHEMA.keys())
    )
    units = pl.DataFrame(
        {
            "unit": [a.unit.code for a in records],
            "unit_name": [a.unit.name for a in records],
            "district": [a.unit.district for a in records],
        },
        schema=UNIT_SCHEMA,
    ).unique("unit", keep="first", maintain_order=True)
    vetoes = pl.DataFrame(
        [
            (a.unit.code, a.year, str(a.stage), v.code, v.triggered)
            for a in records
            for v in a.vetoes
        ],
        schema=VETO_SCHEMA,
        orient="row",
    )
    return CsvBatch(file, problems, tuple(records), entries, clauses, units, vetoes)
