"""Tests for `Conv3DTranspose`: the conformance harness, a NumPy
reference and Keras 3 with the same weights, shapes, config and errors."""

from __future__ import annotations

import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers.convolutional import _transpose_cases as cases

CLS = layers.Conv3DTranspose
RANK = 3
KWARGS = {"filters": 2, "kernel_size": 2, "strides": 2, "output_padding": 1}


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_conformance(data_format):
    check_layer(
        CLS, **cases.conformance_arguments(CLS, RANK, KWARGS, data_format)
    )


@pytest.mark.oracle
@pytest.mark.parametrize(
    "kwargs",
    [
        KWARGS,
        {
            "filters": 2,
            "kernel_size": (2, 3, 1),
            "padding": "same",
            "strides": (1, 2, 1),
        },
    ],
)
def test_matches_keras_with_same_weights(kwargs):
    cases.check_keras(CLS, RANK, kwargs, "channels_last")


def test_symbolic_shape():
    assert cases.symbolic_shape(
        CLS, {"filters": 4, "kernel_size": 3}, (None, 2, 3, 4, 3)
    ) == (None, 4, 5, 6, 4)
