"""Native whole-sequence kernels for the composites in
`cornu/layers/rnn/_kernels.py`, as compiled `lax.scan`s over a fused step.

Each is `jax.jit`-compiled once per shape (the composite, traced afresh at
every eager call, recompiles its scan each time). Same names, signatures
and numbers as the composites; checked in
`tests/layers/rnn/test_kernels.py`.
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
from jax import lax


def _time_major(z, go_backwards):
    z = jnp.swapaxes(z, 0, 1)
    return jnp.flip(z, 0) if go_backwards else z


@partial(jax.jit, static_argnums=(6,))
def _lstm(inputs, h, c, kernel, recurrent_kernel, bias, go_backwards):
    z_x = inputs @ kernel
    if bias is not None:
        z_x = z_x + bias

    def step(carry, z_t):
        h, c = carry
        z_i, z_f, z_c, z_o = jnp.split(z_t + h @ recurrent_kernel, 4, -1)
        c = jax.nn.sigmoid(z_f) * c + jax.nn.sigmoid(z_i) * jnp.tanh(z_c)
        h = jax.nn.sigmoid(z_o) * jnp.tanh(c)
        return (h, c), h

    (h, c), ys = lax.scan(step, (h, c), _time_major(z_x, go_backwards))
    return jnp.swapaxes(ys, 0, 1), h, c


@partial(jax.jit, static_argnums=(5,))
def _gru(inputs, h, kernel, recurrent_kernel, bias, go_backwards):
    z_x = inputs @ kernel
    if bias is not None:
        z_x = z_x + bias[0]

    def step(h, x_t):
        inner = h @ recurrent_kernel
        if bias is not None:
            inner = inner + bias[1]
        x_z, x_r, x_h = jnp.split(x_t, 3, -1)
        r_z, r_r, r_h = jnp.split(inner, 3, -1)
        z = jax.nn.sigmoid(x_z + r_z)
        r = jax.nn.sigmoid(x_r + r_r)
        hh = jnp.tanh(x_h + r * r_h)
        h = z * h + (1.0 - z) * hh
        return h, h

    h, ys = lax.scan(step, h, _time_major(z_x, go_backwards))
    return jnp.swapaxes(ys, 0, 1), h


def lstm(inputs, h, c, kernel, recurrent_kernel, bias=None,
         go_backwards=False):
    return _lstm(inputs, h, c, kernel, recurrent_kernel, bias,
                 bool(go_backwards))


def gru(inputs, h, kernel, recurrent_kernel, bias=None, go_backwards=False):
    return _gru(inputs, h, kernel, recurrent_kernel, bias, bool(go_backwards))


# Looked up by `cornu/layers/rnn/_kernels.py`.
rnn_kernels: dict = {"lstm": lstm, "gru": gru}
