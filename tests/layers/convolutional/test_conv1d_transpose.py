"""Tests for `Conv1DTranspose`: the conformance harness, a NumPy
reference and Keras 3 with the same weights, shapes, config and errors."""

from __future__ import annotations

import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers.convolutional import _transpose_cases as cases

CLS = layers.Conv1DTranspose
RANK = 1
CASES = {
    "valid": {"filters": 2, "kernel_size": 3},
    "same_strided": {
        "filters": 2,
        "kernel_size": 3,
        "strides": 2,
        "padding": "same",
    },
    "valid_strided_small_kernel": {
        "filters": 2,
        "kernel_size": 2,
        "strides": 3,
    },
    "output_padding_valid": {
        "filters": 3,
        "kernel_size": 3,
        "strides": 2,
        "output_padding": 1,
    },
    "output_padding_same": {
        "filters": 2,
        "kernel_size": 4,
        "strides": 3,
        "padding": "same",
        "output_padding": 2,
    },
    "dilated": {
        "filters": 2,
        "kernel_size": 2,
        "dilation_rate": 2,
        "use_bias": False,
    },
    "even_kernel_same": {
        "filters": 2,
        "kernel_size": 4,
        "strides": 2,
        "padding": "same",
    },
}
FORMATS = ["channels_last", "channels_first"]
# Every case channels_last; two of them channels_first too (keeps the JAX
# compiles few).
PAIRS = [(case, "channels_last") for case in sorted(CASES)] + [
    ("output_padding_same", "channels_first"),
    ("dilated", "channels_first"),
]


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("case", ["same_strided", "output_padding_valid"])
def test_conformance(case, data_format):
    check_layer(
        CLS, **cases.conformance_arguments(CLS, RANK, CASES[case], data_format)
    )


@pytest.mark.parametrize("case, data_format", PAIRS)
def test_matches_numpy_reference(case, data_format):
    cases.check_numpy_reference(CLS, RANK, CASES[case], data_format)


@pytest.mark.oracle
@pytest.mark.parametrize("case, data_format", PAIRS)
def test_matches_keras_with_same_weights(case, data_format):
    cases.check_keras(CLS, RANK, CASES[case], data_format)


def test_symbolic_shapes():
    assert cases.symbolic_shape(
        CLS, {"filters": 4, "kernel_size": 3, "strides": 2}, (None, None, 3)
    ) == (None, None, 4)
    assert cases.symbolic_shape(
        CLS, {"filters": 4, "kernel_size": 3, "strides": 2}, (None, 5, 3)
    ) == (None, 11, 4)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"filters": -1, "kernel_size": 3}, "filters"),
        ({"filters": 2, "kernel_size": 0}, "kernel_size"),
        (
            {"filters": 2, "kernel_size": 3, "output_padding": 1},
            "output_padding",
        ),
        (
            {"filters": 2, "kernel_size": 3, "strides": 2, "dilation_rate": 2},
            "dilation_rate",
        ),
        ({"filters": 2, "kernel_size": 3, "padding": "causal"}, "padding"),
        ({"filters": 2, "kernel_size": 3, "data_format": "NCW"}, "data_format"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        CLS(**kwargs)
