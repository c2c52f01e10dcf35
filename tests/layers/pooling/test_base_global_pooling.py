"""Tests for `BaseGlobalPooling`: the output-shape rule on its own."""

from __future__ import annotations

import pytest

from cornu import layers


@pytest.mark.parametrize("data_format, keepdims, shape, expected", [
    ("channels_last", False, (None, 4, 5, 3), (None, 3)),
    ("channels_last", True, (2, 4, 5, 3), (2, 1, 1, 3)),
    ("channels_first", False, (2, 3, 4, 5), (2, 3)),
    ("channels_first", True, (None, 3, None, 5), (None, 3, 1, 1)),
])
def test_compute_output_shape(data_format, keepdims, shape, expected):
    layer = layers.GlobalMaxPooling2D(data_format=data_format,
                                      keepdims=keepdims)
    assert layer.compute_output_shape(shape) == expected
