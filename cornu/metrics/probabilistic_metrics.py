"""Probabilistic metrics: `BinaryCrossentropy`, `CategoricalCrossentropy`
and `SparseCategoricalCrossentropy` (with the per-sample math of Keras 3's
losses written here with `cornu.ops`), and `KLDivergence` and `Poisson`
(the means of `cornu.losses.kl_divergence` and `cornu.losses.poisson`)."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.losses.probabilistic import kl_divergence, poisson
from cornu.metrics.reduction_metrics import MeanMetricWrapper, _apply_mask
from cornu.metrics.regression_metrics import _NamedWrapper


def binary_crossentropy(y_true, y_pred, from_logits: bool = False,
                        label_smoothing: float = 0.0, axis: int = -1):
    """The binary cross-entropy, averaged over `axis`.

    Example:
        >>> from cornu import metrics
        >>> out = metrics.binary_crossentropy([[0.0, 1.0]], [[0.4, 0.6]])
        >>> round(float(out[0]), 4)
        0.5108
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(ops.convert_to_tensor(y_true), y_pred.dtype)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    bce = ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits)
    return ops.mean(bce, axis=axis)


def categorical_crossentropy(y_true, y_pred, from_logits: bool = False,
                             label_smoothing: float = 0.0, axis: int = -1):
    """The cross-entropy between one-hot labels and predictions.

    Example:
        >>> from cornu import metrics
        >>> out = metrics.categorical_crossentropy([[0, 1, 0]],
        ...                                        [[0.05, 0.95, 0.0]])
        >>> round(float(out[0]), 4)
        0.0513
    """
    if isinstance(axis, bool):
        raise ValueError(
            "categorical_crossentropy: `axis` must be an integer. "
            f"Received: axis={axis!r}."
        )
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(ops.convert_to_tensor(y_true), y_pred.dtype)
    if label_smoothing:
        num_classes = y_true.shape[-1]
        y_true = (y_true * (1.0 - label_smoothing)
                  + label_smoothing / num_classes)
    return ops.categorical_crossentropy(y_true, y_pred,
                                        from_logits=from_logits, axis=axis)


def sparse_categorical_crossentropy(y_true, y_pred,
                                    from_logits: bool = False,
                                    ignore_class: int | None = None,
                                    axis: int = -1):
    """The cross-entropy between integer labels and predictions; labels
    equal to `ignore_class` give 0.

    Example:
        >>> from cornu import metrics
        >>> out = metrics.sparse_categorical_crossentropy(
        ...     [1], [[0.05, 0.95, 0.0]])
        >>> round(float(out[0]), 4)
        0.0513
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        y_true = ops.squeeze(y_true, axis=-1)
    valid = None
    if ignore_class is not None:
        valid = ops.not_equal(ops.cast(y_true, "int32"), int(ignore_class))
        y_true = ops.where(valid, y_true, ops.zeros_like(y_true))
    result = ops.sparse_categorical_crossentropy(
        y_true, y_pred, from_logits=from_logits, axis=axis)
    if valid is not None:
        result = ops.where(valid, result, ops.zeros_like(result))
    return result


class BinaryCrossentropy(MeanMetricWrapper):
    """The mean binary cross-entropy between labels and predictions.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.BinaryCrossentropy()
        >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
        >>> round(float(m.result()), 4)
        0.8149
    """

    def __init__(self, name: str = "binary_crossentropy", dtype: Any = None,
                 from_logits: bool = False, label_smoothing: float = 0):
        super().__init__(binary_crossentropy, name, dtype=dtype,
                         from_logits=from_logits,
                         label_smoothing=label_smoothing)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype,
                "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing}


class CategoricalCrossentropy(MeanMetricWrapper):
    """The mean cross-entropy between one-hot labels and predictions.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.CategoricalCrossentropy()
        >>> m.update_state([[0, 1, 0], [0, 0, 1]],
        ...                [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
        >>> round(float(m.result()), 4)
        1.1769
    """

    def __init__(self, name: str = "categorical_crossentropy",
                 dtype: Any = None, from_logits: bool = False,
                 label_smoothing: float = 0, axis: int = -1):
        super().__init__(categorical_crossentropy, name, dtype=dtype,
                         from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype,
                "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """The mean cross-entropy between integer labels and predictions.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.SparseCategoricalCrossentropy()
        >>> m.update_state([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
        >>> round(float(m.result()), 4)
        1.1769
    """

    def __init__(self, name: str = "sparse_categorical_crossentropy",
                 dtype: Any = None, from_logits: bool = False,
                 ignore_class: int | None = None, axis: int = -1):
        super().__init__(sparse_categorical_crossentropy, name=name,
                         dtype=dtype, from_logits=from_logits,
                         ignore_class=ignore_class, axis=axis)
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        if self.ignore_class is not None and sample_weight is not None:
            # Keras masks the ignored labels out of the weighted mean.
            labels = ops.cast(ops.convert_to_tensor(y_true), "int32")
            if len(labels.shape) == len(ops.shape(y_pred)):
                labels = ops.squeeze(labels, axis=-1)
            valid = ops.not_equal(labels, int(self.ignore_class))
            sample_weight = _apply_mask(sample_weight, valid, self.dtype)
        super().update_state(y_true, y_pred, sample_weight=sample_weight)

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype,
                "from_logits": self.from_logits,
                "ignore_class": self.ignore_class, "axis": self.axis}


class KLDivergence(_NamedWrapper):
    """The mean Kullback-Leibler divergence
    `sum(y_true * log(y_true / y_pred), axis=-1)`, both clipped to
    `[epsilon(), 1]`.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.KLDivergence()
        >>> m.update_state([[0.5, 0.5]], [[0.5, 0.5]])
        >>> float(m.result())
        0.0
    """

    def __init__(self, name: str = "kl_divergence", dtype: Any = None):
        super().__init__(kl_divergence, name, dtype=dtype)


class Poisson(_NamedWrapper):
    """The mean of `y_pred - y_true * log(y_pred + epsilon())`.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Poisson()
        >>> m.update_state([[0.0], [0.0]], [[2.0], [4.0]])
        >>> float(m.result())
        3.0
    """

    def __init__(self, name: str = "poisson", dtype: Any = None):
        super().__init__(poisson, name, dtype=dtype)
