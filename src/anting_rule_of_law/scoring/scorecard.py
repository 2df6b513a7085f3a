"""The Scorecard: what scoring returns — polars frames plus the inputs' identity.

Why frames and not objects per unit: a district scores thousands of towns, and a
notebook wants to filter, join and plot. Reporters read exactly these attributes
(documented in docs/api.md): ``nodes``, ``totals``, ``audit``, ``clauses``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from attrs import field, frozen

from anting_rule_of_law.records import Assessment, Framework
from anting_rule_of_law.scoring import compare
from anting_rule_of_law.scoring.result import EngineResult, Trail

if TYPE_CHECKING:
    from anting_rule_of_law.scoring.parquet import ParquetFiles

#: The frames :meth:`Scorecard.write_parquet` writes unless told otherwise.
FRAMES = ("totals", "nodes", "audit_compact", "clauses")

__all__ = ["Scorecard"]


@frozen(eq=False)
class Scorecard:
    """Scores of one framework for one or more (unit, year, stage).

    ``nodes``: one row per node and the total (code ``""``, level 0); ``totals``: one
    row per (unit, year, stage) with grade, pass and vetoes; ``audit``: one row per
    leaf with inputs, formula result, adjustments and reason (text rendered on first
    access, then cached; ``audit_compact`` is the typed trail computed in the run);
    ``clauses``: every deduction clause that fired. Scores are unrounded; round only
    for display.
    """

    framework: Framework
    #: The engine's result (internal: read it through the properties below).
    _result: EngineResult = field(repr=False, alias="result")
    assessments: tuple[Assessment, ...] = ()
    digest: Callable[[], str] = field(default=lambda: "", repr=False)
    _units: list[tuple[str, ...]] = field(init=False, repr=False, factory=list)
    _audit: list[pl.DataFrame] = field(init=False, repr=False, factory=list)
    _sha256: list[str] = field(init=False, repr=False, factory=list)

    @property
    def totals(self) -> pl.DataFrame:
        """One row per (unit, year, stage): score, grade, pass, vetoes, ranks."""
        return self._result.totals

    @property
    def nodes(self) -> pl.DataFrame:
        """One row per (unit, year, stage, node) and the total (built on first access)."""
        return self._result.nodes

    @property
    def clauses(self) -> pl.DataFrame:
        """Every deduction clause that cost points (built on first access)."""
        return self._result.clauses

    @property
    def _trail(self) -> Trail:
        return self._result.trail

    @property
    def input_sha256(self) -> str:
        """sha256 of the inputs' content (computed on first access, then cached)."""
        if not self._sha256:
            self._sha256.append(self.digest())
        return self._sha256[0]

    @property
    def audit(self) -> pl.DataFrame:
        """One row per leaf: inputs, raw result, adjustments, score, reason (cached)."""
        if not self._audit:
            from anting_rule_of_law.scoring.audit import render
            from anting_rule_of_law.scoring.framework_tables import framework_tables

            self._audit.append(render(self._trail, framework_tables(self.framework)))
        return self._audit[0]

    @property
    def audit_compact(self) -> pl.DataFrame:
        """The audit trail as computed in the run, typed, without text columns."""
        from anting_rule_of_law.scoring.audit import compact

        return compact(self._trail)

    @property
    def units(self) -> tuple[str, ...]:
        """Unit codes scored, sorted."""
        if not self._units:
            # on first access (0.15 s at 386,000 keys); plain Python, since a polars
            # unique + sort costs more than scoring one town
            self._units.append(tuple(sorted(set(self.totals.get_column("unit").to_list()))))
        return self._units[0]

    def level(self, n: int) -> pl.DataFrame:
        """Rows of ``nodes`` at level ``n`` (0 = the totals' rows, code ``""``).

        Built on its own while ``nodes`` has not been: one level's ranks, not all.
        """
        return self._result.level(n)

    def slice(
        self,
        *,
        units: str | Iterable[str] | None = None,
        districts: str | Iterable[str] | None = None,
        years: int | Iterable[int] | None = None,
        stages: str | Iterable[str] | None = None,
    ) -> Scorecard:
        """The Scorecard of some units, districts, years or stages of this run.

        Every frame of the slice equals the whole run's frame filtered to its keys —
        ranks included: they stay ranks among every unit of the run. Its long frames
        are built for its own keys only (a district's ``nodes`` at national scale
        costs milliseconds, not the seconds of every unit's).
        """
        cond = pl.lit(True)
        for column, values in (
            ("unit", units),
            ("district", districts),
            ("year", years),
            ("stage", stages),
        ):
            if values is None:
                continue
            wanted = [values] if isinstance(values, (str, int)) else list(values)
            cond = cond & pl.col(column).is_in(pl.Series(wanted).implode())
        ks = self.totals.select(pl.int_range(0, pl.len(), dtype=pl.UInt32).filter(cond))
        picked = self._result.select(ks.to_series())
        keys = set(picked.totals.select("unit", "year", "stage").iter_rows())
        return Scorecard(
            framework=self.framework,
            result=picked,
            assessments=tuple(
                a for a in self.assessments if (a.unit.code, a.year, a.stage) in keys
            ),
            digest=lambda: self.input_sha256,
        )

    def write_parquet(
        self,
        directory: str | Path,
        *,
        frames: Iterable[str] = FRAMES,
        chunk_keys: int | None = None,
    ) -> ParquetFiles:
        """Write the frames (default: totals, nodes, audit_compact, clauses; add "audit"
        for the text trail) as Parquet under ``directory``, in bounded memory.

        Each frame goes to ``directory/<frame>/part-00000.parquet``, built and written
        ``chunk_keys`` (unit, year, stage) at a time, ranks included; read it back with
        ``pl.scan_parquet(directory / "nodes")``. The files appear together at the end
        (a failed write leaves the directory as it was). See docs/scale.md.
        """
        from anting_rule_of_law.scoring.parquet import write_scorecard

        return write_scorecard(self, Path(directory), tuple(frames), chunk_keys)

    def gaps(
        self, unit: str | None = None, year: int | None = None, stage: str | None = None
    ) -> pl.DataFrame:
        """The 整改清单: per leaf that lost points, largest loss first (then code)."""
        if self._audit:
            return compare.gaps(self.audit, self.framework, unit, year, stage)
        # the audit not yet written: write the text of the chosen leaves that lost
        # points only (a third of a batch's leaves), not of every leaf
        from anting_rule_of_law.scoring.audit import render
        from anting_rule_of_law.scoring.framework_tables import framework_tables

        rows = compare.gap_positions(self._trail.leaf, unit, year, stage)
        audit = render(self._trail, framework_tables(self.framework), rows)
        return compare.gaps(audit, self.framework, unit, year, stage)

    def yoy(self) -> pl.DataFrame:
        """Year over year per unit, stage and node (only where an earlier year exists)."""
        return compare.yoy(self.nodes)

    def compare_stages(self, a: str = "self", b: str = "review") -> pl.DataFrame:
        """Stage ``b`` against stage ``a`` per unit, year and node, with b's reasons."""
        return compare.compare_stages(self.nodes, self.audit, a, b)

    # -- display (see anting_rule_of_law.display) --------------------------------------
    def _repr_markdown_(self) -> str:
        from anting_rule_of_law.display import scorecard_table

        return scorecard_table(self).markdown()

    def _repr_html_(self) -> str:
        from anting_rule_of_law.display import scorecard_table

        return scorecard_table(self).html()

    def __repr__(self) -> str:
        n = self.totals.height
        fw = self.framework
        return f"<Scorecard {fw.id} {fw.version}: {n} assessment{'' if n == 1 else 's'}>"
