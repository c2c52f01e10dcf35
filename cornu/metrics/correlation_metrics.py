"""Correlation metrics: `PearsonCorrelation` and `ConcordanceCorrelation`,
each the mean over samples of a coefficient computed along `axis` of every
sample."""

from __future__ import annotations

from typing import Any

from cornu import backend, ops
from cornu.metrics.reduction_metrics import (
    MeanMetricWrapper,
    squeeze_or_expand_to_same_rank,
)


def _pair(y_true, y_pred):
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(ops.convert_to_tensor(y_true), y_pred.dtype)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def pearson_correlation(y_true, y_pred, axis: int | tuple[int, ...] = -1):
    """The Pearson correlation coefficient of `y_true` and `y_pred` along
    `axis`: the mean product of their standardized values.

    A constant `y_true` or `y_pred` gives NaN (its standard deviation is
    0), as in Keras.

    Example:
        >>> from cornu import metrics
        >>> out = metrics.pearson_correlation([[0.0, 1.0, 2.0]],
        ...                                   [[1.0, 3.0, 5.0]])
        >>> round(float(out[0]), 4)
        1.0
    """
    y_true, y_pred = _pair(y_true, y_pred)
    y_true = y_true - ops.mean(y_true, axis=axis, keepdims=True)
    y_pred = y_pred - ops.mean(y_pred, axis=axis, keepdims=True)
    y_true = y_true / ops.std(y_true, axis=axis, keepdims=True)
    y_pred = y_pred / ops.std(y_pred, axis=axis, keepdims=True)
    return ops.mean(y_true * y_pred, axis=axis)


def concordance_correlation(y_true, y_pred,
                            axis: int | tuple[int, ...] = -1):
    """Lin's concordance correlation coefficient of `y_true` and `y_pred`
    along `axis`: `2 cov / (var_true + var_pred + (mean_true -
    mean_pred) ** 2)`, with `epsilon()` added to the denominator.

    Example:
        >>> from cornu import metrics
        >>> out = metrics.concordance_correlation([[0.0, 1.0, 2.0]],
        ...                                       [[0.0, 1.0, 2.0]])
        >>> round(float(out[0]), 4)
        1.0
    """
    y_true, y_pred = _pair(y_true, y_pred)
    mean_true = ops.mean(y_true, axis=axis, keepdims=True)
    mean_pred = ops.mean(y_pred, axis=axis, keepdims=True)
    covariance = ops.mean((y_true - mean_true) * (y_pred - mean_pred),
                          axis=axis)
    denominator = (
        ops.var(y_true, axis=axis)
        + ops.var(y_pred, axis=axis)
        + ops.mean(ops.square(mean_true - mean_pred), axis=axis)
    )
    return 2.0 * covariance / (denominator + backend.epsilon())


class _AxisWrapper(MeanMetricWrapper):
    def __init__(self, fn, name: str, dtype: Any,
                 axis: int | tuple[int, ...]):
        axes = axis if isinstance(axis, (tuple, list)) else (axis,)
        if not axes or any(isinstance(a, bool) or not isinstance(a, int)
                           for a in axes):
            raise ValueError(
                f"{type(self).__name__}: `axis` must be an integer or a "
                "tuple of integers. "
                f"Received: axis={axis!r}."
            )
        super().__init__(fn, name, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}


class PearsonCorrelation(_AxisWrapper):
    """The mean Pearson correlation coefficient between labels and
    predictions, each coefficient computed along `axis` of a sample.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.
        axis: the axis (or axes) the coefficient is computed along.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.PearsonCorrelation()
        >>> m.update_state([[0.0, 1.0, 2.0], [0.0, 1.0, 2.0]],
        ...                [[1.0, 3.0, 5.0], [2.0, 1.0, 0.0]])
        >>> round(float(m.result()), 4)
        0.0
    """

    def __init__(self, name: str = "pearson_correlation", dtype: Any = None,
                 axis: int | tuple[int, ...] = -1):
        super().__init__(pearson_correlation, name, dtype, axis)


class ConcordanceCorrelation(_AxisWrapper):
    """The mean concordance correlation coefficient between labels and
    predictions, each coefficient computed along `axis` of a sample.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.
        axis: the axis (or axes) the coefficient is computed along.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.ConcordanceCorrelation()
        >>> m.update_state([[0.0, 1.0, 2.0]], [[0.0, 1.0, 2.0]])
        >>> round(float(m.result()), 4)
        1.0
    """

    def __init__(self, name: str = "concordance_correlation",
                 dtype: Any = None, axis: int | tuple[int, ...] = -1):
        super().__init__(concordance_correlation, name, dtype, axis)
