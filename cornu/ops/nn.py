"""Neural-network ops: activations, softmax, normalization helpers and the
convolution/pooling front ends. Each activation is a composite over the
primitives; engines may register native kernels under the same name."""

from __future__ import annotations

import math

import cornu.ops as o
from cornu import config
from cornu.backend.common import dtypes
from cornu.backend.common.primitives import canonical_axis, shape_of
from cornu.ops._dispatch import composite

__all__ = [
    "relu", "relu6", "sigmoid", "softplus", "softsign", "silu", "swish",
    "log_sigmoid", "leaky_relu", "hard_sigmoid", "hard_silu", "hard_swish",
    "elu", "selu", "gelu", "celu", "glu", "hard_tanh", "hard_shrink",
    "soft_shrink", "tanh_shrink", "threshold", "squareplus", "sparse_plus",
    "sparsemax", "mish", "softmax", "log_softmax", "one_hot", "multi_hot",
    "moments", "batch_normalization", "normalize", "conv", "conv_transpose",
    "depthwise_conv", "separable_conv", "max_pool", "avg_pool",
    "average_pool", "dot_product_attention", "binary_crossentropy",
    "categorical_crossentropy", "sparse_categorical_crossentropy",
]

_conv = o.conv
_conv_transpose = o.conv_transpose
_max_pool = o.max_pool
_avg_pool = o.avg_pool


@composite
def relu(x):
    return o.maximum(x, 0)


@composite
def relu6(x):
    return o.minimum(o.maximum(x, 0), 6)


@composite
def sigmoid(x):
    return o.divide(1.0, o.add(1.0, o.exp(o.negative(x))))


@composite
def softplus(x):
    return o.add(o.log1p(o.exp(o.negative(o.abs(x)))), o.maximum(x, 0))


@composite
def softsign(x):
    return o.divide(x, o.add(1.0, o.abs(x)))


@composite
def silu(x):
    return o.multiply(x, sigmoid(x))


swish = silu


@composite
def log_sigmoid(x):
    return o.negative(softplus(o.negative(x)))


@composite
def leaky_relu(x, negative_slope=0.2):
    return o.where(o.greater_equal(x, 0), x, o.multiply(x, negative_slope))


@composite
def hard_sigmoid(x):
    return o.divide(relu6(o.add(x, 3.0)), 6.0)


@composite
def hard_silu(x):
    return o.multiply(x, hard_sigmoid(x))


hard_swish = hard_silu


@composite
def elu(x, alpha=1.0):
    return o.where(o.greater(x, 0), x, o.multiply(alpha, o.expm1(x)))


@composite
def selu(x):
    alpha = 1.6732632423543772
    scale = 1.0507009873554805
    return o.multiply(scale, elu(x, alpha))


@composite
def gelu(x, approximate=True):
    if approximate:
        c = math.sqrt(2.0 / math.pi)
        inner = o.multiply(c, o.add(x, o.multiply(0.044715, o.power(x, 3))))
        return o.multiply(o.multiply(0.5, x), o.add(1.0, o.tanh(inner)))
    return o.multiply(
        o.multiply(0.5, x), o.add(1.0, o.erf(o.divide(x, math.sqrt(2.0))))
    )


@composite
def celu(x, alpha=1.0):
    return o.add(
        o.maximum(x, 0),
        o.minimum(0.0, o.multiply(alpha, o.expm1(o.divide(x, alpha)))),
    )


def glu(x, axis=-1):
    a, b = o.split(x, 2, axis=axis)
    return o.multiply(a, sigmoid(b))


@composite
def hard_tanh(x):
    return o.clip(x, -1.0, 1.0)


def hard_shrink(x, threshold=0.5):
    return o.where(o.greater(o.abs(x), threshold), x, o.zeros_like(x))


def soft_shrink(x, threshold=0.5):
    return o.where(
        o.greater(x, threshold), o.subtract(x, threshold),
        o.where(o.less(x, -threshold), o.add(x, threshold), o.zeros_like(x)),
    )


def tanh_shrink(x):
    return o.subtract(x, o.tanh(x))


def threshold(x, threshold, default_value):
    return o.where(o.greater(x, threshold), x, default_value)


def squareplus(x, b=4):
    return o.divide(o.add(x, o.sqrt(o.add(o.square(x), b))), 2.0)


def sparse_plus(x):
    mid = o.divide(o.square(o.add(x, 1.0)), 4.0)
    return o.where(o.less_equal(x, -1.0), o.zeros_like(x),
                   o.where(o.greater_equal(x, 1.0), x, mid))


