"""`Subtract` and `subtract`: the difference of two tensors."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers.merging.base_merge import Merge


class Subtract(Merge):
    """Subtracts the second of two tensors from the first, elementwise.

    Args:
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        A list of exactly 2 tensors of the same shape (or shapes that
        broadcast).

    Output shape:
        The broadcast shape.

    Example:
    >>> x1 = np.ones((2, 3), dtype="float32")
    >>> cornu.layers.Subtract()([x1, 2 * x1])[0]
    array([-1., -1., -1.], dtype=float32)
    """

    def build(self, input_shape: Any) -> None:
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError(
                "A `Subtract` layer should be called on exactly 2 inputs. "
                f"Received: input_shape={list(input_shape)}."
            )

    def _merge_function(self, inputs, masks):
        if len(inputs) != 2:
            raise ValueError(
                "A `Subtract` layer should be called on exactly 2 inputs. "
                f"Received {len(inputs)} inputs."
            )
        return ops.subtract(inputs[0], inputs[1])


def subtract(inputs: list, **kwargs: Any):
    """Functional form of `Subtract`: `Subtract(**kwargs)(inputs)`.

    Args:
        inputs: a list of 2 tensors of the same shape.
        **kwargs: base `Layer` arguments.

    Returns:
        `inputs[0] - inputs[1]`.

    Example:
    >>> x1 = np.ones((2, 3), dtype="float32")
    >>> cornu.layers.subtract([x1, x1]).shape
    (2, 3)
    """
    return Subtract(**kwargs)(inputs)
