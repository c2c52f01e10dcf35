"""`Discretization`: buckets continuous values by boundaries."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from cornu import ops
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.layer import Layer
from cornu.layers.preprocessing import _encoding

_MODES = ("int", *_encoding.OUTPUT_MODES)


class Discretization(Layer):
    """Maps each value to the index of its bucket.

    With boundaries `[b0, b1, ..., bn-1]` the buckets are `(-inf, b0)`,
    `[b0, b1)`, ..., `[bn-1, inf)`, numbered 0 to n; NaN goes to the last
    bucket, as in Keras. The boundaries are given (`bin_boundaries`) or
    learned by `adapt` as the `num_bins` quantiles of the data. cornu's
    `adapt` uses exact quantiles (`np.quantile`, linear interpolation)
    where Keras uses an approximate quantile summary within `epsilon`, so
    adapted boundaries can differ slightly from Keras's.

    Args:
        bin_boundaries: the sorted boundaries; `None` means learn them.
        num_bins: the number of buckets `adapt` learns.
        epsilon: kept for Keras compatibility (the error bound of Keras's
            approximate quantiles); cornu's quantiles are exact.
        output_mode: `"int"` (int32 bucket indices, whatever `dtype`),
            `"one_hot"`, `"multi_hot"` or `"count"` (see
            `CategoryEncoding`; in the layer's dtype).
        sparse: only `False` is supported.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Output shape:
        The input's shape for `"int"`; as `CategoryEncoding` otherwise.

    Example:
    >>> layer = cornu.layers.Discretization(bin_boundaries=[0.0, 1.0, 2.0])
    >>> layer(np.array([[-1.5, 1.0, 3.0]]))
    array([[0, 2, 3]], dtype=int32)
    """

    def __init__(self, bin_boundaries: Any = None, num_bins: int | None = None,
                 epsilon: float = 0.01, output_mode: str = "int",
                 sparse: bool = False, dtype: Any = None,
                 name: str | None = None, **kwargs: Any) -> None:
        owner = "Discretization"
        _encoding.check_output_mode(owner, output_mode, _MODES)
        if sparse:
            raise NotImplementedError(
                "Discretization: sparse outputs are not supported (cornu "
                "has no sparse tensors); pass sparse=False."
            )
        if bin_boundaries is not None and num_bins is not None and (
                len(bin_boundaries) + 1 != num_bins):
            raise ValueError(
                "Discretization: pass `bin_boundaries` or `num_bins`, not "
                "both (an adapted config holds `num_bins - 1` boundaries). "
                f"Received: bin_boundaries={bin_boundaries!r}, "
                f"num_bins={num_bins!r}."
            )
        if bin_boundaries is None and num_bins is None:
            raise ValueError(
                "Discretization: pass `bin_boundaries`, or `num_bins` and "
                "then call `adapt`. Received: bin_boundaries=None, "
                "num_bins=None."
            )
        if num_bins is not None and (
                not isinstance(num_bins, numbers.Integral)
                or isinstance(num_bins, bool) or num_bins < 1):
            raise ValueError(
                "Discretization: `num_bins` must be a positive integer. "
                f"Received: num_bins={num_bins!r}."
            )
        if bin_boundaries is not None:
            bin_boundaries = _check_boundaries(bin_boundaries)
        super().__init__(name=name, dtype=dtype, **kwargs)
        self.bin_boundaries = bin_boundaries
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.output_mode = output_mode
        self.sparse = False
        # Values are compared as given; never cast to the (int) dtype.
        self.autocast = False
        self.built = True

    def adapt(self, data: Any) -> None:
        """Learns `num_bins - 1` boundaries, the quantiles of `data` (an
        array, or an iterable of batches) at `1/num_bins`, `2/num_bins`,
        ...."""
        if self.num_bins is None:
            raise RuntimeError(
                f"Discretization {self.name!r} was given `bin_boundaries`; "
                "create it with `num_bins` to learn them with `adapt`."
            )
        if hasattr(data, "shape") or isinstance(data, (list, tuple)):
            values = _as_numpy(data).ravel()
        else:
            values = np.concatenate([_as_numpy(b).ravel() for b in data])
        if values.size == 0:
            raise ValueError(
                f"Discretization {self.name!r}: `adapt` received no data."
            )
        quantiles = np.arange(1, self.num_bins) / self.num_bins
        self.bin_boundaries = np.quantile(values, quantiles).tolist()

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise RuntimeError(
                f"Discretization {self.name!r} has no boundaries yet: call "
                "`adapt(data)` first, or pass `bin_boundaries`."
            )
        n = len(self.bin_boundaries)
        dtype = ops.dtype(inputs)
        if not dtype.startswith(("float", "bfloat")):
            inputs = ops.cast(inputs, "float32")
            dtype = "float32"
        bounds = ops.convert_to_tensor(
            np.asarray(self.bin_boundaries, dtype=dtype))
        below = ops.less(ops.expand_dims(inputs, -1), bounds)
        index = ops.subtract(n, ops.sum(ops.cast(below, "int32"), axis=-1))
        if self.output_mode == "int":
            return index  # int32 whatever the dtype, as in Keras
        return _encoding.encode(index, n + 1, self.output_mode,
                                self.compute_dtype)

    def compute_output_spec(self, inputs, **kwargs):
        depth = len(self.bin_boundaries or ()) + 1
        return SymbolicTensor(
            _encoding.output_shape(inputs.shape, depth, self.output_mode),
            "int32" if self.output_mode == "int" else self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["trainable"]  # Keras's config has no `trainable` here.
        config.update({
            "bin_boundaries": self.bin_boundaries,
            "num_bins": self.num_bins,
            "epsilon": self.epsilon,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
        })
        return config


def _check_boundaries(values: Any) -> list:
    try:
        array = np.asarray(values, dtype="float64")
    except (TypeError, ValueError):
        array = None
    if array is None or array.ndim != 1 or np.any(np.diff(array) < 0):
        raise ValueError(
            "Discretization: `bin_boundaries` must be a sorted list of "
            f"numbers. Received: bin_boundaries={values!r}."
        )
    return [v for v in values] if isinstance(values, list) else (
        array.tolist())


def _as_numpy(x: Any) -> np.ndarray:
    if ops.is_tensor(x):
        x = ops.convert_to_numpy(x)
    return np.asarray(x, dtype="float64")
