"""Packaging contracts: shipped schemas are valid, the import is light, the API is curated."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources

import jsonschema
import pytest

import anting_rule_of_law
from anting_rule_of_law.schemas import SCHEMA_NAMES, schema_text


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_shipped_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = json.loads(schema_text(name))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_cli_prints_the_shipped_schema(run_cli, name: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("schema", name)
    assert result.code == 0
    assert json.loads(result.out) == json.loads(schema_text(name))


def test_import_reads_no_framework_and_loads_no_heavy_module() -> None:
    code = (
        "import sys, anting_rule_of_law as a;"
        "heavy = [m for m in ('polars', 'pluggy', 'xlsxwriter', 'fastexcel', 'jsonschema', 'tabulate')"
        " if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_all_public_names_resolve() -> None:
    for name in anting_rule_of_law.__all__:
        assert getattr(anting_rule_of_law, name) is not None, name


def test_py_typed_is_shipped() -> None:
    assert resources.files("anting_rule_of_law").joinpath("py.typed").is_file()


def test_python_dash_m_runs_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "anting_rule_of_law", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert out.stdout.strip() == f"anting-rol {anting_rule_of_law.__version__}"


def test_every_public_name_is_documented_in_the_api_reference() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [name for name in anting_rule_of_law.__all__ if f"`{name}" not in doc]
    assert missing == []
