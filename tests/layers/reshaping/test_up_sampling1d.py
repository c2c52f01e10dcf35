"""Tests for `UpSampling1D`: values, shapes, Keras 3, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers.reshaping import _cases


def test_conformance():
    check_layer(layers.UpSampling1D, {"size": 3}, input_shape=(2, 4, 2),
                expected_output_shape=(2, 12, 2),
                expected_num_trainable_weights=0, supports_masking=False,
                reference=lambda x, w: np.repeat(x, 3, axis=1))


@pytest.mark.oracle
def test_matches_keras():
    _cases.check_keras("UpSampling1D", {"size": 3}, (2, 4, 2))


def test_symbolic_shape():
    assert _cases.symbolic_shape("UpSampling1D", {},
                                 (None, None, 3)) == (None, None, 3)


@pytest.mark.parametrize("size", [0, -2, (2, 2), 1.5])
def test_bad_size(size):
    with pytest.raises(ValueError, match="size"):
        layers.UpSampling1D(size)
