"""``python -m anting_rule_of_law`` runs the command line."""

from anting_rule_of_law.cli import main

raise SystemExit(main())
