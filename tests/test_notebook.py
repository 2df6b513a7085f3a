"""examples/notebook.ipynb runs headless from the repository root and from examples/,
shows its frames and its chart inline, and leaves nothing behind."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from html_text import parse
from notebook_run import execute, outputs

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "examples" / "notebook.ipynb"
_SKIP = {
    ".git",
    ".venv",
    ".ci-venv",
    "site",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "artifacts",
}


def _tree(root: Path) -> dict[str, float]:
    """Every file of the checkout with its modification time (caches left out)."""
    found: dict[str, float] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP and not d.endswith(".egg-info")]
        for name in files:
            path = Path(folder) / name
            found[str(path.relative_to(root))] = path.stat().st_mtime
    return found


@pytest.fixture(scope="module", params=["root", "examples"])
def run(request: pytest.FixtureRequest) -> tuple[Any, dict[str, float], dict[str, float]]:
    cwd = REPO if request.param == "root" else REPO / "examples"
    before = _tree(REPO)
    nb = execute(NOTEBOOK, cwd)
    return nb, before, _tree(REPO)


def test_leaves_the_tree_as_it_was(run: tuple[Any, dict[str, float], dict[str, float]]) -> None:
    _, before, after = run
    assert after == before


def test_every_cell_runs_and_shows_a_result(run: tuple[Any, ...]) -> None:
    nb = run[0]
    cells = outputs(nb)
    assert all(cells[1:]), "every cell after the setup shows something"
    kinds = [o["output_type"] for cell in cells for o in cell]
    assert "error" not in kinds and "stream" not in kinds  # displays, not prints


def test_frames_and_the_scorecard_are_tables(run: tuple[Any, ...]) -> None:
    results = [o for cell in outputs(run[0]) for o in cell if o["output_type"] == "execute_result"]
    html = [o["data"]["text/html"] for o in results if "text/html" in o["data"]]
    assert len(html) >= 10
    text = "\n".join(html)
    assert "91.06" in text  # the Scorecard's table shows the Anting total, rounded half up
    assert "党委领导" in text  # the first-level frame
    assert "illustrative" in text and "report" in text  # where the figures come from
    frames = [h for h in html if "shape:" in h]
    assert len(frames) >= 8  # polars frames, shown as HTML tables


def _shown(nb: Any, last_line: str) -> str:
    """The HTML shown by the code cell that ends with ``last_line`` (an object alone)."""
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.strip().splitlines()[-1:] == [last_line]:
            (result,) = [o for o in cell.outputs if o["output_type"] == "execute_result"]
            return str(result["data"]["text/html"])
    raise AssertionError(f"no cell ending with {last_line!r}")


def test_the_framework_and_the_scorecard_show_their_own_summaries(run: tuple[Any, ...]) -> None:
    """Not a repr or a raw frame: the summary tables of tests/test_display.py, in the kernel."""
    zh = os.environ.get("ANTING_ROL_LANG", "zh") != "en"  # the kernel inherits it
    facts, first_level = parse(_shown(run[0], "fw")).tables
    expected = (
        ["版本", "状态", "各级指标数"] if zh else ["Version", "Status", "Indicators per level"]
    )
    assert facts[0] == ["id", "shanghai-town-2023"]
    assert [f[0] for f in facts[1:4]] == expected
    assert facts[3][1] == "4 / 18 / 55"
    assert [row[0] for row in first_level[1:]] == ["1", "2", "3", "4"]
    (table,) = parse(_shown(run[0], "card")).tables
    row = dict(zip(table[0], table[1], strict=True))
    assert row["所属区" if zh else "District"] == "嘉定区"
    assert row["评价阶段" if zh else "Stage"] == ("自评" if zh else "self-assessment")
    assert row["总分" if zh else "Total"] == "91.06"


def test_the_chart_is_inline_svg(run: tuple[Any, ...]) -> None:
    last = outputs(run[0])[-1]
    [result] = last
    svg = ET.fromstring(result["data"]["image/svg+xml"])
    ns = "{http://www.w3.org/2000/svg}"
    bars = [r for r in svg.iter(f"{ns}rect") if r.find(f"{ns}title") is not None]
    assert len(bars) == 12 * 4
    widths = sorted(float(r.attrib["width"]) for r in bars)
    assert widths[0] > 0 and widths[-1] <= 420.0
    labels = [t.text or "" for t in svg.iter(f"{ns}text")]
    assert any(label.startswith("1. 菊园新区管委会") for label in labels)


def test_the_committed_notebook_has_no_outputs() -> None:
    """Outputs are made by running it, not stored (they would go stale)."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
