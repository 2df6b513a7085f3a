"""A plugin whose render hook is misspelled (arol_rendr): must be refused by name."""

from anting_rule_of_law.hookspecs import OutputFormat, hookimpl


@hookimpl
def arol_register_formats():
    return [OutputFormat(name="misspelled", extension="txt", media_type="text/plain")]


@hookimpl
def arol_rendr(scorecard, format_name, options):
    return "never called"
