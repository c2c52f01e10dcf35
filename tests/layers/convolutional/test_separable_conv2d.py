"""Tests for `SeparableConv2D`: the conformance harness, a NumPy
reference, Keras 3 with the same weights, shapes, config and errors."""

from __future__ import annotations

import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers.convolutional import _depthwise_cases as cases

CLS = layers.SeparableConv2D
RANK = 2
SEPARABLE = True
CASES = {
    "multiplier": {"filters": 4, "kernel_size": 3, "depth_multiplier": 2},
    "strided_same_relu": {
        "filters": 2,
        "kernel_size": 2,
        "strides": 2,
        "padding": "same",
        "activation": "relu",
    },
    "dilated_no_bias": {
        "filters": 3,
        "kernel_size": 3,
        "dilation_rate": 2,
        "use_bias": False,
    },
}
FORMATS = ["channels_last", "channels_first"]
# Every case channels_last, one channels_first too (the conformance test
# covers "multiplier" both ways).
PAIRS = [(case, "channels_last") for case in sorted(CASES)] + [
    ("strided_same_relu", "channels_first"),
]


@pytest.mark.parametrize("data_format", FORMATS)
def test_conformance(data_format):
    check_layer(
        CLS,
        **cases.conformance_arguments(
            CLS, RANK, SEPARABLE, CASES["multiplier"], data_format
        ),
    )


@pytest.mark.parametrize("case, data_format", PAIRS)
def test_matches_numpy_reference(case, data_format):
    cases.check_numpy_reference(CLS, RANK, SEPARABLE, CASES[case], data_format)


@pytest.mark.oracle
@pytest.mark.parametrize("case, data_format", PAIRS)
def test_matches_keras_with_same_weights(case, data_format):
    cases.check_keras(CLS, RANK, CASES[case], data_format)


def test_symbolic_shape():
    out = CLS(**CASES["strided_same_relu"])(
        layers.Input(batch_shape=(None,) + (None,) * RANK + (3,))
    )
    assert tuple(out.shape)[:-1] == (None,) * (RANK + 1)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"filters": 0, "kernel_size": 3}, "filters"),
        ({**CASES["multiplier"], "padding": "causal"}, "padding"),
        (
            {**CASES["multiplier"], "strides": 2, "dilation_rate": 2},
            "dilation_rate",
        ),
        ({**CASES["multiplier"], "data_format": "NWC"}, "data_format"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        CLS(**kwargs)


def test_kernel_larger_than_input_with_valid_padding():
    import numpy as np

    with pytest.raises(ValueError, match="kernel"):
        CLS(**{**CASES["multiplier"], "kernel_size": 9})(
            np.zeros((1,) + (4,) * RANK + (3,), "float32")
        )
