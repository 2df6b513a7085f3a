"""The indicator registry: bundled frameworks, loading from files, structural checks."""

from anting_rule_of_law.indicators.registry import (
    bundled_frameworks,
    framework_problems,
    load_framework,
    read_framework,
)

__all__ = ["bundled_frameworks", "framework_problems", "load_framework", "read_framework"]
