"""Plugins cannot take the run down silently: exits, interrupts and prints from real,
pip-installed plugin packages (tests/plugin_fixtures/arol-exits, arol-prints)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from plugin_fixtures import install
from plugin_fixtures import scorecards as sample

#: Each arol-exits plugin and the file its traceback passes through.
MODULES = {
    "exit_on_import": "on_import.py",
    "exit_in_formats": "in_formats.py",
    "exit_in_render": "in_render.py",
    "interrupt_on_import": "interrupt.py",
}
EXITS = tuple(MODULES)


def only(*wanted: str) -> str:
    """ANTING_ROL_DISABLE_PLUGINS blocking every arol-exits plugin but ``wanted``."""
    return ",".join(name for name in EXITS if name not in wanted)


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    fw = tmp_path / "mini.yaml"
    fw.write_text(yaml.safe_dump(sample.FRAMEWORK, allow_unicode=True), encoding="utf-8")
    a = tmp_path / "anting.yaml"
    a.write_text(yaml.safe_dump(sample.assessment_dict(), allow_unicode=True), encoding="utf-8")
    return fw, a


@pytest.mark.parametrize(
    ("plugin", "raised"),
    [
        ("exit_on_import", "SystemExit: 0"),
        ("exit_in_formats", "SystemExit: 3"),
        ("interrupt_on_import", "KeyboardInterrupt"),
    ],
)
def test_an_exit_from_a_plugin_is_a_plugin_error(
    tmp_path: Path, inputs: tuple[Path, Path], plugin: str, raised: str
) -> None:
    site = install.install("arol-exits")
    fw, a = inputs
    out = tmp_path / "out"
    args = ["score", str(a), "--framework", str(fw), "-f", "md", "-o", str(out / "r.md")]
    run = install.run_cli(
        [*args, "--lang", "en"], site, tmp_path, ANTING_ROL_DISABLE_PLUGINS=only(plugin)
    )
    assert run.returncode == 5, run.stderr
    assert f"'{plugin}'" in run.stderr or f"{plugin} (" in run.stderr
    assert "arol-exits 0.0.4" in run.stderr and raised in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()  # nothing written
    zh = install.run_cli(args, site, tmp_path, ANTING_ROL_DISABLE_PLUGINS=only(plugin))
    assert zh.returncode == 5 and "插件" in zh.stderr and "plugin " not in zh.stderr
    debug = install.run_cli(
        [*args, "--debug"], site, tmp_path, ANTING_ROL_DISABLE_PLUGINS=only(plugin)
    )
    assert debug.returncode == 5
    assert "Traceback" in debug.stderr and MODULES[plugin] in debug.stderr


def test_an_exit_inside_render_fails_that_format_only(
    tmp_path: Path, inputs: tuple[Path, Path]
) -> None:
    site = install.install("arol-exits")
    fw, a = inputs
    out = tmp_path / "out"
    args = ["score", str(a), "--framework", str(fw), "-f", "quits", "-f", "json"]
    run = install.run_cli(
        [*args, "-o", str(out / "report"), "--lang", "en"],
        site,
        tmp_path,
        ANTING_ROL_DISABLE_PLUGINS=only("exit_in_render"),
    )
    assert run.returncode == 4, run.stderr
    assert "exit_in_render (arol-exits 0.0.4)" in run.stderr and "SystemExit" in run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]
    debug = install.run_cli(
        [*args, "-o", str(tmp_path / "again" / "report"), "--debug"],
        site,
        tmp_path,
        ANTING_ROL_DISABLE_PLUGINS=only("exit_in_render"),
    )
    assert debug.returncode == 4 and "Traceback" in debug.stderr and "in_render.py" in debug.stderr


def test_plugins_lists_every_plugin_and_marks_the_broken(tmp_path: Path) -> None:
    site = install.install("arol-exits")
    run = install.run_cli(["plugins", "--format", "json", "--lang", "en"], site, tmp_path)
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    status = {r["plugin"]: r["status"] for r in rows if r["distribution"] == "arol-exits"}
    assert status == {
        "exit_on_import": "broken",
        "exit_in_formats": "broken",
        "interrupt_on_import": "broken",
        "exit_in_render": "ok",
    }
    assert [r["format"] for r in rows if r["plugin"] == "exit_in_render"] == ["quits"]
    assert {r["format"] for r in rows if r["status"] == "ok"} == {
        "district",
        "json",
        "markdown",
        "quits",
        "xlsx",
    }
    assert "exit_in_formats (arol-exits 0.0.4)" in run.stderr
    for name in ("exit_on_import", "interrupt_on_import"):
        assert f"entry point {name!r}" in run.stderr
    table = install.run_cli(["plugins"], site, tmp_path)
    assert table.returncode == 0 and "出错" in table.stdout and "正常" in table.stdout
    checked = install.run_cli(["plugins", "--check"], site, tmp_path)
    assert checked.returncode == 5 and checked.stdout == table.stdout


def test_what_a_plugin_prints_never_mixes_with_a_report_on_stdout(
    tmp_path: Path, inputs: tuple[Path, Path]
) -> None:
    site = install.install("arol-prints")
    fw, a = inputs
    md = install.run_cli(["score", str(a), "--framework", str(fw), "-f", "md"], site, tmp_path)
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# 安亭镇") and "NOISE" not in md.stdout
    assert "NOISE: imported" in md.stderr and "NOISE: registering" in md.stderr
    plain = install.run_cli(
        ["score", str(a), "--framework", str(fw), "-f", "plain"], site, tmp_path
    )
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout == "plain report\n"
    assert "NOISE: rendering" in plain.stderr and "NOISE: written" in plain.stderr
    listed = install.run_cli(["plugins", "--format", "json"], site, tmp_path)
    assert listed.returncode == 0
    assert "plain" in {r["format"] for r in json.loads(listed.stdout)}
