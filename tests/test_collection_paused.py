"""Rendering a report pauses Python's cycle collector and leaves it as it found it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from anting_rule_of_law import RenderOptions, check_files, get_plugin_manager, load_framework, score
from anting_rule_of_law.reporters.document import collection_paused

ANTING = Path(__file__).resolve().parents[1] / "examples" / "anting_2023" / "anting_2023.yaml"


def test_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_rendering_leaves_the_collector_as_it_was(fmt: str) -> None:
    card = score(load_framework("shanghai-town-2023"), check_files([str(ANTING)]).assessments)
    pm = get_plugin_manager(load_entrypoints=False)
    pm.render(card, fmt, RenderOptions())
    assert gc.isenabled()
    gc.disable()
    try:
        pm.render(card, fmt, RenderOptions())
        assert not gc.isenabled()
    finally:
        gc.enable()
