"""Build the test plugin packages (and the HTML and Word plugins) once per test run and install
them with pip into throw-away directories.

Why ``pip install --target`` and not into the running environment: a plugin with a
misspelled hook, installed for real, would break every other ``anting-rol`` run
sharing that environment. A target directory on ``PYTHONPATH`` (or ``sys.path``)
is a real installation — pip writes the ``.dist-info`` with its entry points —
seen only by the processes that ask for it.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent
REPO = FIXTURES.parents[1]
PACKAGES: Mapping[str, Path] = {
    "anting-rol-html": REPO / "plugins" / "anting-rol-html",
    "anting-rol-skeleton": REPO / "plugins" / "skeleton",
    "anting-rol-docx": REPO / "plugins" / "anting-rol-docx",
    **{p.name: p for p in sorted(FIXTURES.glob("arol-*")) if (p / "pyproject.toml").exists()},
}


@functools.cache
def _workdir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="arol-plugins-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def _pip(*args: str) -> list[str]:
    return [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args]


#: Built wheels are kept here (git-ignored), keyed by a digest of the package's files,
#: so a package is rebuilt only when it changes (an isolated pip build takes ~15 s).
CACHE = REPO / "tests" / "artifacts" / "wheels"
_SKIP = shutil.ignore_patterns("build", "*.egg-info", "__pycache__", "tests", "*.pyc")


def _digest(path: Path) -> str:
    h = hashlib.sha256(sys.version.encode())
    for f in sorted(path.rglob("*")):
        rel = f.relative_to(path)
        if f.is_file() and not any(
            part in ("build", "__pycache__", "tests") or part.endswith((".egg-info", ".pyc"))
            for part in rel.parts
        ):
            h.update(str(rel).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


@functools.cache
def wheels() -> Mapping[str, Path]:
    """Wheel file per package name: from the cache, or built by pip in parallel from a
    copy of the package (so no build files land in the source tree)."""
    procs: dict[str, tuple[Path, subprocess.Popen[str]]] = {}
    found: dict[str, Path] = {}
    for name, path in PACKAGES.items():
        out = CACHE / f"{name}-{_digest(path)}"
        cached = sorted(out.glob("*.whl"))
        if cached:
            found[name] = cached[0]
            continue
        copy = _workdir() / "src" / name
        shutil.copytree(path, copy, ignore=_SKIP)
        procs[name] = (
            out,
            subprocess.Popen(
                _pip("wheel", "--no-deps", "-w", str(out), str(copy)),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            ),
        )
    for name, (out, proc) in procs.items():
        output, _ = proc.communicate(timeout=600)
        if proc.returncode != 0:
            shutil.rmtree(out, ignore_errors=True)
            raise RuntimeError(f"building {name} failed:\n{output[-3000:]}")
        found[name] = sorted(out.glob("*.whl"))[0]
    return found


@functools.cache
def install(*names: str) -> Path:
    """A directory holding the named packages, installed by pip (no dependencies)."""
    target = _workdir() / ("site-" + "+".join(names))
    subprocess.run(
        _pip("install", "--no-deps", "--no-index", "--target", str(target))
        + [str(wheels()[n]) for n in names],
        check=True,
        capture_output=True,
        text=True,
    )
    return target


def env_with(target: Path | None, **extra: str) -> dict[str, str]:
    """The environment for a subprocess that sees the plugins installed in ``target``."""
    env = {k: v for k, v in os.environ.items() if k not in ("ANTING_ROL_DISABLE_PLUGINS",)}
    if target is not None:
        env["PYTHONPATH"] = os.pathsep.join(
            [str(target), *filter(None, [os.environ.get("PYTHONPATH", "")])]
        )
    env.update(extra)
    return env


def run_cli(
    args: Sequence[str], target: Path | None, cwd: Path, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    """``anting-rol ARGS`` in a fresh interpreter (so entry points are discovered for real)."""
    return subprocess.run(
        [sys.executable, "-m", "anting_rule_of_law", *args],
        cwd=cwd,
        env=env_with(target, **extra_env),
        capture_output=True,
        text=True,
        timeout=300,
    )
