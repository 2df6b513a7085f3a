"""The plugin manager in-process: built-ins, hook checks, conflicts, failures, lazy loading."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from anting_rule_of_law import __version__, plugins
from anting_rule_of_law.errors import ExitCode, OutputError, PluginError
from anting_rule_of_law.hookspecs import OutputFormat, RenderOptions, hookimpl
from anting_rule_of_law.plugins import PluginManager, get_plugin_manager
from anting_rule_of_law.scoring import score
from plugin_fixtures import scorecards as sample


def manager() -> PluginManager:
    return get_plugin_manager(load_entrypoints=False)


class Reporter:
    """A plugin instance rendering one text format."""

    def __init__(self, name: str, aliases: tuple[str, ...] = (), result: Any = "ok") -> None:
        self.fmt = OutputFormat(name=name, extension=name, media_type="text/plain", aliases=aliases)
        self.result = result

    @hookimpl
    def arol_register_formats(self) -> list[OutputFormat]:
        return [self.fmt]

    @hookimpl
    def arol_render(self, scorecard: Any, format_name: str, options: RenderOptions) -> Any:
        if format_name != self.fmt.name:
            return None
        if isinstance(self.result, BaseException):
            raise self.result
        return self.result


def test_builtins() -> None:
    pm = manager()
    names = [f.format.name for f in pm.formats()]
    assert names == ["district", "json", "markdown", "xlsx"]
    assert pm.find_format("md") == pm.find_format("markdown")
    assert pm.find_format("EXCEL") == pm.find_format("xlsx")
    assert pm.find_format("html") is None
    assert pm.format_names() == (
        "district",
        "excel",
        "json",
        "markdown",
        "md",
        "xlsx",
        "区级汇总",
    )
    xlsx = pm.find_format("xlsx")
    assert xlsx is not None and xlsx.format.binary
    infos = pm.list_plugins()
    assert {i.distribution for i in infos} == {"anting-rule-of-law"}
    assert {i.version for i in infos} == {__version__}
    assert all(i.builtin for i in infos)


def test_misspelled_hook_names_plugin_and_hook() -> None:
    class Typo:
        @hookimpl
        def arol_rendr(self, scorecard: Any, format_name: str, options: Any) -> str:
            return "x"

    pm = manager()
    with pytest.raises(PluginError) as err:
        pm.register(Typo(), name="typo-plugin", distribution="typo-dist", version="9.9")
    message = str(err.value)
    assert "typo-plugin (typo-dist 9.9)" in message
    assert "'arol_rendr'" in message
    assert "arol_render" in message  # the known hooks are listed as a hint
    assert err.value.exit_code == ExitCode.PLUGIN_FAILED


def test_a_class_is_refused() -> None:
    with pytest.raises(PluginError, match="is a class"):
        manager().register(Reporter, name="cls")


def test_two_plugins_claiming_one_format() -> None:
    pm = manager()
    pm.register(Reporter("dup"), name="first", distribution="dist-one", version="1.0")
    pm.register(
        Reporter("other", aliases=("dup",)), name="second", distribution="dist-two", version="2.0"
    )
    with pytest.raises(PluginError) as err:
        pm.formats()
    assert "'dup'" in str(err.value)
    assert "first (dist-one 1.0)" in str(err.value)
    assert "second (dist-two 2.0)" in str(err.value)


def test_a_plugin_cannot_take_a_builtin_name() -> None:
    pm = manager()
    pm.register(Reporter("md"), name="mine", distribution="mine", version="0")
    with pytest.raises(PluginError, match="anting-rule-of-law"):
        pm.find_format("md")


def test_render_failure_names_the_reporter() -> None:
    pm = manager()
    pm.register(
        Reporter("boom", result=RuntimeError("kaput")),
        name="boomer",
        distribution="boom-dist",
        version="0.1",
    )
    sc = score(sample.framework(), [sample.assessment()])
    with pytest.raises(OutputError) as err:
        pm.render(sc, "boom", RenderOptions())
    assert "boomer (boom-dist 0.1)" in str(err.value) and "kaput" in str(err.value)
    assert err.value.exit_code == ExitCode.OUTPUT_FAILED


def test_wrong_result_type_is_an_output_error() -> None:
    pm = manager()
    pm.register(Reporter("bytesy", result=b"binary"), name="bytesy")
    pm.register(Reporter("nothing", result=None), name="nothing")
    sc = score(sample.framework(), [sample.assessment()])
    with pytest.raises(OutputError, match="returned bytes"):
        pm.render(sc, "bytesy", RenderOptions())
    with pytest.raises(OutputError, match="returned nothing"):
        pm.render(sc, "nothing", RenderOptions())


def test_only_the_owner_renders_its_format() -> None:
    class Greedy:
        @hookimpl
        def arol_register_formats(self) -> list[OutputFormat]:
            return []

        @hookimpl
        def arol_render(self, scorecard: Any, format_name: str, options: Any) -> str:
            return "greedy"  # wrongly answers for every format

    pm = manager()
    pm.register(Greedy(), name="greedy")
    sc = score(sample.framework(), [sample.assessment()])
    out = pm.render(sc, "markdown", RenderOptions())
    assert isinstance(out, str) and out.startswith("# 安亭镇")


def test_entry_points_are_loaded_on_demand(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(plugins, "_entry_points", lambda: calls.append(1) or [])
    pm = get_plugin_manager()
    assert calls == []  # building the manager loads nothing
    pm.formats()
    pm.formats()
    assert calls == [1]  # once, when a format was needed


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", (False, frozenset())),
        ("1", (True, frozenset())),
        ("all", (True, frozenset())),
        ("*", (True, frozenset())),
        ("html, Anting_ROL.Html ,", (False, frozenset({"html", "anting-rol-html"}))),
    ],
)
def test_disable_variable(value: str, expected: tuple[bool, frozenset[str]]) -> None:
    assert plugins._blocked_names({plugins.DISABLE_ENV: value}) == expected


def test_importing_the_package_loads_no_plugin_and_no_polars() -> None:
    code = (
        "import sys, anting_rule_of_law as a; "
        "assert 'polars' not in sys.modules; "
        "assert 'pluggy' not in sys.modules; "
        "assert 'anting_rule_of_law.plugins' not in sys.modules; "
        "a.get_plugin_manager; assert 'polars' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_hook_is_called_through_pluggy() -> None:
    pm = manager()
    pm.register(Reporter("alpha"), name="alpha")
    seen: list[tuple[str, list[str]]] = []
    pm.pluggy.add_hookcall_monitoring(
        lambda hook, impls, kwargs: seen.append((hook, [i.plugin_name for i in impls])),
        lambda outcome, hook, impls, kwargs: None,
    )
    pm.render(score(sample.framework(), [sample.assessment()]), "alpha", RenderOptions())
    declared = [impls for hook, impls in seen if hook == "arol_register_formats"]
    assert sorted(p for impls in declared for p in impls) == sorted(
        [*plugins.BUILTIN_REPORTERS, "alpha"]
    )
    assert ("arol_render", ["alpha"]) in seen


def test_a_plugin_raising_keyboard_interrupt_itself_is_a_failure_not_an_interruption() -> None:
    pm = manager()
    pm.register(Reporter("ki", result=KeyboardInterrupt()), name="ki")
    with pytest.raises(OutputError, match="KeyboardInterrupt") as err:
        pm.render(score(sample.framework(), [sample.assessment()]), "ki", RenderOptions())
    assert isinstance(err.value.__cause__, KeyboardInterrupt)


def test_a_real_ctrl_c_inside_a_plugin_still_interrupts() -> None:
    import os
    import signal

    class Pressed(Reporter):
        @hookimpl
        def arol_render(self, scorecard: Any, format_name: str, options: RenderOptions) -> Any:
            os.kill(os.getpid(), signal.SIGINT)
            return "not reached"

    before = signal.getsignal(signal.SIGINT)
    pm = manager()
    pm.register(Pressed("ctrlc"), name="ctrlc")
    with pytest.raises(KeyboardInterrupt):
        pm.render(score(sample.framework(), [sample.assessment()]), "ctrlc", RenderOptions())
    assert signal.getsignal(signal.SIGINT) is before  # the watch is removed again


def test_system_exit_in_register_formats_marks_the_plugin_broken() -> None:
    class Exits:
        @hookimpl
        def arol_register_formats(self) -> list[OutputFormat]:
            raise SystemExit(0)

    pm = manager()
    pm.register(Exits(), name="exits", distribution="arol-exits", version="9")
    listed = {p.name: p for p in pm.list_plugins()}
    assert listed["exits"].broken and not listed["anting_rule_of_law.reporters.json_report"].broken
    assert {f.format.name for f in pm.formats(check=False)} == {
        "district",
        "json",
        "markdown",
        "xlsx",
    }
    with pytest.raises(PluginError) as err:
        pm.formats()
    assert err.value.plugin == "exits" and err.value.distribution == "arol-exits"
    assert "exits (arol-exits 9)" in err.value.messages("en")[0]
    assert "SystemExit" in err.value.messages("zh")[0] and "插件" in err.value.messages("zh")[0]


def test_a_binary_format_with_a_text_alternative() -> None:
    """``alt_extensions``: the caller says which file it writes; the type must match it."""

    class Draft:
        fmt = OutputFormat(
            name="draft", extension="bin", media_type="x/y", binary=True, alt_extensions=("md",)
        )

        @hookimpl
        def arol_register_formats(self) -> list[OutputFormat]:
            return [self.fmt]

        @hookimpl
        def arol_render(self, scorecard: Any, format_name: str, options: RenderOptions) -> Any:
            return "# text" if options.extension == "md" else b"binary"

    pm = manager()
    pm.register(Draft(), name="draft")
    sc = score(sample.framework(), [sample.assessment()])
    assert pm.render(sc, "draft", RenderOptions()) == b"binary"
    assert pm.render(sc, "draft", RenderOptions(extension="md")) == "# text"
    assert Draft.fmt.extensions == ("bin", "md")
    assert Draft.fmt.returns_text("md") and not Draft.fmt.returns_text("bin")
