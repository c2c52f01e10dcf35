"""`AUC`: the area under the ROC or precision-recall curve, from confusion
counts at `num_thresholds` thresholds (Keras 3's Riemann sums, and its
interpolation of the PR curve by Davis & Goadrich)."""

from __future__ import annotations

from typing import Any

import numpy as np

from cornu import backend, ops
from cornu.metrics.confusion_metrics import (
    parse_init_thresholds,
    update_confusion_matrix_variables,
)
from cornu.metrics.metric import Metric
from cornu.metrics.reduction_metrics import divide_no_nan

_CURVES = {"roc": "ROC", "pr": "PR", "prgain": "PRGAIN"}
_SUMMATIONS = ("interpolation", "majoring", "minoring")
_COUNTS = ("true_positives", "false_positives", "true_negatives",
           "false_negatives")


class AUC(Metric):
    """The approximate area under the ROC or PR curve.

    Args:
        num_thresholds: the number of thresholds (> 1), spread evenly over
            [0, 1].
        curve: `"ROC"`, `"PR"` or `"PRGAIN"`.
        summation_method: `"interpolation"`, `"majoring"` or `"minoring"`.
        name: the metric's name.
        dtype: the dtype of the result.
        thresholds: explicit thresholds in [0, 1], used instead of
            `num_thresholds` (0 and 1 are added). Unlike Keras, values
            outside [0, 1] raise a `ValueError`.
        multi_label: one curve per label (of `y_pred`'s last axis), then
            averaged; otherwise all labels are pooled.
        num_labels: the number of labels, with `multi_label`; `None` waits
            for the first batch.
        label_weights: per-label weights, for the average (`multi_label`)
            or the counts.
        from_logits: `y_pred` holds logits.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.AUC(num_thresholds=3)
        >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
        >>> float(m.result())
        0.75
    """

    def __init__(self, num_thresholds: int = 200, curve: str = "ROC",
                 summation_method: str = "interpolation",
                 name: str | None = None, dtype: Any = None,
                 thresholds=None, multi_label: bool = False,
                 num_labels: int | None = None, label_weights=None,
                 from_logits: bool = False):
        if str(curve).lower() not in _CURVES:
            raise ValueError(
                "AUC: `curve` must be one of 'ROC', 'PR', 'PRGAIN'. "
                f"Received: curve={curve!r}."
            )
        if str(summation_method).lower() not in _SUMMATIONS:
            raise ValueError(
                f"AUC: `summation_method` must be one of {_SUMMATIONS}. "
                f"Received: summation_method={summation_method!r}."
            )
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            thresholds = sorted(parse_init_thresholds(thresholds))
            self.num_thresholds = len(thresholds) + 2
        else:
            if num_thresholds <= 1:
                raise ValueError(
                    "AUC: `num_thresholds` must be an integer > 1. "
                    f"Received: num_thresholds={num_thresholds!r}."
                )
            self.num_thresholds = num_thresholds
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1)
                          for i in range(num_thresholds - 2)]
        eps = backend.epsilon()
        self._thresholds = np.array([0.0 - eps, *thresholds, 1.0 + eps])
        self.curve = _CURVES[str(curve).lower()]
        self.summation_method = str(summation_method).lower()
        super().__init__(name=name, dtype=dtype)
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = (
            None if label_weights is None
            else ops.cast(ops.convert_to_tensor(label_weights), self.dtype)
        )
        self._from_logits = from_logits
        self._built = False
        if multi_label:
            if num_labels:
                self._build((None, num_labels))
        else:
            if num_labels:
                raise ValueError(
                    "AUC: `num_labels` is needed only when "
                    f"`multi_label=True`. Received: num_labels={num_labels}."
                )
            self._build(None)

    @property
    def thresholds(self) -> list:
        return list(self._thresholds)

    def _build(self, shape) -> None:
        if self.multi_label:
            if len(shape) != 2:
                raise ValueError(
                    "AUC: `y_pred` must have rank 2 when `multi_label=True`."
                    f" Received: y_pred.shape={tuple(shape)}."
                )
            self._num_labels = shape[1]
            variable_shape = (self.num_thresholds, self._num_labels)
        else:
            variable_shape = (self.num_thresholds,)
        for name in _COUNTS:
            setattr(self, name, self.add_variable(
                shape=variable_shape, initializer="zeros", name=name
            ))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        y_pred = ops.convert_to_tensor(y_pred)
        if not self._built:
            self._build(tuple(y_pred.shape))
        if self._from_logits:
            y_pred = ops.sigmoid(y_pred)
        update_confusion_matrix_variables(
            {"tp": self.true_positives, "tn": self.true_negatives,
             "fp": self.false_positives, "fn": self.false_negatives},
            y_true, y_pred, self._thresholds, sample_weight=sample_weight,
            multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights,
        )

    def _average_labels(self, terms):
        if not self.multi_label:
            return ops.sum(terms)
        by_label = ops.sum(terms, axis=0)
        if self.label_weights is None:
            return ops.mean(by_label)
        return divide_no_nan(ops.sum(by_label * self.label_weights),
                             ops.sum(self.label_weights))

    def _interpolate_pr_auc(self, tp, fp, fn):
        n = self.num_thresholds
        dtp = tp[:n - 1] - tp[1:]
        p = tp + fp
        dp = p[:n - 1] - p[1:]
        prec_slope = divide_no_nan(dtp, ops.maximum(dp, 0.0))
        intercept = tp[1:] - prec_slope * p[1:]
        safe_p_ratio = ops.where(
            ops.logical_and(ops.greater(p[:n - 1], 0),
                            ops.greater(p[1:], 0)),
            divide_no_nan(p[:n - 1], ops.maximum(p[1:], 0.0)),
            ops.ones_like(p[1:]),
        )
        increment = divide_no_nan(
            prec_slope * (dtp + intercept * ops.log(safe_p_ratio)),
            ops.maximum(tp[1:] + fn[1:], 0.0),
        )
        return self._average_labels(increment)

    def result(self):
        if not self._built:
            raise RuntimeError(
                "AUC: `result()` was called before any `update_state`; the "
                "number of labels is unknown. Call `update_state` first or "
                "pass `num_labels=`."
            )
        tp, fp, tn, fn = (ops.convert_to_tensor(getattr(self, name))
                          for name in _COUNTS)
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._interpolate_pr_auc(tp, fp, fn)
        recall = divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = divide_no_nan(fp, fp + tn), recall
        elif self.curve == "PR":
            x, y = recall, divide_no_nan(tp, tp + fp)
        else:
            scale = divide_no_nan(tp + fn, tn + fp)
            no_tp = ops.equal(tp, 0.0)
            recall_gain = 1.0 - scale * divide_no_nan(fn, tp)
            precision_gain = 1.0 - scale * divide_no_nan(fp, tp)
            x = ops.maximum(ops.where(no_tp, 0.0, recall_gain), 0.0)
            y = ops.where(no_tp, 1.0, precision_gain)
        n = self.num_thresholds
        if self.summation_method == "interpolation":
            heights = (y[:n - 1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = ops.minimum(y[:n - 1], y[1:])
        else:
            heights = ops.maximum(y[:n - 1], y[1:])
        return self._average_labels((x[:n - 1] - x[1:]) * heights)

    def reset_state(self) -> None:
        if self._built:
            super().reset_state()

    def get_config(self) -> dict:
        label_weights = self.label_weights
        if label_weights is not None:
            label_weights = ops.convert_to_numpy(label_weights).tolist()
        config = {
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": label_weights,
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config["thresholds"] = [float(t) for t in self.thresholds[1:-1]]
        return {**super().get_config(), **config}
