"""``score --fail-under N``: N is checked before anything is written; failures say why."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from plugin_fixtures import scorecards as sample


@pytest.fixture(autouse=True)
def _quiet_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTING_ROL_DISABLE_PLUGINS", "all")
    monkeypatch.delenv("ANTING_ROL_LANG", raising=False)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    fw = tmp_path / "mini.yaml"
    fw.write_text(yaml.safe_dump(sample.FRAMEWORK, allow_unicode=True), encoding="utf-8")
    data = sample.assessment_dict()
    data["vetoes"] = [{"code": "V1", "triggered": False}]
    a = tmp_path / "anting.yaml"
    a.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return fw, a


def _score(run_cli: Any, files: tuple[Path, Path], out: Path, *extra: str) -> Any:
    fw, a = files
    return run_cli("score", str(a), "--framework", str(fw), "-f", "json", "-o", str(out), *extra)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN", "九十", ""])
def test_a_line_that_is_not_a_finite_number_is_a_usage_error(
    run_cli: Any, files: tuple[Path, Path], tmp_path: Path, value: str
) -> None:
    out = tmp_path / "r.json"
    result = _score(run_cli, files, out, f"--fail-under={value}")  # -inf is not an option
    assert result.code == 2
    assert f"参数 --fail-under：须为有限的数，得到 {value!r}" in result.err
    assert "Traceback" not in result.err
    assert not out.exists()


@pytest.mark.parametrize("value", ["10.5", "150", "-1", "-0.01"])
def test_a_line_outside_the_frameworks_range_is_refused_before_writing(
    run_cli: Any, files: tuple[Path, Path], tmp_path: Path, value: str
) -> None:
    out = tmp_path / "r.json"
    result = _score(run_cli, files, out, "--fail-under", value)
    assert result.code == 2, result.err
    assert f"--fail-under {float(value):g} 超出指标体系 mini-2023 的分值范围 0–10" in result.err
    assert not out.exists()
    english = _score(run_cli, files, out, "--fail-under", value, "--lang", "en")
    assert english.code == 2
    assert (
        f"--fail-under {float(value):g} is outside the range of framework mini-2023: 0 to 10"
        in (english.err)
    )


@pytest.mark.parametrize(("value", "code"), [("0", 0), ("6.78", 0), ("10", 1)])
def test_the_ends_of_the_range_are_accepted(
    run_cli: Any, files: tuple[Path, Path], tmp_path: Path, value: str, code: int
) -> None:
    out = tmp_path / "r.json"
    result = _score(run_cli, files, out, "--fail-under", value)
    assert result.code == code, result.err
    assert out.exists()


def test_the_message_shows_the_unrounded_total_and_the_stage_in_chinese(
    run_cli: Any, files: tuple[Path, Path], tmp_path: Path
) -> None:
    # 6.7849... displays as 6.78 and is below 6.785 -- which displays as 6.79 in a report
    result = _score(run_cli, files, tmp_path / "r.json", "--fail-under", "6.785")
    assert result.code == 1
    found = re.search(
        r"^安亭镇 2023 自评：总分 6\.78（未四舍五入：(6\.78\d+)）低于 --fail-under 6\.785$",
        result.err,
        re.M,
    )
    assert found, result.err
    assert float(found[1]) == pytest.approx(sample.TOTAL_A_2023, abs=1e-12)
    assert " self" not in result.err
    assert "注：" not in result.err  # 6.78 < 6.785 on display too: nothing to explain


def test_a_note_when_the_displayed_total_reaches_the_line(
    run_cli: Any, files: tuple[Path, Path], tmp_path: Path
) -> None:
    """92.0555... shows as 92.06 and fails --fail-under 92.06: the message says why."""
    _fw, a = files
    data = sample.assessment_dict()
    data["vetoes"] = [{"code": "V1", "triggered": False}]
    data["entries"][2]["numerator"] = 1320  # 2.1.1: 3 x (1320/1333 - 0.9) / 0.1
    a.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    total = 2 + 0.5 + 3 * (1320 / 1333 - 0.9) / 0.1 + 1.6  # 6.80742..., shown 6.81
    assert f"{total:.2f}" == "6.81" and total < 6.81

    result = _score(run_cli, files, tmp_path / "r.json", "--fail-under", "6.81")
    assert result.code == 1
    found = re.search(r"总分 6\.81（未四舍五入：(6\.807\d+)）低于 --fail-under 6\.81", result.err)
    assert found and float(found[1]) == pytest.approx(total, abs=1e-12), result.err
    assert (
        "注：--fail-under 与未四舍五入的总分比较；报告中的总分四舍五入到 2 位小数。" in result.err
    )

    english = _score(run_cli, files, tmp_path / "r.json", "--fail-under", "6.81", "--lang", "en")
    assert "安亭镇 2023 self-assessment: total 6.81 (unrounded: 6.807" in english.err
    assert "note: --fail-under compares the unrounded total" in english.err
    assert _score(run_cli, files, tmp_path / "r.json", "--fail-under", "6.8").code == 0


def test_a_failing_veto_is_named_in_words(
    run_cli: Any, files: tuple[Path, Path], tmp_path: Path
) -> None:
    _fw, a = files
    data = sample.assessment_dict("huating", "华亭镇", full=True)
    data["vetoes"] = [{"code": "V1", "triggered": True}]
    a.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = _score(run_cli, files, tmp_path / "r.json", "--fail-under", "0")
    assert result.code == 1
    assert "华亭镇 2023 自评：一票否决：发生重大违法行政决策" in result.err
