"""`Softmax`: the softmax activation as a layer, with an optional mask."""

from __future__ import annotations

import numbers
from typing import Any

from cornu import activations, ops
from cornu.layers.layer import Layer

# Added to the logits of masked entries: large enough to vanish after
# `exp`, small enough not to overflow the dtype.
_LARGE_NEGATIVE = {"float16": -3e4, "bfloat16": -1e9}


def large_negative_number(dtype: str) -> float:
    """A finite logit that `exp` turns into 0 in `dtype`."""
    return _LARGE_NEGATIVE.get(dtype, -1e9)


class Softmax(Layer):
    """Applies the softmax along `axis`; masked entries get probability 0.

    Args:
        axis: the axis, or tuple of axes, along which the outputs sum to 1.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: the logits.
        mask: an optional boolean tensor of the inputs' shape (or one that
            broadcasts to it); `False` entries are left out of the
            normalization and get output 0 (a fully masked slice gives all
            zeros).

    Input shape:
        Any.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.Softmax()
    >>> x = np.array([[1.0, 1.0, 5.0]], dtype="float32")
    >>> layer(x, mask=np.array([[True, True, False]]))
    array([[0.5, 0.5, 0. ]], dtype=float32)
    """

    def __init__(self, axis: int | tuple[int, ...] = -1,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = _standardize_axis(axis)
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any, mask: Any = None) -> Any:
        if mask is not None:
            dtype = ops.dtype(inputs)
            keep = ops.cast(mask, dtype)
            adder = ops.multiply(ops.subtract(1.0, keep),
                                 large_negative_number(dtype))
            inputs = ops.add(inputs, adder)
        outputs = activations.softmax(inputs, axis=self.axis)
        if mask is not None:
            outputs = ops.multiply(outputs, keep)
        return outputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["axis"] = self.axis
        return config


def _standardize_axis(axis: Any) -> int | tuple[int, ...]:
    def is_int(v):
        return isinstance(v, numbers.Integral) and not isinstance(v, bool)

    if is_int(axis):
        return int(axis)
    if isinstance(axis, (list, tuple)) and axis and all(
            is_int(a) for a in axis):
        return tuple(int(a) for a in axis)
    raise TypeError(
        "Softmax: `axis` must be an int or a non-empty tuple of ints. "
        f"Received: axis={axis!r}."
    )
