"""The test and predict steps and the step-group loop for engines that run
eagerly (torch, numpy). Engines wrap them (torch adds `no_grad`)."""

from __future__ import annotations

import contextlib

from cornu import ops, tree
from cornu.trainers.data_adapters.data_adapter_utils import (
    pack_x_y_sample_weight,
    unpack_x_y_sample_weight,
)


def takes_host_batches(model) -> bool:
    """Whether `model`'s step functions take NumPy batches: no, eager steps
    run engine ops on engine tensors."""
    del model
    return False


def state_key(model, kind: str):
    """Eager functions read the variables live: they never go stale."""
    return None


def output_placeholders(model, x):
    """Eager engines run the model on the first batch instead."""
    return None


def test_step(model, data):
    """Loss and metrics of one batch, in inference mode."""
    x, y, sample_weight = unpack_x_y_sample_weight(data)
    y_pred = model(x, training=False)
    loss = model.compute_loss(x=x, y=y, y_pred=y_pred,
                              sample_weight=sample_weight, training=False)
    model._track_loss(loss, x)
    return model._step_logs(x, y, y_pred, sample_weight)


def predict_step(model, data):
    """The model's outputs for one batch."""
    x, _, _ = unpack_x_y_sample_weight(data)
    return model(x, training=False)


def direct_predict(model, x, context=contextlib.nullcontext):
    """`predict`'s outputs for the one batch `x` (what the default predict
    function returns for it), as NumPy: one call of the model."""
    if model.jit_compile and not model.run_eagerly:
        return None  # the compiled function runs it
    with context():
        outputs = model(x, training=False)
    return tree.map_structure(ops.convert_to_numpy, outputs)


def make_function(model, kind: str, step=None,
                  context=contextlib.nullcontext):
    """A function that runs `step` (default `model.<kind>_step`) on each
    batch of a group: train/test return the last logs, predict returns the
    outputs of every batch as NumPy."""
    step = step or getattr(model, f"{kind}_step")
    if kind == "predict":
        def predict_function(batches):
            with context():
                return [tree.map_structure(
                    ops.convert_to_numpy,
                    step(pack_x_y_sample_weight(*batch)))
                    for batch in batches]
        return predict_function

    def function(batches):
        logs = None
        for batch in batches:
            logs = step(pack_x_y_sample_weight(*batch))
        return logs

    return function
