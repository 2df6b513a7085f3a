"""Reading YAML/JSON safely and writing files atomically.

Why a module of its own: every input (framework, assessment, table) must be read
with the same guarantees — safe YAML, no alias bombs, duplicate keys caught, a
non-UTF-8 file named as such — and every output written so that a failed run
leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import yaml

from anting_rule_of_law.errors import Problem

__all__ = ["atomic_write", "read_mapping", "read_text", "sha256_bytes"]

#: Largest number of nodes a YAML document may expand to once aliases are followed.
MAX_YAML_EXPANDED_NODES = 2_000_000
#: Inputs larger than this are refused before parsing (100 MiB).
MAX_INPUT_BYTES = 100 * 1024 * 1024


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader (libyaml when present) that refuses alias bombs and reports
    duplicate keys instead of silently keeping the last one."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int, int]] = []

    def construct_document(self, node: Any) -> Any:
        size = _expanded_size(node, {})
        if size > MAX_YAML_EXPANDED_NODES:
            raise yaml.YAMLError(
                f"the document expands to more than {MAX_YAML_EXPANDED_NODES} values "
                "through its aliases (an alias bomb?)"
            )
        return super().construct_document(node)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (str, int, float, bool)) and key in seen:
                mark = key_node.start_mark
                self.duplicates.append((str(key), mark.line + 1, mark.column + 1))
            with contextlib.suppress(TypeError):
                seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def _expanded_size(node: Any, memo: dict[int, int]) -> int:
    """Number of values the node stands for once every alias is expanded (memoised)."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # a recursive alias counts once, never loops
    if isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    else:
        size = 1
    memo[key] = size
    return size


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def read_text(
    path: str | Path,
    *,
    file: str | None = None,
    not_utf8: tuple[str, str] = ("save it as UTF-8", "请另存为 UTF-8"),
) -> tuple[str | None, bytes, list[Problem]]:
    """Read a text file as UTF-8 (a BOM allowed): ``(text, raw_bytes, problems)``.

    ``text`` is ``None`` when the file is missing, too large, a directory, not UTF-8
    or empty — each said in a located problem; ``not_utf8`` is the (en, zh) advice
    given with a decoding error. Never raises for bad content.
    """
    name = str(path) if file is None else file
    p = Path(path)
    try:
        if p.stat().st_size > MAX_INPUT_BYTES:
            return (
                None,
                b"",
                [
                    _p(
                        name,
                        "",
                        f"file is larger than {MAX_INPUT_BYTES} bytes",
                        f"文件超过 {MAX_INPUT_BYTES} 字节",
                    )
                ],
            )
        raw = p.read_bytes()
    except FileNotFoundError:
        return None, b"", [_p(name, "", "file not found", "文件不存在")]
    except IsADirectoryError:
        return None, b"", [_p(name, "", "is a directory, not a file", "这是目录而不是文件")]
    except OSError as exc:
        return (
            None,
            b"",
            [_p(name, "", f"cannot read: {exc.strerror}", f"无法读取：{exc.strerror}")],
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        en, zh = not_utf8
        return (
            None,
            raw,
            [
                _p(
                    name,
                    f"byte {exc.start}",
                    f"file is not UTF-8 text ({en})",
                    f"文件不是 UTF-8 编码的文本（{zh}）",
                )
            ],
        )
    if not text.strip():
        return None, raw, [_p(name, "", "file is empty", "文件为空")]
    return text, raw, []


def read_mapping(path: str | Path) -> tuple[Any, bytes, list[Problem]]:
    """Read a YAML or JSON file (chosen by suffix; ``.yml``/``.yaml`` are YAML).

    Returns ``(data, raw_bytes, problems)``; ``data`` is ``None`` when the file
    could not be parsed. Never raises for bad content.
    """
    name = str(path)
    p = Path(path)
    text, raw, problems = read_text(p, file=name)
    if text is None:
        return None, raw, problems
    if p.suffix.lower() == ".json":
        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except RecursionError:
            return (
                None,
                raw,
                [_p(name, "", "invalid JSON: nested too deeply", "JSON 格式错误：嵌套层级过深")],
            )
        except (json.JSONDecodeError, ValueError) as exc:
            if isinstance(exc, json.JSONDecodeError):
                where = f"line {exc.lineno}, column {exc.colno}"
                return (
                    None,
                    raw,
                    [_p(name, where, f"invalid JSON: {exc.msg}", f"JSON 格式错误：{exc.msg}")],
                )
            return None, raw, [_p(name, "", f"invalid JSON: {exc}", f"JSON 格式错误：{exc}")]
        return data, raw, []
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        msg = str(exc.problem or exc)
        return None, raw, [_p(name, where, f"invalid YAML: {msg}", f"YAML 格式错误：{msg}")]
    except yaml.YAMLError as exc:
        return None, raw, [_p(name, "", f"invalid YAML: {exc}", f"YAML 格式错误：{exc}")]
    except RecursionError:
        return (
            None,
            raw,
            [_p(name, "", "invalid YAML: nested too deeply", "YAML 格式错误：嵌套层级过深")],
        )
    finally:
        loader.dispose()
    problems = [
        _p(name, f"line {line}, column {col}", f"duplicate key {key!r}", f"重复的键 {key!r}")
        for key, line, col in loader.duplicates
    ]
    problems.extend(_non_finite(name, data))
    return data, raw, problems


def _non_finite(name: str, data: Any, path: str = "$") -> Iterator[Problem]:
    """YAML accepts ``.nan`` and ``.inf``; no indicator value may be either."""
    if isinstance(data, float) and not math.isfinite(data):
        yield _p(name, path, f"{data!r} is not a finite number", f"{data!r} 不是有限数值")
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _non_finite(name, v, f"{path}.{k}")
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _non_finite(name, v, f"{path}[{i}]")


def _p(file: str, where: str, en: str, zh: str) -> Problem:
    return Problem(file=file, where=where, en=en, zh=zh)


def _mode_for(target: Path) -> int:
    """Keep an existing file's mode; a new file gets 0666 less the umask, as open() would.

    (mkstemp creates its file 0600, which would make every report private.)"""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_write(path: str | Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    On any exception the temporary file is removed and ``path`` is untouched.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        fh: IO[Any] = (
            os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        )
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
