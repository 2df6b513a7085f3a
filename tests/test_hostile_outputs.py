"""Writes go only to regular files of ours: no device, FIFO, link, input or escape is replaced.

Every case asserts the exit code, the message and that nothing was written or
replaced. The SIGTERM case runs a real process and stops it while its
temporary file exists.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

HERE = Path(__file__).parent
REPO = HERE.parent
FRAMEWORK = HERE / "malformed" / "_framework.yaml"
ANTING = REPO / "examples" / "anting_2023" / "anting_2023.yaml"
TABLE = REPO / "examples" / "official_table" / "指标表.xlsx"


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.lstat().st_mode, p.lstat().st_size)
        for p in sorted(folder.rglob("*"))
    }


def _score(run_cli: Any, out: Path | str, *extra: str) -> Any:
    return run_cli("score", str(ANTING), "-o", str(out), "--lang", "en", *extra)


def test_a_device_is_not_replaced(run_cli: Any) -> None:
    before = os.stat(os.devnull)
    result = _score(run_cli, os.devnull)
    assert result.code == 4, result.err
    assert f"{os.devnull} is not a regular file (a device, pipe or socket)" in result.err
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_fifo_is_not_replaced(tmp_path: Path, run_cli: Any) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    result = _score(run_cli, fifo)
    assert result.code == 4 and "is not a regular file" in result.err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.md"]


def test_a_symlink_is_refused_not_followed_nor_replaced(tmp_path: Path, run_cli: Any) -> None:
    """The policy (docs/reliability.md): a link as -o is refused."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "report.md"
    link.symlink_to(victim)
    for argv in (
        ("score", str(ANTING), "-o", str(link)),
        ("template", "-o", str(tmp_path / "t.xlsx")),
    ):
        if argv[0] == "template":
            (tmp_path / "t.xlsx").symlink_to(victim)
        result = run_cli(*argv, "--lang", "en")
        assert result.code == 4, result.err
        assert "is a symbolic link: links are not written through" in result.err
    assert link.is_symlink() and os.readlink(link) == str(victim)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md", "t.xlsx", "victim.txt"]


def test_the_framework_file_is_never_an_output(tmp_path: Path, run_cli: Any) -> None:
    framework = tmp_path / "fw.json"
    framework.write_text(json.dumps(yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))))
    before = _listing(tmp_path)
    assessment = HERE / "malformed" / "unknown_code.yaml"
    result = run_cli(
        "score", str(assessment), "--framework", str(framework), "-f", "json",
        "-o", str(framework), "--lang", "en",
    )  # fmt: skip
    assert result.code == 2, result.err
    assert "is one of the input files" in result.err
    assert _listing(tmp_path) == before


def test_a_hard_link_to_an_input_is_refused(tmp_path: Path, run_cli: Any) -> None:
    source = tmp_path / "a.yaml"
    source.write_bytes(ANTING.read_bytes())
    alias = tmp_path / "report.md"
    os.link(source, alias)
    result = run_cli("score", str(source), "-o", str(alias), "--lang", "en")
    assert result.code == 2 and "is one of the input files" in result.err
    assert alias.read_bytes() == ANTING.read_bytes()


def test_the_table_is_never_the_import_output(tmp_path: Path, run_cli: Any) -> None:
    table = tmp_path / "table.yaml"
    table.write_text("一级指标,分值\n", encoding="utf-8")
    result = run_cli("import", str(table), "-o", str(table), "--lang", "en")
    assert result.code == 2 and "is one of the input files" in result.err
    assert table.read_text(encoding="utf-8") == "一级指标,分值\n"


def test_a_255_byte_file_name_is_written(tmp_path: Path, run_cli: Any) -> None:
    name = "安" * 82 + ".md"  # 246 + 3 bytes: at the file-system limit with its suffix
    assert len(name.encode("utf-8")) <= 255
    result = _score(run_cli, tmp_path / name)
    assert result.code == 0, result.err
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_folder_that_is_a_file(tmp_path: Path, run_cli: Any) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = _score(run_cli, blocker / "report.md")
    assert result.code == 4, result.err
    assert f"{blocker} is a file, not a folder" in result.err
    assert blocker.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("command", ["score", "template", "import"])
