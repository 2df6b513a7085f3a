"""A plugin that raises KeyboardInterrupt itself while it is imported (no Ctrl-C pressed)."""

raise KeyboardInterrupt
