"""Tests for `Conv2DTranspose`: the conformance harness, a NumPy
reference and Keras 3 with the same weights, shapes, config and errors."""

from __future__ import annotations

import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers.convolutional import _transpose_cases as cases

CLS = layers.Conv2DTranspose
RANK = 2
CASES = {
    "valid": {"filters": 2, "kernel_size": (3, 2)},
    "same_strided": {
        "filters": 2,
        "kernel_size": 3,
        "strides": (2, 1),
        "padding": "same",
    },
    "output_padding": {
        "filters": 2,
        "kernel_size": 3,
        "strides": 2,
        "output_padding": (1, 0),
        "padding": "same",
    },
    "dilated_no_bias": {
        "filters": 2,
        "kernel_size": 2,
        "dilation_rate": 2,
        "use_bias": False,
        "activation": "relu",
    },
}
FORMATS = ["channels_last", "channels_first"]


@pytest.mark.parametrize("data_format", FORMATS)
def test_conformance(data_format):
    check_layer(
        CLS,
        **cases.conformance_arguments(
            CLS, RANK, CASES["output_padding"], data_format
        ),
    )


@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("case", ["valid", "same_strided", "output_padding"])
def test_matches_numpy_reference(case, data_format):
    cases.check_numpy_reference(CLS, RANK, CASES[case], data_format)


@pytest.mark.oracle
@pytest.mark.parametrize("data_format", FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras_with_same_weights(case, data_format):
    cases.check_keras(CLS, RANK, CASES[case], data_format)


def test_symbolic_shape_channels_first():
    assert cases.symbolic_shape(
        CLS,
        {
            "filters": 4,
            "kernel_size": 3,
            "strides": 2,
            "padding": "same",
            "data_format": "channels_first",
        },
        (None, 3, 5, None),
    ) == (None, 4, 10, None)


def test_bad_output_padding():
    with pytest.raises(ValueError, match="output_padding"):
        CLS(2, 3, strides=(2, 1), output_padding=(1, 1))


@pytest.mark.trainable
def test_learns_nearest_upsampling():
    import numpy as np

    import cornu

    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 3, 3, 1)).astype("float32")
    y = x.repeat(2, axis=1).repeat(2, axis=2)
    model = cornu.Sequential([
        layers.Input(shape=(3, 3, 1)),
        CLS(1, 2, strides=2, use_bias=False, kernel_initializer="zeros"),
    ])
    model.compile(optimizer=cornu.optimizers.Adam(0.1), loss="mse")
    history = model.fit(x, y, epochs=30, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 1e-3
    np.testing.assert_allclose(
        model.layers[-1].get_weights()[0].ravel(), 1.0, atol=0.05)
