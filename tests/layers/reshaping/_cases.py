"""Helpers shared by the Cropping and UpSampling tests: Keras 3 with the
same input and config."""

from __future__ import annotations

import numpy as np

from cornu import layers, ops
from tests.layers._keras_layers import config_diff, keras_layer, keras_output


def check_keras(name, kwargs, shape):
    kwargs = {**kwargs, "name": "r"}
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    ours = getattr(layers, name)(**kwargs)
    theirs = keras_layer(name, kwargs)
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x)),
                               keras_output(theirs, x), rtol=1e-6,
                               atol=1e-6)
    assert config_diff(ours.get_config(), theirs.get_config()) == {}


def symbolic_shape(name, kwargs, batch_shape):
    layer = getattr(layers, name)(**kwargs)
    return tuple(layer(layers.Input(batch_shape=batch_shape)).shape)
