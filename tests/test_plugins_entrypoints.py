"""Third-party plugins through real entry points: packages built and installed with pip.

Each broken plugin gives its documented error (message naming it, exit code) and
leaves no partial output file. See tests/plugin_fixtures/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from anting_rule_of_law.errors import PluginError
from anting_rule_of_law.plugins import get_plugin_manager
from plugin_fixtures import install
from plugin_fixtures import scorecards as sample


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    fw = tmp_path / "mini.yaml"
    fw.write_text(yaml.safe_dump(sample.FRAMEWORK, allow_unicode=True), encoding="utf-8")
    a = tmp_path / "anting.yaml"
    a.write_text(yaml.safe_dump(sample.assessment_dict(), allow_unicode=True), encoding="utf-8")
    return fw, a


def listed_rows(site: Path, cwd: Path) -> list[dict[str, object]]:
    """``anting-rol plugins --format json``, which must succeed whatever is broken."""
    run = install.run_cli(["plugins", "--lang", "en", "--format", "json"], site, cwd)
    assert run.returncode == 0, run.stderr
    rows: list[dict[str, object]] = json.loads(run.stdout)
    return rows


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_misspelled_hook(tmp_path: Path, inputs: tuple[Path, Path]) -> None:
    site = install.install("arol-misspelled")
    listed = install.run_cli(["plugins", "--lang", "en", "--check"], site, tmp_path)
    assert listed.returncode == 5, listed.stderr
    assert "misspelled (arol-misspelled 0.0.1)" in listed.stderr
    assert "'arol_rendr'" in listed.stderr
    assert "Traceback" not in listed.stderr
    # without --check the listing succeeds, with the broken plugin marked
    rows = listed_rows(site, tmp_path)
    assert {r["format"] for r in rows if r["status"] == "ok"} == {
        "district",
        "json",
        "markdown",
        "xlsx",
    }
    [broken] = [r for r in rows if r["status"] == "broken"]
    assert (broken["plugin"], broken["distribution"]) == ("misspelled", "arol-misspelled")
    assert "'arol_rendr'" in broken["error"]
    fw, a = inputs
    out = tmp_path / "out"
    run = install.run_cli(
        ["score", str(a), "--framework", str(fw), "-f", "json", "-o", str(out / "r.json")],
        site,
        tmp_path,
    )
    assert run.returncode == 5
    assert files_in(out) == []  # nothing written


def test_disable_variable_blocks_the_broken_plugin(
    tmp_path: Path, inputs: tuple[Path, Path]
) -> None:
    site = install.install("arol-misspelled")
    for value in ("misspelled", "arol-misspelled", "arol_misspelled", "1", "all", "*"):
        run = install.run_cli(
            ["plugins", "--lang", "en", "--format", "json"],
            site,
            tmp_path,
            ANTING_ROL_DISABLE_PLUGINS=value,
        )
        assert run.returncode == 0, (value, run.stderr)
        rows = json.loads(run.stdout)
        assert {r["format"] for r in rows} == {"district", "json", "markdown", "xlsx", ""}
        assert [(r["plugin"], r["status"]) for r in rows if r["format"] == ""] == [
            ("misspelled", "blocked")
        ]
    fw, a = inputs
    run = install.run_cli(
        ["score", str(a), "--framework", str(fw), "-f", "md"],
        site,
        tmp_path,
        ANTING_ROL_DISABLE_PLUGINS="misspelled",
    )
    assert run.returncode == 0 and run.stdout.startswith("# 安亭镇")


def test_reporter_that_raises(tmp_path: Path, inputs: tuple[Path, Path]) -> None:
    site = install.install("arol-raises")
    fw, a = inputs
    out = tmp_path / "out"
    run = install.run_cli(
        [
            "score",
            str(a),
            "--framework",
            str(fw),
            "-f",
            "boom",
            "-f",
            "json",
            "-f",
            "xlsx",
            "-o",
            str(out / "report"),
            "--lang",
            "en",
        ],
        site,
        tmp_path,
    )
    assert run.returncode == 4, run.stderr
    assert "raises (arol-raises 0.0.2)" in run.stderr
    assert "'boom'" in run.stderr and "the boom reporter exploded" in run.stderr
    assert "Traceback" not in run.stderr
    # the other formats completed; no partial or temporary file remains
    assert files_in(out) == ["report.json", "report.xlsx"]
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["schema_version"] == 2


def test_two_plugins_claiming_one_format(tmp_path: Path, inputs: tuple[Path, Path]) -> None:
    site = install.install("arol-dup-a", "arol-dup-b")
    listed = install.run_cli(["plugins", "--lang", "en", "--check"], site, tmp_path)
    assert listed.returncode == 5
    assert "'dup'" in listed.stderr
    assert "dup_a (arol-dup-a 1.0.0)" in listed.stderr
    assert "dup_b (arol-dup-b 2.0.0)" in listed.stderr
    fw, a = inputs
    out = tmp_path / "out"
    run = install.run_cli(
        ["score", str(a), "--framework", str(fw), "-f", "json", "-o", str(out / "r.json")],
        site,
        tmp_path,
    )
    assert run.returncode == 5 and files_in(out) == []
    blocked = install.run_cli(
        ["plugins", "--format", "json"], site, tmp_path, ANTING_ROL_DISABLE_PLUGINS="arol-dup-b"
    )
    assert blocked.returncode == 0
    dup = [r for r in json.loads(blocked.stdout) if r["format"] == "dup"]
    assert [(r["distribution"], r["version"]) for r in dup] == [("arol-dup-a", "1.0.0")]


def test_plugin_that_fails_to_import(tmp_path: Path) -> None:
    site = install.install("arol-broken")
    run = install.run_cli(["plugins", "--lang", "en", "--check"], site, tmp_path)
    assert run.returncode == 5
    assert "entry point 'broken'" in run.stderr
    assert "arol-broken 0.0.3" in run.stderr
    assert "anting_rol_no_such_dependency" in run.stderr


def test_in_process_discovery(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(install.install("arol-dup-a")))
    monkeypatch.delenv("ANTING_ROL_DISABLE_PLUGINS", raising=False)
    pm = get_plugin_manager()
    info = pm.find_format("dup")
    assert info is not None
    assert (info.plugin.name, info.plugin.distribution, info.plugin.version) == (
        "dup_a",
        "arol-dup-a",
        "1.0.0",
    )
    assert not info.plugin.builtin
    assert get_plugin_manager(load_entrypoints=False).find_format("dup") is None
    monkeypatch.setenv("ANTING_ROL_DISABLE_PLUGINS", "dup_a")
    pm = get_plugin_manager()
    assert pm.find_format("dup") is None
    assert [p.name for p in pm.list_plugins() if p.blocked] == ["dup_a"]


def test_misspelled_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(install.install("arol-misspelled")))
    monkeypatch.delenv("ANTING_ROL_DISABLE_PLUGINS", raising=False)
    with pytest.raises(PluginError, match="arol_rendr"):
        get_plugin_manager().formats()
