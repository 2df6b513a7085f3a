"""A plugin that prints to stdout on import, when declaring formats and when rendering."""

import sys

from anting_rule_of_law.hookspecs import OutputFormat, hookimpl

print("NOISE: imported")


@hookimpl
def arol_register_formats():
    print("NOISE: registering")
    return [OutputFormat(name="plain", extension="txt", media_type="text/plain")]


@hookimpl
def arol_render(scorecard, format_name, options):
    print("NOISE: rendering")
    sys.stdout.write("NOISE: written\n")
    return "plain report\n"
