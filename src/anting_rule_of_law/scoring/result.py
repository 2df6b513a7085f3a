"""What a run computed, and the long frames built from it when they are read.

Why: the run (engine.py, or small.py for one town) computes every number in wide
form — one row per (unit, year, stage) ``k``: each node's score and status, each
leaf's raw result and flags, each clause's input and deduction — and the totals
with their ranks. Everything else is built when asked: ``nodes`` (all nodes or
one level), the compact audit, the fired clauses, each node's ranks (once per
node, then kept), and any selection of keys (:meth:`EngineResult.select`: a
district, a unit, a chunk being written to Parquet), whose ranks are still
ranks among every key of the run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl
from attrs import field, frozen

from anting_rule_of_law.columns import CLAUSES
from anting_rule_of_law.scoring import long
from anting_rule_of_law.scoring.plan import Plan
from anting_rule_of_law.scoring.ranking import group_ranks, ranks_of_rows

__all__ = ["EngineResult", "Ranks", "Trail", "TrailParts"]

#: Year ranks and district ranks of some nodes, one series per node.
Ranks = tuple[list[pl.Series], list[pl.Series]]


class _Cache:
    """A per-instance memo for frozen records (long frames are built once, on first use)."""

    def __init__(self) -> None:
        self.frames: dict[str, pl.DataFrame] = {}
        self.ranks: dict[int, tuple[pl.Series, pl.Series]] = {}

    def get(self, name: str, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        if name not in self.frames:
            self.frames[name] = build()
        return self.frames[name]


@frozen
class TrailParts:
    """The frames a :class:`Trail` reads (see there)."""

    wide: pl.DataFrame
    entries: pl.DataFrame
    row_of: pl.Series | None
    keys: pl.DataFrame


@frozen(eq=False)
class Trail:
    """The audit trail in compact typed form; long frames and text are built on access.

    ``wide`` holds, per (unit, year, stage) ``k`` and leaf ``i``, the raw result ``r{i}``,
    score ``s{i}``, status ``t{i}``, the flags ``g{i}`` (gate failed) and ``z{i}`` (zero
    denominator), the rate used ``q{i}``, the deduction total ``d{i}``, and per clause
    ``g`` its input ``c{g}`` and deduction ``x{g}`` — all computed in the run. ``leaf``
    (one row per (k, leaf), in ``pos`` order) and ``fired`` (clauses that cost points)
    are their long forms, built on first access. ``row_of``: the entries row of each
    ``pos`` (null when the leaf was not entered), or None when the entries are complete
    and in ``pos`` order. The frames themselves come from ``parts``: the polars path
    hands over the frames it built; the small path (small.py) builds them on first use;
    a selection gathers them from the whole run's. ``ranker`` gives the ranks of some
    nodes for these keys (None: rank this trail's own scores).
    """

    plan: Plan
    parts: Callable[[], TrailParts] = field(repr=False)
    given: tuple[str, ...] = ()
    ranker: Callable[[Sequence[int]], Ranks] | None = field(default=None, repr=False)
    _cache: _Cache = field(factory=_Cache, repr=False)
    _built: list[TrailParts] = field(factory=list, repr=False)

    @property
    def n_leaves(self) -> int:
        return len(self.plan.leaves)

    def _parts(self) -> TrailParts:
        if not self._built:
            self._built.append(self.parts())
        return self._built[0]

    @property
    def wide(self) -> pl.DataFrame:
        return self._parts().wide

    @property
    def entries(self) -> pl.DataFrame:
        return self._parts().entries

    @property
    def row_of(self) -> pl.Series | None:
        return self._parts().row_of

    @property
    def keys(self) -> pl.DataFrame:
        return self._parts().keys

    @property
    def coded_keys(self) -> pl.DataFrame:
        """:attr:`keys` with their text also as ``Categorical`` (made once, read by
        every long frame)."""
        return self._cache.get("coded_keys", lambda: long.categorical_keys(self.keys))

    @property
    def leaf(self) -> pl.DataFrame:
        return self._cache.get(
            "leaf", lambda: long.leaf_long(self.plan, self.coded_keys, self.wide)
        )

    @property
    def fired(self) -> pl.DataFrame:
        return self._cache.get("fired", lambda: long.fired(self.plan, self.keys, self.wide))

    def known_ranks(self, idx: int, ranks: tuple[pl.Series, pl.Series]) -> None:
        """Keep ranks computed elsewhere (the totals' ranks are node 0's)."""
        self._cache.ranks.setdefault(idx, ranks)

    def has_ranks(self, idxs: Sequence[int]) -> bool:
        return all(i in self._cache.ranks for i in idxs)

    def ranks(self, idxs: Sequence[int]) -> Ranks:
        """Year and district ranks of nodes ``idxs`` for these keys (each node's once)."""
        todo = [i for i in dict.fromkeys(idxs) if i not in self._cache.ranks]
        if todo:
            if self.ranker is not None:
                year, district = self.ranker(todo)
            else:
                wide, keys = self.wide, self.keys
                year, district = group_ranks(
                    [wide.get_column(f"s{i}") for i in todo],
                    keys.get_column("ys"),
                    keys.get_column("dys"),
                )
            for i, y, d in zip(todo, year, district, strict=True):
                self._cache.ranks[i] = (y, d)
        got = [self._cache.ranks[i] for i in idxs]
        return [y for y, _ in got], [d for _, d in got]

    def select(self, ks: pl.Series) -> Trail:
        """The trail of the keys ``ks`` (row numbers, ascending): frames taken from this
        one (a zero-copy slice when ``ks`` is a range, as when writing in chunks), ranks
        still among all of this trail's keys."""
        ks = ks.cast(pl.UInt32)
        n, n_leaves = ks.len(), self.n_leaves
        start = int(ks[0]) if n else 0
        contiguous = n == 0 or int(ks[-1]) - start + 1 == n

        def rows(frame: pl.DataFrame) -> pl.DataFrame:
            return frame.slice(start, n) if contiguous else frame[ks]

        def parts() -> TrailParts:
            whole = self._parts()
            if contiguous:
                slots = pl.int_range(start * n_leaves, (start + n) * n_leaves, eager=True)
            else:
                i = pl.int_range(0, n * n_leaves, dtype=pl.Int64)
                step = max(n_leaves, 1)
                slots = pl.select(
                    (pl.lit(ks.cast(pl.Int64)).gather(i // step) * n_leaves).add(i % step)
                ).to_series()
            slots = slots.cast(pl.UInt32)
            row_of = slots if whole.row_of is None else whole.row_of.gather(slots)
            keys = rows(whole.keys).with_columns(
                pl.int_range(0, pl.len(), dtype=pl.UInt32).alias("k")
            )
            return TrailParts(
                wide=rows(whole.wide), entries=whole.entries, row_of=row_of, keys=keys
            )

        def ranker(idxs: Sequence[int]) -> Ranks:
            if not self.has_ranks(idxs):
                wide, keys = self.wide, self.keys
                return ranks_of_rows(
                    [wide.get_column(f"s{i}") for i in idxs],
                    keys.get_column("ys"),
                    keys.get_column("dys"),
                    ks,
                )
            year, district = self.ranks(idxs)
            if contiguous:
                return [r.slice(start, n) for r in year], [r.slice(start, n) for r in district]
            return [r.gather(ks) for r in year], [r.gather(ks) for r in district]

        return Trail(plan=self.plan, parts=parts, given=self.given, ranker=ranker)


@frozen(eq=False)
class EngineResult:
    """What a run computed: the totals (eager) and the wide scores the long frames come from."""

    totals: pl.DataFrame
    trail: Trail
    #: Which engine computed it: ``"polars"`` or ``"python"`` (the small path).
    path: str = "polars"
    _cache: _Cache = field(factory=_Cache, repr=False)

    @property
    def plan(self) -> Plan:
        return self.trail.plan

    def _nodes(self, only: Sequence[int]) -> pl.DataFrame:
        trail = self.trail
        year, district = trail.ranks(only)
        return long.nodes_long(trail.plan, trail.coded_keys, trail.wide, only, year, district)

    @property
    def nodes(self) -> pl.DataFrame:
        return self._cache.get("nodes", lambda: self._nodes(range(self.plan.tables.nodes.height)))

    def level(self, n: int) -> pl.DataFrame:
        """The rows of :attr:`nodes` at level ``n``, built alone (its own nodes' ranks)
        when ``nodes`` is not."""
        if "nodes" in self._cache.frames:
            return self._cache.frames["nodes"].filter(pl.col("level") == n)
        nt = self.plan.tables.nodes
        only = nt.filter(pl.col("level") == n).get_column("idx").sort().to_list()
        return self._cache.get(f"level{n}", lambda: self._nodes(only))

    @property
    def clauses(self) -> pl.DataFrame:
        return self._cache.get(
            "clauses",
            lambda: self.trail.fired.select(CLAUSES.columns),
        )

    def select(self, ks: pl.Series) -> EngineResult:
        """The result for the keys ``ks`` (row numbers of :attr:`totals`, ascending)."""
        return EngineResult(
            totals=self.totals[ks.cast(pl.UInt32)], trail=self.trail.select(ks), path=self.path
        )
