"""The scoring engine: leaf rules -> roll-up -> vetoes and grades -> ranks (polars).

Import from here or from the package root (names are exposed lazily there).
"""

from anting_rule_of_law.scoring.api import score, score_frame
from anting_rule_of_law.scoring.parquet import ParquetFiles, Partition, score_partitions
from anting_rule_of_law.scoring.rounding import round_half_up, round_half_up_expr
from anting_rule_of_law.scoring.scorecard import Scorecard

__all__ = [
    "ParquetFiles",
    "Partition",
    "Scorecard",
    "round_half_up",
    "round_half_up_expr",
    "score",
    "score_frame",
    "score_partitions",
]