def sparsemax(x, axis=-1):
    """Sparsemax (Martins & Astudillo, 2016) along `axis`."""
    x = o.moveaxis(x, axis, -1) if axis != -1 else x
    z = o.flip(o.sort(x, axis=-1), axis=-1)
    n = shape_of(x)[-1]
    k = o.arange(1, n + 1, dtype=dtypes.standardize_dtype(x.dtype))
    cumsum = o.cumsum(z, axis=-1)
    support = o.greater(o.add(1.0, o.multiply(k, z)), cumsum)
    k_z = o.sum(o.cast(support, x.dtype), axis=-1, keepdims=True)
    idx = o.cast(o.subtract(k_z, 1.0), "int32")
    tau = o.divide(o.subtract(o.take_along_axis(cumsum, idx, axis=-1), 1.0),
                   k_z)
    out = o.maximum(o.subtract(x, tau), 0.0)
    return o.moveaxis(out, -1, axis) if axis != -1 else out


@composite
def mish(x):
    return o.multiply(x, o.tanh(softplus(x)))


@composite
def softmax(x, axis=-1):
    m = o.stop_gradient(o.max(x, axis=axis, keepdims=True))
    e = o.exp(o.subtract(x, m))
    return o.divide(e, o.sum(e, axis=axis, keepdims=True))


@composite
def log_softmax(x, axis=-1):
    return o.subtract(x, o.logsumexp(x, axis=axis, keepdims=True))


@composite
def affine(x, kernel, bias=None):
    """`x @ kernel + bias` (`bias` optional): the product of a `Dense`
    layer. Not a Keras op (absent from `cornu.ops`); it lets an engine run
    the product and the bias in one kernel."""
    out = o.matmul(x, kernel)
    return out if bias is None else o.add(out, bias)


@composite
def dropout(inputs, rate, noise_shape, seed):
    """`inputs * (keep / (1 - rate))` with `keep = uniform >= rate` drawn
    in `noise_shape` (broadcast against `inputs`) from the key `seed`: the
    arithmetic of `cornu.random.dropout` once its key is drawn. The scaled
    mask is computed in `floatx()` (the draw's dtype), then cast to the
    inputs' float dtype. Not a Keras op (absent from `cornu.ops`); it lets
    an engine run it in direct calls."""
    inputs = o.convert_to_tensor(inputs)
    dtype = o.dtype(inputs)
    floatx = config.floatx()
    uniform = o.random_uniform(noise_shape, 0.0, 1.0, floatx, seed)
    scale = o.divide(o.cast(o.greater_equal(uniform, rate), floatx),
                     1.0 - rate)
    scale = o.cast(scale, dtype if dtypes.is_float(dtype) else "float32")
    return o.multiply(inputs, scale)


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """One-hot encoding; negative or out-of-range indices give all zeros."""
    dtype = dtypes.standardize_dtype(dtype)
    x = o.cast(x, "int32")
    classes = o.arange(num_classes, dtype="int32")
    out = o.cast(o.equal(o.expand_dims(x, -1), classes), dtype)
    if axis != -1:
        out = o.moveaxis(out, -1, axis)
    return out


def multi_hot(inputs, num_classes, axis=-1, dtype=None, sparse=False):
    """Multi-hot encoding of integer indices along the last input axis."""
    encoded = one_hot(inputs, num_classes, axis=-1, dtype="int32")
    reduce_axis = -2 if len(shape_of(inputs)) > 1 else 0
    out = o.cast(o.max(encoded, axis=reduce_axis), dtypes.standardize_dtype(
        dtype))
    if axis != -1:
        out = o.moveaxis(out, -1, axis)
    return out


def moments(x, axes, keepdims=False, synchronized=False):
    """Mean and (population) variance over `axes`. Half-precision inputs
    are reduced in float32 and cast back."""
    dtype = dtypes.standardize_dtype(x.dtype)
    if dtype in ("float16", "bfloat16"):
        x = o.cast(x, "float32")
    mean = o.mean(x, axis=axes, keepdims=True)
    variance = o.mean(
        o.square(o.subtract(x, o.stop_gradient(mean))), axis=axes,
        keepdims=True,
    )
    if not keepdims:
        mean = o.squeeze(mean, axis=axes)
        variance = o.squeeze(variance, axis=axes)
    if dtype in ("float16", "bfloat16"):
        mean, variance = o.cast(mean, dtype), o.cast(variance, dtype)
    return mean, variance


