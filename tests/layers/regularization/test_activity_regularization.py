"""Tests for `ActivityRegularization`: identity output, the penalty in
`losses` as Keras 3 computes it, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output


def test_conformance():
    check_layer(layers.ActivityRegularization, {"l1": 0.1, "l2": 0.2},
                input_shape=(2, 3), expected_output_shape=(2, 3),
                expected_num_trainable_weights=0, supports_masking=True,
                reference=lambda x, w: x)


def test_penalty_in_losses():
    x = np.array([[1.0, -2.0], [0.5, 3.0]], "float32")
    layer = layers.ActivityRegularization(l1=0.1, l2=0.01)
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(x)), x)
    expected = (0.1 * np.abs(x).sum() + 0.01 * np.square(x).sum()) / 2
    assert len(layer.losses) == 1
    np.testing.assert_allclose(float(ops.convert_to_numpy(layer.losses[0])),
                               expected, rtol=1e-6)


@pytest.mark.oracle
def test_matches_keras():
    x = np.array([[1.0, -2.0], [0.5, 3.0]], "float32")
    kwargs = {"l1": 0.1, "l2": 0.01, "name": "a"}
    ours = layers.ActivityRegularization(**kwargs)
    theirs = keras_layer("ActivityRegularization", kwargs)
    ours(x)
    keras_output(theirs, x)
    np.testing.assert_allclose(
        [float(ops.convert_to_numpy(v)) for v in ours.losses],
        [float(np.asarray(v)) for v in theirs.losses], rtol=1e-6)
    assert config_diff(ours.get_config(), theirs.get_config()) == {}


@pytest.mark.parametrize("name", ["l1", "l2"])
def test_bad_factors(name):
    with pytest.raises(ValueError, match=name):
        layers.ActivityRegularization(**{name: -1.0})
