"""Conformance of the neural-network composites in `cornu.ops` (`ops/nn.py`):
activations, softmax, encodings, normalization and the convolution and
pooling front ends. Each has a NumPy reference, a symbolic-shape check and
Keras 3 as oracle."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest

import cornu.backend
import cornu.ops as ops
import cornu.ops.nn as nn_ops
from cornu.backend import SymbolicTensor
from tests._opcase import (
    Inputs,
    assert_close,
    call_eager,
    case,
    check_oracle,
    check_symbolic,
    check_values,
    has_symbolic,
    ids,
    to_numpy,
    to_symbolic,
)
from tests._reference import conv_ref, conv_transpose_ref, erf_ref, pool_ref

R = Inputs(22)
f32, i32 = R.f32, R.i32

# Activation inputs: both signs, exact zero, the kinks at +-1, +-3, 6 and
# values large enough to overflow a naive exp.
A = np.array([[-30.0, -6.5, -3.0, -1.0, -0.5, 0.0],
              [0.25, 0.5, 1.0, 3.0, 6.5, 30.0]], np.float32)
# (A2 has A's shape: on jax the second case reuses the compiled ops)
A2 = f32(2, 6, lo=-5.0, hi=5.0)
_I = np.array([[-8, -2, 0], [1, 5, 9]], np.int32)
_NO_INT_TORCH = {"torch": "integer inputs are not implemented"}


_EPS = 1e-7


def _bce(target, output, from_logits=False):
    t, x = np.float64(target), np.float64(output)
    if from_logits:
        return t * np.logaddexp(0.0, -x) + (1 - t) * np.logaddexp(0.0, x)
    # (the clip bounds as float32 holds them: 1 - eps rounds to 1 - 2^-23)
    p = np.clip(x, np.float32(_EPS), np.float32(1 - _EPS))
    return -(t * np.log(p) + (1 - t) * np.log(1 - p))


def _log_probs(output, from_logits, axis):
    x = np.float64(output)
    if from_logits:
        x = x - x.max(axis=axis, keepdims=True)
        return x - np.log(np.exp(x).sum(axis=axis, keepdims=True))
    x = x / x.sum(axis=axis, keepdims=True)
    return np.log(np.clip(x, np.float32(_EPS), np.float32(1 - _EPS)))


def _cce(target, output, from_logits=False, axis=-1):
    return -(np.float64(target) * _log_probs(output, from_logits, axis)).sum(
        axis=axis)


def _scce(target, output, from_logits=False, axis=-1):
    target = np.asarray(target)
    if target.ndim == np.ndim(output) and target.shape[-1] == 1:
        target = target[..., 0]
    n = np.shape(output)[axis]
    labels = target.astype(np.int64)
    encoded = np.moveaxis(np.eye(n)[np.clip(labels, 0, n - 1)]
                          * ((labels >= 0) & (labels < n))[..., None],
                          -1, axis)
    return -(encoded * _log_probs(output, from_logits, axis)).sum(axis=axis)


_PROBS = R.f32(4, 5, lo=0.0, hi=1.0)
_PROBS[0, 1] = 0.0  # clipped to eps
_LABELS = np.array([1, 0, 4, 2], np.int32)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, np.float64)))


def _softplus(x):
    return np.logaddexp(0.0, np.asarray(x, np.float64))


def _elu(x, alpha=1.0):
    x = np.asarray(x, np.float64)
    return np.where(x > 0, x, alpha * np.expm1(x))


def _gelu(x, approximate=True):
    x = np.asarray(x, np.float64)
    if approximate:
        c = math.sqrt(2.0 / math.pi)
        return 0.5 * x * (1.0 + np.tanh(c * (x + 0.044715 * x**3)))
    return 0.5 * x * (1.0 + erf_ref(x / math.sqrt(2.0)))


def _hard_sigmoid(x):
    return np.clip(x / 6.0 + 0.5, 0.0, 1.0)


def _softmax(x, axis=-1):
    x = np.asarray(x, np.float64)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _log_softmax(x, axis=-1):
    x = np.asarray(x, np.float64)
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


def _sparsemax(x, axis=-1):
    x = np.moveaxis(np.asarray(x, np.float64), axis, -1)
    z = -np.sort(-x, axis=-1)
    k = np.arange(1, x.shape[-1] + 1)
    cssv = np.cumsum(z, axis=-1)
    support = 1 + k * z > cssv
    k_z = support.sum(axis=-1, keepdims=True)
    tau = (np.take_along_axis(cssv, k_z - 1, axis=-1) - 1) / k_z
    return np.moveaxis(np.maximum(x - tau, 0.0), -1, axis)


def _sums_to_one(out, axis):
    np.testing.assert_allclose(out.sum(axis=axis), 1.0, rtol=1e-5)
    assert (out >= 0).all()


def _one_hot(x, num_classes, axis=-1, dtype=None):
    out = (np.asarray(x)[..., None] == np.arange(num_classes)).astype(
        np.float32)
    return np.moveaxis(out, -1, axis)


def _multi_hot(x, num_classes, axis=-1, dtype=None):
    encoded = _one_hot(x, num_classes)
    out = encoded.max(axis=-2 if np.ndim(x) > 1 else 0)
    return np.moveaxis(out, -1, axis)


def _moments(x, axes, keepdims=False):
    x64 = np.asarray(x, np.float64)
    axes = tuple(axes)
    return (x64.mean(axis=axes, keepdims=keepdims),
            x64.var(axis=axes, keepdims=keepdims))


def _batch_norm(x, mean, variance, axis, offset=None, scale=None,
                epsilon=1e-3):
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]

    def b(v):
        return np.reshape(v, shape)

    out = (x - b(mean)) / np.sqrt(b(variance) + epsilon)
    if scale is not None:
        out = out * b(scale)
    if offset is not None:
        out = out + b(offset)
    return out


def _normalize(x, axis=-1, order=2, epsilon=None):
    n = np.linalg.norm(np.asarray(x, np.float64), ord=order, axis=axis,
                       keepdims=True)
    return x / np.maximum(n, 1e-7 if epsilon is None else epsilon)


def _depthwise(x, kernel, strides=1, padding="valid", data_format=None,
               dilation_rate=1):
    merged = kernel.reshape(kernel.shape[:-2] + (1, -1))
    return conv_ref(x, merged, strides, padding, data_format, dilation_rate)


def _separable(x, dk, pk, strides=1, padding="valid", data_format=None,
               dilation_rate=1):
    y = _depthwise(x, dk, strides, padding, data_format, dilation_rate)
    return conv_ref(y, pk, 1, "valid", data_format)


def _lower(padding):
    return padding.lower()


def _act(op, ref, **kwargs):
    return [case(op, A, ref=ref, id="edges", **kwargs),
            case(op, A2, ref=ref, id="random", **kwargs)]


def _attention(q, k, v, mask=None, is_causal=False):
    q, k, v = (np.swapaxes(np.asarray(t, np.float64), 1, 2)
               for t in (q, k, v))
    logits = q @ np.swapaxes(k, -1, -2) / math.sqrt(q.shape[-1])
    keep = np.ones(logits.shape, bool)
    if mask is not None:
        keep &= mask
    if is_causal:
        keep &= np.tril(np.ones(logits.shape[-2:], bool))
    e = np.exp(np.where(keep, logits, -np.inf)
               - np.where(keep, logits, -np.inf).max(-1, keepdims=True))
    return np.swapaxes((e / e.sum(-1, keepdims=True)) @ v, 1, 2)


CL, CF = "channels_last", "channels_first"
_labels = np.array([0, 2, 1, -1, 3], np.int32)
_mean, _var = f32(4), f32(4, lo=0.2, hi=2.0)
_off, _scale = f32(4), f32(4)

CASES = [
    *_act("relu", lambda x: np.maximum(x, 0)),
    case("relu", i32(3, 4), ref=lambda x: np.maximum(x, 0), id="i32",
         out_dtype="int32"),
    *_act("relu6", lambda x: np.clip(x, 0, 6)),
    case("relu6", _I, ref=lambda x: np.clip(x, 0, 6), id="i32",
         out_dtype="int32"),
    *_act("sigmoid", _sigmoid),
    *_act("softplus", _softplus),
    *_act("softsign", lambda x: x / (1 + np.abs(x))),
    *_act("silu", lambda x: x * _sigmoid(x), tol=(1e-5, 1e-5)),
    *_act("swish", lambda x: x * _sigmoid(x), tol=(1e-5, 1e-5)),
    *_act("log_sigmoid", lambda x: -_softplus(-x)),
    *_act("leaky_relu", lambda x: np.where(x >= 0, x, 0.2 * x)),
    case("leaky_relu", A, negative_slope=0.1, id="slope",
         ref=lambda x, negative_slope: np.where(x >= 0, x, 0.1 * x)),
    *_act("hard_sigmoid", _hard_sigmoid),
    *_act("hard_silu", lambda x: x * _hard_sigmoid(x)),
    *_act("hard_swish", lambda x: x * _hard_sigmoid(x)),
    *_act("elu", _elu),
    case("elu", _I, ref=_elu, id="i32", out_dtype="float32",
         oracle=_NO_INT_TORCH),
    case("elu", A, alpha=0.5, ref=_elu, id="alpha"),
    *_act("selu", lambda x: 1.0507009873554805 * _elu(x, 1.6732632423543772),
          tol=(1e-5, 1e-5)),
    *_act("gelu", _gelu, tol=(1e-5, 1e-5)),
    case("gelu", A2, approximate=False, ref=_gelu, id="exact",
         tol=(1e-5, 1e-5)),
    *_act("celu", lambda x: np.maximum(x, 0) + np.minimum(0, np.expm1(x))),
    case("celu", A, alpha=2.0, id="alpha", ref=lambda x, alpha: np.maximum(
        x, 0) + np.minimum(0, alpha * np.expm1(x / alpha))),
    case("glu", f32(3, 6), id="last",
         ref=lambda x: x[:, :3] * _sigmoid(x[:, 3:])),
    case("glu", f32(4, 3), axis=0, id="axis0",
         ref=lambda x, axis: x[:2] * _sigmoid(x[2:])),
    *_act("hard_tanh", lambda x: np.clip(x, -1, 1)),
    case("hard_tanh", _I, ref=lambda x: np.clip(x, -1, 1), id="i32",
         out_dtype="int32"),
    *_act("hard_shrink", lambda x: np.where(np.abs(x) > 0.5, x, 0)),
    case("hard_shrink", A2, threshold=1.0, id="threshold",
         ref=lambda x, threshold: np.where(np.abs(x) > 1.0, x, 0)),
    *_act("soft_shrink",
          lambda x: np.sign(x) * np.maximum(np.abs(x) - 0.5, 0)),
    *_act("tanh_shrink", lambda x: x - np.tanh(np.float64(x)),
          tol=(1e-5, 1e-6)),
    case("threshold", A, 0.5, -1.0, id="edges",
         ref=lambda x, t, v: np.where(x > t, x, v)),
    *_act("squareplus", lambda x: (x + np.sqrt(np.float64(x) ** 2 + 4)) / 2),
    case("squareplus", A2, b=1, id="b1",
         ref=lambda x, b: (x + np.sqrt(np.float64(x) ** 2 + b)) / 2),
    *_act("sparse_plus", lambda x: np.where(
        x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4))),
    # Keras 3.15's sparsemax is wrong (its rows do not sum to 1), so no
    # oracle; `_sums_to_one` checks the defining property.
    case("sparsemax", f32(3, 5), ref=_sparsemax, id="last", oracle=False,
         check=lambda out, x: _sums_to_one(out, -1)),
    case("sparsemax", f32(4, 3) * 3, axis=0, ref=_sparsemax, id="axis0",
         oracle=False, check=lambda out, x, axis: _sums_to_one(out, 0)),
    *_act("mish", lambda x: x * np.tanh(_softplus(x)), oracle=False,
          tol=(1e-5, 1e-6)),
    case("softmax", A2, ref=_softmax, id="last"),
    case("softmax", _I, ref=_softmax, id="i32", out_dtype="float32",
         oracle=_NO_INT_TORCH),
    case("softmax", A2, axis=0, ref=_softmax, id="axis0"),
    case("softmax", A, ref=_softmax, id="large"),
    case("softmax", f32(2, 3, 4), axis=(1, 2), ref=_softmax,
         id="axis-tuple"),
    case("log_softmax", A2, ref=_log_softmax, id="last", tol=(1e-5, 1e-5)),
    case("log_softmax", A2, axis=0, ref=_log_softmax, id="axis0",
         tol=(1e-5, 1e-5)),
    case("log_softmax", A * 40, ref=_log_softmax, id="large",
         tol=(1e-5, 1e-4)),
    case("one_hot", _labels, 3, ref=_one_hot, id="out-of-range-zeros",
         out_dtype="float32",
         oracle={"torch": "out-of-range labels raise",
                 "numpy": "out-of-range labels raise"}),
    case("one_hot", np.array([2, 0, 1], np.int32), 3, ref=_one_hot,
         id="in-range"),
    case("one_hot", _labels, 4, axis=0, ref=_one_hot, id="axis0"),
    case("one_hot", i32(2, 3, lo=0, hi=4), 4, dtype="int32", ref=_one_hot,
         id="2d-i32", out_dtype="int32"),
    case("multi_hot", np.array([[0, 2], [1, 1]], np.int32), 4,
         ref=_multi_hot, id="2d", out_dtype="float32"),
    case("multi_hot", np.array([0, 3], np.int32), 5, ref=_multi_hot,
         id="1d"),
    case("multi_hot", np.array([[0, 2], [3, 3]], np.int32), 4,
         dtype="int32", ref=_multi_hot, id="i32", out_dtype="int32"),
    case("moments", f32(3, 4, 5), [0], ref=_moments, id="axis0",
         tol=(1e-5, 1e-5)),
    case("moments", f32(3, 4, 5), [0, 2], keepdims=True, ref=_moments,
         id="axes-keepdims", tol=(1e-5, 1e-5)),
    case("moments", f32(64, 3).astype(np.float16), [0], ref=_moments,
         id="float16", out_dtype="float16", tol=(2e-3, 2e-3), oracle=False),
    case("batch_normalization", f32(3, 4), _mean, _var, -1, _off, _scale,
         ref=_batch_norm, id="last", tol=(1e-5, 1e-5)),
    case("batch_normalization", f32(2, 4, 3), _mean, _var, 1,
         epsilon=1e-5, ref=_batch_norm, id="axis1-no-affine",
         tol=(1e-5, 1e-5)),
    case("normalize", f32(3, 4), ref=_normalize, id="l2"),
    case("normalize", f32(3, 4), axis=0, order=1, ref=_normalize,
         id="l1-axis0"),
    case("normalize", np.zeros((2, 3), np.float32), ref=_normalize,
         id="zeros"),
    case("conv", f32(2, 7, 7, 3), f32(3, 3, 3, 4), 2, "SAME",
         ref=lambda x, k, s, p: conv_ref(x, k, s, _lower(p)),
         id="2d-same-uppercase", tol=(1e-4, 1e-5)),
    case("conv", f32(2, 3, 9), f32(3, 3, 2), 1, "valid", CF, 2,
         ref=conv_ref, id="1d-cf-dilated", tol=(1e-4, 1e-5)),
    case("conv_transpose", f32(2, 4, 5, 3), f32(3, 3, 2, 3), 2, "same",
         ref=conv_transpose_ref, id="2d-same", tol=(1e-4, 1e-5)),
    case("conv_transpose", f32(2, 3, 5), f32(3, 2, 3), 2, "valid", 1, CF,
         ref=conv_transpose_ref, id="1d-cf-outpad", tol=(1e-4, 1e-5)),
    case("depthwise_conv", f32(2, 7, 7, 3), f32(3, 3, 3, 2),
         ref=_depthwise, id="2d-valid", tol=(1e-4, 1e-5)),
    case("depthwise_conv", f32(2, 7, 8, 3), f32(3, 3, 3, 2), 2, "same",
         ref=_depthwise, id="2d-same-s2", tol=(1e-4, 1e-5)),
    case("depthwise_conv", f32(2, 3, 6, 6), f32(3, 3, 3, 1), 1, "same",
         CF, ref=_depthwise, id="2d-cf", tol=(1e-4, 1e-5)),
    case("depthwise_conv", f32(2, 9, 3), f32(3, 3, 2), 1, "valid", CL, 2,
         ref=_depthwise, id="1d-dilated", tol=(1e-4, 1e-5)),
    case("separable_conv", f32(2, 7, 7, 3), f32(3, 3, 3, 2),
         f32(1, 1, 6, 4), 1, "same", ref=_separable, id="2d-same",
         tol=(1e-4, 1e-5)),
    case("separable_conv", f32(2, 3, 9), f32(3, 3, 1), f32(1, 3, 5), 2,
         "valid", CF, ref=_separable, id="1d-cf", tol=(1e-4, 1e-5)),
    case("max_pool", f32(2, 6, 6, 3), 2, ref=pool_ref, id="defaults",
         oracle={"jax": "strides=None fails", "numpy": "strides=None fails"}),
    case("max_pool", f32(2, 6, 6, 3), 2, 2, ref=pool_ref, id="strides"),
    case("max_pool", f32(2, 7, 3), 3, 2, "same", ref=pool_ref, id="same"),
    case("avg_pool", f32(2, 6, 6, 3), 2, oracle=False, id="defaults",
         ref=lambda *a: pool_ref(*a, kind="avg")),
    case("avg_pool", f32(2, 3, 7), 3, 2, "valid", CF, oracle=False,
         id="cf", ref=lambda *a: pool_ref(*a, kind="avg")),
    case("average_pool", f32(2, 5, 7, 3), 3, 2, "same", id="same",
         ref=lambda *a: pool_ref(*a, kind="avg")),
    case("binary_crossentropy", R.f32(3, 4, lo=0.0, hi=1.0),
         R.f32(3, 4, lo=0.0, hi=1.0), ref=_bce, id="probs"),
    case("binary_crossentropy", np.array([[1.0, 0.0, 1.0]], np.float32),
         np.array([[0.0, 1.0, 1e-9]], np.float32), ref=_bce, id="clipped"),
    case("binary_crossentropy", R.f32(3, 4, lo=0.0, hi=1.0),
         R.f32(3, 4, lo=-30.0, hi=30.0), True, ref=_bce, id="logits",
         oracle={"numpy": "Keras's numpy backend takes log(clip(sigmoid)), "
                          "losing large logits"}),
    case("categorical_crossentropy", np.eye(5, dtype=np.float32)[_LABELS],
         _PROBS, ref=_cce, id="probs", tol=(1e-5, 1e-5)),
    case("categorical_crossentropy", R.f32(2, 3, 4, lo=0.0, hi=1.0),
         R.f32(2, 3, 4), from_logits=True, axis=1, ref=_cce,
         id="soft-logits-axis1"),
    case("sparse_categorical_crossentropy", _LABELS, _PROBS, ref=_scce,
         id="probs", tol=(1e-5, 1e-5)),
    case("sparse_categorical_crossentropy", _LABELS[:, None],
         R.f32(4, 5, lo=-20.0, hi=20.0), True, ref=_scce,
         id="logits-squeezed"),
    case("sparse_categorical_crossentropy", np.array([[0, 2], [1, 3]],
                                                     np.int32),
         R.f32(2, 4, 2, lo=0.0, hi=1.0), axis=1, ref=_scce, id="axis1",
         oracle={b: "Keras's backend accepts only the last axis"
                 for b in ("jax", "numpy")}),
    case("sparse_categorical_crossentropy", np.array([1.0, 0.0], np.float32),
         R.f32(2, 3, lo=0.0, hi=1.0), ref=_scce, id="float-labels"),
    case("sparse_categorical_crossentropy", np.array([-1, 3, 1], np.int32),
         R.f32(3, 3, lo=0.0, hi=1.0), ref=_scce, id="out-of-range",
         oracle={b: "Keras's backend raises IndexError"
                 for b in ("torch", "numpy")}),
    # (More cases, the fused kernels and Keras: tests/ops/test_nn_attention.py)
    case("dot_product_attention", f32(2, 3, 2, 4), f32(2, 5, 2, 4),
         f32(2, 5, 2, 4), ref=_attention, id="plain", tol=(1e-5, 1e-5)),
    case("dot_product_attention", f32(2, 4, 2, 4), f32(2, 4, 2, 4),
         f32(2, 4, 2, 4), is_causal=True, ref=_attention, id="causal",
         tol=(1e-5, 1e-5)),
]

SYMBOLIC_CASES = [c for c in CASES if c.symbolic and has_symbolic(
    (to_symbolic(c.args), to_symbolic(c.kwargs)))]
ORACLE_CASES = [c for c in CASES if c.oracle]
FUSED_CASES = [c for c in CASES if c.op in cornu.backend.engine().fused]


def test_every_export_has_a_case():
    missing = sorted(set(nn_ops.__all__) - {c.op for c in CASES})
    assert not missing, f"ops/nn.py exports without a case: {missing}"


@pytest.mark.parametrize("c", CASES, ids=ids(CASES))
def test_op(c):
    check_values(c, call_eager(c))


@pytest.mark.parametrize("c", SYMBOLIC_CASES, ids=ids(SYMBOLIC_CASES))
def test_op_symbolic(c):
    check_symbolic(c)


@pytest.mark.oracle
@pytest.mark.parametrize("c", ORACLE_CASES, ids=ids(ORACLE_CASES))
def test_op_matches_keras(c):
    from tests._oracle import import_keras

    keras = import_keras()
    if (keras.backend.backend() == "torch" and c.op == "average_pool"
            and "same" in [a for a in c.args if isinstance(a, str)]):
        pytest.skip("Keras's torch backend places 'same' average-pooling "
                    "padding unlike TensorFlow, the reference here")
    check_oracle(c)


@pytest.mark.parametrize("c", FUSED_CASES, ids=ids(FUSED_CASES))
def test_fused_matches_composite(c):
    fast = call_eager(c)
    slow = call_eager(c, getattr(ops, c.op).composite)
    assert_close(to_numpy(fast), to_numpy(slow), 1e-5, 1e-6, repr(c))
    assert ops.dtype(fast) == ops.dtype(slow)


def test_activations_keep_half_precision():
    x = ops.convert_to_tensor(A.astype(np.float16))
    for name in ("relu", "sigmoid", "gelu", "softmax", "silu"):
        out = getattr(ops, name)(x)
        assert ops.dtype(out) == "float16", name
        np.testing.assert_allclose(
            to_numpy(out).astype(np.float32),
            to_numpy(getattr(ops, name)(ops.convert_to_tensor(A))),
            rtol=1e-2, atol=1e-2, err_msg=name)


def test_symbolic_batch_dimension_is_kept():
    x = SymbolicTensor((None, 8, 8, 3), "float32")
    k = SymbolicTensor((3, 3, 3, 2), "float32")
    assert ops.depthwise_conv(x, k, 2, "same").shape == (None, 4, 4, 6)
    assert ops.max_pool(x, 2).shape == (None, 4, 4, 3)
    mean, var = ops.moments(x, [0, 1, 2])
    assert mean.shape == (3,) and var.shape == (3,)
    assert ops.one_hot(SymbolicTensor((None,), "int32"), 5).shape == (None, 5)


@pytest.mark.parametrize("op", ["conv", "depthwise_conv"])
def test_conv_padding_error_names_the_argument(op):
    with pytest.raises(ValueError, match="padding"):
        getattr(ops, op)(f32(1, 5, 2), f32(3, 2, 1), padding="full")


@pytest.mark.parametrize("op", ["max_pool", "avg_pool"])
def test_pool_errors_name_the_argument(op):
    with pytest.raises(ValueError, match="padding"):
        getattr(ops, op)(f32(1, 5, 2), 2, padding="causal")
    with pytest.raises(ValueError, match="data_format"):
        getattr(ops, op)(f32(1, 5, 2), 2, data_format="channels_middle")


@pytest.mark.skipif(cornu.backend.backend() != "torch",
                    reason="torch's fused crossentropy kernels")
@pytest.mark.parametrize("from_logits", [False, True])
@pytest.mark.parametrize("name", ["sparse_categorical_crossentropy",
                                  "binary_crossentropy"])
def test_fused_crossentropy_gradients_match_composite(name, from_logits):
    import torch

    op = getattr(ops, name)
    if name == "binary_crossentropy":
        target = torch.from_numpy(R.f32(4, 5, lo=0.0, hi=1.0))
    else:  # one label out of range: no gradient reaches its row
        target = torch.tensor([1, 0, 7, 2])
    grads = []
    for fn in (op, op.composite):
        if from_logits:
            output = torch.linspace(-3.0, 3.0, 20).reshape(4, 5)
        else:
            output = torch.from_numpy(_PROBS.copy())
        output.requires_grad_(True)
        value = fn(target, output, from_logits=from_logits)
        (gradient,) = torch.autograd.grad(value.sum(), output)
        grads.append((value.detach().numpy(), gradient.numpy()))
    (v_fast, g_fast), (v_slow, g_slow) = grads
    np.testing.assert_allclose(v_fast, v_slow, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(g_fast, g_slow, rtol=1e-6, atol=1e-7)
    if name != "binary_crossentropy":
        assert not g_fast[2].any()


@pytest.mark.skipif(cornu.backend.backend() != "torch",
                    reason="torch's crossentropy from a softmax's logits")
@pytest.mark.parametrize("axis", [-1, 1])
@pytest.mark.parametrize("out_of_range", [True, False])
@pytest.mark.parametrize("clip_every_entry", [True, False])
def test_crossentropy_of_a_softmax_output_matches_the_composite(
        axis, out_of_range, clip_every_entry, monkeypatch):
    """`activations.softmax` marks its output with the logits; the torch
    crossentropy then computes from them. Values and the gradient reaching
    the logits match the probability-space composite, clips included:
    a near-certain right prediction (clipped at 1 - eps: no gradient), a
    near-zero one (clipped at eps), a label out of range (0, no gradient).
    Both of the kernel's ways are run: `nll_loss` after clipping every
    entry, and a gather with a validity mask (large outputs, or a label out
    of range)."""
    import torch

    from cornu import activations

    if not clip_every_entry:
        monkeypatch.setattr(
            sys.modules["cornu.backend.torch.fused"], "_CLIP_ALL_ENTRIES", 0)

    base = np.array([[0.5, -1.0, 2.0, 0.1, 0.3],
                     [40.0, 0.0, 0.0, 0.0, 0.0],
                     [-40.0, 0.0, 0.0, 0.0, 0.0],
                     [1.0, 2.0, 3.0, 4.0, 5.0],
                     [0.2, 0.2, 0.2, 0.2, 0.2]], np.float32)
    if axis == 1:  # classes on axis 1 of a (batch, classes, steps) tensor
        base = np.stack([base, base[::-1]], axis=-1)
        target = torch.tensor([[2, 0], [0, 1], [0, 4], [7, 3], [4, 2]])
    else:
        target = torch.tensor([2, 0, 0, 7, 4])
    if not out_of_range:
        target = torch.where(target == 7, 1, target)
    # The one-hot form of the same labels (an out-of-range label: a zero
    # row) goes through `categorical_crossentropy`.
    one_hot = torch.nn.functional.one_hot(target.clamp(0, 4), 5).float()
    one_hot = one_hot * (target < 5).unsqueeze(-1)
    if axis == 1:
        one_hot = one_hot.movedim(-1, 1)
    for name, labels in (("sparse_categorical_crossentropy", target),
                         ("categorical_crossentropy", one_hot)):
        op = getattr(ops, name)
        results = []
        for fast in (True, False):
            logits = torch.from_numpy(base.copy()).requires_grad_(True)
            probs = activations.softmax(logits, axis=axis)
            if fast:
                assert probs._keras_logits is logits
                value = op(labels, probs, axis=axis)
            else:
                value = op.composite(labels, probs, axis=axis)
            (gradient,) = torch.autograd.grad(value.sum(), logits)
            results.append((value.detach().numpy(), gradient.numpy()))
        (v_fast, g_fast), (v_slow, g_slow) = results
        np.testing.assert_allclose(v_fast, v_slow, rtol=2e-6, atol=1e-7,
                                   err_msg=name)
        np.testing.assert_allclose(g_fast, g_slow, rtol=2e-6, atol=1e-7,
                                   err_msg=name)
    if axis == -1:
        assert v_fast[1] == pytest.approx(1.1920929e-07, rel=1e-6)
        assert not g_fast[1].any()
        if out_of_range:
            assert v_fast[3] == 0.0 and not g_fast[3].any()
        assert v_fast[2] == pytest.approx(-np.log(np.float32(1e-7)),
                                          rel=1e-6)


@pytest.mark.skipif(cornu.backend.backend() != "torch",
                    reason="torch's crossentropy from a softmax's logits")
def test_crossentropy_ignores_a_stale_or_foreign_softmax_mark():
    import torch

    from cornu import activations

    target = torch.tensor([0, 1])
    logits = torch.tensor([[1.0, 2.0], [3.0, 0.5]])
    probs = activations.softmax(logits)
    probs.mul_(0.5)  # changed in place: the mark no longer describes it
    np.testing.assert_allclose(
        to_numpy(ops.sparse_categorical_crossentropy(target, probs)),
        to_numpy(ops.sparse_categorical_crossentropy.composite(
            target, probs)), rtol=1e-6)
    # A mark for another axis is not used for this one.
    square = activations.softmax(torch.tensor([[1.0, 2.0], [3.0, 0.5]]),
                                 axis=0)
    np.testing.assert_allclose(
        to_numpy(ops.sparse_categorical_crossentropy(target, square)),
        to_numpy(ops.sparse_categorical_crossentropy.composite(
            target, square)), rtol=1e-6)
