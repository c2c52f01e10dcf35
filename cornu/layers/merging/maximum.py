"""`Maximum` and `maximum`: the elementwise maximum of a list of tensors."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers.merging.base_merge import Merge, merge_with_or_mask


class Maximum(Merge):
    """Takes the elementwise maximum of a list of tensors.

    With masks, an entry masked in one input takes the other input's value;
    the output mask is the OR of the input masks.

    Args:
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        A list of tensors of the same shape (or shapes that broadcast).

    Output shape:
        The broadcast shape.

    Example:
    >>> x1 = np.array([[1.0, 5.0]], dtype="float32")
    >>> x2 = np.array([[3.0, 2.0]], dtype="float32")
    >>> cornu.layers.Maximum()([x1, x2])
    array([[3., 5.]], dtype=float32)
    """

    def _merge_function(self, inputs, masks):
        return merge_with_or_mask(ops.maximum, inputs, masks)


def maximum(inputs: list, **kwargs: Any):
    """Functional form of `Maximum`: `Maximum(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors of the same shape.
        **kwargs: base `Layer` arguments.

    Returns:
        The elementwise maximum.

    Example:
    >>> x1 = np.ones((2, 3), dtype="float32")
    >>> cornu.layers.maximum([x1, x1]).shape
    (2, 3)
    """
    return Maximum(**kwargs)(inputs)
