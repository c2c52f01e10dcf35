"""`python_logs`: a callback `logs` dict with Python floats for values.

The trainer's per-batch logs hold 0-d engine tensors; reading one waits for
the device, so callbacks convert only the logs they print or compare, and
only through this helper.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def python_logs(logs: dict | None) -> dict:
    """A new dict with the keys of `logs` sorted (nested dicts flattened
    into it) and each scalar value (tensor, NumPy scalar, 0-d or one-element
    array, number) as a Python float; other values are kept as they are."""
    result: dict[str, Any] = {}
    for key, value in sorted((logs or {}).items()):
        if isinstance(value, dict):
            result.update(python_logs(value))
        else:
            result[key] = to_float(value)
    return result


def to_float(value: Any) -> Any:
    """`value` as a Python float when it holds one number, else `value`."""
    if isinstance(value, float):
        return value
    if isinstance(value, (int, np.number)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, (str, bytes, bool)) or value is None:
        return value
    try:
        array = np.asarray(_to_numpy(value))
    except (TypeError, ValueError, RuntimeError):
        return value
    if array.size == 1 and array.dtype.kind in "iuf":
        return float(array.reshape(()))
    return value


def _to_numpy(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value
    from cornu import ops
    from cornu.backend.common.variables import VariableBase

    if isinstance(value, VariableBase):
        value = value.value
    if ops.is_tensor(value):
        return ops.convert_to_numpy(value)
    return value
