"""Tests for `UpSampling3D`: values, both data formats, Keras 3, config."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers.reshaping import _cases


@pytest.mark.parametrize("data_format, shape, axes, expected", [
    ("channels_last", (1, 2, 2, 3, 2), (1, 2, 3), (1, 4, 2, 9, 2)),
    ("channels_first", (1, 2, 2, 2, 3), (2, 3, 4), (1, 2, 4, 2, 9)),
])
def test_conformance(data_format, shape, axes, expected):
    def reference(x, weights):
        for axis, size in zip(axes, (2, 1, 3), strict=True):
            x = np.repeat(x, size, axis)
        return x

    check_layer(layers.UpSampling3D,
                {"size": (2, 1, 3), "data_format": data_format},
                input_shape=shape, expected_output_shape=expected,
                expected_num_trainable_weights=0, supports_masking=False,
                reference=reference)


@pytest.mark.oracle
def test_matches_keras():
    _cases.check_keras("UpSampling3D", {"size": (2, 1, 3)}, (1, 2, 2, 3, 2))


def test_bad_size():
    with pytest.raises(ValueError, match="size"):
        layers.UpSampling3D((2, 2))
