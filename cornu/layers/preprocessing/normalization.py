"""`Normalization`: shifts and scales features to zero mean and unit
variance, with statistics given or learned by `adapt`."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from cornu import ops
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.layer import Layer

_EPSILON = 1e-7  # Keras's `backend.epsilon()`: the smallest std used.


class Normalization(Layer):
    """Normalizes each feature to `(x - mean) / sqrt(variance)`.

    The statistics are either given (`mean` and `variance`) or computed from
    data with `adapt`, which stores them in the non-trainable weights
    `mean`, `variance` and `count` (Keras's layout; `count` stays 0, as in
    Keras 3). Standard deviations below `1e-7` are raised to `1e-7`.

    Args:
        axis: the axis or axes that keep their own statistics (the feature
            axes); every other axis is reduced by `adapt`. `None` means one
            mean and variance for the whole input.
        mean: the mean to use instead of `adapt`; broadcast against the
            kept axes.
        variance: the variance to use with `mean`.
        invert: whether to undo the normalization instead,
            `mean + x * sqrt(variance)`.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        Any, with the kept axes of a known size.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.Normalization()
    >>> layer.adapt(np.array([[0.0, 10.0], [2.0, 30.0]]))
    >>> layer(np.array([[1.0, 20.0]], dtype="float32"))
    array([[0., 0.]], dtype=float32)
    """

    def __init__(self, axis: Any = -1, mean: Any = None,
                 variance: Any = None, invert: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = _standardize_axis(axis)
        if (mean is None) != (variance is None):
            raise ValueError(
                "Normalization: pass both `mean` and `variance`, or "
                "neither (then call `adapt`). Received: "
                f"mean={mean!r}, variance={variance!r}."
            )
        self.input_mean = mean
        self.input_variance = variance
        self.invert = bool(invert)
        self.supports_masking = True
        self._mean_and_var_shape = None

    # ------------------------------------------------------------------
    def build(self, input_shape: tuple) -> None:
        input_shape = tuple(input_shape)
        ndim = len(input_shape)
        keep = []
        for a in self.axis:
            if not -ndim <= a < ndim:
                raise ValueError(
                    f"Normalization: every entry of `axis` must be in "
                    f"[{-ndim}, {ndim}) for inputs of rank {ndim}. "
                    f"Received: axis={self.axis}, input_shape={input_shape}."
                )
            keep.append(a % ndim)
        for a in keep:
            if input_shape[a] is None:
                raise ValueError(
                    f"Normalization: the kept axis {a} must have a known "
                    f"size. Received: input_shape={input_shape}."
                )
        self._keep = tuple(sorted(keep))
        self._reduce = tuple(d for d in range(ndim) if d not in keep)
        self._mean_and_var_shape = tuple(input_shape[d] for d in self._keep)
        self._broadcast_shape = tuple(
            input_shape[d] if d in keep else 1 for d in range(ndim))
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(
                name="mean", shape=self._mean_and_var_shape,
                initializer="zeros", trainable=False)
            self.adapt_variance = self.add_weight(
                name="variance", shape=self._mean_and_var_shape,
                initializer="ones", trainable=False)
            self.count = self.add_weight(
                name="count", shape=(), dtype="int32", initializer="zeros",
                trainable=False)
        else:
            shape = self._broadcast_shape
            self._mean = ops.convert_to_tensor(np.broadcast_to(
                np.asarray(self.input_mean, "float64"), shape).astype(
                self.compute_dtype))
            self._variance = ops.convert_to_tensor(np.broadcast_to(
                np.asarray(self.input_variance, "float64"), shape).astype(
                self.compute_dtype))
        self.built = True

    def adapt(self, data: Any) -> None:
        """Computes the mean and variance of `data` over the reduced axes
        and stores them in the layer's weights.

        Args:
            data: an array (or tensor) of inputs, or an iterable of such
                batches (a generator, a `PyDataset`); batches are combined
                exactly, as if concatenated.
        """
        if self.input_mean is not None:
            raise RuntimeError(
                f"Normalization {self.name!r} was given `mean` and "
                "`variance`; it cannot also be adapted. Create it without "
                "them to learn the statistics from data."
            )
        total, mean, m2 = 0, None, None
        for batch in _batches(data):
            if not self.built:
                self.build(batch.shape)
            self._check_adapt_shape(batch.shape)
            n = int(np.prod([batch.shape[d] for d in self._reduce]))
            b_mean = batch.mean(axis=self._reduce)
            b_m2 = ((batch - b_mean.reshape(self._broadcast_shape)) ** 2
                    ).sum(axis=self._reduce)
            if mean is None:
                total, mean, m2 = n, b_mean, b_m2
                continue
            delta = b_mean - mean
            new_total = total + n
            mean = mean + delta * (n / new_total)
            m2 = m2 + b_m2 + delta ** 2 * (total * n / new_total)
            total = new_total
        if mean is None:
            raise ValueError(
                f"Normalization {self.name!r}: `adapt` received no data. "
                "Received: an empty dataset."
            )
        self.adapt_mean.assign(mean.reshape(self._mean_and_var_shape))
        self.adapt_variance.assign(
            (m2 / total).reshape(self._mean_and_var_shape))

    def _check_adapt_shape(self, shape: tuple) -> None:
        if len(shape) != len(self._broadcast_shape) or any(
                shape[d] != self._broadcast_shape[d] for d in self._keep):
            raise ValueError(
                f"Normalization {self.name!r}: `adapt` data must keep the "
                f"sizes {self._mean_and_var_shape} on axes {self._keep}. "
                f"Received: data of shape {tuple(shape)}."
            )

    # ------------------------------------------------------------------
    def call(self, inputs):
        inputs = ops.cast(inputs, self.compute_dtype)
        if self.input_mean is None:
            mean = ops.reshape(ops.cast(self.adapt_mean, self.compute_dtype),
                               self._broadcast_shape)
            variance = ops.reshape(
                ops.cast(self.adapt_variance, self.compute_dtype),
                self._broadcast_shape)
        else:
            mean, variance = self._mean, self._variance
        std = ops.maximum(ops.sqrt(variance), _EPSILON)
        if self.invert:
            return ops.add(mean, ops.multiply(inputs, std))
        return ops.divide(ops.subtract(inputs, mean), std)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def compute_output_spec(self, inputs, **kwargs):
        return SymbolicTensor(tuple(inputs.shape), self.compute_dtype)

    @property
    def mean(self):
        """The mean in use (broadcast shape), or `None` before building."""
        if not self.built:
            return None
        if self.input_mean is None:
            return ops.reshape(self.adapt_mean, self._broadcast_shape)
        return self._mean

    @property
    def variance(self):
        """The variance in use (broadcast shape), or `None` before
        building."""
        if not self.built:
            return None
        if self.input_mean is None:
            return ops.reshape(self.adapt_variance, self._broadcast_shape)
        return self._variance

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "axis": self.axis,
            "invert": self.invert,
            "mean": _to_list(self.input_mean),
            "variance": _to_list(self.input_variance),
        })
        return config


def _standardize_axis(axis: Any) -> tuple[int, ...]:
    if axis is None:
        return ()
    if isinstance(axis, numbers.Integral) and not isinstance(axis, bool):
        return (int(axis),)
    if isinstance(axis, (list, tuple)) and all(
            isinstance(a, numbers.Integral) and not isinstance(a, bool)
            for a in axis):
        return tuple(int(a) for a in axis)
    raise ValueError(
        "Normalization: `axis` must be an int, a tuple of ints or None. "
        f"Received: axis={axis!r}."
    )


def _to_list(value: Any) -> Any:
    if value is None or isinstance(value, (int, float)):
        return value
    if ops.is_tensor(value):
        value = ops.convert_to_numpy(value)
    return np.asarray(value).tolist()


def _batches(data: Any):
    """Yields float64 NumPy batches from an array or an iterable of them."""
    if hasattr(data, "shape") or isinstance(data, (list, tuple)) and (
            data and not hasattr(data[0], "shape")):
        yield _as_numpy(data)
        return
    for batch in data:
        if isinstance(batch, tuple):  # (x, y) pairs: statistics of x
            batch = batch[0]
        yield _as_numpy(batch)


def _as_numpy(x: Any) -> np.ndarray:
    if ops.is_tensor(x):
        x = ops.convert_to_numpy(x)
    return np.asarray(x, dtype="float64")
