"""NumPy engine: tensors are `np.ndarray`. Inference only."""

from __future__ import annotations

import numpy as np

from cornu import config
from cornu.backend.common import dtypes
from cornu.backend.common.variables import VariableBase

name = "numpy"
trainable = False
from cornu.backend.common.layer_base import LayerBase  # noqa: E402, F401


def convert_to_tensor(x, dtype=None):
    if isinstance(x, VariableBase):
        x = x.value
    if dtype is not None:
        dtype = dtypes.standardize_dtype(dtype)
    if isinstance(x, np.ndarray):
        return x if dtype is None or x.dtype == dtype else x.astype(dtype)
    if isinstance(x, np.generic):
        return np.asarray(x, dtype=dtype)
    if dtype is None:
        if isinstance(x, bool):
            dtype = "bool"
        elif isinstance(x, int):
            dtype = "int32"
        elif isinstance(x, float):
            dtype = config.floatx()
        else:
            arr = np.asarray(x)
            if arr.dtype == np.float64 and not hasattr(x, "dtype"):
                return arr.astype(config.floatx())
            if arr.dtype == np.int64 and not hasattr(x, "dtype"):
                return arr.astype("int32")
            return arr
    return np.asarray(x, dtype=dtype)


def convert_to_numpy(x):
    if isinstance(x, VariableBase):
        x = x.value
    return np.asarray(x)


def is_tensor(x) -> bool:
    # NumPy returns scalars (np.float32, ...) from full reductions and
    # integer indexing; they are 0-d tensors of this engine.
    return isinstance(x, (np.ndarray, np.generic))


class Variable(VariableBase):
    def _to_storage(self, value):
        return np.array(convert_to_tensor(value, self._dtype), copy=True)

    def _write(self, value):
        self._value = value

    def _convert(self, value):
        return convert_to_tensor(value, self._dtype)
