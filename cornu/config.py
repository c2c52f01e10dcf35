"""Global configuration: `~/.cornu/cornu.json` and the `CORNU_*` variables.

The file holds the same fields as Keras's `keras.json`: `backend`, `floatx`,
`epsilon` and `image_data_format`. `CORNU_HOME` moves the folder,
`CORNU_BACKEND` overrides the engine. Reading the configuration imports no
engine.
"""

from __future__ import annotations

import json
import os
import threading

ENGINES = ("torch", "jax", "numpy")
_FLOATX = ("float16", "bfloat16", "float32", "float64")
_DATA_FORMATS = ("channels_last", "channels_first")

_floatx = "float32"
_epsilon = 1e-7
_image_data_format = "channels_last"
_requested_backend: str | None = None


def cornu_home() -> str:
    """The folder that holds `cornu.json` and the dataset cache."""
    home = os.environ.get("CORNU_HOME")
    if home:
        return os.path.expanduser(home)
    return os.path.join(os.path.expanduser("~"), ".cornu")


def _read_config_file() -> dict:
    path = os.path.join(cornu_home(), "cornu.json")
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def floatx() -> str:
    """The default float type, as a string such as `"float32"`."""
    return _floatx


def set_floatx(value: str) -> None:
    """Sets the default float type (`"float16"`, `"bfloat16"`, `"float32"`
    or `"float64"`)."""
    global _floatx
    value = str(value)
    if value not in _FLOATX:
        raise ValueError(
            f"`floatx` must be one of {_FLOATX}. Received: floatx={value!r}."
        )
    _floatx = value


def epsilon() -> float:
    """The fuzz factor used in numeric expressions (default `1e-7`)."""
    return _epsilon


def set_epsilon(value: float) -> None:
    """Sets the fuzz factor used in numeric expressions."""
    global _epsilon
    _epsilon = float(value)


def image_data_format() -> str:
    """`"channels_last"` (default) or `"channels_first"`."""
    return _image_data_format


def set_image_data_format(data_format: str) -> None:
    """Sets the default image layout for convolution and pooling layers."""
    global _image_data_format
    data_format = str(data_format).lower()
    if data_format not in _DATA_FORMATS:
        raise ValueError(
            "`data_format` must be 'channels_last' or 'channels_first'. "
            f"Received: data_format={data_format!r}."
        )
    _image_data_format = data_format


def standardize_data_format(data_format: str | None) -> str:
    """Resolves `None` to the global default and checks the value."""
    if data_format is None:
        return _image_data_format
    value = str(data_format).lower()
    if value not in _DATA_FORMATS:
        raise ValueError(
            "`data_format` must be 'channels_last' or 'channels_first'. "
            f"Received: data_format={data_format!r}."
        )
    return value


_safe_mode: bool | None = None
_safe_mode_scope = threading.local()


def enable_unsafe_deserialization() -> None:
    """Allows loading Python bytecode (Lambda layers, custom functions) from
    configs and files everywhere in this process. Only do this for files
    you trust: loading them runs their code."""
    global _safe_mode
    _safe_mode = False


class SafeModeScope:
    """Within the scope, `in_safe_mode()` returns `safe_mode` (a loader's
    `safe_mode=` argument); `None` leaves the global setting in force."""

    def __init__(self, safe_mode: bool | None = True):
        self.safe_mode = safe_mode

    def __enter__(self):
        self._previous = getattr(_safe_mode_scope, "value", None)
        if self.safe_mode is not None:
            _safe_mode_scope.value = self.safe_mode
        return self

    def __exit__(self, *exc):
        _safe_mode_scope.value = self._previous
        return False


def in_safe_mode() -> bool | None:
    """The safe-mode setting in force: a loader's `safe_mode=` argument
    (through `SafeModeScope`), else `False` after
    `enable_unsafe_deserialization()`, else `None` (safe by default)."""
    scoped = getattr(_safe_mode_scope, "value", None)
    return scoped if scoped is not None else _safe_mode


def requested_backend() -> str | None:
    """The engine named by `CORNU_BACKEND` or the config file, if any."""
    return _requested_backend


def _load() -> None:
    global _requested_backend
    data = _read_config_file()
    if "floatx" in data:
        set_floatx(data["floatx"])
    if "epsilon" in data:
        set_epsilon(data["epsilon"])
    if "image_data_format" in data:
        set_image_data_format(data["image_data_format"])
    _requested_backend = os.environ.get("CORNU_BACKEND") or data.get("backend")


_load()
