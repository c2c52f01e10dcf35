"""Piecewise-linear activations: the `hard_*` family, the shrink functions,
`sparse_sigmoid` and `sparsemax`."""

from __future__ import annotations

from typing import Any

import cornu.ops as o

__all__ = [
    "hard_sigmoid", "hard_silu", "hard_tanh", "hard_shrink", "soft_shrink",
    "sparse_sigmoid", "sparsemax",
]


def hard_sigmoid(x: Any) -> Any:
    """Piecewise-linear sigmoid: `relu6(x + 3) / 6`.

    Example:
        >>> from cornu import activations, ops
        >>> activations.hard_sigmoid(ops.convert_to_tensor([-4.0, 0.0, 4.0]))
        array([0. , 0.5, 1. ], dtype=float32)
    """
    return o.hard_sigmoid(x)


def hard_silu(x: Any) -> Any:
    """Hard SiLU (hard swish): `x * hard_sigmoid(x)`.

    Example:
        >>> from cornu import activations, ops
        >>> activations.hard_silu(ops.convert_to_tensor([-4.0, 0.0, 4.0]))
        array([-0.,  0.,  4.], dtype=float32)
    """
    return o.hard_silu(o.convert_to_tensor(x))


def hard_tanh(x: Any) -> Any:
    """`clip(x, -1, 1)`.

    Example:
        >>> from cornu import activations, ops
        >>> activations.hard_tanh(ops.convert_to_tensor([-2.0, 0.5, 2.0]))
        array([-1. ,  0.5,  1. ], dtype=float32)
    """
    return o.hard_tanh(x)


def hard_shrink(x: Any, threshold: float = 0.5) -> Any:
    """`x` where `|x| > threshold`, `0` elsewhere.

    Args:
        x: input tensor.
        threshold: the half-width of the zeroed band.

    Example:
        >>> from cornu import activations, ops
        >>> activations.hard_shrink(ops.convert_to_tensor([-1.0, 0.2, 1.0]))
        array([-1.,  0.,  1.], dtype=float32)
    """
    return o.hard_shrink(x, threshold=threshold)


def soft_shrink(x: Any, threshold: float = 0.5) -> Any:
    """`x - threshold` above `threshold`, `x + threshold` below
    `-threshold`, `0` in between.

    Args:
        x: input tensor.
        threshold: the half-width of the zeroed band.

    Example:
        >>> from cornu import activations, ops
        >>> activations.soft_shrink(ops.convert_to_tensor([-1.0, 0.2, 1.0]))
        array([-0.5,  0. ,  0.5], dtype=float32)
    """
    return o.soft_shrink(x, threshold=threshold)


def sparse_sigmoid(x: Any) -> Any:
    """`0` for `x <= -1`, `(x + 1) / 2` for `-1 < x < 1`, `1` for `x >= 1`
    (the sigmoid that sparsemax gives for two classes).

    Example:
        >>> from cornu import activations, ops
        >>> x = ops.convert_to_tensor([-2.0, 0.0, 2.0])
        >>> activations.sparse_sigmoid(x)
        array([0. , 0.5, 1. ], dtype=float32)
    """
    # `cornu.ops` has no `sparse_sigmoid` yet; Keras's formula over where.
    x = o.convert_to_tensor(x)
    mid = o.multiply(0.5, o.add(x, 1.0))
    return o.where(
        o.less_equal(x, -1.0), o.zeros_like(x),
        o.where(o.greater_equal(x, 1.0), o.ones_like(x), mid),
    )


def sparsemax(x: Any, axis: int = -1) -> Any:
    """Sparsemax (Martins & Astudillo, 2016): the Euclidean projection of
    `x` onto the probability simplex along `axis`, which can be exactly 0.

    Args:
        x: input tensor.
        axis: the axis that sums to 1.

    Example:
        >>> from cornu import activations, ops
        >>> activations.sparsemax(ops.convert_to_tensor([0.0, 0.5, 3.0]))
        array([0., 0., 1.], dtype=float32)
    """
    return o.sparsemax(o.convert_to_tensor(x), axis)
