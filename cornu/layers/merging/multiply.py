"""`Multiply` and `multiply`: the elementwise product of a list of
tensors."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers.merging.base_merge import Merge, broadcast_mask


class Multiply(Merge):
    """Multiplies a list of tensors elementwise.

    A masked entry counts as 1 in the product; when every input has a
    mask, entries masked in all of them are 0 in the output (Keras's
    rule).

    Args:
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        A list of tensors of the same shape (or shapes that broadcast).

    Output shape:
        The broadcast shape.

    Example:
    >>> x1 = np.full((2, 3), 2.0, dtype="float32")
    >>> cornu.layers.Multiply()([x1, x1])[0]
    array([4., 4., 4.], dtype=float32)
    """

    def _merge_function(self, inputs, masks):
        masks = masks or [None] * len(inputs)
        has_output_mask = all(m is not None for m in masks)
        output, output_mask = None, None
        for x, mask in zip(inputs, masks, strict=True):
            if mask is not None:
                mask = broadcast_mask(mask, x)
                x = ops.where(mask, x, ops.ones_like(x))  # 1: no effect
                if has_output_mask:
                    output_mask = mask if output_mask is None else (
                        ops.logical_or(output_mask, mask))
            output = x if output is None else ops.multiply(output, x)
        if has_output_mask:
            output = ops.where(output_mask, output, ops.zeros_like(output))
        return output

def multiply(inputs: list, **kwargs: Any):
    """Functional form of `Multiply`: `Multiply(**kwargs)(inputs)`.

    Args:
        inputs: a list of tensors of the same shape.
        **kwargs: base `Layer` arguments.

    Returns:
        The elementwise product.

    Example:
    >>> x1 = np.ones((2, 3), dtype="float32")
    >>> cornu.layers.multiply([x1, x1]).shape
    (2, 3)
    """
    return Multiply(**kwargs)(inputs)
