"""Confusion-matrix metrics: `TruePositives`, `TrueNegatives`,
`FalsePositives`, `FalseNegatives`, `Precision` and `Recall`, each counted
at one or more thresholds."""

from __future__ import annotations

import math
from typing import Any

from cornu import ops
from cornu.metrics.metric import Metric
from cornu.metrics.reduction_metrics import (
    divide_no_nan,
    squeeze_or_expand_to_same_rank,
)

NEG_INF = -1e10
_CONDITIONS = ("tp", "fp", "tn", "fn")


def _to_list(x) -> list:
    return list(x) if isinstance(x, (list, tuple)) else [x]


def parse_init_thresholds(thresholds, default_threshold=0.5) -> list:
    """The thresholds as a list, checked to lie in [0, 1]."""
    if thresholds is not None:
        invalid = [t for t in _to_list(thresholds)
                   if t is None or t < 0 or t > 1]
        if invalid:
            raise ValueError(
                "`thresholds` must lie in [0, 1]. Received: "
                f"thresholds={thresholds!r}."
            )
    return _to_list(default_threshold if thresholds is None else thresholds)


def _filter_top_k(x, k):
    """Keeps the `k` largest entries of the last axis; sets the rest to
    `NEG_INF`."""
    _, top_k_idx = ops.top_k(x, k)
    mask = ops.sum(ops.one_hot(top_k_idx, x.shape[-1], dtype=x.dtype),
                   axis=-2)
    return x * mask + NEG_INF * (1.0 - mask)


def update_confusion_matrix_variables(variables_to_update, y_true, y_pred,
                                      thresholds, top_k=None, class_id=None,
                                      sample_weight=None,
                                      multi_label: bool = False,
                                      label_weights=None) -> None:
    """Adds this batch's (weighted) confusion counts, one per threshold,
    to the variables in `variables_to_update` (`"tp"`, `"fp"`, `"tn"`,
    `"fn"` -> variable). With `multi_label`, `y_pred` is
    `(num_samples, num_labels)` and the counts are kept per label."""
    if multi_label and label_weights is not None:
        raise ValueError(
            "`label_weights` with `multi_label=True` must be applied to "
            "the per-label results, not to the confusion counts."
        )
    dtype = next(iter(variables_to_update.values())).dtype
    y_true = ops.cast(ops.convert_to_tensor(y_true), dtype)
    y_pred = ops.cast(ops.convert_to_tensor(y_pred), dtype)
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    if sample_weight is not None:
        sample_weight = ops.expand_dims(
            ops.cast(ops.convert_to_tensor(sample_weight), dtype), axis=-1
        )
        _, sample_weight = squeeze_or_expand_to_same_rank(
            y_true, sample_weight, expand_rank_1=False
        )
    if top_k is not None:
        y_pred = _filter_top_k(y_pred, top_k)
    if class_id is not None:
        if len(y_pred.shape) == 1:
            raise ValueError(
                "With `class_id`, `y_pred` must have shape (num_samples, "
                f"num_classes). Received: y_pred.shape={y_pred.shape}."
            )
        y_true = y_true[..., class_id:class_id + 1]
        y_pred = y_pred[..., class_id:class_id + 1]
    # Samples (and labels) lie on the last axis of `data_shape`; thresholds
    # on the first axis of the comparisons.
    if multi_label:
        data_shape = (1, *y_pred.shape)
        thresholds_shape = (-1, 1, 1)
    else:
        data_shape = (1, math.prod(y_pred.shape))
        thresholds_shape = (-1, 1)
    thresholds = ops.reshape(
        ops.convert_to_tensor(thresholds, dtype=dtype), thresholds_shape
    )
    pred_is_pos = ops.greater(ops.reshape(y_pred, data_shape), thresholds)
    label_is_pos = ops.reshape(ops.cast(y_true, "bool"), data_shape)
    weights = None
    if sample_weight is not None:
        weights = ops.broadcast_to(sample_weight, ops.shape(y_pred))
    if label_weights is not None:
        label_weights = ops.broadcast_to(
            ops.cast(ops.convert_to_tensor(label_weights), dtype),
            ops.shape(y_pred),
        )
        weights = label_weights if weights is None else weights * (
            label_weights)
    if weights is not None:
        weights = ops.reshape(weights, data_shape)
    conditions = {
        "tp": lambda: ops.logical_and(label_is_pos, pred_is_pos),
        "fp": lambda: ops.logical_and(ops.logical_not(label_is_pos),
                                      pred_is_pos),
        "tn": lambda: ops.logical_and(ops.logical_not(label_is_pos),
                                      ops.logical_not(pred_is_pos)),
        "fn": lambda: ops.logical_and(label_is_pos,
                                      ops.logical_not(pred_is_pos)),
    }
    for key, variable in variables_to_update.items():
        hit = conditions[key]()
        if weights is None:
            counts = ops.cast(hit, dtype)
        else:
            counts = ops.where(hit, weights, ops.zeros_like(weights))
        variable.assign_add(ops.sum(counts, axis=1))


