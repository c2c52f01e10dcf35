"""`Concatenate` and `concatenate`: joins a list of tensors along an
axis."""

from __future__ import annotations

import numbers
from typing import Any

from cornu import ops
from cornu.layers.merging.base_merge import Merge


class Concatenate(Merge):
    """Concatenates a list of tensors along `axis`.

    All inputs must have the same shape except along `axis`. With masks,
    the output mask is the concatenation of the input masks (an unmasked
    input counts as all `True`), reduced with `any` over the last axis.

    Args:
        axis: the axis to concatenate along.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        A list of tensors with matching shapes except along `axis`.

    Output shape:
        The common shape, with the sizes along `axis` summed.

    Example:
    >>> x = np.arange(20).reshape(2, 2, 5)
    >>> y = np.arange(20, 30).reshape(2, 1, 5)
    >>> cornu.layers.Concatenate(axis=1)([x, y]).shape
    (2, 3, 5)
    """

    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        if not isinstance(axis, numbers.Integral) or isinstance(axis, bool):
            raise TypeError(
                "Concatenate: `axis` must be an integer. "
                f"Received: axis={axis!r}."
            )
        super().__init__(**kwargs)
        self.axis = int(axis)
        self.supports_masking = True

    def build(self, input_shape: Any) -> None:
        self._check_shapes(self._check_list(input_shape))
        self.built = True

    def _error(self, input_shape) -> ValueError:
        return ValueError(
            "A `Concatenate` layer requires inputs with matching shapes "
            "except for the concatenation axis. "
            f"Received: input_shape={input_shape}"
        )

    def _check_shapes(self, shapes: list) -> None:
        known = [s for s in shapes if s is not None]
        if not known:
            return
        if len({len(s) for s in known}) != 1:
            raise self._error(shapes)
        rank = len(known[0])
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Concatenate: `axis` is out of range for inputs of rank "
                f"{rank}. Received: axis={self.axis}, "
                f"input_shape={shapes}."
            )
        axis = self.axis % rank
        for i in range(rank):
            if i == axis:
                continue
            sizes = {s[i] for s in known} - {None}
            if len(sizes) > 1:
                raise self._error(shapes)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        shapes = self._check_list(input_shape)
        self._check_shapes(shapes)
        out = list(shapes[0])
        axis = self.axis % len(out)
        sizes = [s[axis] for s in shapes]
        out[axis] = None if None in sizes else sum(sizes)
        return tuple(out)

    def _merge_function(self, inputs, masks):
        return ops.concatenate(inputs, axis=self.axis)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        if not isinstance(mask, (list, tuple)) or not isinstance(
                inputs, (list, tuple)) or len(mask) != len(inputs):
            raise ValueError(
                "`Concatenate`: `inputs` and `mask` should be lists of the "
                f"same length. Received: mask={mask!r}."
            )
        if all(m is None for m in mask):
            return None
        masks = []
        for x, m in zip(inputs, mask, strict=True):
            if m is None:
                masks.append(ops.ones_like(x, dtype="bool"))
            elif len(ops.shape(m)) < len(ops.shape(x)):
                masks.append(ops.logical_or(
                    ops.expand_dims(m, -1), ops.zeros_like(x, dtype="bool")))
            else:
                masks.append(m)
        joined = ops.concatenate(masks, axis=self.axis)
        return ops.any(joined, axis=-1, keepdims=False)

    def get_config(self) -> dict:
        config = super().get_config()
        config["axis"] = self.axis
        return config


def concatenate(inputs: list, axis: int = -1, **kwargs: Any):
    """Functional form of `Concatenate`:
    `Concatenate(axis=axis, **kwargs)(inputs)`.

    Args:
        inputs: a list of tensors with matching shapes except along `axis`.
        axis: the axis to concatenate along.
        **kwargs: base `Layer` arguments.

    Returns:
        The concatenation.

    Example:
    >>> x1 = np.ones((2, 3), dtype="float32")
    >>> cornu.layers.concatenate([x1, x1]).shape
    (2, 6)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
