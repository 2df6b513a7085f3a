"""Claims the format name ``dup``."""

from anting_rule_of_law.hookspecs import OutputFormat, hookimpl


@hookimpl
def arol_register_formats():
    return [OutputFormat(name="dup", extension="dup", media_type="text/plain")]


@hookimpl
def arol_render(scorecard, format_name, options):
    return "a" if format_name == "dup" else None
