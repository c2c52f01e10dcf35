"""Rectifier-style activations: `relu` and its relatives, plus the smooth
approximations of `max(x, 0)` (`softplus`, `squareplus`, `sparse_plus`)."""

from __future__ import annotations

from typing import Any

import cornu.ops as o

__all__ = [
    "relu", "relu6", "leaky_relu", "elu", "selu", "celu", "threshold",
    "softplus", "squareplus", "sparse_plus",
]


def relu(x: Any, negative_slope: float = 0.0, max_value: float | None = None,
         threshold: float = 0.0) -> Any:
    """Rectified linear unit, with Keras's optional leak, cap and threshold.

    With the defaults this is `max(x, 0)`. Otherwise it returns `x` for
    `threshold < x < max_value`, `max_value` from the cap upwards and
    `negative_slope * (x - threshold)` below the threshold.

    Args:
        x: input tensor.
        negative_slope: slope below the threshold.
        max_value: the largest output value; `None` means no cap.
        threshold: inputs at or below it are damped or set to zero.

    Example:
        >>> from cornu import activations, ops
        >>> activations.relu(ops.convert_to_tensor([-10.0, 0.0, 5.0]))
        array([0., 0., 5.], dtype=float32)
    """
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return o.relu(x)  # the common case: one op, no conversion
    x = o.convert_to_tensor(x)
    negative_part = None
    if negative_slope != 0.0:
        if max_value is None and threshold == 0:
            return o.leaky_relu(x, negative_slope=negative_slope)
        if threshold != 0:
            negative_part = o.relu(o.add(o.negative(x), threshold))
        else:
            negative_part = o.relu(o.negative(x))
    clip_max = max_value is not None
    if threshold != 0:
        out = o.where(o.greater(x, threshold), x, o.zeros_like(x))
    elif max_value == 6:
        out = o.relu6(x)
        clip_max = False
    else:
        out = o.relu(x)
    if clip_max:
        out = o.clip(out, 0.0, max_value)
    if negative_part is not None:
        out = o.subtract(out, o.multiply(negative_slope, negative_part))
    return out


def relu6(x: Any) -> Any:
    """`min(max(x, 0), 6)`.

    Example:
        >>> from cornu import activations, ops
        >>> activations.relu6(ops.convert_to_tensor([-1.0, 3.0, 9.0]))
        array([0., 3., 6.], dtype=float32)
    """
    return o.relu6(x)


def leaky_relu(x: Any, negative_slope: float = 0.2) -> Any:
    """`x` for `x >= 0`, `negative_slope * x` otherwise.

    Args:
        x: input tensor.
        negative_slope: slope for negative inputs.

    Example:
        >>> from cornu import activations, ops
        >>> activations.leaky_relu(ops.convert_to_tensor([-1.0, 2.0]))
        array([-0.2,  2. ], dtype=float32)
    """
    return o.leaky_relu(x, negative_slope=negative_slope)


def elu(x: Any, alpha: float = 1.0) -> Any:
    """Exponential linear unit: `x` for `x > 0`, `alpha * (exp(x) - 1)`
    otherwise.

    Args:
        x: input tensor.
        alpha: the value the output approaches for large negative inputs
            is `-alpha`.

    Example:
        >>> from cornu import activations, ops
        >>> activations.elu(ops.convert_to_tensor([0.0, 2.0]))
        array([0., 2.], dtype=float32)
    """
    return o.elu(x, alpha=alpha)


def selu(x: Any) -> Any:
    """Scaled ELU: `scale * elu(x, alpha)` with `alpha ~ 1.6733` and
    `scale ~ 1.0507` (Klambauer et al., 2017).

    Example:
        >>> from cornu import activations, ops
        >>> activations.selu(ops.convert_to_tensor([0.0]))
        array([0.], dtype=float32)
    """
    return o.selu(x)


def celu(x: Any, alpha: float = 1.0) -> Any:
    """Continuously differentiable ELU:
    `max(x, 0) + min(0, alpha * (exp(x / alpha) - 1))`.

    Args:
        x: input tensor.
        alpha: the CELU's `alpha`.

    Example:
        >>> from cornu import activations, ops
        >>> activations.celu(ops.convert_to_tensor([0.0, 1.0]))
        array([0., 1.], dtype=float32)
    """
    return o.celu(x, alpha=alpha)


def threshold(x: Any, threshold: float, default_value: float) -> Any:
    """`x` where `x > threshold`, `default_value` elsewhere.

    Args:
        x: input tensor.
        threshold: values at or below it are replaced.
        default_value: the replacement.

    Example:
        >>> from cornu import activations, ops
        >>> x = ops.convert_to_tensor([-1.0, 0.5, 2.0])
        >>> activations.threshold(x, 1.0, 0.0)
        array([0., 0., 2.], dtype=float32)
    """
    return o.threshold(x, threshold, default_value)


def softplus(x: Any) -> Any:
    """`log(exp(x) + 1)`, computed without overflow.

    Example:
        >>> from cornu import activations, ops
        >>> activations.softplus(ops.convert_to_tensor([0.0])).round(4)
        array([0.6931], dtype=float32)
    """
    return o.softplus(x)


def squareplus(x: Any, b: float = 4) -> Any:
    """`(x + sqrt(x ** 2 + b)) / 2` (So, 2021).

    Args:
        x: input tensor.
        b: smoothness; `b=0` gives `relu`.

    Example:
        >>> from cornu import activations, ops
        >>> activations.squareplus(ops.convert_to_tensor([0.0]))
        array([1.], dtype=float32)
    """
    return o.squareplus(x, b=b)


def sparse_plus(x: Any) -> Any:
    """`0` for `x <= -1`, `(x + 1) ** 2 / 4` for `-1 < x < 1`, `x` for
    `x >= 1`.

    Example:
        >>> from cornu import activations, ops
        >>> activations.sparse_plus(ops.convert_to_tensor([-2.0, 0.0, 2.0]))
        array([0.  , 0.25, 2.  ], dtype=float32)
    """
    return o.sparse_plus(x)
