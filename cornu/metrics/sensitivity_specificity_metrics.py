"""Rates read off a curve at a constraint: `SensitivityAtSpecificity`,
`SpecificityAtSensitivity`, `PrecisionAtRecall` and `RecallAtPrecision`.

Each counts true/false positives/negatives at `num_thresholds` thresholds
spread evenly over [0, 1] (0 and 1 included; a single threshold is 0.5),
then returns the best value of one rate among the thresholds where the
other rate reaches the target (0 when none does).
"""

from __future__ import annotations

import numbers
from typing import Any

from cornu import ops
from cornu.metrics.confusion_metrics import update_confusion_matrix_variables
from cornu.metrics.metric import Metric
from cornu.metrics.reduction_metrics import divide_no_nan

_COUNTS = ("true_positives", "false_positives", "true_negatives",
           "false_negatives")


def _even_thresholds(num_thresholds: int) -> list[float]:
    if num_thresholds == 1:
        return [0.5]
    inner = [(i + 1) / (num_thresholds - 1)
             for i in range(num_thresholds - 2)]
    return [0.0, *inner, 1.0]


def _best_where_reached(constraint, target: float, dependent):
    """The largest `dependent` value where `constraint >= target`, or 0
    when the constraint is never reached."""
    reached = ops.greater_equal(constraint, target)
    best = ops.max(ops.where(reached, dependent, ops.zeros_like(dependent)))
    return ops.where(ops.any(reached), best, ops.zeros_like(best))


def _sensitivity(tp, fp, tn, fn):
    return divide_no_nan(tp, tp + fn)


def _specificity(tp, fp, tn, fn):
    return divide_no_nan(tn, tn + fp)


def _precision(tp, fp, tn, fn):
    return divide_no_nan(tp, tp + fp)


# Each rate, one value per threshold, from the four counts.
_RATES = {"sensitivity": _sensitivity, "recall": _sensitivity,
          "specificity": _specificity, "precision": _precision}


class _RateAtConstraint(Metric):
    """Counts the confusion matrix at evenly spread thresholds. A subclass
    names the constrained rate (`_target`, also the name of its first
    argument and attribute) and the rate it reports (`_reported`)."""

    _target = ""
    _reported = ""

    def __init__(self, value: float, num_thresholds: int = 200,
                 class_id: int | None = None, name: str | None = None,
                 dtype: Any = None):
        owner = type(self).__name__
        is_number = isinstance(value, numbers.Real) and not isinstance(
            value, bool)
        if not is_number or not 0.0 <= value <= 1.0:
            raise ValueError(
                f"{owner}: `{self._target}` must be a number in [0, 1]. "
                f"Received: {self._target}={value!r}."
            )
        is_int = isinstance(num_thresholds, numbers.Integral) and (
            not isinstance(num_thresholds, bool))
        if not is_int or num_thresholds <= 0:
            raise ValueError(
                f"{owner}: `num_thresholds` must be an integer > 0. "
                f"Received: num_thresholds={num_thresholds!r}."
            )
        super().__init__(name=name, dtype=dtype)
        self.value = float(value)
        setattr(self, self._target, self.value)
        self.num_thresholds = int(num_thresholds)
        self.class_id = class_id
        self.thresholds = _even_thresholds(self.num_thresholds)
        for count in _COUNTS:
            setattr(self, count, self.add_variable(
                shape=(self.num_thresholds,), initializer="zeros", name=count
            ))

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Adds a batch's (weighted) counts.

        Args:
            y_true: binary labels, of `y_pred`'s shape.
            y_pred: scores in [0, 1].
            sample_weight: optional weights, one per sample or per entry.
        """
        update_confusion_matrix_variables(
            {"tp": self.true_positives, "fp": self.false_positives,
             "tn": self.true_negatives, "fn": self.false_negatives},
            y_true, y_pred, thresholds=self.thresholds,
            class_id=self.class_id, sample_weight=sample_weight,
        )

    def result(self):
        counts = [ops.convert_to_tensor(getattr(self, c)) for c in _COUNTS]
        return _best_where_reached(_RATES[self._target](*counts), self.value,
                                   _RATES[self._reported](*counts))

    def get_config(self) -> dict:
        return {**super().get_config(), "class_id": self.class_id,
                "num_thresholds": self.num_thresholds,
                self._target: self.value}

    @classmethod
    def from_config(cls, config: dict) -> Metric:
        return cls(**config)


class SensitivityAtSpecificity(_RateAtConstraint):
    """The best sensitivity (recall, `tp / (tp + fn)`) among thresholds
    whose specificity (`tn / (tn + fp)`) is at least `specificity`.

    Args:
        specificity: the target specificity, in [0, 1].
        num_thresholds: how many thresholds to try, spread over [0, 1].
        class_id: count only this class (of the last axis).
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.SensitivityAtSpecificity(0.5, num_thresholds=5)
        >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
        >>> float(m.result())
        0.5
    """

    _target = "specificity"
    _reported = "sensitivity"

    def __init__(self, specificity: float, num_thresholds: int = 200,
                 class_id: int | None = None, name: str | None = None,
                 dtype: Any = None):
        super().__init__(specificity, num_thresholds, class_id, name, dtype)


class SpecificityAtSensitivity(_RateAtConstraint):
    """The best specificity (`tn / (tn + fp)`) among thresholds whose
    sensitivity (`tp / (tp + fn)`) is at least `sensitivity`.

    Args:
        sensitivity: the target sensitivity, in [0, 1].
        num_thresholds: how many thresholds to try, spread over [0, 1].
        class_id: count only this class (of the last axis).
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.SpecificityAtSensitivity(0.5, num_thresholds=5)
        >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
        >>> round(float(m.result()), 4)
        0.6667
    """

    _target = "sensitivity"
    _reported = "specificity"

    def __init__(self, sensitivity: float, num_thresholds: int = 200,
                 class_id: int | None = None, name: str | None = None,
                 dtype: Any = None):
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)


class PrecisionAtRecall(_RateAtConstraint):
    """The best precision (`tp / (tp + fp)`) among thresholds whose recall
    (`tp / (tp + fn)`) is at least `recall`.

    Args:
        recall: the target recall, in [0, 1].
        num_thresholds: how many thresholds to try, spread over [0, 1].
        class_id: count only this class (of the last axis).
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.PrecisionAtRecall(0.5, num_thresholds=5)
        >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
        >>> float(m.result())
        0.5
    """

    _target = "recall"
    _reported = "precision"

    def __init__(self, recall: float, num_thresholds: int = 200,
                 class_id: int | None = None, name: str | None = None,
                 dtype: Any = None):
        super().__init__(recall, num_thresholds, class_id, name, dtype)


class RecallAtPrecision(_RateAtConstraint):
    """The best recall (`tp / (tp + fn)`) among thresholds whose precision
    (`tp / (tp + fp)`) is at least `precision`.

    Args:
        precision: the target precision, in [0, 1].
        num_thresholds: how many thresholds to try, spread over [0, 1].
        class_id: count only this class (of the last axis).
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.RecallAtPrecision(0.5, num_thresholds=5)
        >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
        >>> float(m.result())
        1.0
    """

    _target = "precision"
    _reported = "recall"

    def __init__(self, precision: float, num_thresholds: int = 200,
                 class_id: int | None = None, name: str | None = None,
                 dtype: Any = None):
        super().__init__(precision, num_thresholds, class_id, name, dtype)
