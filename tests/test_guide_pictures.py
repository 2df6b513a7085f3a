"""The Chinese guide's pictures are the library's real outputs, made by one documented command."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "zh" / "guide.md"
IMAGES = GUIDE.parent / "images"
COMMAND = "python scripts/guide_pictures.py"
PNG = b"\x89PNG\r\n\x1a\n"
#: The committed pictures stay small (modest resolution, cropped pages).
MAX_BYTES = 200 * 1024


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "guide_pictures", ROOT / "scripts" / "guide_pictures.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _referenced() -> list[str]:
    return re.findall(r"!\[[^\]]*\]\(images/([^)]+)\)", GUIDE.read_text(encoding="utf-8"))


def test_the_guide_documents_the_command_and_shows_every_picture() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert f"```sh\n{COMMAND}\n```" in text
    made = set(_script().PICTURES)
    assert sorted(_referenced()) == sorted(made)
    for name in made:
        data = (IMAGES / name).read_bytes()
        assert data.startswith(PNG), name
        assert 5 * 1024 < len(data) < MAX_BYTES, (name, len(data))


@pytest.mark.skipif(
    any(shutil.which(t) is None for t in ("soffice", "pdftoppm", "pdftotext", "pdfinfo"))
    or not any(shutil.which(c) for c in ("chromium", "chromium-browser", "google-chrome")),
    reason="LibreOffice, poppler-utils or Chromium is not installed",
)
def test_the_command_regenerates_every_picture(tmp_path: Path) -> None:
    paths = _script().make_pictures(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(_referenced())
    for path in paths:
        data = path.read_bytes()
        assert data.startswith(PNG) and 5 * 1024 < len(data) < MAX_BYTES, path.name
