"""Masks shared by the attention layers: causal masks and the large
negative logit that hides masked positions from the softmax."""

from __future__ import annotations

from typing import Any

from cornu import ops


def masked_logit(dtype: str) -> float:
    """The amount subtracted from masked logits: large enough that `exp`
    gives 0, finite in `dtype`."""
    return 65500.0 if dtype == "float16" else 1.0e9


def causal_mask(query_length: int, key_length: int) -> Any:
    """A boolean `(1, query_length, key_length)` mask, `True` where the
    key position is not after the query position (`j <= i`)."""
    rows = ops.expand_dims(ops.arange(query_length, dtype="int32"), 1)
    cols = ops.expand_dims(ops.arange(key_length, dtype="int32"), 0)
    return ops.expand_dims(ops.greater_equal(rows, cols), 0)


def apply_mask(scores: Any, mask: Any) -> Any:
    """`scores` with `masked_logit` subtracted where `mask` is `False`
    (`mask` broadcasts against `scores`)."""
    if mask is None:
        return scores
    dtype = ops.dtype(scores)
    hidden = ops.cast(ops.logical_not(ops.cast(mask, "bool")), dtype)
    return ops.subtract(scores, ops.multiply(hidden, masked_logit(dtype)))
