"""Tests for `Cropping2D`: values, both data formats, Keras 3, config,
errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers.reshaping import _cases

CROP = ((1, 0), (2, 1))


@pytest.mark.parametrize("data_format, shape, expected, index", [
    ("channels_last", (2, 5, 6, 3), (2, 4, 3, 3),
     (slice(None), slice(1, 5), slice(2, 5))),
    ("channels_first", (2, 3, 5, 6), (2, 3, 4, 3),
     (slice(None), slice(None), slice(1, 5), slice(2, 5))),
])
def test_conformance(data_format, shape, expected, index):
    check_layer(layers.Cropping2D,
                {"cropping": CROP, "data_format": data_format},
                input_shape=shape, expected_output_shape=expected,
                expected_num_trainable_weights=0, supports_masking=False,
                reference=lambda x, w: x[index])


@pytest.mark.oracle
@pytest.mark.parametrize("kwargs", [
    {"cropping": CROP},
    {"cropping": 1, "data_format": "channels_first"},
    {"cropping": (1, 2)},
])
def test_matches_keras(kwargs):
    _cases.check_keras("Cropping2D", kwargs, (2, 5, 6, 3))


def test_symbolic_shape():
    assert _cases.symbolic_shape("Cropping2D", {"cropping": CROP},
                                 (None, None, 6, 3)) == (None, None, 3, 3)


def test_errors():
    with pytest.raises(ValueError, match="cropping"):
        layers.Cropping2D(((1, -1), (0, 0)))
    with pytest.raises(ValueError, match="data_format"):
        layers.Cropping2D(1, data_format="NHWC")
    with pytest.raises(ValueError, match="cropping"):
        layers.Cropping2D(((3, 3), (0, 0)))(np.zeros((1, 5, 5, 2), "float32"))
