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


def test_works_without_numpy() -> None:
    """numpy is no dependency: score, digest and render with it blocked."""
    code = (
        "import sys; sys.modules['numpy'] = None\n"
        "from anting_rule_of_law import read_assessment, score, score_frame, get_plugin_manager\n"
        "from anting_rule_of_law import RenderOptions\n"
        "card = score('shanghai-town-2023', read_assessment('examples/anting_2023/anting_2023.yaml'))\n"
        "assert len(card.input_sha256) == 64 and card.nodes.height == 78\n"
        "pm = get_plugin_manager(load_entrypoints=False)\n"
        "for fmt in ('markdown', 'json', 'xlsx'):\n"
        "    assert pm.render(card, fmt, RenderOptions())\n"
        "import polars as pl\n"
        "frame = score_frame('shanghai-town-2023', pl.DataFrame("
        "{'unit': ['u'], 'year': [2023], 'code': ['1.1.1'], 'met': [True]}))\n"
        "assert len(frame.input_sha256) == 64\n"
        "print('ok')\n"
    )
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"
