"""The plugin manager: built-in reporters plus third-party ones from entry points.

Why a wrapper around :class:`pluggy.PluginManager`: the library must know which
distribution provides each format (for ``anting-rol plugins`` and for error
messages), refuse two plugins claiming one format, turn a misspelled hook, a
broken import or a crash inside a hook into a :class:`PluginError` that names
the culprit, and load entry points only when a format is actually needed —
never at import.

A broken plugin never takes the run down silently: whatever it raises (an
exception, ``SystemExit``) becomes a :class:`PluginError` naming the plugin and
its distribution, with the original exception as its cause (a failure inside
``arol_render`` is an :class:`OutputError` naming it: that format fails, the
others are still written). Rendering and format look-ups refuse to go on while
a plugin is broken; listing (:meth:`PluginManager.list_plugins`) shows every
plugin, the broken ones marked, so the broken one can be found. A
``KeyboardInterrupt`` a plugin raises itself is a crash like any other; a
user's real Ctrl-C (SIGINT) still interrupts the run.

Set ``ANTING_ROL_DISABLE_PLUGINS`` to ``1``, ``all`` or ``*`` to block every
third-party plugin, or to a comma-separated list of entry-point or
distribution names to block those. Local plugins (:meth:`PluginManager.load_local`,
``--plugin`` on the command line) are loaded even so: they are asked for by name.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.metadata
import importlib.util
import inspect
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy
from attrs import evolve, field, frozen

from anting_rule_of_law import hookspecs
from anting_rule_of_law.errors import OutputError, PluginError
from anting_rule_of_law.hookspecs import PROJECT_NAME, OutputFormat, RenderOptions

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.scoring import Scorecard

__all__ = [
    "BUILTIN_REPORTERS",
    "DISABLE_ENV",
    "ENTRY_POINT_GROUP",
    "FormatInfo",
    "PluginInfo",
    "PluginManager",
    "get_plugin_manager",
]

#: The entry-point group third-party reporters register under.
ENTRY_POINT_GROUP = PROJECT_NAME
#: Environment variable blocking third-party plugins (see the module docstring).
DISABLE_ENV = "ANTING_ROL_DISABLE_PLUGINS"
#: Modules of the built-in reporters, registered explicitly (not via entry points).
BUILTIN_REPORTERS: tuple[str, ...] = (
    "anting_rule_of_law.reporters.markdown",
    "anting_rule_of_law.reporters.json_report",
    "anting_rule_of_law.reporters.excel",
    "anting_rule_of_law.reporters.district",
)
_DIST_NAME = "anting-rule-of-law"
_T = TypeVar("_T")


@frozen
class PluginInfo:
    """A plugin and the distribution that provides it (or, for a local plugin, its source)."""

    name: str
    distribution: str
    version: str
    builtin: bool
    formats: tuple[str, ...] = ()
    #: True when ``ANTING_ROL_DISABLE_PLUGINS`` kept it from loading.
    blocked: bool = False
    #: Why the plugin cannot be used; ``None`` when it works.
    error: PluginError | None = field(default=None, eq=False)
    #: For a plugin loaded with ``--plugin``: the module name or path given.
    local: str = ""

    @property
    def broken(self) -> bool:
        return self.error is not None

    @property
    def label(self) -> str:
        """``name (distribution version)`` for messages; ``name (local: PATH)`` for a local one."""
        if self.local:
            return f"{self.name} (local: {self.local})"
        source = f"{self.distribution} {self.version}".strip()
        return f"{self.name} ({source})" if source else self.name


@frozen
class FormatInfo:
    """A format and the plugin that renders it."""

    format: OutputFormat
    plugin: PluginInfo


def _normalise(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(".", "-")


def _blocked_names(environ: Mapping[str, str]) -> tuple[bool, frozenset[str]]:
    """(block everything?, names to block) from the environment variable."""
    value = environ.get(DISABLE_ENV, "").strip()
    if value.lower() in ("1", "all", "*", "true", "yes"):
        return True, frozenset()
    names = frozenset(_normalise(v) for v in value.split(",") if v.strip())
    return False, names


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _Crash(Exception):
    """Plugin code raised ``exc`` (anything but a real Ctrl-C)."""

    def __init__(self, exc: BaseException) -> None:
        super().__init__(_reason(exc))
        self.exc = exc


@contextlib.contextmanager
def _sigint_watch() -> Iterator[list[bool]]:
    """Tell a real Ctrl-C from a ``KeyboardInterrupt`` a plugin raises itself.

    Signals reach only the main thread; there, SIGINT is watched while plugin
    code runs (the previous handler still runs). Elsewhere no Ctrl-C can arrive.
    """
    pressed = [False]
    if threading.current_thread() is not threading.main_thread():
        yield pressed
        return
    previous = signal.getsignal(signal.SIGINT)

    def handler(signum: int, frame: FrameType | None) -> None:
        pressed[0] = True
        if callable(previous):
            previous(signum, frame)
        elif previous != signal.SIG_IGN:
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, handler)
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


def _call_plugin(call: Callable[[], _T]) -> _T:
    """Run plugin code; whatever it raises — ``SystemExit``, its own ``KeyboardInterrupt``
    — comes out as :class:`_Crash`. A user's Ctrl-C passes through."""
    with _sigint_watch() as pressed:
        try:
            return call()
        except KeyboardInterrupt as exc:
            if pressed[0]:
                raise
            raise _Crash(exc) from exc
        except BaseException as exc:
            raise _Crash(exc) from exc


