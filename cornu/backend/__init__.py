"""Engine selection and the engine-neutral backend API.

The engine is chosen once, at first use: `CORNU_BACKEND`, else the
`backend` field of `~/.cornu/cornu.json`, else torch if it is installed,
else jax, else numpy (inference only).
"""

from __future__ import annotations

import importlib
import importlib.util

from cornu import config
from cornu.backend.common import dtypes
from cornu.backend.common.dtypes import result_type, standardize_dtype
from cornu.backend.common.scopes import StatelessScope
from cornu.backend.common.symbolic import SymbolicTensor, is_symbolic
from cornu.config import (
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
)

__all__ = [
    "backend", "engine", "floatx", "set_floatx", "epsilon", "set_epsilon",
    "image_data_format", "set_image_data_format", "standardize_dtype",
    "result_type", "StatelessScope", "SymbolicTensor", "is_symbolic",
    "is_float_dtype", "is_int_dtype",
]

_ENGINE_PACKAGES = {"torch": "torch", "jax": "jax", "numpy": "numpy"}
_engine_name: str | None = None
_engine = None


def _installed(package: str) -> bool:
    return importlib.util.find_spec(package) is not None


def _resolve_name() -> str:
    requested = config.requested_backend()
    if requested:
        name = str(requested).lower()
        if name not in config.ENGINES:
            raise ValueError(
                "Unknown engine name. Expected one of "
                f"{config.ENGINES} in CORNU_BACKEND or cornu.json. "
                f"Received: backend={requested!r}."
            )
        if not _installed(_ENGINE_PACKAGES[name]):
            raise ImportError(
                f"The {name} engine was requested but {name!r} is not "
                f"installed. Install it with `pip install cornu[{name}]`, "
                "or choose another engine with CORNU_BACKEND."
            )
        return name
    for name in ("torch", "jax"):
        if _installed(name):
            return name
    return "numpy"


def backend() -> str:
    """The name of the engine in use: `"torch"`, `"jax"` or `"numpy"`."""
    global _engine_name
    if _engine_name is None:
        _engine_name = _resolve_name()
    return _engine_name


def engine():
    """The engine module (`cornu.backend.<name>`), imported on first use."""
    global _engine
    if _engine is None:
        _engine = importlib.import_module(f"cornu.backend.{backend()}")
    return _engine


def is_float_dtype(dtype) -> bool:
    return dtypes.is_float(dtype)


def is_int_dtype(dtype) -> bool:
    return dtypes.is_int(dtype)


def __getattr__(name):
    # Engine-provided names (Variable, convert_to_tensor, ...) resolve lazily
    # so that `import cornu.backend` does not import an engine.
    if name in ("Variable", "convert_to_tensor", "convert_to_numpy",
                "is_tensor", "LayerBase", "name"):
        return getattr(engine(), name)
    raise AttributeError(f"module 'cornu.backend' has no attribute {name!r}")
