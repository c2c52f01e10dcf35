"""`Add` and `add`: the elementwise sum of a list of tensors."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers.merging.base_merge import Merge


class Add(Merge):
    """Adds a list of tensors elementwise.

    Args:
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        A list of tensors of the same shape (or shapes that broadcast).

    Output shape:
        The broadcast shape.

    Example:
    >>> x1 = np.ones((2, 3), dtype="float32")
    >>> cornu.layers.Add()([x1, 2 * x1])[0]
    array([3., 3., 3.], dtype=float32)
    """

    def _merge_function(self, inputs, masks):
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return output


def add(inputs: list, **kwargs: Any):
    """Functional form of `Add`: `Add(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors of the same shape.
        **kwargs: base `Layer` arguments.

    Returns:
        The elementwise sum.

    Example:
    >>> x1 = np.ones((2, 3), dtype="float32")
    >>> cornu.layers.add([x1, x1]).shape
    (2, 3)
    """
    return Add(**kwargs)(inputs)
