"""`BaseDenseAttention`: the score-mask-softmax-average steps shared by
`Attention` and `AdditiveAttention`."""

from __future__ import annotations

import numbers
from typing import Any

from cornu import ops, random
from cornu.layers.attention import _masking
from cornu.layers.layer import Layer


class BaseDenseAttention(Layer):
    """Attention of a query sequence over a value sequence.

    Subclasses define `_score(query, key)`, the `(batch, Tq, Tv)` logits.
    This class masks them, applies the softmax (and dropout while
    training) and averages `value` with the resulting weights.
    """

    def __init__(self, dropout: float = 0.0, seed: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        owner = type(self).__name__
        if (not isinstance(dropout, numbers.Real) or isinstance(dropout, bool)
                or not 0 <= dropout <= 1):
            raise ValueError(
                f"{owner}: `dropout` must be a float between 0 and 1. "
                f"Received: dropout={dropout!r}."
            )
        if seed is not None and (not isinstance(seed, numbers.Integral)
                                 or isinstance(seed, bool)):
            raise ValueError(
                f"{owner}: `seed` must be an integer or None. Received: "
                f"seed={seed!r}."
            )
        self.dropout = float(dropout)
        self.seed = seed
        if self.dropout > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.supports_masking = True

    def _score(self, query: Any, key: Any) -> Any:
        raise NotImplementedError

    def _unpack(self, inputs: Any, mask: Any):
        owner = type(self).__name__
        if not isinstance(inputs, (list, tuple)) or len(inputs) not in (2, 3):
            raise ValueError(
                f"{owner}: the layer must be called on a list "
                "`[query, value]` or `[query, value, key]`. Received: "
                f"inputs={_describe(inputs)}."
            )
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) == 3 else value
        if mask is None:
            return query, value, key, None, None
        if not isinstance(mask, (list, tuple)) or len(mask) not in (2, 3):
            raise ValueError(
                f"{owner}: `mask` must be a list `[query_mask, value_mask]` "
                "(entries may be None). Received: "
                f"mask={_describe(mask)}."
            )
        return query, value, key, mask[0], mask[1]

    def call(self, inputs: Any, mask: Any = None, training: Any = False,
             return_attention_scores: bool = False,
             use_causal_mask: bool = False) -> Any:
        query, value, key, query_mask, value_mask = self._unpack(inputs,
                                                                 mask)
        scores = self._score(query, key)
        scores_mask = None
        if value_mask is not None:
            scores_mask = ops.expand_dims(ops.cast(value_mask, "bool"), -2)
        if use_causal_mask:
            shape = ops.shape(scores)
            causal = _masking.causal_mask(shape[-2], shape[-1])
            scores_mask = causal if scores_mask is None else (
                ops.logical_and(scores_mask, causal))
        scores = _masking.apply_mask(scores, scores_mask)
        weights = ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = random.dropout(weights, self.dropout,
                                     seed=self.seed_generator)
        result = ops.matmul(weights, value)
        if query_mask is not None:
            keep = ops.cast(ops.expand_dims(query_mask, -1),
                            ops.dtype(result))
            result = ops.multiply(result, keep)
        if return_attention_scores:
            return result, weights
        return result

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if mask is None or mask[0] is None:
            return None
        return mask[0]

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"dropout": self.dropout, "seed": self.seed})
        return config


def _describe(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} entries"
    shape = getattr(value, "shape", None)
    return f"a tensor of shape {tuple(shape)}" if shape is not None else (
        repr(value))
