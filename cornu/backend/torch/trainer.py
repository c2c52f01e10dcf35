"""How the torch engine runs training, evaluation and prediction steps.

Steps run eagerly: the forward pass records torch's autograd graph,
`torch.autograd.grad` differentiates the loss with respect to the trainable
parameters, and the optimizer updates them in place under `no_grad`.
`jit_compile=True` wraps the step in `torch.compile`.
"""

from __future__ import annotations

import torch

from cornu import tree
from cornu.trainers import eager_steps
from cornu.trainers.data_adapters.data_adapter_utils import (
    unpack_x_y_sample_weight,
)

# What every eager engine answers the same way.
from cornu.trainers.eager_steps import (  # noqa: F401
    output_placeholders,
    state_key,
    takes_host_batches,
)


def check_can_train() -> None:
    """torch trains: nothing to check."""



def train_step(model, data):
    """The default `Model.train_step` on torch."""
    x, y, sample_weight = unpack_x_y_sample_weight(data)
    y_pred = model(x, training=True)
    loss = model.compute_loss(x=x, y=y, y_pred=y_pred,
                              sample_weight=sample_weight, training=True)
    variables = model.trainable_weights
    grads = None
    if variables:
        grads = torch.autograd.grad(
            model.optimizer.scale_loss(loss), [v.value for v in variables],
            allow_unused=True)
    with torch.no_grad():
        if grads is not None:
            model.optimizer.apply(list(grads), variables)
        model._track_loss(loss, x)
        y_pred = tree.map_structure(_detach, y_pred)
        return model._step_logs(x, y, y_pred, sample_weight)


def test_step(model, data):
    """The default `Model.test_step` on torch (under `no_grad`)."""
    with torch.no_grad():
        return eager_steps.test_step(model, data)


def predict_step(model, data):
    """The default `Model.predict_step` on torch (under `no_grad`)."""
    with torch.no_grad():
        return eager_steps.predict_step(model, data)


def direct_predict(model, x):
    """`predict` on the one batch `x`: the default predict step's outputs
    as NumPy, without the predict function (None with `jit_compile`)."""
    return eager_steps.direct_predict(model, x, context=torch.no_grad)


def _detach(t):
    return t.detach() if isinstance(t, torch.Tensor) else t


def make_function(model, kind: str):
    """Runs `model.<kind>_step` on each batch of a group; with
    `jit_compile=True` the step is wrapped in `torch.compile`."""
    step = getattr(model, f"{kind}_step")
    if model.jit_compile and not model.run_eagerly:
        step = torch.compile(step)
    if kind == "predict":
        return eager_steps.make_function(model, kind, step=step,
                                         context=torch.no_grad)
    return eager_steps.make_function(model, kind, step=step)
