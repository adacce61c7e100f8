"""The cyclic collector is paused inside a stage and put back as it was, even when the stage fails."""

from __future__ import annotations

import gc

import pytest

from generator.collector import collector_paused


def test_the_collector_is_paused_then_put_back_as_it_was() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with collector_paused():
            raise ValueError("une étape qui échoue")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was off: it stays off
    finally:
        gc.enable()
