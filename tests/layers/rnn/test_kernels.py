"""The whole-sequence LSTM/GRU kernels: the engine's native kernel (torch's
`torch.lstm`/`torch.gru`, JAX's compiled scan) gives the composite's
numbers and gradients."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import ops
from cornu.layers.rnn import _kernels
from cornu.testing import gradients

RNG = np.random.default_rng(5)


def _arrays(*shapes):
    return [ops.convert_to_tensor(RNG.standard_normal(s).astype("float32"))
            for s in shapes]


def _lstm_args(use_bias):
    x, h, c, k, r, b = _arrays((2, 5, 4), (2, 3), (2, 3), (4, 12), (3, 12),
                               (12,))
    return [x, h, c, k, r, b if use_bias else None]


def _gru_args(use_bias):
    x, h, k, r, b = _arrays((2, 5, 4), (2, 3), (4, 9), (3, 9), (2, 9))
    return [x, h, k, r, b if use_bias else None]


CASES = [(name, bias, back) for name in ("lstm", "gru")
         for bias in (True, False) for back in (False, True)]


def _args(name, use_bias):
    return _lstm_args(use_bias) if name == "lstm" else _gru_args(use_bias)


@pytest.mark.parametrize(("name", "use_bias", "go_backwards"), CASES)
def test_native_matches_composite(name, use_bias, go_backwards):
    op = getattr(_kernels, name)
    args = _args(name, use_bias)
    fast = op(*args, go_backwards)
    plain = op.composite(*args, go_backwards)
    assert len(fast) == len(plain)
    for a, b in zip(fast, plain, strict=True):
        assert tuple(a.shape) == tuple(b.shape)
        np.testing.assert_allclose(ops.convert_to_numpy(a),
                                   ops.convert_to_numpy(b), rtol=1e-5,
                                   atol=1e-6)


@pytest.mark.trainable
@pytest.mark.parametrize("name", ["lstm", "gru"])
def test_native_gradients_match_composite(name):
    op = getattr(_kernels, name)
    args = _args(name, True)
    import cornu

    variables = [cornu.Variable(a) for a in args[1:]]

    def loss(fn):
        def f():
            outs = fn(args[0], *[v.value for v in variables], False)
            return ops.add(ops.sum(outs[0]), ops.sum(outs[-1]))
        return f

    fast = gradients(loss(op), variables)
    plain = gradients(loss(op.composite), variables)
    for a, b in zip(fast, plain, strict=True):
        np.testing.assert_allclose(ops.convert_to_numpy(a),
                                   ops.convert_to_numpy(b), rtol=1e-4,
                                   atol=1e-5)
