"""`Average` and `average`: the elementwise mean of a list of tensors."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.backend.common import dtypes
from cornu.layers.merging.base_merge import Merge


class Average(Merge):
    """Averages a list of tensors elementwise.

    Args:
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        A list of tensors of the same shape (or shapes that broadcast).

    Output shape:
        The broadcast shape.

    Example:
    >>> x1 = np.ones((2, 3), dtype="float32")
    >>> cornu.layers.Average()([x1, 3 * x1])[0]
    array([2., 2., 2.], dtype=float32)
    """

    def _merge_function(self, inputs, masks):
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return ops.divide(output, len(inputs))

    def _output_dtype(self, input_dtypes: list) -> str:
        return dtypes.result_type(*input_dtypes, float)


def average(inputs: list, **kwargs: Any):
    """Functional form of `Average`: `Average(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors of the same shape.
        **kwargs: base `Layer` arguments.

    Returns:
        The elementwise mean.

    Example:
    >>> x1 = np.ones((2, 3), dtype="float32")
    >>> cornu.layers.average([x1, x1]).shape
    (2, 3)
    """
    return Average(**kwargs)(inputs)