class _ConfusionMatrixConditionCount(Metric):
    """Counts one cell of the confusion matrix (`_confusion_matrix_cond`:
    `"tp"`, `"fp"`, `"tn"` or `"fn"`) at each threshold."""

    _confusion_matrix_cond = ""

    def __init__(self, thresholds=None, name: str | None = None,
                 dtype: Any = None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = parse_init_thresholds(thresholds)
        self.accumulator = self.add_variable(
            shape=(len(self.thresholds),), initializer="zeros",
            name="accumulator",
        )

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        update_confusion_matrix_variables(
            {self._confusion_matrix_cond: self.accumulator}, y_true, y_pred,
            thresholds=self.thresholds, sample_weight=sample_weight,
        )

    def result(self):
        result = ops.convert_to_tensor(self.accumulator)
        return result[0] if len(self.thresholds) == 1 else result

    def get_config(self) -> dict:
        return {**super().get_config(), "thresholds": self.init_thresholds}


class FalsePositives(_ConfusionMatrixConditionCount):
    """The (weighted) count of false positives at each threshold.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.FalsePositives()
        >>> m.update_state([0, 1, 0, 0], [0, 0, 1, 1])
        >>> float(m.result())
        2.0
    """

    _confusion_matrix_cond = "fp"


class FalseNegatives(_ConfusionMatrixConditionCount):
    """The (weighted) count of false negatives at each threshold.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.FalseNegatives()
        >>> m.update_state([0, 1, 1, 1], [0, 1, 0, 0])
        >>> float(m.result())
        2.0
    """

    _confusion_matrix_cond = "fn"


class TrueNegatives(_ConfusionMatrixConditionCount):
    """The (weighted) count of true negatives at each threshold.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.TrueNegatives()
        >>> m.update_state([0, 1, 0, 0], [1, 1, 0, 0])
        >>> float(m.result())
        2.0
    """

    _confusion_matrix_cond = "tn"


class TruePositives(_ConfusionMatrixConditionCount):
    """The (weighted) count of true positives at each threshold.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.TruePositives()
        >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> float(m.result())
        2.0
    """

    _confusion_matrix_cond = "tp"


class _PrecisionRecall(Metric):
    _other = ""  # "fp" for precision, "fn" for recall
    _other_name = ""

    def __init__(self, thresholds=None, top_k: int | None = None,
                 class_id: int | None = None, name: str | None = None,
                 dtype: Any = None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default_threshold = 0.5 if top_k is None else NEG_INF
        self.thresholds = parse_init_thresholds(
            thresholds, default_threshold=default_threshold
        )
        n = len(self.thresholds)
        self.true_positives = self.add_variable(
            shape=(n,), initializer="zeros", name="true_positives"
        )
        setattr(self, self._other_name, self.add_variable(
            shape=(n,), initializer="zeros", name=self._other_name
        ))

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        update_confusion_matrix_variables(
            {"tp": self.true_positives,
             self._other: getattr(self, self._other_name)},
            y_true, y_pred, thresholds=self.thresholds, top_k=self.top_k,
            class_id=self.class_id, sample_weight=sample_weight,
        )

    def result(self):
        tp = ops.convert_to_tensor(self.true_positives)
        other = ops.convert_to_tensor(getattr(self, self._other_name))
        result = divide_no_nan(tp, tp + other)
        return result[0] if len(self.thresholds) == 1 else result

    def get_config(self) -> dict:
        return {**super().get_config(), "thresholds": self.init_thresholds,
                "top_k": self.top_k, "class_id": self.class_id}


class Precision(_PrecisionRecall):
    """The precision `tp / (tp + fp)` at each threshold.

    Args:
        thresholds: a float or list of floats in [0, 1]; a prediction is
            positive above it (default 0.5, or every top-k entry when
            `top_k` is set).
        top_k: count only the `k` largest predictions of each sample.
        class_id: count only this class (of the last axis).
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Precision()
        >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> round(float(m.result()), 4)
        0.6667
    """

    _other = "fp"
    _other_name = "false_positives"


class Recall(_PrecisionRecall):
    """The recall `tp / (tp + fn)` at each threshold.

    Args:
        thresholds: a float or list of floats in [0, 1]; a prediction is
            positive above it (default 0.5, or every top-k entry when
            `top_k` is set).
        top_k: count only the `k` largest predictions of each sample.
        class_id: count only this class (of the last axis).
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Recall()
        >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> round(float(m.result()), 4)
        0.6667
    """

    _other = "fn"
    _other_name = "false_negatives"
