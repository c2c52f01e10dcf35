"""Probabilistic metrics: `BinaryCrossentropy`, `CategoricalCrossentropy`,
`SparseCategoricalCrossentropy`, `KLDivergence` and `Poisson`, the means of
the loss functions of `cornu.losses` (which are also Keras's metric
functions, `cornu.metrics.binary_crossentropy` and so on)."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.losses.probabilistic import (
    binary_crossentropy,
    categorical_crossentropy,
    kl_divergence,
    poisson,
    sparse_categorical_crossentropy,
)
from cornu.metrics.reduction_metrics import MeanMetricWrapper, _apply_mask
from cornu.metrics.regression_metrics import _NamedWrapper


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
