"""The plugin skeleton, installed with pip and used; ``--plugin`` for a local module;
``anting-rol plugins`` with descriptions, versions and distributions."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from plugin_fixtures import install
from plugin_fixtures import scorecards as sample

SKELETON = install.REPO / "plugins" / "skeleton"


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    fw = tmp_path / "mini.yaml"
    fw.write_text(yaml.safe_dump(sample.FRAMEWORK, allow_unicode=True), encoding="utf-8")
    a = tmp_path / "anting.yaml"
    a.write_text(yaml.safe_dump(sample.assessment_dict(), allow_unicode=True), encoding="utf-8")
    return [str(a), "--framework", str(fw)]


#: Town A of the sample: total 6.784921... (6.78 shown), grade 合格 (see scorecards.py).
BRIEF_ZH = "安亭镇 2023 自评: 6.78 合格\n"


def test_the_skeleton_installs_and_renders(tmp_path: Path, inputs: list[str]) -> None:
    site = install.install("anting-rol-skeleton")
    run = install.run_cli(["score", *inputs, "-f", "brief"], site, tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout == BRIEF_ZH
    out = tmp_path / "out"
    written = install.run_cli(["score", *inputs, "-f", "brief", "-o", f"{out}/"], site, tmp_path)
    assert written.returncode == 0, written.stderr
    assert (out / "report.txt").read_text(encoding="utf-8") == BRIEF_ZH


def test_plugins_lists_description_version_and_distribution(tmp_path: Path) -> None:
    site = install.install("anting-rol-skeleton")
    run = install.run_cli(["plugins", "--format", "json"], site, tmp_path)
    assert run.returncode == 0, run.stderr
    [brief] = [r for r in json.loads(run.stdout) if r["format"] == "brief"]
    assert brief["description"] == "one line per unit: total and grade"
    assert (brief["plugin"], brief["distribution"], brief["version"]) == (
        "brief",
        "anting-rol-skeleton",
        "0.1.0",
    )
    assert brief["status"] == "ok" and brief["extension"] == "txt"
    table = install.run_cli(["plugins", "--lang", "en"], site, tmp_path)
    line = next(x for x in table.stdout.splitlines() if x.startswith("brief "))
    for word in ("one line per unit: total and grade", "anting-rol-skeleton", "0.1.0", "ok"):
        assert word in line
    builtin = next(x for x in table.stdout.splitlines() if x.startswith("markdown "))
    assert "anting-rule-of-law" in builtin and "Markdown" in builtin


@pytest.mark.parametrize(
    "spec",
    [
        str(SKELETON / "src" / "anting_rol_skeleton"),  # a package folder
        "anting_rol_skeleton",  # a module name on PYTHONPATH
    ],
)
def test_plugin_option_loads_a_local_module_for_one_run(
    tmp_path: Path, inputs: list[str], spec: str
) -> None:
    env = {"PYTHONPATH": str(SKELETON / "src")} if "/" not in spec else {}
    run = install.run_cli(
        ["score", *inputs, "-f", "brief", "--plugin", spec], None, tmp_path, **env
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == BRIEF_ZH
    listed = install.run_cli(
        ["plugins", "--format", "json", "--plugin", spec], None, tmp_path, **env
    )
    [brief] = [r for r in json.loads(listed.stdout) if r["format"] == "brief"]
    assert brief["distribution"] == f"local: {spec}"
    without = install.run_cli(["score", *inputs, "-f", "brief"], None, tmp_path, **env)
    assert without.returncode == 2 and "brief" in without.stderr


def test_plugin_option_with_a_file_and_blocked_entry_points(
    tmp_path: Path, inputs: list[str]
) -> None:
    plugin = tmp_path / "shout.py"
    plugin.write_text(
        textwrap.dedent(
            """
            from anting_rule_of_law.reporting import OutputFormat, hookimpl

            @hookimpl
            def arol_register_formats():
                return [OutputFormat(name="shout", extension="txt", media_type="text/plain")]

            @hookimpl
            def arol_render(options):
                return "SHOUT " + options.lang + "\\n"
            """
        ),
        encoding="utf-8",
    )
    run = install.run_cli(
        ["score", *inputs, "-f", "shout", "--plugin", str(plugin), "--lang", "en"],
        None,
        tmp_path,
        ANTING_ROL_DISABLE_PLUGINS="1",  # a local plugin is asked for by name: still loaded
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == "SHOUT en\n"


def test_a_broken_local_plugin_is_named(tmp_path: Path, inputs: list[str]) -> None:
    missing = tmp_path / "nowhere.py"
    run = install.run_cli(
        ["score", *inputs, "--plugin", str(missing), "--lang", "en"], None, tmp_path
    )
    assert run.returncode == 5
    assert str(missing) in run.stderr and "no such file" in run.stderr
    assert "Traceback" not in run.stderr
    listed = install.run_cli(
        ["plugins", "--plugin", str(missing), "--format", "json"], None, tmp_path
    )
    assert listed.returncode == 0
    [row] = [r for r in json.loads(listed.stdout) if r["status"] == "broken"]
    assert row["plugin"] == "nowhere"