@composite
def batch_normalization(x, mean, variance, axis, offset=None, scale=None,
                        epsilon=1e-3):
    """`(x - mean) / sqrt(variance + epsilon) * scale + offset`, with the 1-D
    statistics broadcast along `axis`."""
    ndim = len(shape_of(x))
    axis = canonical_axis(axis, ndim)
    shape = [1] * ndim
    shape[axis] = shape_of(x)[axis]

    def b(v):
        return o.reshape(v, shape) if len(shape_of(v)) == 1 else v

    inv = o.divide(1.0, o.sqrt(o.add(b(variance), epsilon)))
    if scale is not None:
        inv = o.multiply(inv, b(scale))
    out = o.multiply(o.subtract(x, b(mean)), inv)
    if offset is not None:
        out = o.add(out, b(offset))
    return out


def normalize(x, axis=-1, order=2, epsilon=None):
    if epsilon is None:
        epsilon = config.epsilon()
    n = o.norm(x, ord=order, axis=axis, keepdims=True)
    return o.divide(x, o.maximum(n, epsilon))


def _padding(padding, owner="conv"):
    p = str(padding).lower()
    if p not in ("valid", "same"):
        raise ValueError(
            f"{owner}: `padding` must be 'valid' or 'same'. "
            f"Received: padding={padding!r}."
        )
    return p


def conv(inputs, kernel, strides=1, padding="valid", data_format=None,
         dilation_rate=1):
    """N-d convolution (cross-correlation); kernel is
    `(*spatial, in_channels // groups, filters)`."""
    return _conv(inputs, kernel, strides, _padding(padding),
                 config.standardize_data_format(data_format), dilation_rate)


def conv_transpose(inputs, kernel, strides=1, padding="valid",
                   output_padding=None, data_format=None, dilation_rate=1):
    """Transposed convolution; kernel is `(*spatial, filters, in_channels)`."""
    return _conv_transpose(
        inputs, kernel, strides, _padding(padding, "conv_transpose"),
        output_padding, config.standardize_data_format(data_format),
        dilation_rate,
    )


def depthwise_conv(inputs, kernel, strides=1, padding="valid",
                   data_format=None, dilation_rate=1):
    """Depthwise convolution; kernel is
    `(*spatial, in_channels, depth_multiplier)`."""
    kshape = shape_of(kernel)
    n = len(kshape) - 2
    merged = o.reshape(kernel, kshape[:n] + (1, kshape[-2] * kshape[-1]))
    return conv(inputs, merged, strides, padding, data_format, dilation_rate)


def separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1,
                   padding="valid", data_format=None, dilation_rate=1):
    """Depthwise convolution followed by a 1x1 pointwise convolution."""
    x = depthwise_conv(inputs, depthwise_kernel, strides, padding,
                       data_format, dilation_rate)
    return conv(x, pointwise_kernel, 1, "valid", data_format)


def max_pool(inputs, pool_size, strides=None, padding="valid",
             data_format=None):
    return _max_pool(inputs, pool_size, strides, _padding(padding, "max_pool"),
                     config.standardize_data_format(data_format))


def avg_pool(inputs, pool_size, strides=None, padding="valid",
             data_format=None):
    return _avg_pool(inputs, pool_size, strides, _padding(padding, "avg_pool"),
                     config.standardize_data_format(data_format))


average_pool = avg_pool


@composite
def dot_product_attention(query, key, value, bias=None, mask=None,
                          scale=None, is_causal=False, flash_attention=None,
                          attn_logits_soft_cap=None):
    """Scaled dot-product attention, Keras's layout: `query`
    `(batch, Tq, heads, dim)`, `key`/`value` `(batch, Tk, heads, dim)`.

    `softmax(q @ k^T * scale + bias) @ v` per head, with `scale` defaulting
    to `1 / sqrt(dim)`, logits soft-capped as `cap * tanh(logits / cap)`
    when `attn_logits_soft_cap` is set, `mask` (boolean, broadcast to
    `(batch, heads, Tq, Tk)`, `True` = attend) and `is_causal` (key
    positions after the query position hidden) applied before the
    softmax. `flash_attention` is accepted for Keras compatibility; engines
    pick their kernel. Returns `(batch, Tq, heads, dim_v)`.
    """
    dim = shape_of(query)[-1]
    if scale is None:
        scale = 1.0 / math.sqrt(dim)
    q = o.transpose(query, (0, 2, 1, 3))
    k = o.transpose(key, (0, 2, 3, 1))
    v = o.transpose(value, (0, 2, 1, 3))
    logits = o.multiply(o.matmul(q, k), scale)
    if bias is not None:
        logits = o.add(logits, bias)
    if attn_logits_soft_cap is not None:
        logits = o.multiply(
            o.tanh(o.divide(logits, attn_logits_soft_cap)),
            attn_logits_soft_cap)
    if is_causal:
        q_len, k_len = shape_of(logits)[-2:]
        causal = o.tril(o.ones((q_len, k_len), dtype="bool"))
        mask = causal if mask is None else o.logical_and(
            o.cast(mask, "bool"), causal)
    if mask is not None:
        dtype = dtypes.standardize_dtype(logits.dtype)
        hidden = -65500.0 if dtype == "float16" else -1e9
        logits = o.where(o.cast(mask, "bool"), logits, hidden)
    probs = softmax(logits, axis=-1)
    return o.transpose(o.matmul(probs, v), (0, 2, 1, 3))


