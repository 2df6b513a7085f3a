"""Find and load frameworks: bundled ones by id, any other by path.

Nothing is read at import time; a loaded framework is cached per file content
(sha256), so scoring thousands of assessments against one framework reads and
validates it once.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

from anting_rule_of_law.errors import InputError, Problem
from anting_rule_of_law.fileio import read_mapping, sha256_bytes, value_path, walk_values
from anting_rule_of_law.indicators.checks import check_framework_data
from anting_rule_of_law.limits import MAX_MAGNITUDE
from anting_rule_of_law.records import Framework
from anting_rule_of_law.rulekinds.registry import BUILTIN_RULE_KINDS, framework_schema, rule_kinds
from anting_rule_of_law.schemas import schema_problems

__all__ = ["bundled_frameworks", "framework_problems", "load_framework", "read_framework"]

_PACKAGE = "anting_rule_of_law.indicators"


def _bundled_dir() -> Any:
    return resources.files(_PACKAGE).joinpath("frameworks")


def bundled_frameworks() -> tuple[str, ...]:
    """Ids of the frameworks shipped with the package, sorted."""
    return tuple(
        sorted(
            p.name[: -len(".yaml")] for p in _bundled_dir().iterdir() if p.name.endswith(".yaml")
        )
    )


def _resolve(ref: str | Path) -> Path:
    text = str(ref)
    if isinstance(ref, Path) or any(s in text for s in ("/", "\\")) or Path(text).suffix:
        return Path(ref)
    if text in bundled_frameworks():
        return Path(str(_bundled_dir().joinpath(f"{text}.yaml")))
    known = ", ".join(bundled_frameworks())
    raise InputError(
        [
            Problem(
                file=text,
                where="",
                en=f"no bundled framework {text!r} and no such file (bundled: {known})",
                zh=f"没有内置框架 {text!r}，也没有这个文件（内置：{known}）",
            )
        ]
    )


def framework_problems(data: Any, file: str) -> list[Problem]:
    """Schema problems first; structural checks only once the shape is right.

    A rule kind that is not a built-in loads the plugins' kinds, and the schema
    then accepts theirs (with their parameters).
    """
    problems = _magnitude_problems(data, file) + schema_problems(
        "framework", data, file, schema=_schema_for(data)
    )
    if problems:
        return problems
    return check_framework_data(data, file)


def _magnitude_problems(data: Any, file: str) -> list[Problem]:
    """Every number beyond :data:`MAX_MAGNITUDE` (points of 1e308 would overflow the sums)."""
    return [
        Problem(
            file=file,
            where=value_path(parent, key),
            en=f"{value!r} is too large: numbers in a framework are at most 10^15",
            zh=f"{value!r} 过大：指标体系中的数值不能超过 10^15",
        )
        for value, parent, key, _ in walk_values(data)
        if type(value) in (int, float) and not abs(value) <= MAX_MAGNITUDE
    ]


def _schema_for(data: Any) -> dict[str, Any] | None:
    """The framework schema extended by the plugin kinds ``data`` uses (None: built-ins only)."""
    nodes = data.get("nodes") if isinstance(data, dict) else None
    used = {
        node["rule"]["type"]
        for node in nodes or ()
        if isinstance(node, dict)
        and isinstance(node.get("rule"), dict)
        and isinstance(node["rule"].get("type"), str)
    }
    if used <= set(BUILTIN_RULE_KINDS):
        return None
    plugin = tuple(sorted(k for k in rule_kinds() if k not in BUILTIN_RULE_KINDS))
    return framework_schema(plugin) if plugin else None


def read_framework(data: Any, *, file: str = "<data>", sha256: str = "") -> Framework:
    """Validate a mapping (as parsed from YAML/JSON) and build the Framework.

    Raises :class:`InputError` carrying every problem found.
    """
    problems = framework_problems(data, file)
    if problems:
        raise InputError(problems)
    return Framework.from_dict(data, sha256=sha256, source_path=file)


@functools.lru_cache(maxsize=32)
def _load_cached(path: str, digest: str) -> Framework:
    data, raw, problems = read_mapping(path)
    if problems:
        raise InputError(problems)
    return read_framework(data, file=path, sha256=sha256_bytes(raw))


def load_framework(ref: str | Path | Framework) -> Framework:
    """Load a framework by bundled id (``"shanghai-town-2023"``) or by path (YAML/JSON).

    A :class:`Framework` passed in is returned as it is.
    """
    if isinstance(ref, Framework):
        return ref
    path = _resolve(ref)
    try:
        digest = sha256_bytes(path.read_bytes())
    except OSError:
        digest = ""
    return _load_cached(str(path), digest)
