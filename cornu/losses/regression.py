"""Regression losses: squared, absolute, percentage and logarithmic errors,
Huber, log-cosh and cosine similarity.

Each function returns one loss per sample (the last axis reduced); each
class wraps its function and applies a reduction.
"""

from __future__ import annotations

import math
from typing import Any

import cornu.ops as o
from cornu.backend import epsilon
from cornu.losses.loss import (
    BuiltinLoss,
    check_label_shapes,
    squeeze_or_expand_to_same_rank,
)

_SUM_OVER_BATCH_SIZE = "sum_over_batch_size"


def _pair(
    y_true: Any,
    y_pred: Any,
    owner: str,
    same_shape: bool = False,
    hint: str = "",
) -> tuple[Any, Any]:
    """Both as tensors of `y_pred`'s dtype, with matched ranks; raises a
    `ValueError` naming `owner` when the shapes do not fit (see
    `check_label_shapes`)."""
    y_pred = o.convert_to_tensor(y_pred)
    y_true = o.cast(o.convert_to_tensor(y_true), o.dtype(y_pred))
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    check_label_shapes(owner, y_true, y_pred, same_shape, hint)
    return y_true, y_pred


def mean_squared_error(y_true: Any, y_pred: Any) -> Any:
    """`mean(square(y_true - y_pred), axis=-1)`.

    Example:
        >>> from cornu import losses
        >>> losses.mean_squared_error([[0.0, 1.0]], [[1.0, 1.0]])
        array([0.5], dtype=float32)
    """
    y_true, y_pred = _pair(y_true, y_pred, "mean_squared_error")
    return o.mean(o.square(y_true - y_pred), axis=-1)


def mean_absolute_error(y_true: Any, y_pred: Any) -> Any:
    """`mean(abs(y_true - y_pred), axis=-1)`.

    Example:
        >>> from cornu import losses
        >>> losses.mean_absolute_error([[0.0, 1.0]], [[2.0, 1.0]])
        array([1.], dtype=float32)
    """
    y_true, y_pred = _pair(y_true, y_pred, "mean_absolute_error")
    return o.mean(o.abs(y_true - y_pred), axis=-1)


def mean_absolute_percentage_error(y_true: Any, y_pred: Any) -> Any:
    """`100 * mean(abs((y_true - y_pred) / max(abs(y_true), eps)), -1)`,
    with `eps = cornu.config.epsilon()`.

    Example:
        >>> from cornu import losses
        >>> losses.mean_absolute_percentage_error([[2.0, 4.0]], [[1.0, 4.0]])
        array([25.], dtype=float32)
    """
    y_true, y_pred = _pair(y_true, y_pred, "mean_absolute_percentage_error")
    diff = o.abs((y_true - y_pred) / o.maximum(o.abs(y_true), epsilon()))
    return 100.0 * o.mean(diff, axis=-1)


def mean_squared_logarithmic_error(y_true: Any, y_pred: Any) -> Any:
    """`mean(square(log(1 + y_pred) - log(1 + y_true)), axis=-1)`, with
    both clipped below at `cornu.config.epsilon()`.

    Example:
        >>> from cornu import losses
        >>> losses.mean_squared_logarithmic_error([[0.0]], [[0.0]])
        array([0.], dtype=float32)
    """
    y_true, y_pred = _pair(y_true, y_pred, "mean_squared_logarithmic_error")
    first_log = o.log(o.maximum(y_pred, epsilon()) + 1.0)
    second_log = o.log(o.maximum(y_true, epsilon()) + 1.0)
    return o.mean(o.square(first_log - second_log), axis=-1)


def huber(y_true: Any, y_pred: Any, delta: float = 1.0) -> Any:
    """The Huber loss, `0.5 * e**2` where `|e| <= delta` and
    `delta * (|e| - 0.5 * delta)` elsewhere (`e = y_pred - y_true`),
    averaged over the last axis.

    Example:
        >>> from cornu import losses
        >>> losses.huber([[0.0, 0.0]], [[0.5, 3.0]])
        array([1.3125], dtype=float32)
    """
    y_true, y_pred = _pair(y_true, y_pred, "huber")
    error = y_pred - y_true
    abs_error = o.abs(error)
    quadratic = 0.5 * o.square(error)
    linear = delta * abs_error - 0.5 * delta * delta
    return o.mean(o.where(abs_error <= delta, quadratic, linear), axis=-1)


