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
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import yaml

from anting_rule_of_law.errors import OutputError, Problem, json_path
from anting_rule_of_law.limits import MAX_INPUT_BYTES, MAX_NESTING_DEPTH, MAX_YAML_EXPANDED_NODES

__all__ = [
    "MAX_INPUT_BYTES",
    "atomic_write",
    "check_target",
    "read_mapping",
    "read_text",
    "sha256_bytes",
    "value_path",
    "walk_values",
]


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
        problem = _graph_problem(node)
        if problem is not None:
            text, mark = problem
            raise yaml.MarkedYAMLError(problem=text, problem_mark=mark)
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


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _graph_problem(root: Any) -> tuple[str, Any] | None:
    """What makes a composed YAML document unsafe to construct, and where; ``None`` if nothing.

    Walks the node graph once, without recursion: a node reached again through an
    alias while it is still open (``&a [*a]``) is a recursive alias, a path longer
    than :data:`MAX_NESTING_DEPTH` is too deep, and a document whose aliases expand
    to more than :data:`MAX_YAML_EXPANDED_NODES` values is an alias bomb.
    """
    sizes: dict[int, int] = {}
    open_nodes = {id(root)}
    stack = [(root, iter(_children(root)))]
    while stack:
        node, pending = stack[-1]
        child = next(pending, None)
        if child is None:
            stack.pop()
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in _children(node))
            continue
        key = id(child)
        if key in open_nodes:
            return (
                "an alias refers to a node that contains it (a recursive alias)",
                child.start_mark,
            )
        if key in sizes:
            continue
        if len(stack) >= MAX_NESTING_DEPTH:
            return f"nested deeper than {MAX_NESTING_DEPTH} levels", child.start_mark
        open_nodes.add(key)
        stack.append((child, iter(_children(child))))
    if sizes[id(root)] > MAX_YAML_EXPANDED_NODES:
        return (
            f"the document expands to more than {MAX_YAML_EXPANDED_NODES} values "
            "through its aliases (an alias bomb?)",
            None,
        )
    return None


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
        data, problems = _parse_json(text, name)
    else:
        data, problems = _parse_yaml(text, name)
    if data is None:  # a parse error, or a document of only comments / ``null``
        return (
            None,
            raw,
            problems
            or [
                _p(
                    name,
                    "",
                    "the file holds no data (an empty or null document)",
                    "文件中没有数据（空文档或 null）",
                )
            ],
        )
    found, fatal = _value_problems(name, data, problems)
    return (None if fatal else data), raw, problems + found


def _parse_yaml(text: str, name: str) -> tuple[Any, list[Problem]]:
    """Parse YAML safely: no alias bombs or recursive aliases, duplicate keys reported."""
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        msg = str(exc.problem or exc)
        return None, [_p(name, where, f"invalid YAML: {msg}", f"YAML 格式错误：{msg}")]
    except yaml.YAMLError as exc:
        return None, [_p(name, "", f"invalid YAML: {exc}", f"YAML 格式错误：{exc}")]
    except RecursionError:  # pragma: no cover - the depth is bounded before construction
        return None, [_too_deep(name, "YAML")]
    finally:
        loader.dispose()
    return data, [
        _p(name, f"line {line}, column {col}", f"duplicate key {key!r}", f"重复的键 {key!r}")
        for key, line, col in loader.duplicates
    ]


def _too_deep(name: str, kind: str) -> Problem:
    return _p(
        name,
        "",
        f"invalid {kind}: nested deeper than {MAX_NESTING_DEPTH} levels",
        f"{kind} 格式错误：嵌套超过 {MAX_NESTING_DEPTH} 层",
    )


def _parse_json(text: str, name: str) -> tuple[Any, list[Problem]]:
    """Parse JSON, refusing NaN/Infinity and reporting duplicate keys (JSON keeps the last silently)."""
    duplicates: list[tuple[dict[str, Any], str]] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                duplicates.append((out, key))
            out[key] = value
        return out

    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=pairs_hook)
    except RecursionError:
        return None, [_too_deep(name, "JSON")]
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        return None, [_p(name, where, f"invalid JSON: {exc.msg}", f"JSON 格式错误：{exc.msg}")]
    except ValueError as exc:
        return None, [_p(name, "", f"invalid JSON: {exc}", f"JSON 格式错误：{exc}")]
    if not duplicates:
        return data, []
    places = {
        id(node): value_path(parent, key)
        for node, parent, key, _ in walk_values(data)
        if isinstance(node, dict)
    }
    return data, [
        _p(
            name,
            _step(places.get(id(node), "$"), key),
            f"duplicate key {key!r} (JSON would keep only the last value)",
            f"重复的键 {key!r}（JSON 只会保留最后一个值）",
        )
        for node, key in duplicates
    ]


def _step(path: str, key: str | int) -> str:
    """``$.entries`` + 3 -> ``$.entries[3]``; + "code" -> ``$.entries[3].code``."""
    return path + json_path(key)[1:]


def walk_values(data: Any) -> Iterator[tuple[Any, str, str | int | None, int]]:
    """``(value, its container's path, its key, depth)`` for every value of a parsed document.

    Without recursion; containers deeper than :data:`MAX_NESTING_DEPTH` are
    yielded but not entered. The value's own path, :func:`value_path`, is built
    only when a caller needs it (a problem to report): most values never do.
    """
    stack: list[tuple[Any, str, str | int | None, int]] = [(data, "", None, 0)]
    while stack:
        node, parent, key, depth = stack.pop()
        yield node, parent, key, depth
        if depth >= MAX_NESTING_DEPTH or not isinstance(node, (dict, list)):
            continue
        path = value_path(parent, key)
        if isinstance(node, dict):
            stack.extend(reversed([(v, path, str(k), depth + 1) for k, v in node.items()]))
        else:
            stack.extend(reversed([(v, path, i, depth + 1) for i, v in enumerate(node)]))


