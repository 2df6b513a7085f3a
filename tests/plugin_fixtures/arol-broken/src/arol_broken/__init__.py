"""A plugin that cannot be imported (a missing dependency)."""

import anting_rol_no_such_dependency  # noqa: F401
