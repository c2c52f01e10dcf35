"""Tests for `Cropping1D`: values, shapes, Keras 3, config, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers.reshaping import _cases


@pytest.mark.parametrize("cropping, start, end", [(1, 1, 1), ((0, 2), 0, 2)])
def test_conformance(cropping, start, end):
    check_layer(layers.Cropping1D, {"cropping": cropping},
                input_shape=(2, 6, 3),
                expected_output_shape=(2, 6 - start - end, 3),
                expected_num_trainable_weights=0, supports_masking=False,
                reference=lambda x, w: x[:, start:6 - end])


@pytest.mark.oracle
def test_matches_keras():
    _cases.check_keras("Cropping1D", {"cropping": (2, 1)}, (2, 5, 3))


def test_symbolic_shape():
    assert _cases.symbolic_shape("Cropping1D", {"cropping": 2},
                                 (None, None, 3)) == (None, None, 3)
    assert _cases.symbolic_shape("Cropping1D", {"cropping": 2},
                                 (None, 7, 3)) == (None, 3, 3)


def test_errors():
    with pytest.raises(ValueError, match="cropping"):
        layers.Cropping1D(-1)
    with pytest.raises(ValueError, match="cropping"):
        layers.Cropping1D((1, 2, 3))
    with pytest.raises(ValueError, match="cropping"):
        layers.Cropping1D((3, 3))(np.zeros((1, 5, 2), "float32"))