def _guarded(
    info: PluginInfo,
    en: str,
    zh: str,
    call: Callable[[], _T],
    subject: tuple[str, str] | None = None,
) -> _T:
    """Run plugin code; a crash becomes a PluginError naming the plugin (or ``subject``, in
    English and Chinese) and its distribution, saying what it was doing (``en``/``zh``)."""
    subject_en, subject_zh = subject or (f"plugin {info.label}", f"插件 {info.label} ")
    try:
        return _call_plugin(call)
    except _Crash as crash:
        raise PluginError(
            f"{subject_en} failed {en}: {crash}",
            f"{subject_zh}{zh}出错：{crash}",
            plugin=info.name,
            distribution=info.distribution,
        ) from crash.exc


class PluginManager:
    """A typed wrapper around pluggy's manager; get one with :func:`get_plugin_manager`."""

    def __init__(
        self,
        *,
        load_entrypoints: bool = True,
        environ: Mapping[str, str] | None = None,
        plugins: Sequence[str] = (),
    ) -> None:
        self._pm = pluggy.PluginManager(PROJECT_NAME)
        self._pm.add_hookspecs(hookspecs)
        self._infos: dict[str, PluginInfo] = {}
        self._blocked: list[PluginInfo] = []
        self._broken: dict[str, PluginInfo] = {}
        self._formats: dict[str, FormatInfo] | None = None
        self._want_entrypoints = load_entrypoints
        self._entrypoints_loaded = False
        self._environ = os.environ if environ is None else environ
        from anting_rule_of_law import __version__

        for module_name in BUILTIN_REPORTERS:
            module = importlib.import_module(module_name)
            self.register(module, name=module_name, distribution=_DIST_NAME, version=__version__)
        for spec in plugins:
            self.load_local(spec)

    # -- registration -------------------------------------------------------------
    def register(
        self,
        plugin: object,
        *,
        name: str | None = None,
        distribution: str = "",
        version: str = "",
        local: str = "",
    ) -> str:
        """Register a module or an instance (not a class) and check its hooks at once."""
        if inspect.isclass(plugin):
            label = name or plugin.__name__
            raise PluginError(
                f"plugin {label!r} is a class; register a module or an instance of it",
                f"插件 {label!r} 是一个类；请注册模块或它的实例",
                plugin=label,
                distribution=distribution,
            )
        plugin_name = name or getattr(plugin, "__name__", None) or repr(plugin)
        info = PluginInfo(
            name=plugin_name,
            distribution=distribution,
            version=version,
            builtin=distribution == _DIST_NAME,
            local=local,
        )
        if self._pm.has_plugin(plugin_name) or plugin_name in self._broken:
            other = self._infos.get(plugin_name) or self._broken.get(plugin_name)
            raise PluginError(
                f"two plugins are named {plugin_name!r}: {_label(other)} and {info.label}",
                f"两个插件同名 {plugin_name!r}：{_label(other)} 与 {info.label}",
                plugin=plugin_name,
                distribution=distribution,
            )
        try:
            registered = self._pm.register(plugin, name=plugin_name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(
                f"plugin {info.label} has an invalid hook: {exc}",
                f"插件 {info.label} 的钩子无效：{exc}",
                plugin=plugin_name,
                distribution=distribution,
            ) from exc
        except ValueError as exc:  # the same object registered twice
            raise PluginError(
                f"plugin {info.label}: {exc}",
                f"插件 {info.label}：{exc}",
                plugin=plugin_name,
                distribution=distribution,
            ) from exc
        assert registered is not None
        self._infos[plugin_name] = info
        self._formats = None
        try:
            self.check_pending()
        except PluginError:
            self._pm.unregister(name=plugin_name)
            del self._infos[plugin_name]
            raise
        return plugin_name

    def check_pending(self) -> None:
        """Refuse any hook implementation that matches no specification (a misspelling)."""
        unknown: list[tuple[str, str]] = []
        for hook_name, caller in sorted(vars(self._pm.hook).items()):
            if not isinstance(caller, pluggy.HookCaller) or caller.spec is not None:
                continue
            for impl in caller.get_hookimpls():
                if not impl.optionalhook:
                    unknown.append((impl.plugin_name, hook_name))
        if unknown:
            parts = [
                f"plugin {_label(self._infos.get(p), p)} implements unknown hook {h!r}"
                for p, h in unknown
            ]
            known = ", ".join(sorted(_spec_names()))
            first = self._infos.get(unknown[0][0])
            raise PluginError(
                "; ".join(parts) + f" (known hooks: {known})",
                "；".join(
                    f"插件 {_label(self._infos.get(p), p)} 实现了不存在的钩子 {h!r}"
                    for p, h in unknown
                )
                + f"（已有的钩子：{known}）",
                plugin=unknown[0][0],
                distribution=first.distribution if first else None,
            )

    def _mark_broken(self, info: PluginInfo, error: PluginError) -> None:
        """Keep a plugin that cannot be used out of every hook call, and remember why."""
        if self._pm.has_plugin(info.name):
            self._pm.unregister(name=info.name)
        self._infos.pop(info.name, None)
        self._broken[info.name] = evolve(info, error=error, formats=())
        self._formats = None

    def load_entrypoints(self) -> None:
        """Load the third-party plugins of the entry-point group, once, honouring the env var.

        A plugin that fails to import or to register is remembered as broken
        (see :meth:`check`), not raised here, so the others still load.
        """
        if self._entrypoints_loaded:
            return
        self._entrypoints_loaded = True
        block_all, blocked = _blocked_names(self._environ)
        seen: set[tuple[str, str]] = set()
        for ep in _entry_points():
            dist = getattr(ep, "dist", None)
            dist_name = dist.name if dist is not None else ""
            dist_version = dist.version if dist is not None else ""
            if (ep.name, _normalise(dist_name)) in seen:
                continue  # the same distribution found twice on sys.path: first wins
            seen.add((ep.name, _normalise(dist_name)))
            info = PluginInfo(ep.name, dist_name, dist_version, builtin=False)
            if block_all or _normalise(ep.name) in blocked or _normalise(dist_name) in blocked:
                self._blocked.append(evolve(info, blocked=True))
                continue
            try:
                plugin = _guarded_import(
                    info,
                    ep.load,
                    f"entry point {ep.name!r} = {ep.value!r}",
                    f"入口 {ep.name!r} = {ep.value!r}",
                )
                self.register(plugin, name=ep.name, distribution=dist_name, version=dist_version)
            except PluginError as exc:
                self._mark_broken(info, exc)

    def load_local(self, spec: str) -> str:
        """Load a plugin module for this manager only: a dotted module name, a ``.py`` file
        or a package folder (``--plugin`` on the command line). Returns the plugin's name.

        Like an entry point, a local plugin that fails to import is remembered as
        broken (see :meth:`check`).
        """
        name = _local_name(spec)
        info = PluginInfo(name, "", "", builtin=False, local=spec)
        try:
            module = _guarded_import(
                info, lambda: _import_local(spec, name), repr(spec), f" {spec!r} "
            )
            return self.register(module, name=name, local=spec)
        except PluginError as exc:
            self._mark_broken(info, exc)
            return name

    def check(self) -> None:
        """Raise one :class:`PluginError` naming every broken plugin, if there is one."""
        self._ensure_loaded()
        self._format_table()
        if not self._broken:
            return
        errors = [info.error for info in self._broken.values() if info.error is not None]
        first = next(iter(self._broken.values()))
        raise PluginError(
            "\n".join(e.en for e in errors),
            "\n".join(e.zh for e in errors),
            plugin=first.name,
            distribution=first.distribution,
        ) from errors[0].__cause__

    # -- formats --------------------------------------------------------------------
    def _ensure_loaded(self) -> None:
        if self._want_entrypoints:
            self.load_entrypoints()

    def _hook_of(self, hook_name: str, plugin_name: str) -> pluggy.HookCaller:
        """A caller of ``hook_name`` that reaches only the plugin called ``plugin_name``."""
        owner = self._pm.get_plugin(plugin_name)
        others = [p for _, p in self._pm.list_name_plugin() if p is not owner]
        return self._pm.subset_hook_caller(hook_name, remove_plugins=others)

    def formats(self, *, check: bool = True) -> tuple[FormatInfo, ...]:
        """Every format, with the plugin providing it, sorted by name.

        Raises :class:`PluginError` while a plugin is broken, unless ``check=False``
        (then the working plugins' formats, as ``anting-rol plugins`` lists them).
        """
        if check:
            self.check()
        return tuple(sorted(set(self._format_table().values()), key=lambda f: f.format.name))

    def ask_each(self, hook_name: str, **kwargs: Any) -> list[tuple[PluginInfo, Any]]:
        """Call ``hook_name`` through pluggy on each working plugin alone, in registration
        order, and return ``(plugin, answer)`` for every plugin implementing it.

        Why one plugin at a time: the library must know who answered what (to name
        it in messages, to refuse a clash). A plugin that raises or exits is marked
        broken (see :meth:`check`) and left out; an answer the caller finds invalid
        is reported with :meth:`mark_broken`.
        """
        self._ensure_loaded()
        out: list[tuple[PluginInfo, Any]] = []
        for plugin_name, info in list(self._infos.items()):
            caller = self._hook_of(hook_name, plugin_name)
            if not caller.get_hookimpls():
                continue
            try:
                answers = _guarded(
                    info,
                    f"in {hook_name}",
                    f"执行 {hook_name} 时",
                    functools.partial(caller, **kwargs),
                )
            except PluginError as exc:
                self._mark_broken(info, exc)
                continue
            out.extend((info, answer) for answer in answers)
        return out

    def mark_broken(self, plugin: PluginInfo, error: PluginError) -> None:
        """Take a plugin out of every hook call because of ``error`` (reported by
        :meth:`check` and :meth:`list_plugins`)."""
        self._mark_broken(plugin, error)

    def _format_table(self) -> dict[str, FormatInfo]:
        """Each plugin's declared formats (see :meth:`ask_each`); a plugin whose answer is
        invalid or claims a name already taken is marked broken."""
        self._ensure_loaded()
        if self._formats is not None:
            return self._formats
        table: dict[str, FormatInfo] = {}
        for info, answer in self.ask_each("arol_register_formats"):
            try:
                formats = _check_declared(info, answer)
                info = evolve(info, formats=tuple(f.name for f in formats))
                claimed = _claims(table, info, formats)
            except PluginError as exc:
                self._mark_broken(info, exc)
                continue
            self._infos[info.name] = info
            table.update(claimed)
        self._formats = table
        return table

    def find_format(self, name: str) -> FormatInfo | None:
        """The format called ``name`` (or with that alias); ``None`` when unknown."""
        self.check()
        return self._format_table().get(name.strip().lower())

    def format_names(self) -> tuple[str, ...]:
        """Every accepted name and alias, sorted."""
        self.check()
        return tuple(sorted(self._format_table()))

    def render(self, scorecard: Scorecard, format_name: str, options: RenderOptions) -> bytes | str:
        """Render with the plugin that owns the format; its failures become :class:`OutputError`."""
        found = self.find_format(format_name)
        if found is None:
            raise OutputError(
                f"unknown output format {format_name!r}; known: {', '.join(self.format_names())}",
                f"未知的输出格式 {format_name!r}；可用：{'、'.join(self.format_names())}",
            )
        fmt, info = found.format, found.plugin
        caller = self._hook_of("arol_render", info.name)
        try:
            result = _call_plugin(
                lambda: caller(scorecard=scorecard, format_name=fmt.name, options=options)
            )
        except _Crash as crash:  # SystemExit from a plugin included
            raise OutputError(
                f"reporter {info.label} failed to render format {fmt.name!r}: {crash}",
                f"报告插件 {info.label} 生成 {fmt.name} 格式失败：{crash}",
            ) from crash.exc
        expected = str if fmt.returns_text(options.extension) else bytes
        if not isinstance(result, expected):
            got = "nothing" if result is None else type(result).__name__
            raise OutputError(
                f"reporter {info.label} returned {got} for format {fmt.name!r}, "
                f"expected {expected.__name__}",
                f"报告插件 {info.label} 对格式 {fmt.name} 返回了"
                f"{'空值' if result is None else '错误的类型 ' + type(result).__name__}"
                f"（应为 {expected.__name__}）",
            )
        return result

    # -- listing --------------------------------------------------------------------
    def list_plugins(self) -> tuple[PluginInfo, ...]:
        """Every plugin (built-in first), with its distribution, version and formats; broken
        ones with their ``error``, blocked ones with ``blocked=True``. Never raises for a
        broken plugin: this is how the broken one is found."""
        self._format_table()
        infos = sorted(
            [*self._infos.values(), *self._broken.values()], key=lambda i: (not i.builtin, i.name)
        )
        return (*infos, *sorted(self._blocked, key=lambda i: i.name))

    def broken(self) -> tuple[PluginInfo, ...]:
        """The plugins that cannot be used, each with its ``error``."""
        self._format_table()
        return tuple(self._broken.values())

    @property
    def pluggy(self) -> pluggy.PluginManager:
        """The wrapped pluggy manager (for tests and advanced use)."""
        return self._pm


def get_plugin_manager(
    *,
    load_entrypoints: bool = True,
    environ: Mapping[str, str] | None = None,
    plugins: Sequence[str] = (),
) -> PluginManager:
    """A new plugin manager with the built-in reporters registered.

    Third-party plugins are loaded on the first call that needs them (rendering,
    listing), unless ``load_entrypoints=False``. ``plugins`` names local plugin
    modules to load as well (dotted names, ``.py`` files or package folders).
    """
    return PluginManager(load_entrypoints=load_entrypoints, environ=environ, plugins=plugins)


def _entry_points() -> Sequence[importlib.metadata.EntryPoint]:
    eps = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    return sorted(eps, key=lambda ep: ep.name)


def _guarded_import(info: PluginInfo, load: Callable[[], Any], what: str, what_zh: str) -> Any:
    """Import a plugin; a failure is a PluginError naming what was imported and from where."""
    where = info.local or f"{info.distribution} {info.version}".strip()
    subject = (f"plugin {what} ({where})", f"插件{what_zh}（{where}）")
    return _guarded(info, "to import", "导入时", load, subject)


def _is_path(spec: str) -> bool:
    return spec.endswith(".py") or "/" in spec or os.sep in spec or Path(spec).is_dir()


def _local_name(spec: str) -> str:
    """The module name a local plugin is imported under: a path's stem, or the name given."""
    if not _is_path(spec):
        return spec.strip()
    path = Path(spec)
    return path.stem if path.suffix == ".py" else path.name


def _import_local(spec: str, name: str) -> Any:
    if not _is_path(spec):
        return importlib.import_module(spec.strip())
    path = Path(spec).resolve()
    if path.is_dir():
        init = path / "__init__.py"
        if not init.is_file():
            raise FileNotFoundError(f"{spec}: a plugin folder needs an __init__.py")
        module_spec = importlib.util.spec_from_file_location(
            name, init, submodule_search_locations=[str(path)]
        )
    elif path.is_file():
        module_spec = importlib.util.spec_from_file_location(name, path)
    else:
        raise FileNotFoundError(f"{spec}: no such file or folder")
    if name in sys.modules:
        loaded = getattr(sys.modules[name], "__file__", None)
        if loaded is not None and Path(loaded).resolve() in (path, path / "__init__.py"):
            return sys.modules[name]
        raise ImportError(f"a module named {name!r} is already imported from elsewhere")
    if module_spec is None or module_spec.loader is None:
        raise ImportError(f"{spec}: not a Python module")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    try:
        module_spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _spec_names() -> Iterable[str]:
    return (n for n in dir(hookspecs) if n.startswith("arol_"))


def _label(info: PluginInfo | None, fallback: str = "?") -> str:
    return info.label if info is not None else repr(fallback)


def _claims(
    table: Mapping[str, FormatInfo], info: PluginInfo, formats: Sequence[OutputFormat]
) -> dict[str, FormatInfo]:
    """The names ``info``'s formats add to ``table``; a name already taken is a PluginError."""
    claimed: dict[str, FormatInfo] = {}
    for fmt in formats:
        entry = FormatInfo(format=fmt, plugin=info)
        for key in fmt.names:
            clash = table.get(key) or claimed.get(key)
            if clash is not None:
                raise PluginError(
                    f"format {key!r} is claimed by two plugins: {clash.plugin.label} and "
                    f"{info.label}; uninstall one or block it with {DISABLE_ENV}",
                    f"格式 {key!r} 被两个插件同时声明：{clash.plugin.label} 与 {info.label}；"
                    f"请卸载其中一个，或用 {DISABLE_ENV} 禁用",
                    plugin=info.name,
                    distribution=info.distribution,
                )
            claimed[key] = entry
    return claimed


def _check_declared(info: PluginInfo, declared: Any) -> list[OutputFormat]:
    if declared is None:
        return []
    if not isinstance(declared, (list, tuple)) or not all(
        isinstance(f, OutputFormat) for f in declared
    ):
        raise PluginError(
            f"plugin {info.label}: arol_register_formats must return a list of OutputFormat, "
            f"got {declared!r}",
            f"插件 {info.label} 的 arol_register_formats 必须返回 OutputFormat 列表，"
            f"实际返回 {declared!r}",
            plugin=info.name,
            distribution=info.distribution,
        )
    return list(declared)
