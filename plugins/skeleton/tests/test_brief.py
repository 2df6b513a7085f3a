"""The format on its own, from a hand-written report document (no scoring needed)."""

from __future__ import annotations

from anting_rol_skeleton import FORMAT, arol_register_formats, render

from anting_rule_of_law.reporting import RenderOptions


def document() -> dict[str, object]:
    return {
        "results": [
            {
                "unit": {"code": "a", "name": "安亭镇", "name_en": "Anting"},
                "year": 2023,
                "stage": "self",
                "total": {"score": 92.055, "grade_name": "优秀", "grade_name_en": "Excellent"},
            }
        ]
    }


def test_declares_its_format() -> None:
    assert arol_register_formats() == [FORMAT]
    assert FORMAT.name == "brief" and not FORMAT.binary


def test_one_line_per_result_rounded_half_up() -> None:
    assert render(document(), RenderOptions(lang="zh")) == "安亭镇 2023 自评: 92.06 优秀\n"
    assert (
        render(document(), RenderOptions(lang="en"))
        == "Anting 2023 self-assessment: 92.06 Excellent\n"
    )
