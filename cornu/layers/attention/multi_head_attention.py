"""`MultiHeadAttention`: scaled dot-product attention with several heads
(Vaswani et al., 2017)."""

from __future__ import annotations

import math
import numbers
from typing import Any

from cornu import constraints, initializers, ops, regularizers
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers import _validation as check
from cornu.layers.activations.softmax import Softmax
from cornu.layers.attention import _masking
from cornu.layers.attention._projection import _Projection
from cornu.layers.core.dropout import Dropout
from cornu.layers.layer import Layer


class MultiHeadAttention(Layer):
    """Multi-head attention of `query` over `value`.

    `query`, `key` and `value` are projected to `num_heads` heads
    (`key_dim` features each for query and key, `value_dim` for value);
    each head computes `softmax(q @ k^T / sqrt(key_dim)) @ v` over the
    attention axes, and the heads are projected back to `output_shape`.
    With `query is value` (and no `key`) this is self-attention.

    Args:
        num_heads: the number of heads.
        key_dim: the size of each head for query and key.
        value_dim: the size of each head for value; `None` means
            `key_dim`.
        dropout: the fraction of attention weights dropped while training.
        use_bias: whether the projections have biases.
        output_shape: the trailing shape of the output (an int or a
            tuple); `None` means the query's feature size.
        attention_axes: the axes attention runs over (an int or a tuple,
            counted on the query with the batch axis as 0); `None` means
            every axis between the batch and the features.
        sliding_window: with an int `w`, each query position attends only
            to key positions less than `w` away along axis 1 (local
            attention); `None` means no limit.
        use_gate: whether to multiply the attention output by a learned,
            query-dependent sigmoid gate (the `gate` projection) before
            the output projection.
        flash_attention: accepted for Keras compatibility; cornu picks its
            attention kernel itself.
        kernel_initializer: the projections' kernel initializer.
        bias_initializer: the projections' bias initializer.
        kernel_regularizer: a regularizer for the projection kernels.
        bias_regularizer: a regularizer for the projection biases.
        activity_regularizer: a regularizer for the output.
        kernel_constraint: a constraint for the projection kernels.
        bias_constraint: a constraint for the projection biases.
        seed: an int for reproducible dropout; `None` picks one at random.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        query: `(batch, Tq, dim)` (or more index axes, see
            `attention_axes`).
        value: `(batch, Tv, dim)`.
        key: `(batch, Tv, dim)`; `None` means `value`.
        query_mask: a boolean `(batch, Tq)` padding mask. As in Keras 3,
            it hides nothing from the attention; the output carries the
            query's Keras mask.
        value_mask: a boolean `(batch, Tv)` padding mask; `None` means the
            value's Keras mask, if any.
        key_mask: a boolean `(batch, Tv)` padding mask; `None` means the
            key's Keras mask, if any.
        attention_mask: a boolean `(batch, Tq, Tv)` mask, `True` where a
            query position may attend to a key position; it is combined
            with the masks above.
        return_attention_scores: also return the attention weights,
            `(batch, num_heads, Tq, Tv)`.
        training: whether to apply dropout.
        use_causal_mask: hide key positions after each query position.
        mask: the list of the inputs' Keras masks `[query_mask,
            value_mask, key_mask]` (what a Functional model passes; the
            explicit arguments above take precedence). Not a Keras
            argument: Keras reads the masks off the tensors instead.

    Output shape:
        `(batch, Tq, *output_shape)` (and the weights, see above). The
        output carries the query's mask.

    Example:
    >>> layer = cornu.layers.MultiHeadAttention(num_heads=2, key_dim=4)
    >>> x = np.ones((3, 5, 8), dtype="float32")
    >>> out, scores = layer(x, x, return_attention_scores=True)
    >>> out.shape, scores.shape
    ((3, 5, 8), (3, 2, 5, 5))

    References:
        - [Vaswani et al., 2017](https://arxiv.org/abs/1706.03762).
    """

    def __init__(
        self,
        num_heads: int,
        key_dim: int,
        value_dim: int | None = None,
        dropout: float = 0.0,
        use_bias: bool = True,
        output_shape: int | tuple[int, ...] | None = None,
        attention_axes: int | tuple[int, ...] | None = None,
        sliding_window: int | None = None,
        flash_attention: bool | None = None,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        use_gate: bool = False,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        owner = type(self).__name__
        self.num_heads = check.positive_int(num_heads, "num_heads", owner)
        self.key_dim = check.positive_int(key_dim, "key_dim", owner)
        self.value_dim = (self.key_dim if value_dim is None else
                          check.positive_int(value_dim, "value_dim", owner))
        if (not isinstance(dropout, numbers.Real) or isinstance(dropout, bool)
                or not 0 <= dropout <= 1):
            raise ValueError(
                f"{owner}: `dropout` must be a float between 0 and 1. "
                f"Received: dropout={dropout!r}."
            )
        self.dropout = float(dropout)
        self.use_bias = check.check_bool(use_bias, "use_bias", owner)
        self.use_gate = check.check_bool(use_gate, "use_gate", owner)
        # `output_shape` is also the base layer's (read-only) property.
        self._output_dims = _standardize_output_shape(output_shape, owner)
        self.attention_axes = _standardize_axes(attention_axes, owner)
        if sliding_window is not None:
            sliding_window = check.positive_int(sliding_window,
                                                "sliding_window", owner)
        self.sliding_window = sliding_window
        self.flash_attention = flash_attention
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        if seed is not None and (not isinstance(seed, numbers.Integral)
                                 or isinstance(seed, bool)):
            raise ValueError(
                f"{owner}: `seed` must be an integer or None. Received: "
                f"seed={seed!r}."
            )
        self.seed = seed
        self.supports_masking = True
        self._shapes: dict | None = None

    # ------------------------------------------------------------------
    # building
    # ------------------------------------------------------------------
    def _projection(self, name: str, output_shape: tuple,
                    n_in: int = 1) -> _Projection:
        return _Projection(
            output_shape, n_in, self.use_bias, self.kernel_initializer,
            self.bias_initializer, self.kernel_regularizer,
            self.bias_regularizer, self.kernel_constraint,
            self.bias_constraint, name=name, dtype=self._dtype_name)

    def build(self, query_shape: tuple, value_shape: tuple | None = None,
              key_shape: tuple | None = None) -> None:
        query_shape = tuple(query_shape)
        if len(query_shape) < 3:
            raise ValueError(
                f"{type(self).__name__}: the query must have a batch axis, "
                "at least one index axis and a feature axis. Received a "
                f"query of shape {query_shape}."
            )
        rank = len(query_shape)
        axes = (tuple(range(1, rank - 1)) if self.attention_axes is None
                else tuple(a % rank for a in self.attention_axes))
        if any(not 1 <= a < rank - 1 for a in axes):
            raise ValueError(
                f"{type(self).__name__}: every attention axis must be an "
                "index axis of the query (not the batch or feature axis). "
                f"Received: attention_axes={self.attention_axes}, query "
                f"shape {query_shape}."
            )
        self._axes = tuple(sorted(axes))
        self._query_rank = rank
        if self.attention_axes is None:
            # As Keras: the config records the axes once they are known.
            self.attention_axes = self._axes
        if not hasattr(self, "_query_dense"):
            heads = (self.num_heads, self.key_dim)
            self._query_dense = self._projection("query", heads)
            self._key_dense = self._projection("key", heads)
            if self.use_gate:
                self._gate_dense = self._projection(
                    "gate", (self.num_heads, self.value_dim))
            self._value_dense = self._projection(
                "value", (self.num_heads, self.value_dim))
            out = self._output_dims or (query_shape[-1],)
            self._output_dense = self._projection(
                "attention_output", out, n_in=2)
            # As Keras: the softmax over the attention axes and the dropout
            # on its weights are sublayers, so a weights file has their
            # (empty) groups `_softmax` and `_dropout_layer`. Logits are
            # laid out `(batch, *other axes, heads, *q axes, *k axes)`.
            # (Keras keeps a tuple; one axis stays an int so engines use
            # their fused softmax.)
            n_axes = len(self._axes)
            score_rank = rank + n_axes
            norm_axes = tuple(range(score_rank - n_axes, score_rank))
            self._softmax = Softmax(
                axis=norm_axes[0] if n_axes == 1 else norm_axes,
                dtype=self._dtype_name)
            self._dropout_layer = Dropout(
                rate=self.dropout, seed=self.seed, dtype=self._dtype_name)
        self._query_dense.build(query_shape)
        if value_shape is not None:
            self._build_rest(query_shape, tuple(value_shape),
                             None if key_shape is None else tuple(key_shape))
        self.built = True

    def _build_rest(self, query_shape, value_shape, key_shape) -> None:
        shapes = {"query_shape": query_shape, "value_shape": value_shape}
        if key_shape is not None:
            shapes["key_shape"] = key_shape
        key_shape = value_shape if key_shape is None else key_shape
        for layer, shape in ((self._key_dense, key_shape),
                             (self._value_dense, value_shape)):
            if not layer.built:
                layer.build(shape)
        if self.use_gate and not self._gate_dense.built:
            self._gate_dense.build(query_shape)
        if not self._output_dense.built:
            self._output_dense.build(
                (*query_shape[:-1], self.num_heads, self.value_dim))
        self._shapes = shapes

    # Keras's public names for the projections: weight files store them
    # under these (`.../query_dense/vars`).
    @property
    def query_dense(self) -> _Projection:
        return self._query_dense

    @property
    def key_dense(self) -> _Projection:
        return self._key_dense

    @property
    def value_dense(self) -> _Projection:
        return self._value_dense

    @property
    def output_dense(self) -> _Projection:
        return self._output_dense

    def get_build_config(self) -> dict | None:
        if self._shapes is None:
            return None
        return {"shapes_dict": dict(self._shapes)}

    def build_from_config(self, config: dict) -> None:
        shapes = config.get("shapes_dict")
        if shapes and not self.built:
            self.build(**{k: tuple(v) for k, v in shapes.items()})
            self._build_rest(*(tuple(shapes[k]) if shapes.get(k) else None
                               for k in ("query_shape", "value_shape",
                                         "key_shape")))

    # ------------------------------------------------------------------
    # calling
    # ------------------------------------------------------------------
    def _masks(self, query, value, key, value_mask, key_mask,
               attention_mask, use_causal_mask):
        """The combined boolean mask, broadcastable to
        `(batch, Tq, Tv)`-shaped attention logits, or `None`."""
        if value_mask is None:
            value_mask = getattr(value, "_keras_mask", None)
        if key_mask is None and key is not value:
            key_mask = getattr(key, "_keras_mask", None)
        mask = None

        def both(a, b):
            return b if a is None else ops.logical_and(a, b)

        # As in Keras 3, a query mask does not hide anything from the
        # attention (a fully hidden row would make a NaN softmax); it only
        # becomes the output's mask.
        for m in (value_mask, key_mask):
            if m is not None:
                mask = both(mask, ops.expand_dims(ops.cast(m, "bool"), -2))
        q_len, v_len = ops.shape(query)[1], ops.shape(value)[1]
        if use_causal_mask:
            mask = both(mask, _masking.causal_mask(q_len, v_len))
        if self.sliding_window is not None:
            rows = ops.expand_dims(ops.arange(q_len, dtype="int32"), 1)
            cols = ops.expand_dims(ops.arange(v_len, dtype="int32"), 0)
            near = ops.less(ops.abs(ops.subtract(rows, cols)),
                            self.sliding_window)
            mask = both(mask, ops.expand_dims(near, 0))
        if attention_mask is not None:
            mask = both(mask, ops.cast(attention_mask, "bool"))
        return mask

    def call(self, query: Any, value: Any, key: Any = None,
             query_mask: Any = None, value_mask: Any = None,
             key_mask: Any = None, attention_mask: Any = None,
             return_attention_scores: bool = False, training: Any = None,
             use_causal_mask: bool = False, mask: Any = None) -> Any:
        if isinstance(mask, (list, tuple)):
            # The input masks a Functional graph hands over, in the order
            # of the inputs (query, value, key).
            masks = [*mask, None, None][1:3]
            value_mask = masks[0] if value_mask is None else value_mask
            key_mask = masks[1] if key_mask is None else key_mask
        elif mask is not None and value is query and value_mask is None:
            value_mask = mask  # self-attention: the one input's mask
        if self._shapes is None:
            self._build_rest(
                tuple(ops.shape(query)), tuple(ops.shape(value)),
                None if key is None else tuple(ops.shape(key)))
        key = value if key is None else key
        mask = self._masks(query, value, key, value_mask, key_mask,
                           attention_mask, use_causal_mask)
        q = self._query_dense(query)
        k = self._key_dense(key)
        v = self._value_dense(value)
        if self._fast_path_applies(return_attention_scores, training):
            # Engine's fused kernel (torch SDPA, jax.nn's); same numbers.
            if mask is not None:
                mask = ops.expand_dims(mask, 1)  # (batch, heads, Tq, Tk)
            output = ops.dot_product_attention(
                q, k, v, mask=mask, scale=1.0 / math.sqrt(self.key_dim))
            scores = None
        else:
            output, scores = self._attend(q, k, v, mask, training)
        if self.use_gate:
            gate = ops.sigmoid(self._gate_dense(query))
            output = ops.multiply(output, gate)
        output = self._output_dense(output)
        if return_attention_scores:
            return output, scores
        return output

    def _fast_path_applies(self, return_attention_scores, training) -> bool:
        """Whether `ops.dot_product_attention` computes this call:
        `(batch, T, dim)` inputs (one attention axis), no scores wanted, no
        dropout."""
        return (self._query_rank == 3 and not return_attention_scores
                and not (training and self.dropout > 0))

    def _attend(self, q, k, v, mask, training):
        """Attention on projected `(batch, *index, heads, dim)` tensors;
        returns the heads' outputs (same layout) and the weights
        `(batch, *other axes, heads, *q attention axes, *k attention
        axes)`."""
        rank = len(ops.shape(q))  # batch, index axes, heads, dim
        axes = self._axes
        others = [0] + [i for i in range(1, rank - 2) if i not in axes]
        perm = [*others, rank - 2, *axes, rank - 1]
        q, k, v = (ops.transpose(t, perm) for t in (q, k, v))
        n_lead = len(others) + 1
        q_sizes = tuple(ops.shape(q)[n_lead:-1])
        k_sizes = tuple(ops.shape(k)[n_lead:-1])
        lead = tuple(ops.shape(q)[:n_lead])

        def flat(t, sizes):
            return ops.reshape(t, (*lead, math.prod(sizes),
                                   ops.shape(t)[-1]))

        q = ops.multiply(flat(q, q_sizes), 1.0 / math.sqrt(self.key_dim))
        k, v = flat(k, k_sizes), flat(v, k_sizes)
        logits = ops.matmul(q, ops.swapaxes(k, -1, -2))
        logits = ops.reshape(logits, (*lead, *q_sizes, *k_sizes))
        if mask is not None:
            # (batch, ..., Tq..., Tk...) -> insert the heads axis.
            missing = len(ops.shape(logits)) - len(ops.shape(mask))
            for _ in range(missing):
                mask = ops.expand_dims(mask, -2 * len(axes) - 1)
            logits = _masking.apply_mask(logits, mask)
        scores = self._softmax(logits)
        weights = self._dropout_layer(scores, training=training)
        weights = ops.reshape(weights, (*lead, math.prod(q_sizes),
                                        math.prod(k_sizes)))
        out = ops.matmul(weights, v)
        out = ops.reshape(out, (*lead, *q_sizes, self.value_dim))
        inverse = [perm.index(i) for i in range(rank)]
        return ops.transpose(out, inverse), scores

    def compute_mask(self, query: Any, mask: Any = None) -> Any:
        """The output carries the query's mask."""
        if isinstance(mask, (list, tuple)):
            return mask[0] if mask else None
        return mask

    def compute_output_shape(self, query_shape: tuple, value_shape: tuple,
                             key_shape: tuple | None = None) -> tuple:
        query_shape = tuple(query_shape)
        out = self._output_dims or (query_shape[-1],)
        return (*query_shape[:-1], *out)

    def compute_output_spec(self, query: Any, value: Any, key: Any = None,
                            return_attention_scores: bool = False,
                            **kwargs: Any) -> Any:
        if self._shapes is None:
            self._build_rest(tuple(query.shape), tuple(value.shape),
                             None if key is None else tuple(key.shape))
        key = value if key is None else key
        dtype = self.compute_dtype
        output = SymbolicTensor(
            self.compute_output_shape(query.shape, value.shape), dtype)
        if not return_attention_scores:
            return output
        q_shape, k_shape = tuple(query.shape), tuple(key.shape)
        others = [q_shape[0]] + [q_shape[i] for i in range(1, len(q_shape) - 1)
                                 if i not in self._axes]
        scores = (*others, self.num_heads,
                  *(q_shape[a] for a in self._axes),
                  *(k_shape[a] for a in self._axes))
        return output, SymbolicTensor(scores, dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "num_heads": self.num_heads,
            "key_dim": self.key_dim,
            "value_dim": self.value_dim,
            "dropout": self.dropout,
            "use_bias": self.use_bias,
            "use_gate": self.use_gate,
            "output_shape": self._output_dims,
            "attention_axes": self.attention_axes,
            "sliding_window": self.sliding_window,
            "kernel_initializer": initializers.serialize(
                self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(
                self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(
                self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "seed": self.seed,
        })
        return config


def _standardize_output_shape(value: Any, owner: str) -> tuple | None:
    if value is None:
        return None
    values = (value,) if isinstance(value, numbers.Integral) else value
    if not isinstance(values, (list, tuple)) or not values or not all(
            isinstance(v, numbers.Integral) and not isinstance(v, bool)
            and v > 0 for v in values):
        raise ValueError(
            f"{owner}: `output_shape` must be a positive int or a tuple of "
            f"positive ints. Received: output_shape={value!r}."
        )
    return tuple(int(v) for v in values)


def _standardize_axes(value: Any, owner: str) -> tuple | None:
    if value is None:
        return None
    values = (value,) if isinstance(value, numbers.Integral) else value
    if not isinstance(values, (list, tuple)) or not values or not all(
            isinstance(v, numbers.Integral) and not isinstance(v, bool)
            for v in values):
        raise ValueError(
            f"{owner}: `attention_axes` must be an int or a tuple of ints. "
            f"Received: attention_axes={value!r}."
        )
    return tuple(int(v) for v in values)
