"""Regression metrics: mean squared / absolute / percentage / squared
logarithmic errors, root mean squared error, cosine similarity, log-cosh
error and R2Score. The per-sample formulas are those of Keras 3's losses."""

from __future__ import annotations

import math
import warnings
from typing import Any

from cornu import backend, ops
from cornu.metrics.metric import Metric
from cornu.metrics.reduction_metrics import (
    Mean,
    MeanMetricWrapper,
    squeeze_or_expand_to_same_rank,
)


def _pair(y_true, y_pred):
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(ops.convert_to_tensor(y_true), y_pred.dtype)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def mean_squared_error(y_true, y_pred):
    """`mean(square(y_true - y_pred), axis=-1)`."""
    y_true, y_pred = _pair(y_true, y_pred)
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """`mean(abs(y_true - y_pred), axis=-1)`."""
    y_true, y_pred = _pair(y_true, y_pred)
    return ops.mean(ops.abs(y_true - y_pred), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    """`100 * mean(abs((y_true - y_pred) / max(abs(y_true), eps)))`."""
    y_true, y_pred = _pair(y_true, y_pred)
    denominator = ops.maximum(ops.abs(y_true), backend.epsilon())
    return 100.0 * ops.mean(ops.abs((y_true - y_pred) / denominator),
                            axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    """`mean(square(log(y_pred + 1) - log(y_true + 1)), axis=-1)`, with
    both clipped below at `epsilon()`."""
    y_true, y_pred = _pair(y_true, y_pred)
    eps = backend.epsilon()
    first_log = ops.log(ops.maximum(y_pred, eps) + 1.0)
    second_log = ops.log(ops.maximum(y_true, eps) + 1.0)
    return ops.mean(ops.square(first_log - second_log), axis=-1)


def log_cosh(y_true, y_pred):
    """`mean(log(cosh(y_pred - y_true)), axis=-1)`, computed stably."""
    y_true, y_pred = _pair(y_true, y_pred)
    x = y_pred - y_true
    return ops.mean(x + ops.softplus(x * -2.0) - math.log(2.0), axis=-1)


def cosine_similarity(y_true, y_pred, axis: int = -1):
    """The cosine of the angle between `y_true` and `y_pred` along
    `axis`."""
    y_true, y_pred = _pair(y_true, y_pred)
    y_pred = ops.normalize(y_pred, axis=axis)
    y_true = ops.normalize(y_true, axis=axis)
    return ops.sum(y_true * y_pred, axis=axis)


class _NamedWrapper(MeanMetricWrapper):
    """A `MeanMetricWrapper` whose config is only `name` and `dtype`."""

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}


class MeanSquaredError(_NamedWrapper):
    """The mean of `square(y_true - y_pred)`.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.MeanSquaredError()
        >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
        >>> float(m.result())
        0.25
    """

    def __init__(self, name: str = "mean_squared_error", dtype: Any = None):
        super().__init__(fn=mean_squared_error, name=name, dtype=dtype)


class MeanAbsoluteError(_NamedWrapper):
    """The mean of `abs(y_true - y_pred)`.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.MeanAbsoluteError()
        >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
        >>> float(m.result())
        0.25
    """

    def __init__(self, name: str = "mean_absolute_error",
                 dtype: Any = None):
        super().__init__(mean_absolute_error, name, dtype=dtype)


class MeanAbsolutePercentageError(_NamedWrapper):
    """The mean absolute percentage error.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.MeanAbsolutePercentageError()
        >>> m.update_state([[2.0], [4.0]], [[1.0], [4.0]])
        >>> float(m.result())
        25.0
    """

    def __init__(self, name: str = "mean_absolute_percentage_error",
                 dtype: Any = None):
        super().__init__(mean_absolute_percentage_error, name, dtype=dtype)


class MeanSquaredLogarithmicError(_NamedWrapper):
    """The mean of `square(log(y_true + 1) - log(y_pred + 1))`.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.MeanSquaredLogarithmicError()
        >>> m.update_state([[0.0], [0.0]], [[0.0], [0.0]])
        >>> float(m.result())
        0.0
    """

    def __init__(self, name: str = "mean_squared_logarithmic_error",
                 dtype: Any = None):
        super().__init__(mean_squared_logarithmic_error, name, dtype=dtype)


class LogCoshError(_NamedWrapper):
    """The mean of `log(cosh(y_pred - y_true))`.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.LogCoshError()
        >>> m.update_state([[0.0], [1.0]], [[0.0], [1.0]])
        >>> abs(float(m.result())) < 1e-6
        True
    """

    def __init__(self, name: str = "logcosh", dtype: Any = None):
        super().__init__(log_cosh, name, dtype=dtype)


class CosineSimilarity(_NamedWrapper):
    """The mean cosine similarity between labels and predictions.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.CosineSimilarity()
        >>> m.update_state([[0.0, 1.0], [1.0, 1.0]],
        ...                [[1.0, 0.0], [1.0, 1.0]])
        >>> round(float(m.result()), 4)
        0.5
    """

    def __init__(self, name: str = "cosine_similarity", dtype: Any = None,
                 axis: int = -1):
        super().__init__(cosine_similarity, name, dtype=dtype, axis=axis)


class RootMeanSquaredError(Mean):
    """The square root of the mean of `square(y_true - y_pred)`.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.RootMeanSquaredError()
        >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, name: str = "root_mean_squared_error",
                 dtype: Any = None):
        super().__init__(name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true = ops.cast(ops.convert_to_tensor(y_true), self.dtype)
        y_pred = ops.cast(ops.convert_to_tensor(y_pred), self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        super().update_state(ops.square(y_pred - y_true),
                             sample_weight=sample_weight)

    def result(self):
        return ops.sqrt(super().result())


_R2_AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")


class R2Score(Metric):
    """The coefficient of determination, per output and aggregated.

    Inputs are `(batch_size, output_dim)`.

    Args:
        class_aggregation: `"uniform_average"` (the mean over outputs),
            `"variance_weighted_average"` or `None` (one score per output).
        num_regressors: the number of independent regressors, for the
            adjusted R2 score; 0 gives the plain score.
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.R2Score()
        >>> m.update_state([[1.0], [4.0], [3.0]], [[2.0], [4.0], [4.0]])
        >>> round(float(m.result()), 4)
        0.5714
    """

    def __init__(self, class_aggregation: str | None = "uniform_average",
                 num_regressors: int = 0, name: str = "r2_score",
                 dtype: Any = None):
        super().__init__(name=name, dtype=dtype)
        if class_aggregation not in _R2_AGGREGATIONS:
            raise ValueError(
                "R2Score: `class_aggregation` must be one of "
                f"{_R2_AGGREGATIONS}. Received: "
                f"class_aggregation={class_aggregation!r}."
            )
        if num_regressors < 0:
            raise ValueError(
                "R2Score: `num_regressors` must be >= 0. Received: "
                f"num_regressors={num_regressors!r}."
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable(shape=(), initializer="zeros",
                                             name="num_samples")
        self._built = False

    def _build(self, y_true_shape, y_pred_shape) -> None:
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "R2Score expects 2D inputs of shape (batch_size, "
                f"output_dim). Received: y_pred.shape={y_pred_shape} and "
                f"y_true.shape={y_true_shape}."
            )
        n = y_pred_shape[-1]
        self.squared_sum = self.add_variable((n,), "zeros",
                                             name="squared_sum")
        self.sum = self.add_variable((n,), "zeros", name="sum")
        self.total_mse = self.add_variable((n,), "zeros", name="residual")
        self.count = self.add_variable((n,), "zeros", name="count")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true = ops.cast(ops.convert_to_tensor(y_true), self.dtype)
        y_pred = ops.cast(ops.convert_to_tensor(y_pred), self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        if not self._built:
            self._build(tuple(y_true.shape), tuple(y_pred.shape))
        if sample_weight is None:
            sample_weight = 1.0
        sample_weight = ops.cast(ops.convert_to_tensor(sample_weight),
                                 self.dtype)
        if len(sample_weight.shape) == 1:
            sample_weight = ops.expand_dims(sample_weight, axis=1)
        sample_weight = ops.broadcast_to(sample_weight, ops.shape(y_true))
        weighted_y_true = y_true * sample_weight
        self.sum.assign_add(ops.sum(weighted_y_true, axis=0))
        self.squared_sum.assign_add(
            ops.sum(y_true * weighted_y_true, axis=0)
        )
        self.total_mse.assign_add(
            ops.sum(ops.square(y_true - y_pred) * sample_weight, axis=0)
        )
        self.count.assign_add(ops.sum(sample_weight, axis=0))
        self.num_samples.assign_add(
            ops.cast(math.prod(y_true.shape), self.num_samples.dtype)
        )

    def result(self):
        if not self._built:
            raise RuntimeError(
                "R2Score: `result()` was called before any `update_state`; "
                "the number of outputs is unknown. Call `update_state` "
                "first."
            )
        mean = self.sum / self.count
        total = self.squared_sum - self.sum * mean
        raw_scores = 1.0 - self.total_mse / total
        raw_scores = ops.where(ops.isinf(raw_scores), 0.0, raw_scores)
        if self.class_aggregation == "uniform_average":
            score = ops.mean(raw_scores)
        elif self.class_aggregation == "variance_weighted_average":
            score = ops.sum(total * raw_scores) / ops.sum(total)
        else:
            score = raw_scores
        if self.num_regressors != 0:
            n = float(ops.convert_to_numpy(self.num_samples))
            p = float(self.num_regressors)
            if p >= n - 1:
                warnings.warn(
                    "R2Score: the adjusted score needs more samples than "
                    "regressors plus one; falling back to the plain score.",
                    stacklevel=2,
                )
            else:
                score = 1.0 - (1.0 - score) * (n - 1.0) / (n - p - 1.0)
        return score

    def get_config(self) -> dict:
        return {**super().get_config(),
                "class_aggregation": self.class_aggregation,
                "num_regressors": self.num_regressors}
