"""Every runnable code block in README.md and docs/**/*.md runs, and shows what it prints.

The convention (for anyone writing docs):

* ```` ```console ```` — a terminal transcript. Each line starting with ``$ `` is
  a command; the lines after it, up to the next ``$ `` line or the end of the
  block, are its expected output: standard output and standard error together,
  in the order a terminal shows them.
  Output is compared line by line after stripping trailing spaces and trailing
  blank lines. A line that is exactly ``...`` matches any number of lines (a
  trailing ``...`` means "the output goes on"); ``...`` inside a line matches
  any text within that line.
  Commands that run: ``anting-rol ...`` (in-process, through the CLI's
  ``main``), ``python ...`` (a subprocess with this interpreter) and
  ``echo $?`` (prints the previous command's exit code). A leading ``VAR=value``
  sets an environment variable for that command. Any other command (``pip``,
  ``cd``, ``git`` ...) is shown but not run, and its output is not checked. A
  ``console`` block without any ``$ `` line is not a transcript and is
  skipped (write ``sh`` for a plain list of commands).
* ```` ```python ```` — executed; it must not raise. Output is not checked.
* ```` ```pycon ```` — ``>>> `` / ``... `` doctest style, run through doctest
  (ELLIPSIS and NORMALIZE_WHITESPACE on).
* ```` ```yaml ````, ```` ```json ````, ```` ```csv ```` — a data sample, and a
  complete file: a framework (it has ``nodes``) or an assessment (YAML/JSON
  with ``entries``, or a CSV table). A framework sample must pass the schema
  and the structural checks and score an empty assessment. An assessment
  sample must validate without error against the framework it names — a
  bundled one, or a framework sample earlier in the same document with that
  ``id`` — and score. Warnings (indicators left out) are allowed: a sample
  need not fill all 55 indicators. A fragment that is not a whole file is
  written as ```` ```text ```` or marked skip.
* ```` ```sh ```` / ```` ```bash ```` in README.md — the ``anting-rol`` lines run, in
  order, in the scratch directory, and must exit 0 (or 1, "below the line",
  when the line has ``--fail-under``): the README names files that ship.
  Elsewhere these blocks are command lists with placeholders and do not run.
* Anything else (```` ```text ````, ```` ```toml ````, no language) is not run.
* ``<!-- snippet: skip -->`` on the line just before a fence skips that block.

All blocks of one document run in file order in one scratch directory: a copy
of the repository's examples/, docs/, tests/ and top-level files (``src`` is
linked), so a command may write files without touching the checkout, and a
later block may read what an earlier one wrote. Python and pycon blocks of one
document share one namespace. The environment variable ANTING_ROL_LANG is
unset, so the CLI speaks Chinese unless a command says ``--lang en``.

Blocks are collected when the tests are collected, so new docs are picked up
without touching this file.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from anting_rule_of_law import Assessment, Framework, check_files, read_framework, score
from anting_rule_of_law.cli import main as cli_main

REPO = Path(__file__).resolve().parents[1]
RUN_LANGS = ("console", "python", "pycon")
DATA_LANGS = ("yaml", "json", "csv")
SHELL_LANGS = ("sh", "bash")
SKIP_MARK = "<!-- snippet: skip -->"
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
#: Not copied into the scratch directory: version control, caches, build output and
#: virtual environments (a checkout's .venv is ~0.5 GB; copied once per document it
#: filled the disk).
_IGNORED = shutil.ignore_patterns(
    ".git",
    ".*_cache",
    ".hypothesis",
    "__pycache__",
    "*.egg-info",
    "artifacts",
    "site",
    "src",
    # virtual environments inside the checkout (.venv, CI's .ci-venv): hundreds of MB a copy
    ".venv",
    ".ci-venv",
    "venv",
    ".tox",
    "node_modules",
)


@dataclass
class Block:
    """One fenced code block of a Markdown file."""

    doc: Path
    line: int  # 1-based line of the opening fence
    lang: str
    text: str
    skip: bool = False

    @property
    def id(self) -> str:
        return f"{self.doc.relative_to(REPO).as_posix()}:{self.line}:{self.lang}"


def doc_files() -> list[Path]:
    files = [REPO / "README.md"] if (REPO / "README.md").is_file() else []
    docs = REPO / "docs"
    if docs.is_dir():
        files += sorted(docs.rglob("*.md"))
    return files


def fenced_blocks(doc: Path) -> Iterator[Block]:
    """Fenced blocks of ``doc`` in order; indentation of a fence inside a list is removed."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = len(m["indent"]), m["fence"], m["info"].strip()
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines):
            closing = _FENCE.match(lines[i])
            if (
                closing
                and closing["fence"][0] == fence[0]
                and len(closing["fence"]) >= len(fence)
                and not closing["info"].strip()
            ):
                break
            line = lines[i]
            body.append(line[indent:] if line[:indent].strip() == "" else line.lstrip())
            i += 1
        i += 1
        lang = info.split()[0].lower() if info else ""
        skip = start > 0 and lines[start - 1].strip() == SKIP_MARK
        yield Block(doc, start + 1, lang, "\n".join(body) + "\n", skip)


