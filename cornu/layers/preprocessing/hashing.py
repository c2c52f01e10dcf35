"""`Hashing`: maps strings or integers to a fixed number of bins."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from cornu import ops
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers import _validation as check
from cornu.layers.layer import Layer
from cornu.layers.preprocessing import _encoding
from cornu.layers.preprocessing._farmhash import fingerprint64
from cornu.layers.preprocessing._index_lookup import engine_int64

_MODES = ("int", *_encoding.OUTPUT_MODES)


class Hashing(Layer):
    """Hashes each value into one of `num_bins` bins.

    The bin is FarmHash `Fingerprint64` of the value's UTF-8 bytes modulo
    `num_bins` (integers are hashed as their decimal strings), which is
    what Keras does, so the bins match Keras's. With `mask_value`, that
    value goes to bin 0 and the others to bins `1` to `num_bins - 1`.

    The hashing runs on the host (NumPy): use the layer in the data
    pipeline or in eager calls (integer inputs also work symbolically in
    models run eagerly, not inside a compiled step). Keras's `salt`
    (SipHash) and `sparse=True` are not supported.

    Args:
        num_bins: the number of bins, the mask bin included.
        mask_value: the value mapped to bin 0; `None` means no mask bin.
        salt: only `None` is supported.
        output_mode: `"int"`, `"one_hot"`, `"multi_hot"` or `"count"`
            (see `CategoryEncoding`).
        sparse: only `False` is supported.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Example:
    >>> layer = cornu.layers.Hashing(num_bins=3)
    >>> layer([["A"], ["B"], ["C"], ["D"], ["E"]])[:, 0]
    array([1, 0, 1, 1, 2])
    """

    def __init__(self, num_bins: int, mask_value: Any = None,
                 salt: Any = None, output_mode: str = "int",
                 sparse: bool = False, **kwargs: Any) -> None:
        num_bins = check.positive_int(num_bins, "num_bins", "Hashing")
        if salt is not None:
            raise NotImplementedError(
                "Hashing: `salt` (SipHash64) is not supported; pass "
                f"salt=None for FarmHash64. Received: salt={salt!r}."
            )
        _encoding.check_output_mode("Hashing", output_mode, _MODES)
        if sparse:
            raise NotImplementedError(
                "Hashing: sparse outputs are not supported (cornu has no "
                "sparse tensors); pass sparse=False."
            )
        if mask_value is not None and not isinstance(
                mask_value, (str, bytes, numbers.Integral)):
            raise TypeError(
                "Hashing: `mask_value` must be a string, an integer or "
                f"None. Received: mask_value={mask_value!r}."
            )
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else "float32"
        super().__init__(**kwargs)
        self.autocast = False
        self.num_bins = num_bins
        self.mask_value = mask_value
        self.salt = None
        self.output_mode = output_mode
        self.sparse = False
        self.built = True

    def __call__(self, inputs, *args, **kwargs):
        if isinstance(inputs, SymbolicTensor):
            return super().__call__(inputs, *args, **kwargs)
        return self.call(inputs, *args, **kwargs)

    def _values(self, inputs) -> np.ndarray:
        if ops.is_tensor(inputs) and not isinstance(inputs, np.ndarray):
            inputs = ops.convert_to_numpy(inputs)
        array = np.asarray(inputs)
        if array.dtype.kind == "O" or array.dtype.kind in "US":
            return array.astype(object)
        if array.dtype.kind not in "iu":
            raise TypeError(
                f"Hashing {self.name!r} takes strings or integers. "
                f"Received: data of dtype {array.dtype}."
            )
        return array

    def _bin(self, value, bins: int) -> int:
        if isinstance(value, bytes):
            data = value
        elif isinstance(value, str):
            data = value.encode("utf-8")
        else:
            data = str(int(value)).encode("utf-8")
        return fingerprint64(data) % bins

    def call(self, inputs):
        values = self._values(inputs)
        uniques, inverse = np.unique(values.ravel(), return_inverse=True)
        masked = self.mask_value is not None
        bins = self.num_bins - 1 if masked and self.num_bins > 1 else (
            self.num_bins)
        table = np.empty(len(uniques), dtype="int64")
        for i, value in enumerate(uniques.tolist()):
            if masked and _same(value, self.mask_value):
                table[i] = 0
            else:
                table[i] = self._bin(value, bins) + (
                    1 if masked and self.num_bins > 1 else 0)
        indices = table[inverse].reshape(values.shape)
        if self.output_mode == "int":
            return ops.convert_to_tensor(indices, "int64")
        return _encoding.encode(ops.convert_to_tensor(indices, "int32"),
                                self.num_bins, self.output_mode,
                                self.compute_dtype)

    def compute_output_spec(self, inputs, **kwargs):
        if self.output_mode == "int":
            return SymbolicTensor(tuple(inputs.shape), engine_int64())
        return SymbolicTensor(
            _encoding.output_shape(inputs.shape, self.num_bins,
                                   self.output_mode), self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "num_bins": self.num_bins,
            "salt": None,
            "mask_value": self.mask_value,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
        })
        return config


def _same(value, mask) -> bool:
    if isinstance(value, bytes) and isinstance(mask, str):
        return value == mask.encode("utf-8")
    if isinstance(value, str) and isinstance(mask, bytes):
        return value.encode("utf-8") == mask
    return value == mask
