"""Tests for `ELU`: NumPy and Keras 3 values, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output


@pytest.mark.parametrize("alpha", [1.0, 0.5])
def test_conformance(alpha):
    check_layer(layers.ELU, {"alpha": alpha}, input_shape=(3, 4),
                expected_output_shape=(3, 4), supports_masking=True,
                expected_num_trainable_weights=0,
                reference=lambda x, w: np.where(x > 0, x,
                                                alpha * np.expm1(x)))


@pytest.mark.oracle
def test_matches_keras():
    x = np.linspace(-3, 3, 12, dtype="float32").reshape(2, 6)
    ours = layers.ELU(alpha=0.7, name="e")
    theirs = keras_layer("ELU", {"alpha": 0.7, "name": "e"})
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x)),
                               keras_output(theirs, x), rtol=1e-6,
                               atol=1e-7)
    assert config_diff(ours.get_config(), theirs.get_config()) == {}


def test_bad_alpha():
    with pytest.raises(TypeError, match="alpha"):
        layers.ELU(alpha="big")
