"""Engine-native fast paths for composite ops: op name -> function with the
composite's exact signature. Each is checked against the composite in
`tests/ops/test_nn.py` (the composite in `cornu/ops` stays the oracle)."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from cornu.backend.torch.core import tensor, to_float


def _float_fn(fn):
    def op(x):
        return fn(to_float(tensor(x)))

    op.__name__ = fn.__name__
    return op


def _float_only(name, fn):
    """`fn` on float inputs; integer inputs keep their dtype through the
    composite (relu6 and hard_tanh are defined on ints too)."""

    def op(x):
        x = tensor(x)
        if x.is_floating_point():
            return fn(x)
        return _composite(name)(x)

    op.__name__ = name
    return op


def relu(x):
    x = tensor(x)
    return torch.relu(x) if x.dtype is not torch.bool else x


def leaky_relu(x, negative_slope=0.2):
    return F.leaky_relu(to_float(tensor(x)), negative_slope)


def elu(x, alpha=1.0):
    return F.elu(to_float(tensor(x)), alpha)


def celu(x, alpha=1.0):
    return F.celu(to_float(tensor(x)), alpha)


def gelu(x, approximate=True):
    return F.gelu(to_float(tensor(x)),
                  approximate="tanh" if approximate else "none")


def _composite(name):
    from cornu.ops import nn

    return getattr(nn, name).composite


def softmax(x, axis=-1):
    if not isinstance(axis, int):
        return _composite("softmax")(x, axis)
    return torch.softmax(to_float(tensor(x)), dim=axis)


def log_softmax(x, axis=-1):
    if not isinstance(axis, int):
        return _composite("log_softmax")(x, axis)
    return torch.log_softmax(to_float(tensor(x)), dim=axis)


def logsumexp(x, axis=None, keepdims=False):
    x = to_float(tensor(x))
    if axis is None:
        out = torch.logsumexp(x.reshape(-1), dim=0)
        return out.reshape((1,) * x.ndim) if keepdims else out
    dims = (axis,) if isinstance(axis, int) else tuple(axis)
    return torch.logsumexp(x, dim=dims, keepdim=keepdims)


fused: dict = {
    "relu": relu,
    "relu6": _float_only("relu6", F.relu6),
    "sigmoid": _float_fn(torch.sigmoid),
    "softplus": _float_fn(F.softplus),
    "softsign": _float_fn(F.softsign),
    "silu": _float_fn(F.silu),
    "log_sigmoid": _float_fn(F.logsigmoid),
    "hard_sigmoid": _float_fn(F.hardsigmoid),
    "hard_silu": _float_fn(F.hardswish),
    "hard_tanh": _float_only("hard_tanh", F.hardtanh),
    "selu": _float_fn(F.selu),
    "mish": _float_fn(F.mish),
    "leaky_relu": leaky_relu,
    "elu": elu,
    "celu": celu,
    "gelu": gelu,
    "softmax": softmax,
    "log_softmax": log_softmax,
    "logsumexp": logsumexp,
}
