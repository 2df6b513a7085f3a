"""Claims ``dup`` as an alias of its own format: a conflict with arol-dup-a."""

from anting_rule_of_law.hookspecs import OutputFormat, hookimpl


@hookimpl
def arol_register_formats():
    return [
        OutputFormat(name="duplicate", extension="dupl", media_type="text/plain", aliases=("dup",))
    ]


@hookimpl
def arol_render(scorecard, format_name, options):
    return "b" if format_name == "duplicate" else None
