"""The HTML plugin package, pip-installed, used through the command line, shown in Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from plugin_fixtures import install
from plugin_fixtures import scorecards as sample

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
XSS = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def site() -> Path:
    return install.install("anting-rol-html")


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    fw = tmp_path / "mini.yaml"
    fw.write_text(yaml.safe_dump(sample.FRAMEWORK, allow_unicode=True), encoding="utf-8")
    a = tmp_path / "anting.yaml"
    a.write_text(
        yaml.safe_dump(sample.assessment_dict(reason=XSS), allow_unicode=True), encoding="utf-8"
    )
    return [fw, a]


def test_listed_with_its_distribution(site: Path, tmp_path: Path) -> None:
    run = install.run_cli(["plugins", "--lang", "en"], site, tmp_path)
    assert run.returncode == 0, run.stderr
    (line,) = [ln for ln in run.stdout.splitlines() if ln.startswith("html")]
    assert line.split()[:3] == ["html", "htm", "html"]
    assert "anting-rol-html" in line and "0.1.0" in line


def test_html_through_the_cli(site: Path, tmp_path: Path, inputs: list[Path]) -> None:
    fw, a = inputs
    out = tmp_path / "report.html"
    run = install.run_cli(
        ["score", str(a), "--framework", str(fw), "-f", "html", "-o", str(out)], site, tmp_path
    )
    assert run.returncode == 0, run.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert not re.search(r"(src|href)=|@import|url\(", page)  # nothing fetched
    # the only address is a note's text, shown escaped in the audit trail, never a link
    assert re.findall(r"https?://[^&\s<]*", page) == ["http://evil.invalid"]
    assert "=HYPERLINK(&quot;http://evil.invalid&quot;,&quot;click&quot;)" in page
    assert '<span class="total">6.78</span> / 10.00' in page
    bars = re.findall(r'class="bar" data-code="(\d)" x="\d+" y="\d+" width="([\d.]+)"', page)
    # 420 px track per 5 points: 2.5 -> 210; 4.2849... -> 359.93
    assert bars == [("1", "210.00"), ("2", f"{420 * (sample.TOTAL_A_2023 - 2.5) / 5:.2f}")]
    without = install.run_cli(
        ["score", str(a), "--framework", str(fw), "-f", "html"], None, tmp_path
    )
    assert without.returncode == 2 and "html" in without.stderr  # not installed: unknown format


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_rendered_in_headless_chromium(site: Path, tmp_path: Path, inputs: list[Path]) -> None:
    fw, a = inputs
    ARTIFACTS.mkdir(exist_ok=True)
    page = ARTIFACTS / "report.html"
    run = install.run_cli(
        ["score", str(a), "--framework", str(fw), "-f", "html", "-o", str(page)], site, tmp_path
    )
    assert run.returncode == 0, run.stderr
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    base = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    url = page.resolve().as_uri()
    dom = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "安亭镇2023年度法治建设示范创建自评报告" in dom.stdout
    assert '<span class="total">6.78</span>' in dom.stdout
    assert dom.stdout.count('class="bar"') == 2
    subprocess.run(
        [*base, f"--screenshot={shot}", "--window-size=1200,1600", url],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.exists() and shot.stat().st_size > 10_000