def log_cosh(y_true: Any, y_pred: Any) -> Any:
    """`mean(log(cosh(y_pred - y_true)), axis=-1)`, computed as
    `x + softplus(-2 x) - log(2)` so large errors do not overflow.

    Example:
        >>> from cornu import losses
        >>> losses.log_cosh([[0.0]], [[0.0]])
        array([0.], dtype=float32)
    """
    y_true, y_pred = _pair(y_true, y_pred, "log_cosh")
    error = y_pred - y_true
    values = error + o.softplus(-2.0 * error) - math.log(2.0)
    return o.mean(values, axis=-1)


def cosine_similarity(y_true: Any, y_pred: Any, axis: int = -1) -> Any:
    """The negative cosine similarity along `axis`: `-1` for parallel
    vectors, `1` for opposite ones, `0` when either is zero.

    Example:
        >>> from cornu import losses
        >>> losses.cosine_similarity([[1.0, 0.0]], [[2.0, 0.0]])
        array([-1.], dtype=float32)
    """
    y_true, y_pred = _pair(y_true, y_pred, "cosine_similarity")
    y_true = o.normalize(y_true, axis=axis)
    y_pred = o.normalize(y_pred, axis=axis)
    return -o.sum(y_true * y_pred, axis=axis)


class MeanSquaredError(BuiltinLoss):
    """The mean of squared errors (`mean_squared_error`), reduced.

    Example:
        >>> from cornu import losses
        >>> float(losses.MeanSquaredError()([[0.0, 1.0]], [[1.0, 1.0]]))
        0.5
    """

    def __init__(
        self,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "mean_squared_error",
        dtype: Any = None,
    ):
        super().__init__(
            mean_squared_error, name=name, reduction=reduction, dtype=dtype
        )


class MeanAbsoluteError(BuiltinLoss):
    """The mean of absolute errors (`mean_absolute_error`), reduced.

    Example:
        >>> from cornu import losses
        >>> float(losses.MeanAbsoluteError()([[0.0, 1.0]], [[2.0, 1.0]]))
        1.0
    """

    def __init__(
        self,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "mean_absolute_error",
        dtype: Any = None,
    ):
        super().__init__(
            mean_absolute_error, name=name, reduction=reduction, dtype=dtype
        )


class MeanAbsolutePercentageError(BuiltinLoss):
    """`mean_absolute_percentage_error`, reduced.

    Example:
        >>> from cornu import losses
        >>> loss = losses.MeanAbsolutePercentageError()
        >>> float(loss([[2.0, 4.0]], [[1.0, 4.0]]))
        25.0
    """

    def __init__(
        self,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "mean_absolute_percentage_error",
        dtype: Any = None,
    ):
        super().__init__(
            mean_absolute_percentage_error,
            name=name,
            reduction=reduction,
            dtype=dtype,
        )


class MeanSquaredLogarithmicError(BuiltinLoss):
    """`mean_squared_logarithmic_error`, reduced.

    Example:
        >>> from cornu import losses
        >>> float(losses.MeanSquaredLogarithmicError()([[0.0]], [[0.0]]))
        0.0
    """

    def __init__(
        self,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "mean_squared_logarithmic_error",
        dtype: Any = None,
    ):
        super().__init__(
            mean_squared_logarithmic_error,
            name=name,
            reduction=reduction,
            dtype=dtype,
        )


class Huber(BuiltinLoss):
    """The Huber loss (`huber`), reduced.

    Unlike Keras 3, `get_config` records `delta`, so the loss round-trips.

    Example:
        >>> from cornu import losses
        >>> float(losses.Huber(delta=1.0)([[0.0, 0.0]], [[0.5, 3.0]]))
        1.3125
    """

    def __init__(
        self,
        delta: float = 1.0,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "huber_loss",
        dtype: Any = None,
    ):
        super().__init__(
            huber, name=name, reduction=reduction, dtype=dtype, delta=delta
        )


class LogCosh(BuiltinLoss):
    """`log_cosh`, reduced.

    Example:
        >>> from cornu import losses
        >>> float(losses.LogCosh()([[0.0]], [[0.0]]))
        0.0
    """

    def __init__(
        self,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "log_cosh",
        dtype: Any = None,
    ):
        super().__init__(log_cosh, name=name, reduction=reduction, dtype=dtype)


class CosineSimilarity(BuiltinLoss):
    """The negative cosine similarity (`cosine_similarity`), reduced.

    Unlike Keras 3, `get_config` records `axis`, so the loss round-trips.

    Example:
        >>> from cornu import losses
        >>> float(losses.CosineSimilarity()([[1.0, 0.0]], [[2.0, 0.0]]))
        -1.0
    """

    def __init__(
        self,
        axis: int = -1,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "cosine_similarity",
        dtype: Any = None,
    ):
        super().__init__(
            cosine_similarity,
            name=name,
            reduction=reduction,
            dtype=dtype,
            axis=axis,
        )