def value_path(parent: str, key: str | int | None) -> str:
    """The JSON path of a value :func:`walk_values` gave: ``$.entries[3].code``."""
    return "$" if key is None else _step(parent, key)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _value_problems(name: str, data: Any, already: list[Problem]) -> tuple[list[Problem], bool]:
    """What no reader may accept anywhere in a parsed document, each at its JSON path.

    A non-finite number (YAML's ``.nan``/``.inf``, JSON's ``1e400``), text holding
    a lone surrogate (``"\\ud800"``: not Unicode, it cannot be written out again),
    and containers nested deeper than :data:`MAX_NESTING_DEPTH` (for YAML this
    was refused before construction). The flag says the data must not be used at
    all (lone surrogates, too deep): every later step would trip over it.
    """
    problems: list[Problem] = []
    fatal = False
    flagged = {p.where for p in already}
    for node, parent, key, depth in walk_values(data):
        found: list[Problem] = []
        if isinstance(node, (dict, list)):
            if depth >= MAX_NESTING_DEPTH and node:
                found.append(_deep(name, value_path(parent, key)))
            if isinstance(node, dict):
                for k in node:
                    if isinstance(k, str) and not k.isascii() and _SURROGATE.search(k):
                        found.append(_surrogate(name, value_path(parent, key), k))
            fatal = fatal or bool(found)
        elif isinstance(node, float):
            if not math.isfinite(node):
                found.append(
                    _p(
                        name,
                        value_path(parent, key),
                        f"{node!r} is not a finite number (NaN, infinity, or beyond 1e308)",
                        f"{node!r} 不是有限数值（NaN、无穷大或超过 1e308）",
                    )
                )
        elif isinstance(node, str) and not node.isascii() and _SURROGATE.search(node):
            found.append(_surrogate(name, value_path(parent, key), node))
            fatal = True
        problems.extend(p for p in found if p.where not in flagged)
    return problems, fatal


def _surrogate(name: str, path: str, text: str) -> Problem:
    code = f"\\u{ord(_SURROGATE.search(text).group()):04x}"  # type: ignore[union-attr]
    return _p(
        name,
        path,
        f"text holds a lone surrogate {code}: not valid Unicode (a damaged escape?)",
        f"文本含有孤立的代理码 {code}：不是有效的 Unicode（转义写错了？）",
    )


def _deep(name: str, path: str) -> Problem:
    return _p(
        name,
        path if len(path) <= 80 else path[:80] + "…",
        f"nested deeper than {MAX_NESTING_DEPTH} levels",
        f"嵌套超过 {MAX_NESTING_DEPTH} 层",
    )


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


#: Bytes of the target's name kept in the temporary file's name: with the random
#: part and the suffix it stays well under the 255 bytes a file name may have.
_TEMP_NAME_BYTES = 100


def _temp_prefix(name: str) -> str:
    short = name.encode("utf-8")[:_TEMP_NAME_BYTES].decode("utf-8", "ignore")
    return f".{short}."


def check_target(path: str | Path) -> None:
    """Refuse an output path that is not, or would not be, a regular file of ours.

    A symbolic link is refused rather than followed or replaced (a link planted
    in an output folder must not send a report onto another file, and replacing
    it would silently change what the link's owner sees); so is a device
    (``/dev/null``), a FIFO, a socket or a folder, since renaming over them
    replaces the node itself. The nearest existing ancestor must be a folder.
    Raises :class:`OutputError`.
    """
    target = Path(path)
    try:
        mode: int | None = os.lstat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as exc:
        raise _cannot_write(target, exc) from exc
    if mode is not None:
        if stat.S_ISLNK(mode):
            raise OutputError(
                f"{target} is a symbolic link: links are not written through; "
                "give the path of the file itself",
                f"{target} 是符号链接：不会经由链接写入，请直接给出文件本身的路径",
            )
        if stat.S_ISDIR(mode):
            raise OutputError(f"{target} is a folder, not a file", f"{target} 是文件夹而不是文件")
        if not stat.S_ISREG(mode):
            raise OutputError(
                f"{target} is not a regular file (a device, pipe or socket): refusing to "
                "replace it",
                f"{target} 不是普通文件（设备、管道或套接字）：拒绝替换",
            )
    ancestor = target.parent
    while not os.path.lexists(ancestor) and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if os.path.lexists(ancestor) and not ancestor.is_dir():
        raise OutputError(
            f"cannot write {target}: {ancestor} is a file, not a folder",
            f"无法写入 {target}：{ancestor} 是文件而不是文件夹",
        )


def _cannot_write(target: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(f"cannot write {target}: {reason}", f"无法写入 {target}：{reason}")


@contextlib.contextmanager
def atomic_write(path: str | Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    On any exception (Ctrl-C and SIGTERM included) the temporary file is removed
    and ``path`` is untouched. ``path`` must be a regular file or not exist yet
    (:func:`check_target`).
    """
    target = Path(path)
    check_target(target)
    directory = target.parent if str(target.parent) else Path(".")
    tmp = ""
    try:
        # inside the try, so a signal right after the file is made still removes it
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target.name), suffix=".tmp", dir=directory)
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
        if tmp:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
