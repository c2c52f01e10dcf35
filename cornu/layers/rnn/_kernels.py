"""Whole-sequence LSTM and GRU kernels with Keras's math and weight layout.

Each is written once over `cornu.ops` (the input projection for every
step in one matmul, then `ops.scan` over a fused recurrent step, which is
`lax.scan` on JAX). An engine may provide a native kernel under the same
name in its `rnn_kernels` table (torch: `torch.lstm`/`torch.gru` in
`backend/torch/rnn.py`); eager calls go there. These are not public ops
(Keras has no `ops.lstm`), so they sit outside the `fused` table of public
composites. The composite stays the oracle the native kernel is tested
against (`tests/layers/rnn/test_kernels.py`).

The kernels cover the default activations (`tanh`, `sigmoid`) and no
mask; the layers fall back to their cell loop otherwise.
"""

from __future__ import annotations

from cornu import ops
from cornu.backend import engine
from cornu.backend.common.symbolic import has_symbolic
from cornu.backend.common.variables import VariableBase

_NATIVE: dict = getattr(engine(), "rnn_kernels", {})


def _read(x):
    return x.value if isinstance(x, VariableBase) else x


def composite(fn):
    """`fn`, or on eager tensors the engine's native kernel of that name
    (with `Variable`s read); `op.composite` is `fn`."""
    fast = _NATIVE.get(fn.__name__)

    def op(*args):
        if fast is None or has_symbolic(args, {}):
            return fn(*args)
        return fast(*(_read(a) for a in args))

    op.__name__ = op.__qualname__ = fn.__name__
    op.__doc__ = fn.__doc__
    op.composite = fn
    return op


def _time_major(x, go_backwards):
    xs = ops.swapaxes(x, 0, 1)
    return ops.flip(xs, axis=0) if go_backwards else xs


@composite
def lstm(inputs, h, c, kernel, recurrent_kernel, bias=None,
         go_backwards=False):
    """Runs a Keras LSTM over `inputs` `(batch, time, features)`.

    Gates are packed `i, f, c, o` along the last axis of `kernel`
    `(features, 4 * units)`, `recurrent_kernel` `(units, 4 * units)` and
    `bias` `(4 * units,)`. Returns `(outputs, h, c)` with `outputs`
    `(batch, time, units)` in processing order.
    """
    z_x = ops.matmul(inputs, kernel)
    if bias is not None:
        z_x = ops.add(z_x, bias)

    def step(carry, z_t):
        h_prev, c_prev = carry
        z = ops.add(z_t, ops.matmul(h_prev, recurrent_kernel))
        z_i, z_f, z_c, z_o = ops.split(z, 4, axis=-1)
        c_new = ops.add(ops.multiply(ops.sigmoid(z_f), c_prev),
                        ops.multiply(ops.sigmoid(z_i), ops.tanh(z_c)))
        h_new = ops.multiply(ops.sigmoid(z_o), ops.tanh(c_new))
        return (h_new, c_new), h_new

    (h, c), ys = ops.scan(step, (h, c), _time_major(z_x, go_backwards))
    return ops.swapaxes(ys, 0, 1), h, c


@composite
def gru(inputs, h, kernel, recurrent_kernel, bias=None, go_backwards=False):
    """Runs a Keras GRU with `reset_after=True` over `inputs`.

    Gates are packed `z, r, h` along the last axis of `kernel`
    `(features, 3 * units)` and `recurrent_kernel` `(units, 3 * units)`;
    `bias` is `(2, 3 * units)` (input bias, recurrent bias). Returns
    `(outputs, h)`.
    """
    z_x = ops.matmul(inputs, kernel)
    b_rec = None
    if bias is not None:
        z_x = ops.add(z_x, bias[0])
        b_rec = bias[1]

    def step(h_prev, x_t):
        r_t = ops.matmul(h_prev, recurrent_kernel)
        if b_rec is not None:
            r_t = ops.add(r_t, b_rec)
        x_z, x_r, x_h = ops.split(x_t, 3, axis=-1)
        r_z, r_r, r_h = ops.split(r_t, 3, axis=-1)
        z = ops.sigmoid(ops.add(x_z, r_z))
        r = ops.sigmoid(ops.add(x_r, r_r))
        hh = ops.tanh(ops.add(x_h, ops.multiply(r, r_h)))
        h_new = ops.add(ops.multiply(z, h_prev),
                        ops.multiply(ops.subtract(1.0, z), hh))
        return h_new, h_new

    h, ys = ops.scan(step, h, _time_major(z_x, go_backwards))
    return ops.swapaxes(ys, 0, 1), h
