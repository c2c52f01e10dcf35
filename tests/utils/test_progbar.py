"""`cornu.utils.Progbar` prints what Keras 3's `Progbar` prints.

Both bars read `time.time()`; a fake clock set before each update makes the
time parts (elapsed, ETA, time per step) identical, so the outputs are
compared as exact strings.
"""

from __future__ import annotations

import io
import re
import sys
import time

import numpy as np
import pytest

from cornu.utils import Progbar
from cornu.utils import progbar as progbar_module
from tests._oracle import import_keras

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class _Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = _Clock()
    monkeypatch.setattr(time, "time", fake)
    return fake


def _run(bar_class, clock, capsys, steps, dynamic=True, **kwargs):
    """Drives a bar through `steps`: (seconds since start, current, values,
    finalize) tuples; returns what it printed."""
    clock.now = 1000.0
    bar = bar_class(**kwargs)
    bar._dynamic_display = dynamic
    capsys.readouterr()
    for seconds, current, values, finalize in steps:
        clock.now = 1000.0 + seconds
        bar.update(current, values, finalize=finalize)
    return capsys.readouterr().out


def _keras_progbar():
    keras = import_keras()
    return keras.utils.Progbar


# A 5-step epoch: a slow first step, updates inside the redraw interval
# that must be skipped, a shrinking metric (line gets shorter) and a
# final line.
_EPOCH = [
    (2.5, 1, [("loss", 2.0), ("accuracy", 0.25)], None),
    (2.51, 2, [("loss", 1.5), ("accuracy", 0.5)], None),
    (2.9, 3, [("loss", 0.0001), ("accuracy", 0.75)], None),
    (3.4, 4, [("loss", -0.5), ("accuracy", 1.0)], None),
    (3.9, 5, [("loss", 0.25), ("accuracy", 0.5)], None),
]


@pytest.mark.parametrize("verbose", [1, 2])
def test_epoch_matches_keras(clock, capsys, verbose):
    kwargs = dict(target=5, verbose=verbose)
    ours = _run(Progbar, clock, capsys, _EPOCH, **kwargs)
    theirs = _run(_keras_progbar(), clock, capsys, _EPOCH, **kwargs)
    assert ours == theirs
    assert ours.count("\n") == 1
    plain = _ANSI.sub("", ours).split("\r")[-1]
    assert plain.startswith("5/5 ━━━━━━━━━━━━━━━━━━━━ 4s 350ms/step") or (
        plain.startswith("5/5 - 4s - 350ms/step"))


def test_values_are_averaged_over_steps(clock, capsys):
    steps = [(1.0, 2, [("loss", 1.0)], None),
             (2.0, 6, [("loss", 4.0)], None),
             (3.0, 10, None, True)]
    out = _run(Progbar, clock, capsys, steps, target=10, interval=0)
    lines = re.split(r"[\r\b]+", _ANSI.sub("", out))
    # (1*2 + 4*4) / 6 = 3.0: values weigh by the steps they cover.
    assert lines[2].endswith("- loss: 3.0000")
    assert steps and out == _run(_keras_progbar(), clock, capsys, steps,
                                 target=10, interval=0)


@pytest.mark.parametrize("names", [
    dict(stateful_metrics=["accuracy"]),
    dict(stateless_metrics=["loss"]),
    dict(stateless_metrics=[]),
])
def test_stateful_and_stateless_metrics_match_keras(clock, capsys, names):
    kwargs = dict(target=5, interval=0, **names)
    ours = _run(Progbar, clock, capsys, _EPOCH[:4], **kwargs)
    theirs = _run(_keras_progbar(), clock, capsys, _EPOCH[:4], **kwargs)
    assert ours == theirs


def test_long_etas_and_widths_match_keras(clock, capsys):
    steps = [(1.0, 1, [("loss", 3.0)], None),
             (3.0, 2, [("loss", 3.0)], None),
             (1000.0, 3, [("loss", 3.0)], None),
             (1000.0005, 4, [("loss", np.float32(1e-5))], None)]
    kwargs = dict(target=50, width=30, unit_name="sample", interval=0)
    ours = _run(Progbar, clock, capsys, steps, **kwargs)
    assert ours == _run(_keras_progbar(), clock, capsys, steps, **kwargs)
    plain = _ANSI.sub("", ours)
    assert " 49s 1s/sample" in plain
    assert " 1:36 2s/sample" in plain  # ETA in minutes
    assert " 6:31:16 500s/sample" in plain  # ETA past an hour


def test_unknown_target_matches_keras(clock, capsys):
    steps = [(0.5, 1, [("loss", 1.0)], None),
             (1.0, 2, [("loss", 0.5)], None),
             (1.5, 3, [("loss", 0.5)], True)]
    ours = _run(Progbar, clock, capsys, steps, target=None)
    assert ours == _run(_keras_progbar(), clock, capsys, steps, target=None)
    assert "      3/Unknown" in ours


def test_not_a_terminal_prints_only_the_final_line(clock, capsys):
    ours = _run(Progbar, clock, capsys, _EPOCH, dynamic=False, target=5)
    theirs = _run(_keras_progbar(), clock, capsys, _EPOCH, target=5)
    final = _ANSI.sub("", theirs).split("\r")[-1]
    assert ours == final
    assert ours == ("5/5 ━━━━━━━━━━━━━━━━━━━━ 4s 350ms/step - loss: 0.2500"
                    " - accuracy: 0.5000\n")


def test_silent(clock, capsys):
    assert _run(Progbar, clock, capsys, _EPOCH, target=5, verbose=0) == ""


def test_add_advances_from_the_last_step(clock, capsys):
    bar = Progbar(target=4, verbose=2)
    capsys.readouterr()
    bar.add(1, [("loss", 1.0)])
    bar.add(2)
    assert capsys.readouterr().out == ""
    bar.add(1, [("loss", 3.0)])
    assert capsys.readouterr().out.startswith("4/4 - ")


def test_display_mode_follows_stdout(monkeypatch):
    monkeypatch.delenv("PYCHARM_HOSTED", raising=False)
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert not progbar_module._is_dynamic_display()
    monkeypatch.setattr(sys, "stdout", Terminal())
    assert progbar_module._is_dynamic_display()
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setenv("PYCHARM_HOSTED", "1")
    assert progbar_module._is_dynamic_display()


@pytest.mark.parametrize("kwargs, match", [
    (dict(target=-1), "`target` must be a non-negative integer or None. "
                      "Received: target=-1"),
    (dict(target=2.5), "Received: target=2.5"),
    (dict(target=3, verbose=3), "Received: verbose=3"),
    (dict(target=3, stateful_metrics=["a"], stateless_metrics=["b"]),
     "at most one of `stateful_metrics`"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=re.escape(match)):
        Progbar(**kwargs)
