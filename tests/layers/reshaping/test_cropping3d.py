"""Tests for `Cropping3D`: values, both data formats, Keras 3, config."""

from __future__ import annotations

import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers.reshaping import _cases

CROP = ((1, 0), (0, 1), (1, 1))


@pytest.mark.parametrize("data_format, shape, expected, index", [
    ("channels_last", (1, 3, 3, 4, 2), (1, 2, 2, 2, 2),
     (slice(None), slice(1, 3), slice(0, 2), slice(1, 3))),
    ("channels_first", (1, 2, 3, 3, 4), (1, 2, 2, 2, 2),
     (slice(None), slice(None), slice(1, 3), slice(0, 2), slice(1, 3))),
])
def test_conformance(data_format, shape, expected, index):
    check_layer(layers.Cropping3D,
                {"cropping": CROP, "data_format": data_format},
                input_shape=shape, expected_output_shape=expected,
                expected_num_trainable_weights=0, supports_masking=False,
                reference=lambda x, w: x[index])


@pytest.mark.oracle
@pytest.mark.parametrize("kwargs", [{"cropping": CROP}, {}])
def test_matches_keras(kwargs):
    _cases.check_keras("Cropping3D", kwargs, (1, 3, 3, 4, 2))


def test_errors():
    with pytest.raises(ValueError, match="cropping"):
        layers.Cropping3D((1, 1))
