"""Smooth activations: sigmoid and tanh shapes, the gated units (`silu`,
`gelu`, `glu`, `mish`), `softmax` and `log_softmax`, `exponential` and
`linear`."""

from __future__ import annotations

from typing import Any

import cornu.ops as o

__all__ = [
    "sigmoid", "log_sigmoid", "tanh", "tanh_shrink", "softsign", "silu",
    "swish", "gelu", "glu", "mish", "exponential", "linear", "softmax",
    "log_softmax",
]


def _keep_logits(output: Any, logits: Any, axis: Any = None) -> Any:
    # Keras marks sigmoid/softmax outputs with their inputs, so a loss can
    # go back to the logits (and, for softmax, the normalized axis: the
    # torch engine's crossentropy computes from the logits when it can);
    # engines whose tensors refuse attributes skip it.
    try:
        output._keras_logits = logits
        if axis is not None:
            output._cornu_softmax_axis = axis
    except AttributeError:
        pass
    return output


def sigmoid(x: Any) -> Any:
    """`1 / (1 + exp(-x))`.

    Example:
        >>> from cornu import activations, ops
        >>> activations.sigmoid(ops.convert_to_tensor([0.0]))
        array([0.5], dtype=float32)
    """
    return _keep_logits(o.sigmoid(x), x)


def log_sigmoid(x: Any) -> Any:
    """`log(sigmoid(x))`, computed as `-softplus(-x)`.

    Example:
        >>> from cornu import activations, ops
        >>> activations.log_sigmoid(ops.convert_to_tensor([0.0])).round(4)
        array([-0.6931], dtype=float32)
    """
    return o.log_sigmoid(x)


def tanh(x: Any) -> Any:
    """Hyperbolic tangent.

    Example:
        >>> from cornu import activations, ops
        >>> activations.tanh(ops.convert_to_tensor([0.0]))
        array([0.], dtype=float32)
    """
    return o.tanh(x)


def tanh_shrink(x: Any) -> Any:
    """`x - tanh(x)`.

    Example:
        >>> from cornu import activations, ops
        >>> activations.tanh_shrink(ops.convert_to_tensor([0.0]))
        array([0.], dtype=float32)
    """
    return o.tanh_shrink(x)


def softsign(x: Any) -> Any:
    """`x / (|x| + 1)`.

    Example:
        >>> from cornu import activations, ops
        >>> activations.softsign(ops.convert_to_tensor([-1.0, 3.0]))
        array([-0.5 ,  0.75], dtype=float32)
    """
    return o.softsign(x)


def silu(x: Any) -> Any:
    """SiLU, also called swish: `x * sigmoid(x)`.

    Example:
        >>> from cornu import activations, ops
        >>> activations.silu(ops.convert_to_tensor([0.0]))
        array([0.], dtype=float32)
    """
    return o.silu(x)


swish = silu


def gelu(x: Any, approximate: bool = False) -> Any:
    """Gaussian error linear unit: `x * P(X <= x)` for `X ~ N(0, 1)`.

    Args:
        x: input tensor.
        approximate: use the tanh approximation instead of `erf`.

    Example:
        >>> from cornu import activations, ops
        >>> activations.gelu(ops.convert_to_tensor([0.0]))
        array([0.], dtype=float32)
    """
    return o.gelu(x, approximate=approximate)


def glu(x: Any, axis: int = -1) -> Any:
    """Gated linear unit: splits `x` in two halves `a, b` along `axis` and
    returns `a * sigmoid(b)`.

    Args:
        x: input tensor; its size along `axis` must be even.
        axis: the axis to split.

    Example:
        >>> from cornu import activations, ops
        >>> activations.glu(ops.convert_to_tensor([2.0, 0.0]))
        array([1.], dtype=float32)
    """
    x = o.convert_to_tensor(x)
    shape = o.shape(x)
    size = shape[axis] if shape else None
    if size is not None and size % 2:
        raise ValueError(
            "glu: the size of `axis` must be even, to split it in two "
            f"halves. Received: x.shape={shape}, axis={axis}."
        )
    return o.glu(x, axis=axis)


def mish(x: Any) -> Any:
    """`x * tanh(softplus(x))` (Misra, 2019).

    Example:
        >>> from cornu import activations, ops
        >>> activations.mish(ops.convert_to_tensor([0.0]))
        array([0.], dtype=float32)
    """
    return o.mish(o.convert_to_tensor(x))


def exponential(x: Any) -> Any:
    """`exp(x)`.

    Example:
        >>> from cornu import activations, ops
        >>> activations.exponential(ops.convert_to_tensor([0.0]))
        array([1.], dtype=float32)
    """
    return o.exp(x)


def linear(x: Any) -> Any:
    """The identity: returns `x` unchanged.

    Example:
        >>> from cornu import activations
        >>> activations.linear(3.0)
        3.0
    """
    return x


def softmax(x: Any, axis: int | tuple[int, ...] = -1) -> Any:
    """`exp(x) / sum(exp(x))` along `axis`, computed stably.

    Args:
        x: input tensor.
        axis: the axis (or axes) that sum to 1.

    Example:
        >>> from cornu import activations, ops
        >>> activations.softmax(ops.convert_to_tensor([1.0, 1.0]))
        array([0.5, 0.5], dtype=float32)
    """
    return _keep_logits(o.softmax(x, axis=axis), x, axis)


def log_softmax(x: Any, axis: int = -1) -> Any:
    """`x - logsumexp(x)` along `axis`.

    Args:
        x: input tensor.
        axis: the normalized axis.

    Example:
        >>> from cornu import activations, ops
        >>> activations.log_softmax(ops.convert_to_tensor([0.0, 0.0])).round(4)
        array([-0.6931, -0.6931], dtype=float32)
    """
    return o.log_softmax(x, axis=axis)
