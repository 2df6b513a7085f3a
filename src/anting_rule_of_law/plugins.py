"""The plugin manager: built-in reporters plus third-party ones from entry points.

Why a wrapper around :class:`pluggy.PluginManager`: the library must know which
distribution provides each format (for ``anting-rol plugins`` and for error
messages), refuse two plugins claiming one format, turn a misspelled hook or a
broken import into a :class:`PluginError` that names the culprit, and load
entry points only when a format is actually needed — never at import.

Set ``ANTING_ROL_DISABLE_PLUGINS`` to ``1``, ``all`` or ``*`` to block every
third-party plugin, or to a comma-separated list of entry-point or
distribution names to block those.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pluggy
from attrs import frozen

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
)
_DIST_NAME = "anting-rule-of-law"


@frozen
class PluginInfo:
    """A registered plugin and the distribution that provides it."""

    name: str
    distribution: str
    version: str
    builtin: bool
    formats: tuple[str, ...] = ()
    #: True when ``ANTING_ROL_DISABLE_PLUGINS`` kept it from loading.
    blocked: bool = False

    @property
    def label(self) -> str:
        """``name (distribution version)`` for messages."""
        return f"{self.name} ({self.distribution} {self.version})".rstrip()


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


class PluginManager:
    """A typed wrapper around pluggy's manager; get one with :func:`get_plugin_manager`."""

    def __init__(
        self, *, load_entrypoints: bool = True, environ: Mapping[str, str] | None = None
    ) -> None:
        self._pm = pluggy.PluginManager(PROJECT_NAME)
        self._pm.add_hookspecs(hookspecs)
        self._infos: dict[str, PluginInfo] = {}
        self._blocked: list[PluginInfo] = []
        self._formats: dict[str, FormatInfo] | None = None
        self._want_entrypoints = load_entrypoints
        self._entrypoints_loaded = False
        self._environ = os.environ if environ is None else environ
        from anting_rule_of_law import __version__

        for module_name in BUILTIN_REPORTERS:
            module = importlib.import_module(module_name)
            self.register(module, name=module_name, distribution=_DIST_NAME, version=__version__)
        self._builtin_names = frozenset(BUILTIN_REPORTERS)

    # -- registration -------------------------------------------------------------
    def register(
        self,
        plugin: object,
        *,
        name: str | None = None,
        distribution: str = "",
        version: str = "",
    ) -> str:
        """Register a module or an instance (not a class) and check its hooks at once."""
        if inspect.isclass(plugin):
            label = name or plugin.__name__
            raise PluginError(
                f"plugin {label!r} is a class; register a module or an instance of it "
                f"/ 插件 {label!r} 是一个类；请注册模块或它的实例"
            )
        plugin_name = name or getattr(plugin, "__name__", None) or repr(plugin)
        info = PluginInfo(
            name=plugin_name,
            distribution=distribution,
            version=version,
            builtin=distribution == _DIST_NAME,
        )
        if self._pm.has_plugin(plugin_name):
            other = self._infos.get(plugin_name)
            raise PluginError(
                f"two plugins are named {plugin_name!r}: {_label(other)} and {info.label} "
                f"/ 两个插件同名 {plugin_name!r}：{_label(other)} 与 {info.label}"
            )
        try:
            registered = self._pm.register(plugin, name=plugin_name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(
                f"plugin {info.label} has an invalid hook: {exc} / 插件 {info.label} 的钩子无效：{exc}"
            ) from exc
        except ValueError as exc:  # the same object registered twice
            raise PluginError(f"plugin {info.label}: {exc} / 插件 {info.label}：{exc}") from exc
        assert registered is not None
        self._infos[plugin_name] = info
        self._formats = None
        self.check_pending()
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
            raise PluginError(
                "; ".join(parts)
                + f" (known hooks: {known}) / 插件实现了不存在的钩子："
                + "；".join(f"{p} → {h}" for p, h in unknown)
            )

    def load_entrypoints(self) -> None:
        """Load the third-party plugins of the entry-point group, once, honouring the env var."""
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
            if block_all or _normalise(ep.name) in blocked or _normalise(dist_name) in blocked:
                self._blocked.append(
                    PluginInfo(ep.name, dist_name, dist_version, builtin=False, blocked=True)
                )
                continue
            try:
                plugin = ep.load()
            except Exception as exc:
                raise PluginError(
                    f"plugin entry point {ep.name!r} = {ep.value!r} ({dist_name} {dist_version}) "
                    f"failed to import: {type(exc).__name__}: {exc} "
                    f"/ 插件入口 {ep.name!r}（{dist_name} {dist_version}）导入失败：{exc}"
                ) from exc
            self.register(plugin, name=ep.name, distribution=dist_name, version=dist_version)

    # -- formats --------------------------------------------------------------------
    def _ensure_loaded(self) -> None:
        if self._want_entrypoints:
            self.load_entrypoints()

    def formats(self) -> tuple[FormatInfo, ...]:
        """Every format, with the plugin providing it, sorted by name."""
        return tuple(sorted(set(self._format_table().values()), key=lambda f: f.format.name))

    def _format_table(self) -> dict[str, FormatInfo]:
        self._ensure_loaded()
        if self._formats is not None:
            return self._formats
        table: dict[str, FormatInfo] = {}
        caller = self._pm.hook.arol_register_formats
        for impl in reversed(caller.get_hookimpls()):  # registration order
            info = self._infos[impl.plugin_name]
            try:
                declared = impl.function()
            except Exception as exc:
                raise PluginError(
                    f"plugin {info.label} failed in arol_register_formats: "
                    f"{type(exc).__name__}: {exc} / 插件 {info.label} 注册格式时出错：{exc}"
                ) from exc
            formats = _check_declared(info, declared)
            info = PluginInfo(
                info.name,
                info.distribution,
                info.version,
                info.builtin,
                formats=tuple(f.name for f in formats),
            )
            self._infos[impl.plugin_name] = info
            for fmt in formats:
                entry = FormatInfo(format=fmt, plugin=info)
                for key in fmt.names:
                    clash = table.get(key)
                    if clash is not None:
                        raise PluginError(
                            f"format {key!r} is claimed by two plugins: "
                            f"{clash.plugin.label} and {info.label}; uninstall one or block it "
                            f"with {DISABLE_ENV} / 格式 {key!r} 被两个插件同时声明："
                            f"{clash.plugin.label} 与 {info.label}"
                        )
                    table[key] = entry
        self._formats = table
        return table

    def find_format(self, name: str) -> FormatInfo | None:
        """The format called ``name`` (or with that alias); ``None`` when unknown."""
        return self._format_table().get(name.strip().lower())

    def format_names(self) -> tuple[str, ...]:
        """Every accepted name and alias, sorted."""
        return tuple(sorted(self._format_table()))

    def render(self, scorecard: Scorecard, format_name: str, options: RenderOptions) -> bytes | str:
        """Render with the plugin that owns the format; its failures become :class:`OutputError`."""
        found = self.find_format(format_name)
        if found is None:
            raise OutputError(
                f"unknown output format {format_name!r}; known: {', '.join(self.format_names())} "
                f"/ 未知的输出格式 {format_name!r}"
            )
        fmt, info = found.format, found.plugin
        owner = self._pm.get_plugin(info.name)
        others = [p for _, p in self._pm.list_name_plugin() if p is not owner]
        caller = self._pm.subset_hook_caller("arol_render", remove_plugins=others)
        try:
            result = caller(scorecard=scorecard, format_name=fmt.name, options=options)
        except Exception as exc:
            raise OutputError(
                f"reporter {info.label} failed to render format {fmt.name!r}: "
                f"{type(exc).__name__}: {exc} / 报告插件 {info.label} 生成 {fmt.name} 格式失败：{exc}"
            ) from exc
        expected = bytes if fmt.binary else str
        if not isinstance(result, expected):
            got = "nothing" if result is None else type(result).__name__
            raise OutputError(
                f"reporter {info.label} returned {got} for format {fmt.name!r}, "
                f"expected {expected.__name__} / 报告插件 {info.label} 对格式 {fmt.name} 返回了错误的类型"
            )
        return result

    # -- listing --------------------------------------------------------------------
    def list_plugins(self) -> tuple[PluginInfo, ...]:
        """Every plugin (built-in first), with its distribution, version and formats;
        blocked third-party plugins are listed with ``blocked=True``."""
        self._format_table()
        infos = sorted(self._infos.values(), key=lambda i: (not i.builtin, i.name))
        return (*infos, *sorted(self._blocked, key=lambda i: i.name))

    @property
    def pluggy(self) -> pluggy.PluginManager:
        """The wrapped pluggy manager (for tests and advanced use)."""
        return self._pm


def get_plugin_manager(
    *, load_entrypoints: bool = True, environ: Mapping[str, str] | None = None
) -> PluginManager:
    """A new plugin manager with the built-in reporters registered.

    Third-party plugins are loaded on the first call that needs them (rendering,
    listing), unless ``load_entrypoints=False``.
    """
    return PluginManager(load_entrypoints=load_entrypoints, environ=environ)


def _entry_points() -> Sequence[importlib.metadata.EntryPoint]:
    eps = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    return sorted(eps, key=lambda ep: ep.name)


def _spec_names() -> Iterable[str]:
    return (n for n in dir(hookspecs) if n.startswith("arol_"))


def _label(info: PluginInfo | None, fallback: str = "?") -> str:
    return info.label if info is not None else repr(fallback)


def _check_declared(info: PluginInfo, declared: Any) -> list[OutputFormat]:
    if declared is None:
        return []
    if not isinstance(declared, (list, tuple)) or not all(
        isinstance(f, OutputFormat) for f in declared
    ):
        raise PluginError(
            f"plugin {info.label}: arol_register_formats must return a list of OutputFormat, "
            f"got {declared!r} / 插件 {info.label} 的 arol_register_formats 必须返回 OutputFormat 列表"
        )
    return list(declared)
