"""Keras 3 as a test oracle: same inputs, same numbers.

Keras is a test-only dependency. It runs on the framework that matches the
engine under test (`KERAS_BACKEND` is set before the first import, unless the
environment already chose one), and every oracle test skips when Keras is not
installed.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import cornu.backend

_KERAS_BACKENDS = {"torch": "torch", "jax": "jax", "numpy": "numpy"}


def import_keras():
    """The `keras` module, or a pytest skip when it is not installed."""
    os.environ.setdefault(
        "KERAS_BACKEND", _KERAS_BACKENDS[cornu.backend.backend()]
    )
    return pytest.importorskip("keras")


def keras_call(name: str, *args, **kwargs):
    """`keras.ops.<name>(*args, **kwargs)` with the outputs as NumPy
    (nested lists/tuples kept)."""
    keras = import_keras()
    out = getattr(keras.ops, name)(*args, **kwargs)
    return _to_numpy(keras, out)


def _to_numpy(keras, out):
    if isinstance(out, (list, tuple)):
        return type(out)(_to_numpy(keras, o) for o in out)
    if isinstance(out, (bool, int, float)):
        return np.asarray(out)
    return np.asarray(keras.ops.convert_to_numpy(out))
