"""Checks shared by the six global pooling test files: a NumPy reference,
Keras 3, keepdims, shapes, configs and argument errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from tests.layers._keras_layers import config_diff, keras_layer, keras_output

SPATIAL = {1: (5,), 2: (4, 3), 3: (3, 2, 3)}
DATA_FORMATS = ["channels_last", "channels_first"]


def _rank(cls):
    return int(cls.__name__[-2])


def input_shape(cls, data_format):
    spatial = SPATIAL[_rank(cls)]
    if data_format == "channels_last":
        return (2, *spatial, 3)
    return (2, 3, *spatial)


def numpy_reference(cls, data_format, keepdims):
    rank = _rank(cls)
    first = 1 if data_format == "channels_last" else 2
    axes = tuple(range(first, first + rank))
    reduce = np.max if "Max" in cls.__name__ else np.mean

    def reference(x, weights):
        return reduce(x.astype(np.float64), axis=axes, keepdims=keepdims)
    return reference


def conformance_case(cls, data_format, keepdims) -> dict:
    """The keyword arguments of `check_layer(cls, **case)`."""
    kwargs = {"data_format": data_format, "keepdims": keepdims}
    shape = input_shape(cls, data_format)
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    return {
        "init_kwargs": kwargs,
        "input_data": x,
        "expected_output_shape": cls(**kwargs).compute_output_shape(shape),
        "expected_output_dtype": "float32",
        "expected_num_trainable_weights": 0,
        "expected_num_non_trainable_weights": 0,
        "reference": numpy_reference(cls, data_format, keepdims),
        "supports_masking": cls is layers.GlobalAveragePooling1D,
    }


def check_matches_keras(cls, data_format, keepdims):
    kwargs = {"data_format": data_format, "keepdims": keepdims}
    shape = input_shape(cls, data_format)
    x = np.random.default_rng(1).standard_normal(shape).astype("float32")
    ours = ops.convert_to_numpy(cls(**kwargs)(x))
    theirs = keras_output(keras_layer(cls.__name__, kwargs, shape), x)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def check_symbolic_shapes(cls):
    rank = _rank(cls)
    x = layers.Input(batch_shape=(None,) * (rank + 1) + (4,))
    assert tuple(cls()(x).shape) == (None, 4)
    assert tuple(cls(keepdims=True)(x).shape) == (
        (None,) + (1,) * rank + (4,))
    y = layers.Input(batch_shape=(None, 4) + (None,) * rank)
    layer = cls(data_format="channels_first", keepdims=True)
    assert tuple(layer(y).shape) == (None, 4) + (1,) * rank


def check_config_matches_keras(cls):
    for kwargs in ({}, {"data_format": "channels_first", "keepdims": True,
                        "trainable": False, "dtype": "float64"}):
        ours = cls(name="gp", **kwargs).get_config()
        theirs = keras_layer(cls.__name__, {"name": "gp", **kwargs})
        assert config_diff(ours, theirs.get_config()) == {}
        assert config_diff(cls.from_config(ours).get_config(), ours) == {}


def check_bad_arguments(cls):
    with pytest.raises(ValueError, match="data_format"):
        cls(data_format="channels_middle")
    with pytest.raises(TypeError, match="keepdims"):
        cls(keepdims="yes")
    with pytest.raises(ValueError, match="ndim"):
        cls()(np.zeros((2,) * (_rank(cls) + 3), "float32"))