def runnable_blocks() -> list[Block]:
    return [b for doc in doc_files() for b in fenced_blocks(doc) if b.lang in RUN_LANGS]


def data_blocks() -> list[Block]:
    return [b for doc in doc_files() for b in fenced_blocks(doc) if b.lang in DATA_LANGS]


def readme_shell_blocks() -> list[Block]:
    readme = REPO / "README.md"
    if not readme.is_file():
        return []
    return [b for b in fenced_blocks(readme) if b.lang in SHELL_LANGS]


# -- output matching ---------------------------------------------------------------------


def _clean(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _line_matches(pattern: str, line: str) -> bool:
    if "..." not in pattern:
        return pattern == line
    regex = ".*".join(re.escape(part) for part in pattern.split("..."))
    return re.fullmatch(regex, line) is not None


def output_matches(expected: list[str], actual: list[str]) -> bool:
    """Line-wise match where an expected line ``...`` stands for any number of lines."""
    memo: dict[tuple[int, int], bool] = {}

    def match(i: int, j: int) -> bool:
        key = (i, j)
        if key not in memo:
            if i == len(expected):
                memo[key] = j == len(actual)
            elif expected[i] == "...":
                memo[key] = any(match(i + 1, k) for k in range(j, len(actual) + 1))
            else:
                memo[key] = (
                    j < len(actual)
                    and _line_matches(expected[i], actual[j])
                    and match(i + 1, j + 1)
                )
        return memo[key]

    return match(0, 0)


# -- console transcripts -------------------------------------------------------------------


@dataclass
class Command:
    line: int
    text: str
    expected: list[str] = field(default_factory=list)


def transcript(block: Block) -> list[Command]:
    commands: list[Command] = []
    for offset, line in enumerate(block.text.splitlines(), start=1):
        if line.startswith("$ "):
            commands.append(Command(block.line + offset, line[2:].strip()))
        elif line.rstrip() == "$":
            commands.append(Command(block.line + offset, ""))
        elif commands:
            commands[-1].expected.append(line)
    for command in commands:
        command.expected = _clean("\n".join(command.expected))
    return commands


class _Shell:
    """Runs the commands of one document's transcripts in its scratch directory."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.last_code = 0

    def run(self, text: str) -> tuple[bool, str]:
        """(ran, output): ``ran`` is False for a command this test does not run."""
        words = shlex.split(text, comments=True)
        env: dict[str, str] = {}
        while words and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[0]):
            key, _, value = words.pop(0).partition("=")
            env[key] = value
        if not words:
            return False, ""
        if words == ["echo", "$?"]:
            return True, f"{self.last_code}\n"
        if words[0] == "anting-rol":
            return True, self._in_process(words[1:], env)
        if words[0] in ("python", "python3"):
            return True, self._subprocess([sys.executable, *words[1:]], env)
        return False, ""

    def _in_process(self, args: list[str], env: dict[str, str]) -> str:
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        both = io.StringIO()
        try:
            with contextlib.redirect_stdout(both), contextlib.redirect_stderr(both):
                try:
                    code = cli_main(args)
                except SystemExit as exc:  # argparse: --help, usage errors
                    code = exc.code if isinstance(exc.code, int) else (exc.code is not None)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        self.last_code = int(code)
        return both.getvalue()

    def _subprocess(self, argv: list[str], env: dict[str, str]) -> str:
        full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1", **env}
        result = subprocess.run(
            argv,
            cwd=self.workdir,
            env=full_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            timeout=600,
            check=False,
        )
        self.last_code = result.returncode
        return result.stdout


# -- fixtures ------------------------------------------------------------------------------


_WORKDIRS: dict[Path, Path] = {}
_NAMESPACES: dict[Path, dict[str, Any]] = {}


@pytest.fixture
def workdir(block: Block, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scratch directory of the block's document (made once per document)."""
    found = _WORKDIRS.get(block.doc)
    if found is None:
        found = tmp_path_factory.mktemp("docs")
        for entry in REPO.iterdir():
            if _IGNORED(str(REPO), [entry.name]):
                continue
            if entry.is_dir():
                shutil.copytree(entry, found / entry.name, ignore=_IGNORED)
            else:
                shutil.copy2(entry, found / entry.name)
        (found / "src").symlink_to(REPO / "src", target_is_directory=True)
        _WORKDIRS[block.doc] = found
    return found


@pytest.fixture
def block(request: pytest.FixtureRequest) -> Block:
    b: Block = request.param
    return b


def _namespace(doc: Path) -> dict[str, Any]:
    return _NAMESPACES.setdefault(doc, {"__name__": "__doc_snippet__"})


@pytest.mark.parametrize("block", runnable_blocks(), ids=lambda b: b.id, indirect=True)
def test_doc_snippet(
    block: Block,
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if block.skip:
        pytest.skip(f"marked {SKIP_MARK}")
    monkeypatch.chdir(workdir)
    monkeypatch.delenv("ANTING_ROL_LANG", raising=False)
    if block.lang == "console":
        _run_console(block, workdir)
    elif block.lang == "python":
        code = compile(block.text, f"{block.id}", "exec")
        exec(code, _namespace(block.doc))
    else:
        _run_pycon(block)


def _run_console(block: Block, workdir: Path) -> None:
    commands = transcript(block)
    if not commands:
        pytest.skip("console block without a '$ ' prompt: not a transcript (use ```sh)")
    shell = _Shell(workdir)
    ran = 0
    failures: list[str] = []
    for command in commands:
        did_run, output = shell.run(command.text)
        if not did_run:
            continue
        ran += 1
        actual = _clean(output)
        if not output_matches(command.expected, actual):
            failures.append(
                f"line {command.line}: $ {command.text}\n"
                f"--- expected\n" + "\n".join(command.expected) + "\n"
                f"--- got (exit code {shell.last_code})\n" + "\n".join(actual)
            )
    if not ran:
        pytest.skip("no command this test runs (only anting-rol, python and echo $? run)")
    assert not failures, "\n\n".join(failures)


def _run_pycon(block: Block) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(
        block.text, _namespace(block.doc), block.id, str(block.doc), block.line
    )
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    report: list[str] = []
    runner.run(test, out=report.append, clear_globs=False)
    assert runner.failures == 0, "".join(report)


# -- data samples: complete framework and assessment files ----------------------------------


def _parse_sample(block: Block) -> Any:
    if block.lang == "json":
        return json.loads(block.text)
    if block.lang == "yaml":
        return yaml.safe_load(block.text)
    return None  # CSV: read by the assessment reader itself


def _sample_kind(block: Block, data: Any) -> str:
    if block.lang == "csv":
        return "assessment"
    if isinstance(data, dict) and "nodes" in data:
        return "framework"
    if isinstance(data, dict) and "entries" in data:
        return "assessment"
    return "fragment"


def _framework_samples(doc: Path) -> dict[str, Framework]:
    """The framework samples of ``doc`` by id (each block loaded once)."""
    found: dict[str, Framework] = {}
    for b in fenced_blocks(doc):
        if b.lang in DATA_LANGS and not b.skip:
            data = _parse_sample(b)
            if _sample_kind(b, data) == "framework":
                found[str(data["id"])] = read_framework(data, file=b.id)
    return found


def _named_framework(block: Block, data: Any, sample: Path) -> Framework | str | None:
    """The framework sample of this document the assessment names, if any."""
    local = _framework_samples(block.doc)
    if isinstance(data, dict):
        ref = data.get("framework")
        ident = ref.get("id") if isinstance(ref, dict) else ref
        return local.get(str(ident))
    ids = set(pl.read_csv(sample, infer_schema=False).get_column("framework").to_list())
    return local.get(ids.pop()) if len(ids) == 1 else None


@pytest.mark.parametrize("block", data_blocks(), ids=lambda b: b.id)
def test_doc_data_sample(block: Block, tmp_path: Path) -> None:
    if block.skip:
        pytest.skip(f"marked {SKIP_MARK}")
    data = _parse_sample(block)
    kind = _sample_kind(block, data)
    assert kind != "fragment", (
        f"{block.id}: a {block.lang} block must be a complete framework or assessment file; "
        f"write a fragment as ```text or mark it {SKIP_MARK}"
    )
    if kind == "framework":
        fw = read_framework(data, file=block.id)  # raises InputError with every problem
        empty = Assessment.from_dict(
            {"framework": fw.id, "unit": {"code": "u", "name": "u"}, "year": 2023}
        )
        card = score(fw, [empty])
        assert card.totals.height == 1
        return
    sample = tmp_path / f"sample.{block.lang}"
    sample.write_text(block.text, encoding="utf-8")
    named = _named_framework(block, data, sample)
    checked = check_files([sample], named)
    assert not checked.errors, "\n".join(p.message("en") for p in checked.errors)
    assert checked.assessments, f"{block.id}: no assessment read"
    card = score(named or checked.assessments[0].framework_id, checked.assessments)
    assert card.totals.height == len(checked.assessments)
    assert card.totals.get_column("score").null_count() == 0


# -- README commands: the files they name ship ---------------------------------------------


def _readme_commands(block: Block) -> list[str]:
    lines = []
    for raw in block.text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line.startswith("anting-rol "):
            lines.append(line)
    return lines


@pytest.mark.parametrize("block", readme_shell_blocks(), ids=lambda b: b.id)
def test_readme_commands_run(block: Block, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if block.skip:
        pytest.skip(f"marked {SKIP_MARK}")
    commands = _readme_commands(block)
    if not commands:
        pytest.skip("no anting-rol command in this block")
    monkeypatch.chdir(workdir)
    monkeypatch.delenv("ANTING_ROL_LANG", raising=False)
    shell = _Shell(workdir)
    failures = []
    for command in commands:
        _, output = shell.run(command)
        allowed = {0, 1} if "--fail-under" in command else {0}
        if shell.last_code not in allowed:
            failures.append(f"$ {command}\n(exit code {shell.last_code})\n{output}")
    assert not failures, "\n\n".join(failures)


# -- the convention itself -----------------------------------------------------------------


def test_output_matching_rules() -> None:
    assert output_matches(["a", "b"], ["a", "b"])
    assert not output_matches(["a", "b"], ["a", "b", "c"])
    assert output_matches(["a", "..."], ["a", "b", "c"])
    assert output_matches(["a", "...", "z"], ["a", "z"])
    assert output_matches(["a", "...", "z"], ["a", "b", "c", "z"])
    assert not output_matches(["a", "...", "z"], ["a", "b"])
    assert output_matches(["total ... points"], ["total 92.06 points"])
    assert not output_matches(["total ... points"], ["total 92.06"])
    assert output_matches([], [])
    assert not output_matches([], ["unexpected"])


def test_transcript_parsing(tmp_path: Path) -> None:
    doc = tmp_path / "x.md"
    doc.write_text(
        "text\n"
        "```console\n"
        "$ anting-rol frameworks\n"
        "id  version\n"
        "\n"
        "$ echo $?\n"
        "0\n"
        "```\n"
        "<!-- snippet: skip -->\n"
        "```python\n"
        "raise SystemExit\n"
        "```\n"
        "  ```pycon\n"
        "  >>> 1 + 1\n"
        "  2\n"
        "  ```\n",
        encoding="utf-8",
    )
    blocks = list(fenced_blocks(doc))
    assert [(b.line, b.lang, b.skip) for b in blocks] == [
        (2, "console", False),
        (10, "python", True),
        (13, "pycon", False),
    ]
    assert blocks[2].text == ">>> 1 + 1\n2\n"
    commands = transcript(blocks[0])
    assert [(c.line, c.text, c.expected) for c in commands] == [
        (3, "anting-rol frameworks", ["id  version"]),
        (6, "echo $?", ["0"]),
    ]
