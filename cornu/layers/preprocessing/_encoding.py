"""Turning integer indices into one-hot, multi-hot, count or tf-idf
vectors, shared by `CategoryEncoding`, `Discretization` and the lookup
layers. Shapes follow Keras: `one_hot` adds an axis (squeezing a trailing
axis of size 1); `multi_hot`, `count` and `tf_idf` sum over axis 1 (over
axis 0 for a rank-1 input, which is one sample)."""

from __future__ import annotations

from cornu import ops
from cornu.backend.common.symbolic import SymbolicTensor

OUTPUT_MODES = ("one_hot", "multi_hot", "count")


def check_output_mode(owner: str, output_mode, allowed) -> str:
    if output_mode not in allowed:
        choices = ", ".join(repr(m) for m in allowed)
        raise ValueError(
            f"{owner}: `output_mode` must be one of {choices}. "
            f"Received: output_mode={output_mode!r}."
        )
    return output_mode


def output_shape(shape: tuple, depth: int, mode: str) -> tuple:
    shape = tuple(shape)
    if mode == "int":
        return shape
    if mode == "one_hot":
        if len(shape) >= 2 and shape[-1] == 1:
            shape = shape[:-1]
        return (*shape, depth)
    if len(shape) <= 1:
        return (depth,)
    return (*shape[:1], *shape[2:], depth)


def encode(indices, depth: int, mode: str, dtype: str, count_weights=None,
           idf_weights=None):
    """`indices` (ints in `[0, depth)`) encoded in `mode`; out-of-range
    indices contribute nothing."""
    if isinstance(indices, SymbolicTensor):
        return SymbolicTensor(output_shape(indices.shape, depth, mode), dtype)
    if mode == "one_hot":
        if len(indices.shape) >= 2 and indices.shape[-1] == 1:
            indices = ops.squeeze(indices, axis=-1)
        return ops.one_hot(indices, depth, dtype=dtype)
    axis = 0 if len(indices.shape) <= 1 else 1
    hot = ops.one_hot(indices, depth, dtype=dtype)
    if mode == "multi_hot":
        return ops.max(hot, axis=axis)
    if count_weights is not None:
        weights = ops.cast(ops.convert_to_tensor(count_weights), dtype)
        hot = ops.multiply(hot, ops.expand_dims(weights, -1))
    counts = ops.sum(hot, axis=axis)
    if mode == "tf_idf":
        counts = ops.multiply(counts, ops.cast(idf_weights, dtype))
    return counts
