"""The torch training step's engine op count: a budget that guards the hot
path against regressions (each small op costs ~10 us of dispatch on the
CPU, more than the arithmetic of a small model). Counted with torch's
dispatch mode, so the numbers are exact and machine-independent."""

from __future__ import annotations

import collections

import numpy as np
import pytest

import cornu
from cornu import layers

pytestmark = pytest.mark.skipif(cornu.backend.backend() != "torch",
                                reason="counts torch's dispatched ops")


def _count_ops(fn) -> collections.Counter:
    from torch.utils._python_dispatch import TorchDispatchMode

    counts: collections.Counter = collections.Counter()

    class Count(TorchDispatchMode):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            counts[func.__name__.split(".")[0]] += 1
            return func(*args, **(kwargs or {}))

    with Count():
        fn()
    return counts


def _mlp_step(loss, metrics):
    import torch

    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 12)).astype("float32")
    y = rng.integers(0, 5, size=(64,))
    model = cornu.Sequential([
        layers.Input((12,)),
        layers.Dense(16, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(5, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss=loss, metrics=metrics)
    model.fit(x, y, batch_size=32, epochs=1, verbose=0)
    function = model.make_train_function()
    batch = (torch.from_numpy(x[:32]), torch.from_numpy(y[:32]))
    model._defer_step_logs = True  # as in `fit` without batch-level logs
    function([batch])
    return lambda: function([batch])


def test_softmax_classifier_step_stays_within_its_op_budget():
    """Dense-relu, Dropout, Dense-softmax; sparse crossentropy (taken back
    to the logits), accuracy, Adam (one fused kernel). 65 ops when this
    test was written, 106 before the loss went back to the logits, the
    labels and accuracy stopped round-tripping through floats, dropout made
    its mask in place and the log-space clip became a `hardtanh`."""
    counts = _count_ops(_mlp_step("sparse_categorical_crossentropy",
                                  ["accuracy"]))
    total = sum(counts.values())
    assert total <= 68, f"{total} ops: {sorted(counts.items())}"
    # The loss runs from the logits: no softmax backward, no label checks.
    assert counts["_softmax_backward_data"] == 0, counts
    assert counts["nll_loss_forward"] == 1, counts
    assert counts["_fused_adam_"] == 1, counts
    # Nothing reads a value back to the host but the optimizer's two
    # Python numbers (step count, learning rate).
    assert counts["_local_scalar_dense"] <= 2, counts
