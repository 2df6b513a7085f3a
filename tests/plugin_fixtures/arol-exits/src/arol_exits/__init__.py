"""Plugins that end the process their own way: SystemExit and KeyboardInterrupt."""
