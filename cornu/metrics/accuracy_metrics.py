"""Accuracy metrics: `accuracy`, `binary_accuracy`, `categorical_accuracy`,
`sparse_categorical_accuracy` and the two top-k accuracies, as functions
(one value per sample) and as `MeanMetricWrapper` classes."""

from __future__ import annotations

from typing import Any

from cornu import backend, ops
from cornu.metrics.reduction_metrics import (
    MeanMetricWrapper,
    squeeze_or_expand_to_same_rank,
)


def accuracy(y_true, y_pred):
    """1.0 where `y_pred` equals `y_true`, else 0.0.

    Example:
        >>> from cornu import metrics
        >>> metrics.accuracy([1, 2, 3], [1, 2, 4]).tolist()
        [1.0, 1.0, 0.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(ops.convert_to_tensor(y_true), y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return ops.cast(ops.equal(y_true, y_pred), backend.floatx())


def binary_accuracy(y_true, y_pred, threshold: float = 0.5):
    """1.0 where `y_pred > threshold` matches the binary `y_true`, else 0.0.

    Example:
        >>> from cornu import metrics
        >>> metrics.binary_accuracy([[1], [0]], [[0.6], [0.7]]).tolist()
        [[1.0], [0.0]]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_pred = ops.cast(ops.greater(y_pred, threshold), y_true.dtype)
    return ops.cast(ops.equal(y_true, y_pred), backend.floatx())


