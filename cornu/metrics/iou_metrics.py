"""Intersection-over-union metrics: `IoU`, `MeanIoU`, `BinaryIoU`,
`OneHotIoU` and `OneHotMeanIoU`, from an accumulated confusion matrix."""

from __future__ import annotations

import warnings
from typing import Any

from cornu import backend, ops
from cornu.metrics.metric import Metric


def confusion_matrix(labels, predictions, num_classes: int, weights=None,
                     dtype: str = "int32"):
    """The `(num_classes, num_classes)` matrix of (weighted) counts of
    `(label, prediction)` pairs; rows are labels."""
    labels = ops.cast(ops.convert_to_tensor(labels), "int32")
    predictions = ops.cast(ops.convert_to_tensor(predictions), "int32")
    indices = ops.stack([labels, predictions], axis=1)
    if weights is None:
        values = ops.ones(ops.shape(predictions), dtype=dtype)
    else:
        values = ops.cast(weights, dtype)
    return ops.scatter(indices, values, (num_classes, num_classes))


class IoU(Metric):
    """The intersection over union of the classes in `target_class_ids`,
    averaged.

    `IoU = tp / (tp + fp + fn)` per class; classes that never occur in
    labels or predictions are left out of the mean.

    Args:
        num_classes: the number of classes.
        target_class_ids: the classes to average over.
        name: the metric's name.
        dtype: the dtype of the confusion counts (default `"int32"`).
        ignore_class: a label left out of the counts.
        sparse_y_true: labels are class ids; otherwise one-hot along
            `axis`.
        sparse_y_pred: predictions are class ids; otherwise scores along
            `axis`.
        axis: the class axis of one-hot labels or scores.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.IoU(num_classes=2, target_class_ids=[0])
        >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
        >>> round(float(m.result()), 4)
        0.3333
    """

    def __init__(self, num_classes: int, target_class_ids,
                 name: str | None = None, dtype: Any = None,
                 ignore_class: int | None = None, sparse_y_true: bool = True,
                 sparse_y_pred: bool = True, axis: int = -1):
        super().__init__(name=name, dtype=dtype or "int")
        target_class_ids = list(target_class_ids)
        if max(target_class_ids) >= num_classes:
            raise ValueError(
                f"{type(self).__name__}: every `target_class_ids` entry "
                f"must lie in [0, {num_classes}). Received: "
                f"target_class_ids={target_class_ids}."
            )
        self.num_classes = num_classes
        self.target_class_ids = target_class_ids
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable(
            name="total_confusion_matrix", shape=(num_classes, num_classes),
            initializer="zeros", dtype=self.dtype,
        )

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self.sparse_y_true:
            y_true = ops.argmax(ops.convert_to_tensor(y_true), axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = ops.argmax(ops.convert_to_tensor(y_pred), axis=self.axis)
        y_true = ops.reshape(
            ops.cast(ops.convert_to_tensor(y_true), self.dtype), (-1,))
        y_pred = ops.reshape(
            ops.cast(ops.convert_to_tensor(y_pred), self.dtype), (-1,))
        if sample_weight is None:
            sample_weight = 1
        else:
            sample_weight = ops.convert_to_tensor(sample_weight)
            if (backend.is_float_dtype(ops.dtype(sample_weight))
                    and backend.is_int_dtype(self.dtype)):
                warnings.warn(
                    f"{type(self).__name__}: `sample_weight` is float but "
                    f"the metric's dtype is {self.dtype!r}, so the weights "
                    "are truncated. Pass integer weights or a float "
                    "`dtype`.",
                    stacklevel=2,
                )
        sample_weight = ops.cast(ops.convert_to_tensor(sample_weight),
                                 self.dtype)
        if len(sample_weight.shape) > 1:
            sample_weight = ops.reshape(sample_weight, (-1,))
        sample_weight = ops.broadcast_to(sample_weight, ops.shape(y_true))
        in_bounds = ops.logical_and(
            ops.logical_and(ops.greater_equal(y_true, 0),
                            ops.less(y_true, self.num_classes)),
            ops.logical_and(ops.greater_equal(y_pred, 0),
                            ops.less(y_pred, self.num_classes)),
        )
        if self.ignore_class is not None:
            in_bounds = ops.logical_and(
                in_bounds, ops.not_equal(y_true, self.ignore_class))
        zeros = ops.zeros_like(y_true)
        y_true = ops.where(in_bounds, y_true, zeros)
        y_pred = ops.where(in_bounds, y_pred, zeros)
        sample_weight = ops.where(in_bounds, sample_weight,
                                  ops.zeros_like(sample_weight))
        self.total_cm.assign_add(confusion_matrix(
            y_true, y_pred, self.num_classes, weights=sample_weight,
            dtype=self.dtype,
        ))

    def result(self):
        cm = ops.cast(ops.convert_to_tensor(self.total_cm), "float32")
        true_positives = ops.diagonal(cm)
        denominator = ops.sum(cm, axis=0) + ops.sum(cm, axis=1) - (
            true_positives)
        ids = ops.convert_to_tensor(self.target_class_ids, dtype="int32")
        true_positives = ops.take(true_positives, ids)
        denominator = ops.take(denominator, ids)
        valid = ops.greater(denominator, 1e-9)
        iou = true_positives / (denominator + backend.epsilon())
        iou = ops.where(valid, iou, ops.zeros_like(iou))
        num_valid = ops.sum(ops.cast(valid, "float32"))
        return ops.sum(iou, axis=self.axis) / (num_valid + backend.epsilon())

    def get_config(self) -> dict:
        return {**super().get_config(), "num_classes": self.num_classes,
                "target_class_ids": self.target_class_ids,
                "ignore_class": self.ignore_class,
                "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class BinaryIoU(IoU):
    """The IoU of binary predictions thresholded at `threshold`.

    Args:
        target_class_ids: which of the classes 0 and 1 to average over.
        threshold: predictions `>= threshold` are class 1.
        name: the metric's name.
        dtype: the dtype of the confusion counts (default `"int32"`).

    Example:
        >>> from cornu import metrics
        >>> m = metrics.BinaryIoU(target_class_ids=[0, 1], threshold=0.3)
        >>> m.update_state([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7])
        >>> round(float(m.result()), 4)
        0.3333
    """

    def __init__(self, target_class_ids=(0, 1), threshold: float = 0.5,
                 name: str | None = None, dtype: Any = None):
        super().__init__(num_classes=2, target_class_ids=target_class_ids,
                         name=name, dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = ops.cast(ops.convert_to_tensor(y_pred), "float32")
        y_pred = ops.cast(ops.greater_equal(y_pred, self.threshold),
                          self.dtype)
        super().update_state(y_true, y_pred, sample_weight)

    def get_config(self) -> dict:
        return {"target_class_ids": self.target_class_ids,
                "threshold": self.threshold, "name": self.name,
                "dtype": self.dtype}


class MeanIoU(IoU):
    """The IoU averaged over all `num_classes` classes.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.MeanIoU(num_classes=2)
        >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
        >>> round(float(m.result()), 4)
        0.3333
    """

    def __init__(self, num_classes: int, name: str | None = None,
                 dtype: Any = None, ignore_class: int | None = None,
                 sparse_y_true: bool = True, sparse_y_pred: bool = True,
                 axis: int = -1):
        super().__init__(num_classes=num_classes,
                         target_class_ids=list(range(num_classes)),
                         name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=sparse_y_true,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        return {"num_classes": self.num_classes, "name": self.name,
                "dtype": self.dtype, "ignore_class": self.ignore_class,
                "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class OneHotIoU(IoU):
    """`IoU` for one-hot labels (and, by default, score predictions).

    Example:
        >>> from cornu import metrics
        >>> m = metrics.OneHotIoU(num_classes=3, target_class_ids=[0, 2])
        >>> m.update_state([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
        ...                [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7],
        ...                 [0.5, 0.3, 0.1], [0.1, 0.4, 0.5]])
        >>> round(float(m.result()), 4)
        0.1667
    """

    def __init__(self, num_classes: int, target_class_ids,
                 name: str | None = None, dtype: Any = None,
                 ignore_class: int | None = None,
                 sparse_y_pred: bool = False, axis: int = -1):
        super().__init__(num_classes=num_classes,
                         target_class_ids=target_class_ids, name=name,
                         dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=False, sparse_y_pred=sparse_y_pred,
                         axis=axis)

    def get_config(self) -> dict:
        return {"num_classes": self.num_classes,
                "target_class_ids": self.target_class_ids,
                "name": self.name, "dtype": self.dtype,
                "ignore_class": self.ignore_class,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class OneHotMeanIoU(MeanIoU):
    """`MeanIoU` for one-hot labels (and, by default, score predictions).

    Example:
        >>> from cornu import metrics
        >>> m = metrics.OneHotMeanIoU(num_classes=3)
        >>> m.update_state([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
        ...                [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7],
        ...                 [0.5, 0.3, 0.1], [0.1, 0.4, 0.5]])
        >>> round(float(m.result()), 4)
        0.1111
    """

    def __init__(self, num_classes: int, name: str | None = None,
                 dtype: Any = None, ignore_class: int | None = None,
                 sparse_y_pred: bool = False, axis: int = -1):
        super().__init__(num_classes=num_classes, name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=False,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        return {"num_classes": self.num_classes, "name": self.name,
                "dtype": self.dtype, "ignore_class": self.ignore_class,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}
