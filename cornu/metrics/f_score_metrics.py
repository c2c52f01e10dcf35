"""`FBetaScore` and `F1Score`: per-class F-scores of multi-label or
multi-class predictions, averaged as Keras 3 does."""

from __future__ import annotations

from typing import Any

from cornu import backend, ops
from cornu.metrics.metric import Metric

_AVERAGES = (None, "micro", "macro", "weighted")


class FBetaScore(Metric):
    """The F-beta score `(1 + beta²) · p · r / (beta² · p + r)`.

    Inputs are `(batch_size, num_classes)`.

    Args:
        average: `None` (one score per class), `"micro"` (counts pooled
            over classes), `"macro"` (the mean over classes) or
            `"weighted"` (the mean weighted by each class's support).
        beta: the weight of recall against precision.
        threshold: predictions above it are positive; `None` marks each
            sample's largest prediction as positive.
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.FBetaScore(beta=2.0, threshold=0.5, average="micro")
        >>> m.update_state([[1, 1, 1], [1, 0, 0]],
        ...                [[0.9, 0.2, 0.8], [0.1, 0.6, 0.2]])
        >>> round(float(m.result()), 4)
        0.5263
    """

    def __init__(self, average: str | None = None, beta: float = 1.0,
                 threshold: float | None = None, name: str = "fbeta_score",
                 dtype: Any = None):
        super().__init__(name=name, dtype=dtype)
        owner = type(self).__name__
        if average not in _AVERAGES:
            raise ValueError(
                f"{owner}: `average` must be one of {_AVERAGES}. "
                f"Received: average={average!r}."
            )
        if not isinstance(beta, float) or beta <= 0.0:
            raise ValueError(
                f"{owner}: `beta` must be a positive Python float. "
                f"Received: beta={beta!r}."
            )
        if threshold is not None and (
                not isinstance(threshold, float)
                or not 0.0 < threshold <= 1.0):
            raise ValueError(
                f"{owner}: `threshold` must be a Python float in (0, 1]. "
                f"Received: threshold={threshold!r}."
            )
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    def _build(self, y_true_shape, y_pred_shape) -> None:
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                f"{type(self).__name__} expects 2D inputs of shape "
                f"(batch_size, num_classes). Received: y_pred.shape="
                f"{y_pred_shape} and y_true.shape={y_true_shape}."
            )
        shape = () if self.average == "micro" else (y_pred_shape[-1],)
        for name in ("true_positives", "false_positives", "false_negatives",
                     "intermediate_weights"):
            setattr(self, name, self.add_variable(
                shape=shape, initializer="zeros", dtype=self.dtype,
                name=name,
            ))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_true = ops.cast(ops.convert_to_tensor(y_true), self.dtype)
        y_pred = ops.cast(ops.convert_to_tensor(y_pred), self.dtype)
        if not self._built:
            self._build(tuple(y_true.shape), tuple(y_pred.shape))
        if self.threshold is None:
            largest = ops.max(y_pred, axis=-1, keepdims=True)
            # `abs(x) > 1e-9` keeps an all-zero row all negative.
            y_pred = ops.logical_and(ops.greater_equal(y_pred, largest),
                                     ops.greater(ops.abs(y_pred), 1e-9))
        else:
            y_pred = ops.greater(y_pred, self.threshold)
        y_pred = ops.cast(y_pred, self.dtype)
        if sample_weight is not None:
            sample_weight = ops.expand_dims(
                ops.cast(ops.convert_to_tensor(sample_weight), self.dtype), 1
            )

        def weighted_sum(value):
            if sample_weight is not None:
                value = value * sample_weight
            return ops.sum(value, axis=self.axis)

        self.true_positives.assign_add(weighted_sum(y_pred * y_true))
        self.false_positives.assign_add(
            weighted_sum(y_pred * (1.0 - y_true))
        )
        self.false_negatives.assign_add(
            weighted_sum((1.0 - y_pred) * y_true)
        )
        self.intermediate_weights.assign_add(weighted_sum(y_true))

    def result(self):
        if not self._built:
            raise RuntimeError(
                f"{type(self).__name__}: `result()` was called before any "
                "`update_state`; the number of classes is unknown. Call "
                "`update_state` first."
            )
        eps = backend.epsilon()
        tp = ops.convert_to_tensor(self.true_positives)
        precision = tp / (tp + self.false_positives + eps)
        recall = tp / (tp + self.false_negatives + eps)
        beta_sq = self.beta**2
        score = (1.0 + beta_sq) * (precision * recall
                                   / (beta_sq * precision + recall + eps))
        if self.average == "weighted":
            support = ops.convert_to_tensor(self.intermediate_weights)
            weights = support / (ops.sum(support) + eps)
            score = ops.sum(score * weights)
        elif self.average is not None:
            score = ops.mean(score)
        return score

    def get_config(self) -> dict:
        return {**super().get_config(), "average": self.average,
                "beta": self.beta, "threshold": self.threshold}


class F1Score(FBetaScore):
    """The F1 score, the harmonic mean of precision and recall.

    Args:
        average: `None`, `"micro"`, `"macro"` or `"weighted"` (see
            `FBetaScore`).
        threshold: predictions above it are positive; `None` marks each
            sample's largest prediction as positive.
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.F1Score(threshold=0.5, average="micro")
        >>> m.update_state([[1, 1, 1], [1, 0, 0]],
        ...                [[0.9, 0.2, 0.8], [0.1, 0.6, 0.2]])
        >>> round(float(m.result()), 4)
        0.5714
    """

    def __init__(self, average: str | None = None,
                 threshold: float | None = None, name: str = "f1_score",
                 dtype: Any = None):
        super().__init__(average=average, beta=1.0, threshold=threshold,
                         name=name, dtype=dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["beta"]
        return config
