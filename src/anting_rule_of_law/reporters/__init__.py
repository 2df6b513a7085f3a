"""Built-in reporters, each a pluggy plugin: Markdown, JSON and Excel.

They all render from :func:`anting_rule_of_law.reporters.document.report_document`,
so every format shows the same figures.
"""
