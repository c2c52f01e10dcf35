"""Tests for `PReLU`: weight shapes, NumPy and Keras 3 values, config,
errors, training."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output


def _reference(x, weights):
    return np.where(x >= 0, x, weights[0] * x)


@pytest.mark.parametrize("kwargs, alpha_shape", [
    ({"alpha_initializer": "random_uniform"}, (3, 4)),
    ({"alpha_initializer": "ones", "shared_axes": 1}, (1, 4)),
    ({"alpha_initializer": "random_uniform", "shared_axes": [1, 2]},
     (1, 1)),
])
def test_conformance_and_weight_shape(kwargs, alpha_shape):
    check_layer(layers.PReLU, kwargs, input_shape=(2, 3, 4),
                expected_output_shape=(2, 3, 4),
                expected_num_trainable_weights=1,
                expected_num_non_trainable_weights=0,
                supports_masking=True, reference=_reference)
    layer = layers.PReLU(**kwargs)
    layer.build((None, 3, 4))
    assert tuple(layer.alpha.shape) == alpha_shape


@pytest.mark.oracle
@pytest.mark.parametrize("shared_axes", [None, [1]])
def test_matches_keras(shared_axes):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 4)).astype("float32")
    kwargs = {"shared_axes": shared_axes, "name": "p"}
    ours = layers.PReLU(**kwargs)
    ours.build(x.shape)
    weights = [rng.random(w.shape).astype("float32")
               for w in ours.get_weights()]
    ours.set_weights(weights)
    theirs = keras_layer("PReLU", kwargs, x.shape, weights)
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x)),
                               keras_output(theirs, x), rtol=1e-6)
    assert config_diff(ours.get_config(), theirs.get_config()) == {}
    assert [v.name for v in ours.weights] == ["alpha"]


def test_shared_axis_out_of_range():
    with pytest.raises(ValueError, match="shared_axes"):
        layers.PReLU(shared_axes=3)(np.zeros((2, 3, 4), "float32"))


@pytest.mark.parametrize("value", [0, [1, -1], "1"])
def test_bad_shared_axes(value):
    with pytest.raises(ValueError, match="shared_axes"):
        layers.PReLU(shared_axes=value)


@pytest.mark.trainable
def test_learns_the_slope():
    import cornu

    x = np.linspace(-3, 3, 64, dtype="float32").reshape(64, 1)
    y = np.where(x > 0, x, 0.25 * x)
    model = cornu.Sequential([layers.Input(shape=(1,)), layers.PReLU()])
    model.compile(optimizer=cornu.optimizers.Adam(0.05), loss="mse")
    model.fit(x, y, epochs=40, batch_size=16, verbose=0)
    alpha = model.layers[-1].get_weights()[0]
    np.testing.assert_allclose(alpha, 0.25, atol=0.02)
