"""``anting-rol score`` and ``anting-rol plugins``: where reports go, exit codes, nothing lost."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from anting_rule_of_law import __version__
from anting_rule_of_law.cli import main
from plugin_fixtures import scorecards as sample


@pytest.fixture(autouse=True)
def _no_external_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTING_ROL_DISABLE_PLUGINS", "all")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def write(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "fw": write(tmp_path / "mini.yaml", sample.FRAMEWORK),
        "a": write(tmp_path / "anting.yaml", sample.assessment_dict()),
        "b": write(
            tmp_path / "huating.yaml", sample.assessment_dict("huating", "华亭镇", full=True)
        ),
    }


def test_markdown_on_stdout_by_default(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    code, out, err = run(capsys, "score", str(files["a"]), "--framework", str(files["fw"]))
    assert code == 0, err
    assert out.startswith("# 安亭镇2023年度")


def test_several_formats_with_a_stem(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    stem = tmp_path / "out" / "report"
    code, out, err = run(
        capsys,
        "score",
        str(files["a"]),
        str(files["b"]),
        "--framework",
        str(files["fw"]),
        "-f",
        "md",
        "-f",
        "json",
        "-f",
        "excel",
        "-o",
        str(stem),
    )
    assert code == 0, err
    assert out == ""
    assert sorted(p.name for p in stem.parent.iterdir()) == [
        "report.json",
        "report.md",
        "report.xlsx",
    ]
    doc = json.loads((stem.parent / "report.json").read_text(encoding="utf-8"))
    assert [r["unit"]["code"] for r in doc["results"]] == ["anting", "huating"]
    assert (stem.parent / "report.xlsx").read_bytes()[:2] == b"PK"


def test_stem_with_a_chosen_extension(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    code, _, err = run(
        capsys,
        "score",
        str(files["a"]),
        "--framework",
        str(files["fw"]),
        "-f",
        "md",
        "-f",
        "json",
        "-o",
        str(tmp_path / "r.md"),
    )
    assert code == 0, err
    assert (tmp_path / "r.md").exists() and (tmp_path / "r.json").exists()


def test_directory_output(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    code, _, err = run(
        capsys,
        "score",
        str(files["a"]),
        "--framework",
        str(files["fw"]),
        "-f",
        "json",
        "-o",
        str(tmp_path / "new") + "/",
    )
    assert code == 0, err
    assert (
        json.loads((tmp_path / "new" / "report.json").read_text(encoding="utf-8"))["tool"][
            "version"
        ]
        == __version__
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "xlsx"], "binary"),
        (["-f", "md", "-f", "json"], "several formats"),
        (["-f", "pdf"], "unknown format 'pdf'"),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], args: list[str], message: str
) -> None:
    code, out, err = run(
        capsys, "score", str(files["a"]), "--framework", str(files["fw"]), "--lang", "en", *args
    )
    assert code == 2
    assert message in err and out == ""


def test_output_equal_to_an_input_is_refused(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    before = files["a"].read_bytes()
    code, _, err = run(
        capsys,
        "score",
        str(files["a"]),
        "--framework",
        str(files["fw"]),
        "-f",
        "json",
        "-o",
        str(files["a"]),
        "--lang",
        "en",
    )
    assert code == 2 and "one of the input files" in err
    assert files["a"].read_bytes() == before


def test_invalid_input_writes_nothing(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    bad = sample.assessment_dict()
    bad["entries"][0]["code"] = "9.9.9"
    write(files["a"], bad)
    out = tmp_path / "out"
    code, _, err = run(
        capsys,
        "score",
        str(files["a"]),
        "--framework",
        str(files["fw"]),
        "-f",
        "json",
        "-o",
        str(out / "r.json"),
    )
    assert code == 3, err
    assert "9.9.9" in err and "Traceback" not in err
    assert not out.exists()


def test_fail_under(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    base = ["score", str(files["a"]), "--framework", str(files["fw"]), "-f", "json", "--lang", "en"]
    # 6.7849... is below 6.79 although it displays as 6.78 -- and above 6.78
    code, _, err = run(capsys, *base, "-o", str(tmp_path / "r1.json"), "--fail-under", "6.79")
    assert code == 1
    found = re.search(
        r"安亭镇 2023 self-assessment: total 6\.78 \(unrounded: ([0-9.]+)\) "
        r"is below --fail-under 6\.79",
        err,
    )
    assert found and float(found[1]) == pytest.approx(sample.TOTAL_A_2023, abs=1e-12), err
    assert (tmp_path / "r1.json").exists()  # the outputs are written first
    code, _, _ = run(capsys, *base, "-o", str(tmp_path / "r2.json"), "--fail-under", "6.78")
    assert code == 0


def test_fail_under_on_a_failing_veto(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    data = sample.assessment_dict("huating", "华亭镇", full=True)
    data["vetoes"] = [{"code": "V1", "triggered": True}]
    write(files["b"], data)
    code, _, err = run(
        capsys,
        "score",
        str(files["b"]),
        "--framework",
        str(files["fw"]),
        "-f",
        "json",
        "-o",
        str(tmp_path / "r.json"),
        "--fail-under",
        "0",
        "--lang",
        "en",
    )
    assert code == 1 and "veto: A major unlawful decision" in err


def test_plugins_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plugins", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["format"], r["aliases"], r["distribution"], r["version"]) for r in rows] == [
        ("district", "区级汇总", "anting-rule-of-law", __version__),
        ("json", "", "anting-rule-of-law", __version__),
        ("markdown", "md", "anting-rule-of-law", __version__),
        ("xlsx", "excel", "anting-rule-of-law", __version__),
    ]


def test_input_warnings_are_printed_located_and_scoring_goes_on(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    data = sample.assessment_dict()
    data["entries"][2]["rate"] = "98.94%"  # 1319/1333 = 98.9497...%: truncated, not rounded
    write(files["a"], data)
    base = ["score", str(files["a"]), "--framework", str(files["fw"])]
    code, out, err = run(capsys, *base, "-f", "json", "--lang", "en")
    assert code == 0, err
    rate, veto = err.splitlines()  # every warning, in file order
    assert rate.startswith(f"{files['a']}: $.entries[2].rate: warning: rate 98.94% given")
    assert "truncated" in rate
    assert (
        veto
        == f"{files['a']}: $.entries: warning: veto item(s) not declared (say triggered yes/no): V1"
    )
    # the score uses numerator and denominator, not the printed rate
    assert json.loads(out)["results"][0]["total"]["score"] == pytest.approx(
        sample.TOTAL_A_2023, abs=1e-12
    )
    code, out, err = run(capsys, *base)
    assert code == 0 and out.startswith("# 安亭镇2023年度")
    assert f"{files['a']}: $.entries[2].rate: 警告: 填报比率 98.94%" in err
    # with an error as well, nothing is scored and both are reported
    data["entries"][0]["code"] = "9.9.9"
    write(files["a"], data)
    code, out, err = run(capsys, *base, "--lang", "en")
    assert code == 3 and out == ""
    assert "9.9.9" in err and "warning: rate 98.94%" in err
