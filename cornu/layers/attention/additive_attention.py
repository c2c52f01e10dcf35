"""`AdditiveAttention`: additive (Bahdanau-style) attention."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers import _validation as check
from cornu.layers.attention.base_dense_attention import BaseDenseAttention


class AdditiveAttention(BaseDenseAttention):
    """Additive attention of a query sequence over a value sequence.

    The logits are `sum(scale * tanh(query_i + key_j))` over the feature
    axis, with `scale` a learned vector of the feature size when
    `use_scale` (a plain sum otherwise). A softmax over the value
    positions gives the weights that average `value`.

    Args:
        use_scale: whether to learn the per-feature `scale`.
        dropout: the fraction of attention weights dropped while training.
        seed: an int for reproducible dropout; `None` picks one at random.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: a list `[query, value]` or `[query, value, key]` (`key`
            defaults to `value`): `query` is `(batch, Tq, dim)`, `value`
            and `key` are `(batch, Tv, dim)`.
        mask: an optional list `[query_mask, value_mask]` of boolean
            `(batch, Tq)` and `(batch, Tv)` tensors (entries may be
            `None`): masked value positions get weight 0 and masked query
            positions output 0.
        training: whether to apply dropout.
        return_attention_scores: also return the `(batch, Tq, Tv)`
            attention weights.
        use_causal_mask: hide value positions after each query position.

    Output shape:
        `(batch, Tq, dim)` (and the weights, see above).

    Example:
    >>> query = np.zeros((1, 1, 2), dtype="float32")
    >>> value = np.array([[[1.0, 0.0], [0.0, 1.0]]], dtype="float32")
    >>> out = cornu.layers.AdditiveAttention(use_scale=False)([query, value])
    >>> np.round(out, 3)
    array([[[0.5, 0.5]]], dtype=float32)

    References:
        - [Bahdanau et al., 2014](https://arxiv.org/abs/1409.0473).
    """

    def __init__(self, use_scale: bool = True, dropout: float = 0.0,
                 seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(dropout=dropout, seed=seed, **kwargs)
        self.use_scale = check.check_bool(use_scale, "use_scale",
                                          type(self).__name__)
        self.scale = None

    def build(self, input_shape: Any) -> None:
        dim = input_shape[0][-1] if isinstance(input_shape, (list, tuple)) \
            and isinstance(input_shape[0], (list, tuple)) else None
        if self.use_scale:
            if dim is None:
                raise ValueError(
                    f"{type(self).__name__}: the query's feature size must "
                    "be known to create `scale`. Received input shapes "
                    f"{input_shape}."
                )
            self.scale = self.add_weight(name="scale", shape=(dim,),
                                         initializer="glorot_uniform")
        self.built = True

    def _score(self, query: Any, key: Any) -> Any:
        pairs = ops.tanh(ops.add(ops.expand_dims(query, -2),
                                 ops.expand_dims(key, -3)))
        if self.scale is not None:
            pairs = ops.multiply(pairs, self.scale)
        return ops.sum(pairs, axis=-1)

    def get_config(self) -> dict:
        config = super().get_config()
        config["use_scale"] = self.use_scale
        return config
