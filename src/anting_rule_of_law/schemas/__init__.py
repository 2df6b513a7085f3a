"""The JSON Schemas shipped with the package, and validation that reports every error with its place."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from anting_rule_of_law.errors import Problem

__all__ = ["SCHEMA_NAMES", "load_schema", "schema_problems", "schema_text"]

#: Names accepted by ``anting-rol schema NAME``.
SCHEMA_NAMES = ("framework", "assessment", "report")


def schema_text(name: str) -> str:
    """The schema file's text, as shipped."""
    if name not in SCHEMA_NAMES:
        raise KeyError(f"unknown schema {name!r}; known: {', '.join(SCHEMA_NAMES)}")
    return resources.files(__package__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text(name))
    return schema


@functools.cache
def _validator(name: str) -> Any:
    return _validator_of(load_schema(name))


def _validator_of(schema: dict[str, Any]) -> Any:
    import jsonschema

    cls = jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_problems(
    name: str, data: Any, file: str, *, schema: dict[str, Any] | None = None
) -> list[Problem]:
    """Every schema violation of ``data``, each located by its JSON path.

    ``schema`` replaces the shipped schema ``name`` (the framework schema with a
    plugin's rule kinds).
    """
    validator = _validator(name) if schema is None else _validator_of(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    problems = []
    for err in errors:
        message = _short(err)
        problems.append(
            Problem(file=file, where=err.json_path, en=message, zh=f"不符合文件格式：{message}")
        )
    return problems


def _short(err: Any) -> str:
    """jsonschema's message, without echoing a huge instance back."""
    text = str(err.message)
    if len(text) > 300:
        text = text[:297] + "..."
    return text