def test_every_command_creates_a_missing_output_folder(
    command: str, tmp_path: Path, run_cli: Any
) -> None:
    target = {
        "score": tmp_path / "new" / "deeper" / "r.md",
        "template": tmp_path / "new" / "deeper" / "t.xlsx",
        "import": tmp_path / "new" / "deeper" / "fw.yaml",
    }[command]
    argv = {
        "score": ("score", str(ANTING)),
        "template": ("template",),
        "import": ("import", str(TABLE)),
    }[command]
    result = run_cli(*argv, "-o", str(target), "--lang", "en")
    assert result.code == 0, result.err
    assert target.is_file()


@pytest.mark.parametrize("command", ["score", "template", "import"])
def test_a_failed_run_leaves_no_folder(command: str, tmp_path: Path, run_cli: Any) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [", encoding="utf-8")
    target = (
        tmp_path / "new" / {"score": "r.md", "template": "t.xlsx", "import": "fw.yaml"}[command]
    )
    argv = {
        "score": ("score", str(bad)),
        "template": ("template", "--framework", str(bad)),
        "import": ("import", str(tmp_path / "missing.xlsx")),
    }[command]
    result = run_cli(*argv, "-o", str(target), "--lang", "en")
    assert result.code == 3, result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("import", str(TABLE), "-o", "{tmp}/fw.xlsx"), "the file will hold a framework in YAML"),
        (
            ("score", str(ANTING), "-f", "md", "-o", "{tmp}/r.xlsx"),
            "the file will hold the markdown report",
        ),
        (("score", str(ANTING), "-f", "json", "-o", "{tmp}/r.md"), "the json report"),
    ],
)
def test_an_output_suffix_must_match_its_content(
    argv: tuple[str, ...], message: str, tmp_path: Path, run_cli: Any
) -> None:
    result = run_cli(*(a.format(tmp=tmp_path) for a in argv), "--lang", "en")
    assert result.code == 2, result.err
    assert message in result.err
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_suffix_is_the_user_s_choice(tmp_path: Path, run_cli: Any) -> None:
    for name in ("report.txt", "report", "report.out"):
        assert _score(run_cli, tmp_path / name).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report", "report.out", "report.txt"]


def test_a_plugin_extension_cannot_leave_the_output_folder(tmp_path: Path, run_cli: Any) -> None:
    plugin = tmp_path / "escape.py"
    plugin.write_text(
        textwrap.dedent(
            """
            from anting_rule_of_law.reporting import OutputFormat, hookimpl

            @hookimpl
            def arol_register_formats():
                return [OutputFormat(name="esc", extension="x/../../escaped", media_type="text/plain")]

            @hookimpl
            def arol_render(options):
                return "escaped\\n"
            """
        ),
        encoding="utf-8",
    )
    out = tmp_path / "a" / "b"
    out.mkdir(parents=True)
    before = _listing(tmp_path)
    result = run_cli(
        "score", str(ANTING), "-f", "esc", "-f", "md", "--plugin", str(plugin),
        "-o", f"{out}/", "--lang", "en",
    )  # fmt: skip
    assert result.code == 5, result.err
    assert "declares the file extension 'x/../../escaped', which is not one" in result.err
    assert _listing(tmp_path) == before


_SLOW_FSYNC = """
import os, sys, time
os.fsync = lambda fd: time.sleep(60)  # hold the write open until the signal comes
from anting_rule_of_law.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="POSIX signals")
def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"the old report")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _SLOW_FSYNC,
            "score",
            str(ANTING),
            "-f",
            "xlsx",
            "-o",
            str(target),
            "--lang",
            "en",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp") and p.stat().st_size]:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the temporary file never appeared"
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "terminated (SIGTERM)" in err and "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]
    assert target.read_bytes() == b"the old report"


def test_signal_handlers_are_restored_after_a_run(tmp_path: Path, run_cli: Any) -> None:
    before = signal.getsignal(signal.SIGTERM)
    assert _score(run_cli, tmp_path / "r.md").code == 0
    assert signal.getsignal(signal.SIGTERM) is before
