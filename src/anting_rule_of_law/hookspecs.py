"""The plugin hooks: how a reporter tells the library what it renders, and renders it.

A reporter is any module (or object) with functions marked ``@hookimpl`` whose
names match the specifications below. Built-in reporters are plugins like any
other; third-party ones are found through the entry-point group
``anting_rule_of_law`` (see docs/plugins.md). The library always *calls* hooks
with keyword arguments, so new arguments can be added later without breaking
plugins that do not ask for them: an implementation declares, as ordinary
parameters, only the arguments it needs. (Do not write ``*`` in an
implementation's signature: pluggy ignores keyword-only parameters.)

The surface is deliberately small: one hook to declare formats, one to render.
Every hook is called through pluggy (never as a plain function), so argument
matching works for every hook alike. Everything a reporter may use is gathered
in :mod:`anting_rule_of_law.reporting`, the stable plugin contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import pluggy
from attrs import field, frozen

from anting_rule_of_law.literals import DETAILS, LANGS, Detail, Lang

if TYPE_CHECKING:  # pragma: no cover
    from anting_rule_of_law.rulekinds import RuleKind
    from anting_rule_of_law.scoring import Scorecard

__all__ = [
    "PROJECT_NAME",
    "OutputFormat",
    "RenderOptions",
    "arol_register_formats",
    "arol_register_rule_kinds",
    "arol_render",
    "hookimpl",
    "hookspec",
]

#: The pluggy project name; also the entry-point group third-party plugins use.
PROJECT_NAME = "anting_rule_of_law"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
#: Mark a plugin's hook functions with this: ``@hookimpl def arol_render(...)``.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


def _name(_inst: object, att: attrs.Attribute[Any], value: str) -> None:
    if not value or not value.replace("-", "").replace("_", "").isalnum() or value != value.lower():
        raise ValueError(f"{att.name} must be a non-empty lower-case word, got {value!r}")


def _aliases(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


@frozen
class OutputFormat:
    """A format a reporter can render: ``-f NAME`` on the command line.

    ``extension`` is the file suffix without the dot (``"md"``); ``binary`` formats
    return ``bytes`` from :func:`arol_render` and are never written to a terminal.
    ``alt_extensions`` are other suffixes the format can write as text (a Word
    draft that also comes as Markdown): when ``-o`` ends in one of them the caller
    says so in :attr:`RenderOptions.extension` and takes ``str`` back.
    """

    name: str = field(validator=_name)
    extension: str
    media_type: str
    binary: bool = False
    description: str = ""
    aliases: tuple[str, ...] = field(default=(), converter=_aliases)
    alt_extensions: tuple[str, ...] = field(default=(), converter=_aliases)

    @aliases.validator
    def _check_aliases(self, att: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
        for alias in value:
            _name(self, att, alias)

    @property
    def extensions(self) -> tuple[str, ...]:
        """The extension and every alternative one."""
        return (self.extension, *self.alt_extensions)

    def returns_text(self, extension: str = "") -> bool:
        """Whether rendering for a file ending in ``extension`` gives ``str``."""
        return extension in self.alt_extensions or not self.binary

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)


@frozen
class RenderOptions:
    """What the user asked of a report; reporters ignore what does not apply to them.

    ``detail="summary"`` leaves out the per-indicator audit trail and evidence.
    ``timestamp=True`` lets a reporter state when it ran (off by default so the
    same input always gives the same bytes).
    """

    lang: Lang = field(default="zh", validator=attrs.validators.in_(LANGS))
    detail: Detail = field(default="full", validator=attrs.validators.in_(DETAILS))
    timestamp: bool = False
    #: A title overriding the reporter's default one.
    title: str = ""
    #: The suffix (no dot) of the file being written when it is one of the format's
    #: ``alt_extensions``; empty otherwise (the format's own, or no file).
    extension: str = ""


@hookspec
def arol_register_formats() -> list[OutputFormat]:  # type: ignore[empty-body]
    """Return the output formats this plugin renders (a list, possibly empty).

    Called once per plugin manager. A format name or alias claimed by two
    plugins is an error naming both (see docs/plugins.md, "Errors").
    """


@hookspec(firstresult=True)
def arol_render(
    scorecard: Scorecard, format_name: str, options: RenderOptions
) -> bytes | str | None:
    """Render ``scorecard`` in the format called ``format_name`` (its canonical name,
    never an alias).

    Return ``str`` for a text format, ``bytes`` for a binary one. Only the plugin
    that declared the format is asked — a format has one owner, so no plugin
    can answer for another's — and no other plugin is asked after it: ``None``
    (or the wrong type) is an error naming the plugin, as is raising; either
    fails this format only. Do not write files or print: the caller writes the
    result atomically.
    """


@hookspec
def arol_register_rule_kinds() -> list[RuleKind[Any]]:  # type: ignore[empty-body]
    """Return the rule kinds this plugin adds (a list of ``RuleKind``, possibly empty).

    Called once, the first time a framework names a kind that is not built in.
    A kind's name may not be a built-in's or another plugin's (an error naming
    the plugin). See docs/plugins.md, "Rule kinds".
    """
