"""`Dot` and `dot`: the batched dot product of two tensors."""

from __future__ import annotations

import numbers
from typing import Any

from cornu import ops
from cornu.layers.merging.base_merge import Merge


class Dot(Merge):
    """Computes the dot product of two tensors sample by sample.

    For inputs `(batch, 3, 5)` and `(batch, 10, 3)` with `axes=(1, 2)`, the
    output is `(batch, 5, 10)`: axis 1 of the first and axis 2 of the
    second are summed over. The output of two 2-D inputs is
    `(batch, 1)`.

    Args:
        axes: an int (the same axis of both inputs) or a pair of ints, the
            axis of each input to sum over. The batch axis 0 cannot be one
            of them.
        normalize: whether to L2-normalize both inputs along `axes` first,
            which makes the output the cosine similarity.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        A list of 2 tensors of rank 2 or more whose sizes along `axes`
        match.

    Output shape:
        The first shape without its summed axis, followed by the second
        shape without its batch and summed axes; `(batch, 1)` if that
        leaves only the batch axis.

    Example:
    >>> x = np.arange(10, dtype="float32").reshape(1, 5, 2)
    >>> y = np.arange(10, 20, dtype="float32").reshape(1, 2, 5)
    >>> cornu.layers.Dot(axes=(1, 2))([x, y]).shape
    (1, 2, 2)
    """

    def __init__(self, axes: int | tuple[int, int], normalize: bool = False,
                 **kwargs: Any) -> None:
        if not _is_int(axes):
            if not isinstance(axes, (list, tuple)):
                raise TypeError(
                    "Dot: `axes` must be an int or a list/tuple of 2 ints. "
                    f"Received: axes={axes!r}."
                )
            if len(axes) != 2 or not all(_is_int(a) for a in axes):
                raise ValueError(
                    "Dot: `axes` must be an int or a list/tuple of 2 ints. "
                    f"Received: axes={axes!r}."
                )
        super().__init__(**kwargs)
        self.axes = axes
        self.normalize = normalize
        self.supports_masking = True

    def _resolve_axes(self, rank1: int, rank2: int) -> list[int]:
        if _is_int(self.axes):
            axes = [self.axes % rank1, self.axes % rank2] if (
                self.axes < 0) else [self.axes, self.axes]
        else:
            axes = [a % r if a < 0 else a
                    for a, r in zip(self.axes, (rank1, rank2), strict=True)]
        if 0 in axes:
            raise ValueError(
                "Dot: cannot take the dot product over the batch axis 0. "
                f"Received: axes={self.axes!r} for inputs of rank "
                f"{rank1} and {rank2}."
            )
        return axes

    def build(self, input_shape: Any) -> None:
        shapes = self._check_list(input_shape)
        if len(shapes) != 2:
            raise ValueError(
                "A `Dot` layer should be called on a list of 2 inputs. "
                f"Received: input_shape={shapes}."
            )
        self.compute_output_shape(shapes)
        self.built = True

    def compute_output_shape(self, input_shape: Any) -> tuple:
        shapes = self._check_list(input_shape)
        if len(shapes) != 2:
            raise ValueError(
                "A `Dot` layer should be called on a list of 2 inputs. "
                f"Received: input_shape={shapes}."
            )
        shape1, shape2 = (list(s) for s in shapes)
        if len(shape1) < 2 or len(shape2) < 2:
            raise ValueError(
                "A `Dot` layer needs inputs of rank 2 or more. Received: "
                f"input_shape={shapes}."
            )
        a1, a2 = self._resolve_axes(len(shape1), len(shape2))
        if shape1[a1] is not None and shape2[a2] is not None and (
                shape1[a1] != shape2[a2]):
            raise ValueError(
                f"Dot: incompatible input shapes: axis values {shape1[a1]} "
                f"(at axis {a1}) != {shape2[a2]} (at axis {a2}). Full "
                f"input shapes: {tuple(shape1)}, {tuple(shape2)}."
            )
        shape1.pop(a1)
        shape2.pop(a2)
        shape2.pop(0)
        out = shape1 + shape2
        if len(out) == 1:
            out.append(1)
        return tuple(out)

    def _merge_function(self, inputs, masks):
        if len(inputs) != 2:
            raise ValueError(
                "A `Dot` layer should be called on exactly 2 inputs. "
                f"Received {len(inputs)} inputs."
            )
        x1, x2 = inputs
        a1, a2 = self._resolve_axes(len(ops.shape(x1)), len(ops.shape(x2)))
        if self.normalize:
            x1 = ops.normalize(x1, axis=a1)
            x2 = ops.normalize(x2, axis=a2)
        return _batch_dot(x1, x2, a1, a2)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"axes": self.axes, "normalize": self.normalize})
        return config


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _batch_dot(x, y, a1: int, a2: int):
    """Sums `x` over axis `a1` against `y` over axis `a2`, sample by
    sample: the output axes are x's remaining axes then y's remaining
    non-batch axes (Keras's `batch_dot`), at least `(batch, 1)`."""
    x = ops.moveaxis(x, a1, -1)
    y = ops.moveaxis(y, a2, 1)
    x_shape, y_shape = ops.shape(x), ops.shape(y)
    x3 = ops.reshape(x, (x_shape[0], -1, x_shape[-1]))
    y3 = ops.reshape(y, (y_shape[0], y_shape[1], -1))
    out = ops.matmul(x3, y3)
    out_shape = (x_shape[0], *x_shape[1:-1], *y_shape[2:])
    if len(out_shape) == 1:
        out_shape = (x_shape[0], 1)
    return ops.reshape(out, out_shape)


def dot(inputs: list, axes: int | tuple[int, int] = -1, **kwargs: Any):
    """Functional form of `Dot`: `Dot(axes=axes, **kwargs)(inputs)`.

    Args:
        inputs: a list of 2 tensors.
        axes: the axis (or pair of axes) to sum over.
        **kwargs: `normalize` and base `Layer` arguments.

    Returns:
        The batched dot product.

    Example:
    >>> x1 = np.ones((2, 3), dtype="float32")
    >>> cornu.layers.dot([x1, x1], axes=1).shape
    (2, 1)
    """
    return Dot(axes=axes, **kwargs)(inputs)
