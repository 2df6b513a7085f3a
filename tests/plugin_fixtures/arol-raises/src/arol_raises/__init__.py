"""A plugin whose renderer raises after producing part of its output."""

from anting_rule_of_law.hookspecs import OutputFormat, hookimpl


@hookimpl
def arol_register_formats():
    return [OutputFormat(name="boom", extension="boom", media_type="text/plain")]


@hookimpl
def arol_render(scorecard, format_name, options):
    if format_name != "boom":
        return None
    raise RuntimeError("the boom reporter exploded")
