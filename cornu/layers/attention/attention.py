"""`Attention`: dot-product (Luong-style) attention."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers import _validation as check
from cornu.layers.attention.base_dense_attention import BaseDenseAttention

_SCORE_MODES = ("dot", "concat")


class Attention(BaseDenseAttention):
    """Dot-product attention of a query sequence over a value sequence.

    With `score_mode="dot"` the logits are `query @ key^T` (times the
    learned scalar `scale` when `use_scale`); with `"concat"` they are
    `concat_score_weight * sum(tanh(query_i + key_j))` (the sum inside
    `tanh` multiplied by `scale` when `use_scale`). A softmax over the
    value positions gives the weights that average `value`.

    Args:
        use_scale: whether to learn a scalar `scale` for the logits.
        score_mode: `"dot"` or `"concat"`.
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
        use_causal_mask: hide value positions after each query position
            (for decoder self-attention).

    Output shape:
        `(batch, Tq, dim)` (and the weights, see above).

    Example:
    >>> query = np.array([[[1.0, 0.0]]], dtype="float32")
    >>> value = np.array([[[1.0, 0.0], [0.0, 1.0]]], dtype="float32")
    >>> out = cornu.layers.Attention()([query, value])
    >>> np.round(out, 3)
    array([[[0.731, 0.269]]], dtype=float32)
    """

    def __init__(self, use_scale: bool = False, score_mode: str = "dot",
                 dropout: float = 0.0, seed: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(dropout=dropout, seed=seed, **kwargs)
        owner = type(self).__name__
        self.use_scale = check.check_bool(use_scale, "use_scale", owner)
        if score_mode not in _SCORE_MODES:
            raise ValueError(
                f"{owner}: `score_mode` must be 'dot' or 'concat'. "
                f"Received: score_mode={score_mode!r}."
            )
        self.score_mode = score_mode
        self.scale = None
        self.concat_score_weight = None

    def build(self, input_shape: Any) -> None:
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(),
                                         initializer="ones")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(
                name="concat_score_weight", shape=(), initializer="ones")
        self.built = True

    def _score(self, query: Any, key: Any) -> Any:
        if self.score_mode == "dot":
            scores = ops.matmul(query, ops.swapaxes(key, -1, -2))
            if self.scale is not None:
                scores = ops.multiply(scores, self.scale)
            return scores
        pairs = ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3))
        if self.scale is not None:
            pairs = ops.multiply(pairs, self.scale)
        return ops.multiply(self.concat_score_weight,
                            ops.sum(ops.tanh(pairs), axis=-1))

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"use_scale": self.use_scale,
                       "score_mode": self.score_mode})
        return config
