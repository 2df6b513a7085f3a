"""Execute a notebook headless, as Jupyter would, and hand back its outputs.

Used by the tests of ``examples/notebook.ipynb``; any test that wants to see what a
notebook user sees (a display's HTML, an inline chart) can run a notebook the same
way. The notebook is read, run in a fresh ``python3`` kernel of this interpreter
with ``cwd`` as its working directory, and never written back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")


def execute(notebook: Path, cwd: Path, timeout: int = 600) -> Any:
    """The executed notebook (an ``nbformat`` node); a failing cell raises with its traceback."""
    nb = nbformat.read(notebook, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()
    return nb


def outputs(nb: Any) -> list[list[dict[str, Any]]]:
    """Each code cell's outputs, in order."""
    return [list(cell.outputs) for cell in nb.cells if cell.cell_type == "code"]
