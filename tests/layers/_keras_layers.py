"""Keras 3 layers as an oracle for layer tests: the same config and
weights in Keras, its output as NumPy, and config comparison."""

from __future__ import annotations

import contextlib
import json
import warnings

import numpy as np

from tests._oracle import import_keras


@contextlib.contextmanager
def _quiet_keras():
    # Keras 3.15's variables implement `__array__` without NumPy 2's `copy`
    # keyword, so Keras itself warns when it converts them, and Keras on
    # JAX warns when a float64 layer meets JAX's default 32-bit mode. Not
    # our code.
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=".*__array__ implementation doesn't accept",
            category=DeprecationWarning)
        warnings.filterwarnings(
            "ignore", message="Explicitly requested dtype float64",
            category=UserWarning)
        yield


def keras_layer(class_name: str, init_kwargs: dict,
                input_shape: tuple | None = None,
                weights: list | None = None):
    """`keras.layers.<class_name>(**init_kwargs)`, built for `input_shape`
    (unbuilt when `None`) and holding `weights` (a list of NumPy arrays)
    when given."""
    keras = import_keras()
    with _quiet_keras():
        layer = getattr(keras.layers, class_name)(**init_kwargs)
        if input_shape is None:
            return layer
        layer.build(tuple(input_shape))
        if weights is not None:
            layer.set_weights([np.asarray(w) for w in weights])
    return layer


def keras_output(layer, x, **call_kwargs) -> np.ndarray:
    """The Keras layer's output for NumPy input `x`, as NumPy."""
    keras = import_keras()
    with _quiet_keras():
        out = layer(keras.ops.convert_to_tensor(x), **call_kwargs)
        return np.asarray(keras.ops.convert_to_numpy(out))


def keras_weights(layer) -> list[np.ndarray]:
    keras = import_keras()
    with _quiet_keras():
        return [np.asarray(keras.ops.convert_to_numpy(v.value))
                for v in layer.weights]


def json_config(config: dict) -> dict:
    """`config` after a JSON round trip (tuples become lists), as saved."""
    return json.loads(json.dumps(config))


def config_diff(ours: dict, theirs: dict) -> dict:
    """The keys whose values differ after JSON: `{key: (ours, theirs)}`."""
    a, b = json_config(ours), json_config(theirs)
    return {k: (a.get(k), b.get(k)) for k in sorted(set(a) | set(b))
            if a.get(k, "<missing>") != b.get(k, "<missing>")}
