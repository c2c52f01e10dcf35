"""How the jax engine runs training, evaluation and prediction steps.

A step is a pure function of the state — the values of the trainable and
non-trainable variables, the optimizer's variables and the metrics'
variables — and a batch. It runs the model's ordinary imperative code inside
`StatelessScope`s that map every variable to its traced value and record
every `assign`; `jax.value_and_grad` differentiates the loss with respect to
the trainable values. A group of `steps_per_execution` steps is compiled
with `jax.jit`, donating the state's buffers, and the new state is written
back into the variables after each call (a reference swap, no copy).
"""

from __future__ import annotations

import jax
import numpy as np

from cornu.backend.common.scopes import StatelessScope
from cornu.backend.jax.core import convert_to_tensor
from cornu.trainers.data_adapters.data_adapter_utils import (
    pack_x_y_sample_weight,
    unpack_x_y_sample_weight,
)


def check_can_train() -> None:
    """jax trains: nothing to check."""


def takes_host_batches(model) -> bool:
    """Whether `model`'s step functions take NumPy batches: when they are
    jitted and run on the CPU. `jit` transfers NumPy arguments in C++ as
    it dispatches, which costs less than a `jnp.asarray` per array first
    (W0's fit step: 0.15 ms of 0.55). On an accelerator the batches are
    converted before the step (in the prefetch thread, where there is
    one), so that the copy overlaps the running step."""
    return (bool(model.jit_compile) and not model.run_eagerly
            and jax.default_backend() == "cpu")


def _updated(scope, variables, old_values) -> list:
    out = []
    for variable, old in zip(variables, old_values, strict=True):
        new = scope.get_update(variable)
        out.append(old if new is None else new)
    return out


def _state_variables(model, kind: str) -> tuple:
    trainable = list(model.trainable_variables)
    non_trainable = list(model.non_trainable_variables)
    metrics = list(model.metrics_variables) if model.compiled else []
    if kind == "train":
        optimizer = list(model.optimizer.variables)
        return trainable, non_trainable, optimizer, metrics
    if kind == "test":
        return trainable, non_trainable, metrics
    return trainable, non_trainable


def train_step(model, state, data):
    """The default `Model.train_step(state, data)` on jax: returns
    `(logs, new_state)`."""
    trainable, non_trainable, optimizer_values, metric_values = state
    tv, ntv, ov, mv = model._jax_state_variables
    x, y, sample_weight = unpack_x_y_sample_weight(data)

    def loss_fn(trainable_values):
        mapping = [*zip(tv, trainable_values), *zip(ntv, non_trainable),
                   *zip(mv, metric_values)]
        with StatelessScope(mapping, collect_losses=True) as scope:
            y_pred = model(x, training=True)
            loss = model.compute_loss(x=x, y=y, y_pred=y_pred,
                                      sample_weight=sample_weight,
                                      training=True)
        aux = (loss, y_pred, _updated(scope, ntv, non_trainable),
               _updated(scope, mv, metric_values))
        return model.optimizer.scale_loss(loss), aux

    if tv:
        (_, aux), grads = jax.value_and_grad(loss_fn, has_aux=True)(
            list(trainable))
        loss, y_pred, non_trainable, metric_values = aux
        with StatelessScope([*zip(tv, trainable),
                             *zip(ov, optimizer_values)]) as scope:
            model.optimizer.apply(grads, tv)
        trainable = _updated(scope, tv, trainable)
        optimizer_values = _updated(scope, ov, optimizer_values)
    else:
        _, (loss, y_pred, non_trainable, metric_values) = loss_fn([])
    with StatelessScope(list(zip(mv, metric_values))) as scope:
        model._track_loss(loss, x)
        logs = model.compute_metrics(x, y, y_pred, sample_weight)
    metric_values = _updated(scope, mv, metric_values)
    return logs, (trainable, non_trainable, optimizer_values, metric_values)


