"""The same input gives the same report and template bytes, unless a timestamp is asked for.

Excel reports and the fill-in template: the creation date in docProps/core.xml
is fixed (2000-01-01) and every zip member is dated 1980-01-01. Markdown, JSON,
Excel and the HTML plugin: two separate processes, with different hash seeds
and a different clock second, render the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import yaml

from anting_rule_of_law.assessments.template import write_template
from anting_rule_of_law.cli import main
from anting_rule_of_law.hookspecs import RenderOptions
from anting_rule_of_law.plugins import get_plugin_manager
from anting_rule_of_law.scoring import score
from plugin_fixtures import scorecards as sample

REPO = Path(__file__).resolve().parents[1]
HTML_PLUGIN = REPO / "plugins" / "anting-rol-html" / "src"

_CREATED = re.compile(r"<dcterms:created [^>]*>([^<]*)</dcterms:created>")
_MODIFIED = re.compile(r"<dcterms:modified [^>]*>([^<]*)</dcterms:modified>")

#: Renders the sample batch in every format, language and detail; prints one sha256 each.
_SCRIPT = """
import hashlib
import anting_rol_html
from anting_rule_of_law.hookspecs import RenderOptions
from anting_rule_of_law.plugins import get_plugin_manager
from anting_rule_of_law.scoring import score
from plugin_fixtures import scorecards as sample

card = score(sample.framework(), sample.batch())
pm = get_plugin_manager(load_entrypoints=False)
pm.register(anting_rol_html)
for fmt in ("markdown", "json", "xlsx", "district", "html"):
    for lang in ("zh", "en"):
        for detail in ("full", "summary"):
            out = pm.render(card, fmt, RenderOptions(lang=lang, detail=detail))
            data = out if isinstance(out, bytes) else out.encode("utf-8")
            print(fmt, lang, detail, hashlib.sha256(data).hexdigest())
"""


def _xlsx(**options: Any) -> bytes:
    card = score(sample.framework(), sample.batch())
    out = get_plugin_manager(load_entrypoints=False).render(card, "xlsx", RenderOptions(**options))
    assert isinstance(out, bytes)
    return out


def _core(data: bytes) -> tuple[str, str, set[tuple[int, ...]]]:
    """(created, modified, the zip members' dates) of a workbook."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
        stamps: set[tuple[int, ...]] = {info.date_time for info in z.infolist()}
    created, modified = _CREATED.search(core), _MODIFIED.search(core)
    assert created is not None and modified is not None
    return str(created[1]), str(modified[1]), stamps


def test_xlsx_dates_are_fixed_without_a_timestamp() -> None:
    first = _xlsx()
    created, modified, stamps = _core(first)
    assert (created, modified) == ("2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z")
    assert stamps == {(1980, 1, 1, 0, 0, 0)}
    assert _xlsx() == first
    assert _xlsx(lang="en", detail="summary") == _xlsx(lang="en", detail="summary")


def test_xlsx_creation_date_is_the_clock_when_asked() -> None:
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    created, _, _ = _core(_xlsx(timestamp=True))
    after = dt.datetime.now(dt.timezone.utc)
    made = dt.datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    assert before <= made <= after


def _hashes(seed: str) -> list[str]:
    env = {
        **os.environ,
        "PYTHONHASHSEED": seed,
        "PYTHONPATH": os.pathsep.join([str(REPO / "tests"), str(HTML_PLUGIN)]),
    }
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 20  # 5 formats x 2 languages x 2 details
    return lines


def test_every_format_same_bytes_in_another_process() -> None:
    first = _hashes("1")
    time.sleep(1.0 - time.time() % 1.0 + 0.01)  # the second run is in a later clock second
    assert _hashes("2") == first
    # languages and details do give different reports: the hashes are not all one
    assert len({line.split()[-1] for line in first}) > 8


def test_template_same_bytes_fixed_date(tmp_path: Path) -> None:
    fw = sample.framework()
    first = write_template(fw, tmp_path / "a.xlsx", unit={"name": "安亭镇"}, year=2023)
    second = write_template(fw, tmp_path / "b.xlsx", unit={"name": "安亭镇"}, year=2023)
    assert first.read_bytes() == second.read_bytes()
    created, modified, stamps = _core(first.read_bytes())
    assert (created, modified) == ("2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z")
    assert stamps == {(1980, 1, 1, 0, 0, 0)}
    other = write_template(fw, tmp_path / "c.xlsx", unit={"name": "华亭镇"}, year=2023)
    assert other.read_bytes() != first.read_bytes()  # the bytes do follow the content


def test_template_command_same_bytes(tmp_path: Path) -> None:
    framework = tmp_path / "mini.yaml"
    framework.write_text(yaml.safe_dump(sample.FRAMEWORK, allow_unicode=True), encoding="utf-8")
    outputs = [tmp_path / "t1.xlsx", tmp_path / "t2.xlsx"]
    for out in outputs:
        args = ["template", "--framework", str(framework), "-o", str(out), "--lang", "en"]
        assert main([*args, "--unit-code", "anting", "--year", "2023"]) == 0
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    assert _core(outputs[0].read_bytes())[0] == "2000-01-01T00:00:00Z"
