"""`CategoryEncoding`: one-hot, multi-hot or count encoding of integer
categories."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers import _validation as check
from cornu.layers.layer import Layer
from cornu.layers.preprocessing import _encoding


class CategoryEncoding(Layer):
    """Encodes integer categories in `[0, num_tokens)` as dense vectors.

    - `"one_hot"`: each index becomes a vector of length `num_tokens`
      (a trailing axis of size 1 is squeezed first).
    - `"multi_hot"`: each sample (row) becomes one vector with 1 at every
      index it holds.
    - `"count"`: like `"multi_hot"`, with the number of times each index
      appears (weighted by `count_weights` when given).

    A rank-1 input is one sample for `"multi_hot"` and `"count"`, as in
    Keras. Indices outside `[0, num_tokens)` contribute nothing (Keras
    raises on some engines); check them beforehand if that can happen.

    Args:
        num_tokens: the number of categories.
        output_mode: `"multi_hot"`, `"one_hot"` or `"count"`.
        sparse: only `False` is supported (cornu has no sparse tensors).
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: integer indices, rank 1 or 2 (or more for `"one_hot"`).
        count_weights: weights of the same shape as `inputs`, summed
            instead of counting 1 per occurrence (`"count"` only).

    Output shape:
        `(..., num_tokens)`.

    Example:
    >>> layer = cornu.layers.CategoryEncoding(4, output_mode="count")
    >>> layer(np.array([[0, 1], [3, 3]]))
    array([[1., 1., 0., 0.],
           [0., 0., 0., 2.]], dtype=float32)
    """

    def __init__(self, num_tokens: int | None = None,
                 output_mode: str = "multi_hot", sparse: bool = False,
                 **kwargs: Any) -> None:
        owner = "CategoryEncoding"
        if num_tokens is None:
            raise ValueError(
                "CategoryEncoding: `num_tokens` is required (the number of "
                "categories). Received: num_tokens=None."
            )
        num_tokens = check.positive_int(num_tokens, "num_tokens", owner)
        _encoding.check_output_mode(owner, output_mode,
                                    _encoding.OUTPUT_MODES)
        if sparse:
            raise NotImplementedError(
                "CategoryEncoding: sparse outputs are not supported (cornu "
                "has no sparse tensors); pass sparse=False."
            )
        super().__init__(**kwargs)
        self.num_tokens = num_tokens
        self.output_mode = output_mode
        self.sparse = False
        self.built = True

    def call(self, inputs, count_weights=None):
        if count_weights is not None and self.output_mode != "count":
            raise ValueError(
                f"CategoryEncoding {self.name!r}: `count_weights` applies "
                "only with output_mode='count'. Received: output_mode="
                f"{self.output_mode!r}."
            )
        inputs = ops.cast(inputs, "int32")
        return _encoding.encode(inputs, self.num_tokens, self.output_mode,
                                self.compute_dtype, count_weights)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return _encoding.output_shape(input_shape, self.num_tokens,
                                      self.output_mode)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"num_tokens": self.num_tokens,
                       "output_mode": self.output_mode})
        return config
