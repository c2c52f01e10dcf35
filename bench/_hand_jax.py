"""Hand-written JAX baselines: pure functions over a parameter dict, one
`jax.jit` training step with donated state, and Adam written in
`jax.numpy` with Keras's update rule (no optax).

The models end in logits and train with losses on logits (`log_softmax`,
`log_sigmoid`); the loss and accuracy sums stay on the device inside the
jitted state and are read once per epoch. Batches are NumPy slices of a
shuffled index, as a JAX user feeding NumPy data would write it.
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np
from _workloads import (
    EPSILON,
    LEARNING_RATE,
    MLP_WIDTHS,
    TRAINING,
    VOCABULARY,
)

_DIMENSION_NUMBERS = ("NHWC", "HWIO", "NHWC")


def _glorot(rng, shape, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, shape).astype(np.float32)


def _dense(rng, n_in, n_out):
    return {"w": _glorot(rng, (n_in, n_out), n_in, n_out),
            "b": np.zeros((n_out,), np.float32)}


def _conv(rng, n_in, n_out):
    shape = (3, 3, n_in, n_out)
    return {"w": _glorot(rng, shape, 9 * n_in, 9 * n_out),
            "b": np.zeros((n_out,), np.float32)}


def init_params(workload: str, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    if workload in MLP_WIDTHS:
        inputs, hidden = MLP_WIDTHS[workload]
        params = {"fc1": _dense(rng, inputs, hidden),
                  "fc2": _dense(rng, hidden, hidden),
                  "fc3": _dense(rng, hidden, 10)}
    elif workload == "W2":
        params = {"conv1": _conv(rng, 3, 32), "conv2": _conv(rng, 32, 32),
                  "conv3": _conv(rng, 32, 64),
                  "fc1": _dense(rng, 6 * 6 * 64, 128),
                  "fc2": _dense(rng, 128, 10)}
    else:
        bias = np.zeros((256,), np.float32)
        bias[64:128] = 1.0  # forget-gate bias, as Keras's unit_forget_bias
        params = {"embed": rng.uniform(-0.05, 0.05, (VOCABULARY, 128))
                  .astype(np.float32),
                  "lstm": {"w": _glorot(rng, (128, 256), 128, 256),
                           "u": _glorot(rng, (64, 256), 64, 256), "b": bias},
                  "fc": _dense(rng, 64, 1)}
    return jax.tree_util.tree_map(jnp.asarray, params)


def _linear(p, x):
    return x @ p["w"] + p["b"]


def _conv_relu(p, x):
    y = jax.lax.conv_general_dilated(x, p["w"], (1, 1), "VALID",
                                     dimension_numbers=_DIMENSION_NUMBERS)
    return jax.nn.relu(y + p["b"])


def _max_pool(x):
    return jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, (1, 2, 2, 1),
                                 (1, 2, 2, 1), "VALID")


def _lstm_last(p, x):
    """Last hidden state of an LSTM (gates i, f, c, o) over `x`'s time axis."""
    inputs = jnp.swapaxes(x @ p["w"] + p["b"], 0, 1)
    zeros = jnp.zeros((x.shape[0], 64), x.dtype)

    def cell(carry, z):
        h, c = carry
        z = z + h @ p["u"]
        i, f, g, o = jnp.split(z, 4, axis=-1)
        c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
        h = jax.nn.sigmoid(o) * jnp.tanh(c)
        return (h, c), None

    (h, _), _ = jax.lax.scan(cell, (zeros, zeros), inputs)
    return h


def forward(workload, params, x, key=None):
    """Logits; `key` switches the MLP's dropout on (training)."""
    if workload in MLP_WIDTHS:
        h = jax.nn.relu(_linear(params["fc1"], x))
        if key is not None:
            keep = jax.random.bernoulli(key, 0.8, h.shape)
            h = jnp.where(keep, h / 0.8, 0.0)
        return _linear(params["fc3"], jax.nn.relu(_linear(params["fc2"], h)))
    if workload == "W2":
        h = _conv_relu(params["conv2"], _conv_relu(params["conv1"], x))
        h = _max_pool(_conv_relu(params["conv3"], _max_pool(h)))
        h = jax.nn.relu(_linear(params["fc1"], h.reshape(h.shape[0], -1)))
        return _linear(params["fc2"], h)
    h = _lstm_last(params["lstm"], params["embed"][x])
    return _linear(params["fc"], h)


