"""`keras.ops` math composites (logsumexp, segment ops, norms, ...)."""

from __future__ import annotations

import cornu.ops as o
from cornu.backend.common.primitives import shape_of
from cornu.ops._dispatch import composite

__all__ = [
    "logsumexp", "segment_sum", "segment_max", "norm", "extract_sequences",
    "in_top_k",
]


@composite
def logsumexp(x, axis=None, keepdims=False):
    m = o.stop_gradient(o.max(x, axis=axis, keepdims=True))
    m = o.where(o.isfinite(m), m, 0.0)
    out = o.log(o.sum(o.exp(o.subtract(x, m)), axis=axis, keepdims=True))
    out = o.add(out, m)
    if not keepdims:
        out = o.squeeze(out, axis=axis) if axis is not None else o.reshape(
            out, ())
    return out


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    if num_segments is None:
        num_segments = int(o.convert_to_numpy(o.max(segment_ids))) + 1
    one_hot = o.one_hot(segment_ids, num_segments, dtype=data.dtype)
    return o.tensordot(one_hot, data, axes=([0], [0]))


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    if num_segments is None:
        num_segments = int(o.convert_to_numpy(o.max(segment_ids))) + 1
    mask = o.one_hot(segment_ids, num_segments, dtype="bool")
    extra = (1,) * (len(shape_of(data)) - 1)
    mask = o.reshape(mask, shape_of(mask) + extra)
    lowest = o.full_like(o.expand_dims(data, 1), float("-inf"))
    vals = o.where(mask, o.expand_dims(data, 1), lowest)
    return o.max(vals, axis=0)


def norm(x, ord=None, axis=None, keepdims=False):
    """Vector or matrix norm, as `np.linalg.norm` (vector orders and the
    Frobenius matrix norm)."""
    if axis is None and ord is None:
        return o.sqrt(o.sum(o.square(x), keepdims=keepdims))
    if axis is None:
        axis = -1
    if isinstance(axis, (tuple, list)) and len(axis) == 2:
        if ord in (None, "fro"):
            return o.sqrt(o.sum(o.square(x), axis=tuple(axis),
                                keepdims=keepdims))
        raise ValueError(
            "norm: only the Frobenius norm is supported for matrices. "
            f"Received: ord={ord!r}."
        )
    if ord is None or ord == 2:
        return o.sqrt(o.sum(o.square(x), axis=axis, keepdims=keepdims))
    if ord == 1:
        return o.sum(o.abs(x), axis=axis, keepdims=keepdims)
    if ord == float("inf"):
        return o.max(o.abs(x), axis=axis, keepdims=keepdims)
    if ord == 0:
        return o.cast(o.count_nonzero(x, axis=axis), x.dtype)
    return o.power(o.sum(o.power(o.abs(x), ord), axis=axis,
                         keepdims=keepdims), 1.0 / ord)


def extract_sequences(x, sequence_length, sequence_stride):
    n = shape_of(x)[-1]
    count = 1 + (n - sequence_length) // sequence_stride
    frames = [
        x[..., i * sequence_stride: i * sequence_stride + sequence_length]
        for i in range(count)
    ]
    return o.stack(frames, axis=-2)


def in_top_k(targets, predictions, k):
    values, _ = o.top_k(predictions, k)
    kth = values[..., -1:]
    target_vals = o.take_along_axis(
        predictions, o.expand_dims(o.cast(targets, "int32"), -1), axis=-1)
    return o.squeeze(o.greater_equal(target_vals, kth), -1)