def _crossentropy_shapes(owner, target, output, expected=None):
    """Raises Keras's error when `target` does not have the `expected`
    shape (`output`'s by default); unknown (None) dimensions match."""
    expected = shape_of(output) if expected is None else expected
    got = shape_of(target)
    if len(got) != len(expected) or any(
            a is not None and b is not None and a != b
            for a, b in zip(got, expected)):
        raise ValueError(
            f"{owner}: `target` must have the shape {tuple(expected)} "
            f"(from `output`'s shape {tuple(shape_of(output))}). Received: "
            f"target.shape={tuple(got)}."
        )


def _log_probabilities(output, from_logits, axis):
    if from_logits:
        return log_softmax(output, axis=axis)
    output = o.divide(output, o.sum(output, axis=axis, keepdims=True))
    eps = config.epsilon()
    return o.log(o.clip(output, eps, 1.0 - eps))


@composite
def binary_crossentropy(target, output, from_logits=False):
    """Elementwise binary crossentropy between `target` in `[0, 1]` and
    `output`, probabilities clipped to `[eps, 1 - eps]` (or logits when
    `from_logits`: the stable form with `softplus`). No reduction.

    Example:
        >>> from cornu import ops
        >>> ops.binary_crossentropy([1.0, 0.0], [0.5, 0.5])
        array([0.6931472, 0.6931472], dtype=float32)
    """
    output = o.convert_to_tensor(output)
    target = o.cast(target, o.dtype(output))
    _crossentropy_shapes("binary_crossentropy", target, output)
    if from_logits:
        # -t log(sigmoid(x)) - (1 - t) log(1 - sigmoid(x))
        return o.add(o.multiply(target, softplus(o.negative(output))),
                     o.multiply(o.subtract(1.0, target), softplus(output)))
    eps = config.epsilon()
    output = o.clip(output, eps, 1.0 - eps)
    return o.negative(o.add(
        o.multiply(target, o.log(output)),
        o.multiply(o.subtract(1.0, target), o.log(o.subtract(1.0, output)))))


@composite
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Crossentropy between `target` distributions (one-hot or soft) and
    `output` along `axis`: probabilities are renormalized to sum to 1 and
    clipped to `[eps, 1 - eps]` (or logits when `from_logits`).

    Example:
        >>> from cornu import ops
        >>> ops.categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])
        array([0.6931472], dtype=float32)
    """
    output = o.convert_to_tensor(output)
    target = o.cast(target, o.dtype(output))
    _crossentropy_shapes("categorical_crossentropy", target, output)
    log_prob = _log_probabilities(output, from_logits, axis)
    return o.negative(o.sum(o.multiply(target, log_prob), axis=axis))


@composite
def sparse_categorical_crossentropy(target, output, from_logits=False,
                                    axis=-1):
    """Crossentropy between integer class labels `target` (the shape of
    `output` without `axis`; a trailing dimension of 1 is squeezed) and
    `output` (probabilities renormalized and clipped as in
    `categorical_crossentropy`, or logits). A label outside
    `[0, classes)` gives 0.

    Example:
        >>> from cornu import ops
        >>> ops.sparse_categorical_crossentropy([1], [[0.5, 0.5]])
        array([0.6931472], dtype=float32)
    """
    output = o.convert_to_tensor(output)
    target = o.convert_to_tensor(target)
    rank = len(shape_of(output))
    if len(shape_of(target)) == rank and shape_of(target)[-1] == 1:
        target = o.squeeze(target, -1)
    axis = canonical_axis(axis, rank)
    expected = shape_of(output)[:axis] + shape_of(output)[axis + 1:]
    _crossentropy_shapes("sparse_categorical_crossentropy", target, output,
                         expected)
    encoded = one_hot(target, shape_of(output)[axis], axis=axis,
                      dtype=o.dtype(output))
    log_prob = _log_probabilities(output, from_logits, axis)
    return o.negative(o.sum(o.multiply(encoded, log_prob), axis=axis))