def test_step(model, state, data):
    """The default `Model.test_step(state, data)` on jax: returns
    `(logs, new_state)`."""
    trainable, non_trainable, metric_values = state
    tv, ntv, mv = model._jax_state_variables
    x, y, sample_weight = unpack_x_y_sample_weight(data)
    mapping = [*zip(tv, trainable), *zip(ntv, non_trainable),
               *zip(mv, metric_values)]
    with StatelessScope(mapping, collect_losses=True) as scope:
        y_pred = model(x, training=False)
        loss = model.compute_loss(x=x, y=y, y_pred=y_pred,
                                  sample_weight=sample_weight,
                                  training=False)
        model._track_loss(loss, x)
        logs = model.compute_metrics(x, y, y_pred, sample_weight)
    non_trainable = _updated(scope, ntv, non_trainable)
    metric_values = _updated(scope, mv, metric_values)
    return logs, (trainable, non_trainable, metric_values)


def predict_step(model, state, data):
    """The default `Model.predict_step(state, data)` on jax: returns
    `(outputs, state)`."""
    trainable, non_trainable = state
    tv, ntv = model._jax_state_variables
    x, _, _ = unpack_x_y_sample_weight(data)
    with StatelessScope([*zip(tv, trainable), *zip(ntv, non_trainable)]):
        outputs = model(x, training=False)
    return outputs, state


def make_function(model, kind: str):
    """A function that runs `model.<kind>_step` over a group of batches,
    compiled with `jax.jit` unless the model runs eagerly."""
    variables = _state_variables(model, kind)
    step = getattr(model, f"{kind}_step")
    # The state crosses the call as one flat list (one read and one write
    # per variable); the steps see Keras's tuple of lists.
    flat = [v for vs in variables for v in vs]
    bounds = [0]
    for vs in variables:
        bounds.append(bounds[-1] + len(vs))
    parts = list(zip(bounds[:-1], bounds[1:]))

    def group(values, batches):
        # The step reads the variable lists from the model while tracing.
        model._jax_state_variables = variables
        state = tuple(values[a:b] for a, b in parts)
        outputs = []
        result = None
        for data in batches:
            result, state = step(state, data)
            outputs.append(result)
        if kind == "predict":
            # The state is not written back after predict: returning it
            # would make XLA copy every weight on each call.
            return outputs, None
        return result, [value for values in state for value in values]

    jitted = model.jit_compile and not model.run_eagerly
    if jitted:
        # Predict's state is read, not replaced: nothing to donate.
        group = jax.jit(group, donate_argnums=() if kind == "predict"
                        else (0,))

    def function(batches):
        batches = [pack_x_y_sample_weight(*b) for b in batches]
        if not jitted:  # NumPy batches (`takes_host_batches`) meet eager ops
            batches = jax.tree_util.tree_map(_device, batches)
        result, values = group([v.value for v in flat], batches)
        if kind == "predict":
            return [jax.tree_util.tree_map(_host, out) for out in result]
        for v, value in zip(flat, values, strict=True):
            v._write(value)
        return result

    function.key = _key(variables)
    return function


def direct_predict(model, x):
    """`predict` on the one batch `x`: the default predict step's outputs
    as NumPy from the model's cache of compiled direct calls
    (`call_cache.py`: the same forward pass, with no predict-function
    bookkeeping per call), or None when there is no cache, the model runs
    eagerly or the cache declines the call."""
    cache = model._call_cache
    if cache is None or not model.jit_compile or model.run_eagerly:
        return None
    outputs = cache((x,), {"training": False}, warmup=False)
    if outputs is None:
        return None
    return jax.tree_util.tree_map(_host, outputs)


def state_key(model, kind: str) -> tuple:
    """What a compiled function's `key` must equal to still fit `model`."""
    return _key(_state_variables(model, kind))


def _device(x):
    return convert_to_tensor(x) if isinstance(x, np.ndarray) else x


def _host(x):
    return np.asarray(x)


def _key(variables) -> tuple:
    return tuple(len(vs) for vs in variables) + tuple(
        id(v) for v in variables[0])


def output_placeholders(model, x):
    """Zero arrays shaped like `model`'s outputs for the batch `x`, found
    by `jax.eval_shape` (an abstract trace: nothing compiles or runs), or
    None when the model cannot be traced that way."""
    variables = [*model.trainable_variables, *model.non_trainable_variables]

    def forward(values, x):
        mapping = list(zip(variables, values))
        with StatelessScope(mapping, collect_losses=True):
            return model(x, training=False)

    try:
        spec = jax.eval_shape(forward, [v.value for v in variables], x)
    except Exception:  # noqa: BLE001 - the eager build reports real errors
        return None
    return jax.tree_util.tree_map(
        lambda s: np.zeros(s.shape, s.dtype), spec)
