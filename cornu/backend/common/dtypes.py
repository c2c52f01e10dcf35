"""The one dtype table: names, and how dtypes combine.

Engines receive inputs that are already promoted through `result_type`, so
`x + y` gives the same dtype on every engine. Python scalars are *weak*: they
take the dtype of the tensor they meet (an `int` never widens a float32
tensor, a `float` turns an integer tensor into `floatx()`).
"""

from __future__ import annotations

import numpy as np

from cornu import config

FLOATS = ("bfloat16", "float16", "float32", "float64")
INTS = ("int8", "int16", "int32", "int64")
UINTS = ("uint8", "uint16", "uint32", "uint64")
ALL = ("bool", *UINTS, *INTS, *FLOATS, "complex64", "complex128")

_ALIASES = {
    "float": "float32",
    "double": "float64",
    "half": "float16",
    "int": "int32",
    "long": "int64",
    "bool_": "bool",
}
_BITS = {
    "bool": 1, "int8": 8, "uint8": 8, "int16": 16, "uint16": 16,
    "int32": 32, "uint32": 32, "int64": 64, "uint64": 64, "bfloat16": 16,
    "float16": 16, "float32": 32, "float64": 64, "complex64": 64,
    "complex128": 128,
}


def standardize_dtype(dtype) -> str:
    """Returns the canonical string name of `dtype`.

    Accepts strings, NumPy dtypes and scalar types, Python types and engine
    dtypes (anything whose `str()` ends with a known name, such as
    `torch.float32`).
    """
    if dtype is None:
        return config.floatx()
    if isinstance(dtype, str):
        name = dtype
    elif dtype is float:
        return "float32"
    elif dtype is int:
        return "int32"
    elif dtype is bool:
        return "bool"
    elif hasattr(dtype, "name") and isinstance(dtype.name, str):
        name = dtype.name
    else:
        name = str(dtype)
    name = name.rsplit(".", 1)[-1]
    name = _ALIASES.get(name, name)
    if name not in _BITS:
        try:
            name = np.dtype(name).name
        except TypeError:
            pass
    if name not in _BITS:
        raise ValueError(
            f"Unknown dtype. Expected one of {ALL}. Received: dtype={dtype!r}."
        )
    return name


def is_float(dtype) -> bool:
    return standardize_dtype(dtype) in FLOATS


def is_int(dtype) -> bool:
    name = standardize_dtype(dtype)
    return name in INTS or name in UINTS


def _kind(name: str) -> int:
    if name == "bool":
        return 0
    if name in UINTS or name in INTS:
        return 1
    if name in FLOATS:
        return 2
    return 3


def _promote_pair(a: str, b: str) -> str:
    if a == b:
        return a
    ka, kb = _kind(a), _kind(b)
    if ka != kb:
        return a if ka > kb else b
    if ka == 1:
        ua, ub = a in UINTS, b in UINTS
        if ua == ub:
            return a if _BITS[a] >= _BITS[b] else b
        signed, unsigned = (b, a) if ua else (a, b)
        if _BITS[signed] > _BITS[unsigned]:
            return signed
        return {8: "int16", 16: "int32"}.get(_BITS[unsigned], "int64")
    if ka == 2 and {a, b} == {"bfloat16", "float16"}:
        return "float32"
    return a if _BITS[a] >= _BITS[b] else b


def result_type(*dtypes) -> str:
    """The dtype that combining values of `dtypes` gives.

    Entries may be dtypes, or the Python types `int`, `float`, `bool` to stand
    for weak scalars.
    """
    strong = []
    weak = []
    for d in dtypes:
        if d is int or d is float or d is bool:
            weak.append(d)
        else:
            strong.append(standardize_dtype(d))
    if not strong:
        if float in weak:
            return config.floatx()
        if int in weak:
            return "int32"
        return "bool"
    out = strong[0]
    for d in strong[1:]:
        out = _promote_pair(out, d)
    if float in weak and _kind(out) < 2:
        out = config.floatx()
    elif int in weak and out == "bool":
        out = "int32"
    return out


def float_result(dtype) -> str:
    """The dtype of a float-valued op (sqrt, mean, ...) applied to `dtype`."""
    name = standardize_dtype(dtype)
    return name if _kind(name) >= 2 else config.floatx()
