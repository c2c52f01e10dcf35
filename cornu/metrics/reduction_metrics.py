"""`Sum`, `Mean` and `MeanMetricWrapper`: metrics that reduce per-sample
values, with Keras 3's `sample_weight` rules."""

from __future__ import annotations

from typing import Any

from cornu import backend, ops
from cornu.metrics.metric import Metric


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1: bool = True):
    """Drops (or adds) a trailing axis of size 1 so that `x1` and `x2` have
    the same rank, as Keras's loss helper of the same name does."""
    rank1, rank2 = len(x1.shape), len(x2.shape)
    if rank1 == rank2 + 1 and x1.shape[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            x2 = ops.expand_dims(x2, axis=-1)
        else:
            x1 = ops.squeeze(x1, axis=-1)
    if rank2 == rank1 + 1 and x2.shape[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            x1 = ops.expand_dims(x1, axis=-1)
        else:
            x2 = ops.squeeze(x2, axis=-1)
    return x1, x2


def divide_no_nan(x, y):
    """`x / y`, with 0 where `y` is 0."""
    zero = ops.equal(y, 0)
    return ops.where(zero, 0, ops.divide(x, ops.where(zero, 1, y)))


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype):
    """Weights `values` and reduces them to one value per sample.

    Returns the per-sample values and the per-sample weights (`None` when
    `sample_weight` is `None`)."""
    dtype = dtype or backend.floatx()
    mask = getattr(values, "_keras_mask", None)
    values = ops.cast(values, dtype)
    if sample_weight is not None:
        sample_weight = ops.cast(ops.convert_to_tensor(sample_weight), dtype)
        if mask is not None:
            sample_weight = _apply_mask(sample_weight, mask, dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(
            values, sample_weight
        )
        weight_ndim = len(sample_weight.shape)
        values_ndim = len(values.shape)
        if values_ndim > weight_ndim:
            values = reduce_fn(
                values, axis=tuple(range(weight_ndim, values_ndim))
            )
        sample_weight = ops.broadcast_to(sample_weight, ops.shape(values))
        values = values * sample_weight
        if weight_ndim > 1:
            sample_weight = reduce_fn(
                sample_weight, axis=tuple(range(1, weight_ndim))
            )
    values_ndim = len(values.shape)
    if values_ndim > 1:
        values = reduce_fn(values, axis=tuple(range(1, values_ndim)))
    return values, sample_weight


def _apply_mask(sample_weight, mask, dtype):
    """Keras's `apply_mask(..., reduction="sum")`: zero the masked weights."""
    mask = ops.cast(mask, dtype)
    if sample_weight is None:
        return mask
    sample_weight = ops.cast(ops.convert_to_tensor(sample_weight), dtype)
    mask, sample_weight = squeeze_or_expand_to_same_rank(mask, sample_weight)
    return sample_weight * mask


class Sum(Metric):
    """Computes the (weighted) sum of the given values.

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Sum()
        >>> m.update_state([1.0, 3.0, 5.0, 7.0])
        >>> float(m.result())
        16.0
    """

    def __init__(self, name: str = "sum", dtype: Any = None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros",
                                       dtype=self.dtype, name="total")

    def update_state(self, values, sample_weight=None) -> None:
        values, _ = reduce_to_samplewise_values(
            values, sample_weight, reduce_fn=ops.sum, dtype=self.dtype
        )
        self.total.assign_add(ops.sum(values))

    def reset_state(self) -> None:
        self.total.assign(ops.zeros((), dtype=self.total.dtype))

    def result(self):
        return ops.cast(self.total, self.dtype)


class Mean(Metric):
    """Computes the (weighted) mean of the given values.

    Values with more than one axis are first averaged over the axes past
    the sample weight's rank (past the batch axis without weights).

    Args:
        name: the metric's name.
        dtype: the dtype of the result.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Mean()
        >>> m.update_state([1.0, 3.0, 5.0, 7.0], sample_weight=[1, 1, 0, 0])
        >>> float(m.result())
        2.0
    """

    def __init__(self, name: str | None = "mean", dtype: Any = None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros",
                                       dtype=self.dtype, name="total")
        self.count = self.add_variable(shape=(), initializer="zeros",
                                       dtype=self.dtype, name="count")

    def update_state(self, values, sample_weight=None) -> None:
        if (type(sample_weight) in (int, float)
                and ops.is_tensor(values) and not ops.shape(values)
                and getattr(values, "_keras_mask", None) is None):
            # One weighted scalar (the trainer's loss tracker, every step):
            # the general path's numbers in two ops (the weight, a batch
            # size, stays a Python number).
            self.total.assign_add(ops.cast(values, self.dtype)
                                  * sample_weight)
            self.count.assign_add(sample_weight)
            return
        values, sample_weight = reduce_to_samplewise_values(
            values, sample_weight, reduce_fn=ops.mean, dtype=self.dtype
        )
        self.total.assign_add(ops.sum(values))
        if sample_weight is not None:
            self.count.assign_add(ops.cast(ops.sum(sample_weight),
                                           self.dtype))
        else:
            # A Python count: added without making a tensor of it.
            self.count.assign_add(int(values.shape[0])
                                  if len(values.shape) >= 1 else 1)

    def reset_state(self) -> None:
        self.total.assign(ops.zeros((), dtype=self.total.dtype))
        self.count.assign(ops.zeros((), dtype=self.count.dtype))

    def result(self):
        return divide_no_nan(self.total, ops.cast(self.count, self.dtype))


class MeanMetricWrapper(Mean):
    """Averages the per-sample values of `fn(y_true, y_pred, **kwargs)`.

    Args:
        fn: the metric function.
        name: the metric's name.
        dtype: the dtype of the result.
        **kwargs: keyword arguments passed on to `fn`.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.MeanMetricWrapper(metrics.binary_accuracy,
        ...                               threshold=0.7)
        >>> m.update_state([[1.0], [0.0]], [[0.6], [0.1]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, fn, name: str | None = None, dtype: Any = None,
                 **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        mask = getattr(y_pred, "_keras_mask", None)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        if mask is not None:
            sample_weight = _apply_mask(sample_weight, mask, self.dtype)
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self) -> dict:
        config = super().get_config()
        if type(self) is MeanMetricWrapper:
            config["fn"] = _serialize_fn(self._fn)
        for key, value in self._fn_kwargs.items():
            if ops.is_tensor(value):
                value = ops.convert_to_numpy(value).tolist()
            config[key] = value
        return config

    @classmethod
    def from_config(cls, config: dict) -> MeanMetricWrapper:
        config = dict(config)
        if "fn" in config:
            from cornu.saving import serialization

            config["fn"] = serialization.deserialize_keras_object(
                config["fn"]
            )
        return cls(**config)


def _serialize_fn(fn):
    if hasattr(fn, "get_config"):
        from cornu.saving import serialization

        return serialization.serialize_keras_object(fn)
    return {
        "module": "builtins",
        "class_name": "function",
        "config": fn.__name__,
        "registered_name": "function",
    }
