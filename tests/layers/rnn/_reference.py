"""NumPy references for the recurrent layers: Keras's math, written out
step by step, and the Keras 3 oracle for layers that wrap other layers."""

from __future__ import annotations

import numpy as np

from tests._oracle import import_keras
from tests.layers._keras_layers import _quiet_keras


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def simple_rnn_step(x, states, w):
    kernel, recurrent, *bias = w
    z = x @ kernel + states[0] @ recurrent
    if bias:
        z = z + bias[0]
    h = np.tanh(z)
    return h, [h]


def lstm_step(x, states, w):
    kernel, recurrent, *bias = w
    h, c = states
    z = x @ kernel + h @ recurrent
    if bias:
        z = z + bias[0]
    i, f, g, o = np.split(z, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, [h, c]


def gru_step(x, states, w, reset_after=True):
    kernel, recurrent, *bias = w
    h = states[0]
    units = h.shape[-1]
    xz = x @ kernel
    if bias and reset_after:
        xz = xz + bias[0][0]
    elif bias:
        xz = xz + bias[0]
    x_z, x_r, x_h = np.split(xz, 3, axis=-1)
    if reset_after:
        inner = h @ recurrent + (bias[0][1] if bias else 0.0)
        r_z, r_r, r_h = np.split(inner, 3, axis=-1)
        z, r = sigmoid(x_z + r_z), sigmoid(x_r + r_r)
        hh = np.tanh(x_h + r * r_h)
    else:
        r_z, r_r = np.split(h @ recurrent[:, :2 * units], 2, axis=-1)
        z, r = sigmoid(x_z + r_z), sigmoid(x_r + r_r)
        hh = np.tanh(x_h + (r * h) @ recurrent[:, 2 * units:])
    h = z * h + (1 - z) * hh
    return h, [h]


def run(step, x, weights, n_states, units, return_sequences=False,
        go_backwards=False, mask=None):
    """Runs `step` over `x` `(batch, time, features)` from zero states."""
    x = np.asarray(x, dtype="float64")
    weights = [np.asarray(w, dtype="float64") for w in weights]
    batch, time = x.shape[:2]
    states = [np.zeros((batch, units)) for _ in range(n_states)]
    order = range(time - 1, -1, -1) if go_backwards else range(time)
    prev = np.zeros((batch, units))
    outputs = []
    for t in order:
        out, new = step(x[:, t], states, weights)
        if mask is not None:
            m = mask[:, t][:, None]
            new = [np.where(m, n, s) for n, s in zip(new, states)]
            out = np.where(m, out, prev)
        states, prev = new, out
        outputs.append(out)
    outputs = np.stack(outputs, axis=1)
    return outputs if return_sequences else prev


def keras_wrapped(build, input_shape, weights=None):
    """A Keras 3 layer from `build(keras)`, built for `input_shape` and
    holding `weights`."""
    keras = import_keras()
    with _quiet_keras():
        layer = build(keras)
        layer.build(tuple(input_shape))
        if weights is not None:
            layer.set_weights([np.asarray(w) for w in weights])
    return layer


def keras_call(layer, x, **kwargs):
    """The Keras layer's output(s) for NumPy `x`, as NumPy."""
    keras = import_keras()
    with _quiet_keras():
        out = layer(keras.ops.convert_to_tensor(x), **kwargs)
        return _to_numpy(keras, out)


def _to_numpy(keras, out):
    if isinstance(out, (list, tuple)):
        return [_to_numpy(keras, o) for o in out]
    return np.asarray(keras.ops.convert_to_numpy(out))