def _loss_and_hits(workload, logits, y):
    if workload == "W3":
        loss = -jnp.mean(y * jax.nn.log_sigmoid(logits)
                         + (1 - y) * jax.nn.log_sigmoid(-logits))
        hits = jnp.sum((logits > 0).astype(y.dtype) == y)
    else:
        log_p = jax.nn.log_softmax(logits)
        loss = -jnp.mean(jnp.take_along_axis(log_p, y[:, None], 1))
        hits = jnp.sum(jnp.argmax(logits, 1) == y)
    return loss, hits


def _adam(params, grads, m, v, step):
    """Keras's Adam: moments by interpolation, bias correction folded
    into the step size, epsilon outside the square root."""
    step = step + 1
    t = step.astype(jnp.float32)
    alpha = LEARNING_RATE * jnp.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
    m = jax.tree_util.tree_map(lambda m, g: m + (g - m) * 0.1, m, grads)
    v = jax.tree_util.tree_map(lambda v, g: v + (g * g - v) * 0.001, v, grads)
    params = jax.tree_util.tree_map(
        lambda p, m, v: p - alpha * m / (jnp.sqrt(v) + EPSILON), params, m, v)
    return params, m, v, step


@functools.partial(jax.jit, static_argnums=0, donate_argnums=1)
def _train_step(workload, state, x, y):
    params, m, v, step, key, loss_sum, hits_sum = state
    key, dropout_key = jax.random.split(key)

    def loss_fn(params):
        logits = forward(workload, params, x, dropout_key)
        return _loss_and_hits(workload, logits, y)

    (loss, hits), grads = jax.value_and_grad(loss_fn, has_aux=True)(params)
    params, m, v, step = _adam(params, grads, m, v, step)
    return (params, m, v, step, key, loss_sum + loss,
            hits_sum + hits.astype(jnp.int32))


def initial_state(workload: str) -> tuple:
    """`_train_step`'s state: parameters, Adam moments and step, dropout
    key, loss and hit sums."""
    params = init_params(workload)
    zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
    return (params, zeros, jax.tree_util.tree_map(jnp.zeros_like, params),
            jnp.zeros((), jnp.int32), jax.random.key(0),
            jnp.zeros(()), jnp.zeros((), jnp.int32))


def labels(workload: str, y):
    """Class labels as int32 (jax's index type); W3's float targets as
    they are."""
    return y if workload == "W3" else y.astype(np.int32)


def training(workload: str, x, y, clock) -> dict:
    """Two shuffled epochs; first-epoch and epoch-2 seconds."""
    state = initial_state(workload)
    y = labels(workload, y)
    n, batch_size = len(x), TRAINING[workload][2]
    rng = np.random.default_rng(0)
    times = []
    for _ in range(2):
        start = clock()
        state = state[:5] + (jnp.zeros(()), jnp.zeros((), jnp.int32))
        order = rng.permutation(n)
        for i in range(0, n, batch_size):
            index = order[i:i + batch_size]
            state = _train_step(workload, state, x[index], y[index])
        loss = float(state[5]) / -(-n // batch_size)
        accuracy = int(state[6]) / n
        times.append(clock() - start)
    return {"first_epoch_s": times[0], "epoch2_s": times[1], "loss": loss,
            "accuracy": accuracy}


def inference(x, x1, calls: int, batch_reps: int, clock) -> dict:
    """W4 on the MLP: `predict` = the jitted forward from a NumPy sample to
    a NumPy result; `call` = the jitted forward, waited for."""
    params = init_params("W1")
    apply = jax.jit(functools.partial(forward, "W1"))

    def predict(batch):
        return np.asarray(apply(params, batch))

    for _ in range(10):
        predict(x1)
    predict(x[:1000])
    predict_times, call_times, batch_times = [], [], []
    for _ in range(calls):
        t = clock()
        predict(x1)
        predict_times.append(clock() - t)
    for _ in range(calls):
        t = clock()
        apply(params, x1).block_until_ready()
        call_times.append(clock() - t)
    for _ in range(batch_reps):
        t = clock()
        np.concatenate([predict(x[i:i + 1000]) for i in range(0, len(x), 1000)])
        batch_times.append(clock() - t)
    return {"predict": predict_times, "call": call_times, "batch": batch_times}
