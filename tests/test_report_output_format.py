"""The output format follows ``-o``: an extension picks the format when ``-f`` is not
given, and a ``-f`` that contradicts it is refused before anything is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from anting_rule_of_law.cli import main
from plugin_fixtures import install

ROOT = Path(__file__).resolve().parents[1]
ANTING = str(ROOT / "examples" / "anting_2023" / "anting_2023.yaml")


@pytest.fixture(autouse=True)
def _no_external_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTING_ROL_DISABLE_PLUGINS", "all")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "starts"),
    [("r.md", b"# "), ("r.json", b"{"), ("r.xlsx", b"PK"), ("r.txt", b"# ")],
)
def test_the_extension_picks_the_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, starts: bytes
) -> None:
    target = tmp_path / name
    code, err = run(capsys, "score", ANTING, "-o", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(starts)
    if name.endswith(".json"):
        assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == 2


def test_a_contradicting_format_is_refused_before_writing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "report.xlsx"
    code, err = run(capsys, "score", ANTING, "-f", "json", "-o", str(target), "--lang", "en")
    assert code == 2
    assert "the file will hold the json report, but its suffix .xlsx says otherwise" in err
    assert not target.exists() and list(tmp_path.iterdir()) == []
    # a stem of several formats that names another format's extension is refused too
    code, err = run(capsys, "score", ANTING, "-f", "md", "-f", "json", "-o", str(target))
    assert code == 2 and "都不写出 .xlsx 文件" in err
    # the format's own extension, or one no format writes, is fine
    code, err = run(capsys, "score", ANTING, "-f", "json", "-o", str(tmp_path / "r.json"))
    assert code == 0, err
    code, err = run(capsys, "score", ANTING, "-f", "json", "-o", str(tmp_path / "r.data"))
    assert code == 0, err
    assert (tmp_path / "r.data").read_text(encoding="utf-8").startswith("{")


def test_a_plugin_extension_without_the_plugin_names_the_package(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name, package in (("r.html", "anting-rol-html"), ("r.docx", "anting-rol-docx")):
        code, err = run(capsys, "score", ANTING, "-o", str(tmp_path / name), "--lang", "en")
        assert code == 2
        assert f"pip install {package}" in err
    assert list(tmp_path.iterdir()) == []


def test_plugin_extensions_pick_their_formats(tmp_path: Path) -> None:
    site = install.install("anting-rol-html", "anting-rol-docx")
    for name, starts in (("r.html", b"<!DOCTYPE html>"), ("r.docx", b"PK")):
        run_ = install.run_cli(["score", ANTING, "-o", str(tmp_path / name)], site, tmp_path)
        assert run_.returncode == 0, run_.stderr
        assert (tmp_path / name).read_bytes().startswith(starts)