def categorical_accuracy(y_true, y_pred):
    """1.0 where the argmax of `y_pred` is that of the one-hot `y_true`.

    Example:
        >>> from cornu import metrics
        >>> metrics.categorical_accuracy(
        ...     [[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]
        ... ).tolist()
        [0.0, 1.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.argmax(ops.convert_to_tensor(y_true), axis=-1)
    reshape_to = None
    if len(y_true.shape) == len(y_pred.shape):
        reshape_to = ops.shape(y_true)
        y_true = ops.squeeze(y_true, -1)
    matches = ops.equal(y_true, ops.argmax(y_pred, axis=-1))
    matches = ops.cast(matches, backend.floatx())
    if reshape_to is not None:
        matches = ops.reshape(matches, reshape_to)
    return matches


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the argmax of `y_pred` equals the integer label `y_true`.

    Example:
        >>> from cornu import metrics
        >>> metrics.sparse_categorical_accuracy(
        ...     [[2], [1]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]
        ... ).tolist()
        [0.0, 1.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    reshape_to = None
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        reshape_to = ops.shape(y_true)
        y_true = ops.squeeze(y_true, -1)
    # Integer labels against the integer argmax as they are (Keras casts
    # both to `y_pred`'s float dtype first: the same answer below 2**24
    # classes, two copies fewer per step).
    predicted = ops.argmax(y_pred, axis=-1)
    if not backend.is_int_dtype(y_true.dtype):
        y_true = ops.cast(y_true, y_pred.dtype)
        predicted = ops.cast(predicted, y_true.dtype)
    matches = ops.cast(ops.equal(y_true, predicted), backend.floatx())
    if reshape_to is not None:
        matches = ops.reshape(matches, reshape_to)
    if len(matches.shape) > 1 and matches.shape[-1] == 1:
        matches = ops.squeeze(matches, -1)
    return matches


def _in_top_k(y_true, y_pred, k, from_sorted_ids=False):
    y_pred = ops.convert_to_tensor(y_pred)
    true_shape = ops.shape(y_true)
    if len(y_pred.shape) > 2:
        y_pred = ops.reshape(y_pred, (-1, y_pred.shape[-1]))
    if len(y_true.shape) > 1:
        y_true = ops.reshape(y_true, (-1,))
    if from_sorted_ids:
        found = ops.equal(ops.expand_dims(y_true, axis=1), y_pred[:, :k])
        matches = ops.any(found, axis=1)
    else:
        matches = ops.in_top_k(y_true, y_pred, k)
    matches = ops.cast(matches, backend.floatx())
    return ops.reshape(matches, true_shape)


def top_k_categorical_accuracy(y_true, y_pred, k: int = 5):
    """1.0 where the one-hot `y_true`'s class is among `y_pred`'s `k`
    largest.

    Example:
        >>> from cornu import metrics
        >>> metrics.top_k_categorical_accuracy(
        ...     [[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]],
        ...     k=1).tolist()
        [0.0, 1.0]
    """
    y_true = ops.argmax(ops.convert_to_tensor(y_true), axis=-1)
    return _in_top_k(ops.cast(y_true, "int32"), y_pred, k)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k: int = 5,
                                      from_sorted_ids: bool = False):
    """1.0 where the integer label `y_true` is among `y_pred`'s `k` largest
    (or, with `from_sorted_ids`, among the first `k` ids of `y_pred`).

    Example:
        >>> from cornu import metrics
        >>> metrics.sparse_top_k_categorical_accuracy(
        ...     [2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], k=1).tolist()
        [0.0, 1.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    dtype = y_pred.dtype if from_sorted_ids else "int32"
    y_true = ops.cast(ops.convert_to_tensor(y_true), dtype)
    return _in_top_k(y_true, y_pred, k, from_sorted_ids)


class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Accuracy()
        >>> m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
        >>> float(m.result())
        0.75
    """

    def __init__(self, name: str = "accuracy", dtype: Any = None):
        super().__init__(fn=accuracy, name=name, dtype=dtype)

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}


class BinaryAccuracy(MeanMetricWrapper):
    """How often `y_pred > threshold` matches the binary labels.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.BinaryAccuracy()
        >>> m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
        >>> float(m.result())
        0.75
    """

    def __init__(self, name: str = "binary_accuracy", dtype: Any = None,
                 threshold: float = 0.5):
        super().__init__(fn=binary_accuracy, name=name, dtype=dtype,
                         threshold=threshold)
        self.threshold = threshold

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype,
                "threshold": self.threshold}


class CategoricalAccuracy(MeanMetricWrapper):
    """How often the argmax of predictions matches one-hot labels.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.CategoricalAccuracy()
        >>> m.update_state([[0, 0, 1], [0, 1, 0]],
        ...                [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, name: str = "categorical_accuracy",
                 dtype: Any = None):
        super().__init__(fn=categorical_accuracy, name=name, dtype=dtype)

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the argmax of predictions matches integer labels.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.SparseCategoricalAccuracy()
        >>> m.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, name: str = "sparse_categorical_accuracy",
                 dtype: Any = None):
        super().__init__(fn=sparse_categorical_accuracy, name=name,
                         dtype=dtype)

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often one-hot labels are among the `k` top predictions.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.TopKCategoricalAccuracy(k=1)
        >>> m.update_state([[0, 0, 1], [0, 1, 0]],
        ...                [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, k: int = 5, name: str = "top_k_categorical_accuracy",
                 dtype: Any = None):
        super().__init__(fn=top_k_categorical_accuracy, name=name,
                         dtype=dtype, k=k)
        self.k = k

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype, "k": self.k}


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often integer labels are among the `k` top predictions.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.SparseTopKCategoricalAccuracy(k=1)
        >>> m.update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, k: int = 5,
                 name: str = "sparse_top_k_categorical_accuracy",
                 dtype: Any = None, from_sorted_ids: bool = False):
        super().__init__(fn=sparse_top_k_categorical_accuracy, name=name,
                         dtype=dtype, k=k, from_sorted_ids=from_sorted_ids)
        self.k = k
        self.from_sorted_ids = from_sorted_ids

    def get_config(self) -> dict:
        config = {"name": self.name, "dtype": self.dtype, "k": self.k}
        if self.from_sorted_ids:
            config["from_sorted_ids"] = True
        return config
