"""`Permute`: reorders the non-batch axes."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class Permute(Layer):
    """Permutes the non-batch axes of the input by a pattern.

    Args:
        dims: the permutation of the non-batch axes, numbered from 1:
            `(2, 1)` swaps the two axes after the batch axis.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, d1, ..., dn)` with `n = len(dims)`.

    Output shape:
        `(batch, d[dims[0]], ..., d[dims[n-1]])`.

    Example:
    >>> layer = cornu.layers.Permute((2, 1))
    >>> layer(np.ones((2, 10, 64), dtype="float32")).shape
    (2, 64, 10)
    """

    def __init__(self, dims: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        try:
            dims = tuple(dims)
        except TypeError:
            dims = None
        if dims is None or sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError(
                "Permute: `dims` must be a permutation of 1..n (the batch "
                "axis is not included, numbering starts at 1), e.g. (2, 1). "
                f"Received: dims={dims!r}."
            )
        self.dims = tuple(int(d) for d in dims)
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)
        self.built = True

    def call(self, inputs):
        return ops.transpose(inputs, (0, *self.dims))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        return (input_shape[0], *(input_shape[d] for d in self.dims))

    def compute_output_spec(self, inputs, **kwargs):
        # The input's dtype, not the layer's: this layer moves values only.
        return SymbolicTensor(self.compute_output_shape(inputs.shape),
                              inputs.dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config["dims"] = self.dims
        return config
