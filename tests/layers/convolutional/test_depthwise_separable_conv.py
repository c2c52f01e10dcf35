"""Tests for `DepthwiseConv1D/2D` and `SeparableConv1D/2D` (one table, one
set of tests): the conformance harness, a NumPy reference, Keras 3 with the
same weights, shapes, config and errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers
from cornu.testing import check_layer
from tests.layers.convolutional import _depthwise_cases as cases


def _cases(separable: bool) -> dict:
    """The layer arguments per case name (separable layers add filters)."""
    def filters(n):
        return {"filters": n} if separable else {}

    return {
        "multiplier": {**filters(4), "kernel_size": 3, "depth_multiplier": 2},
        "strided_same_relu": {**filters(2), "kernel_size": 2, "strides": 2,
                              "padding": "same", "activation": "relu"},
        "dilated_no_bias": {**filters(3), "kernel_size": 3,
                            "dilation_rate": 2, "use_bias": False},
    }


# (class, rank, separable)
LAYERS = [(layers.DepthwiseConv1D, 1, False),
          (layers.DepthwiseConv2D, 2, False),
          (layers.SeparableConv1D, 1, True), (layers.SeparableConv2D, 2, True)]
LAYER_IDS = [cls.__name__ for cls, _, _ in LAYERS]
FORMATS = ["channels_last", "channels_first"]
# Every case channels_last, one channels_first too (the conformance test
# covers "multiplier" both ways).
PAIRS = [(case, "channels_last") for case in sorted(_cases(False))] + [
    ("strided_same_relu", "channels_first"),
]
layer_spec = pytest.mark.parametrize("cls, rank, separable", LAYERS,
                                     ids=LAYER_IDS)


@layer_spec
@pytest.mark.parametrize("data_format", FORMATS)
def test_conformance(cls, rank, separable, data_format):
    check_layer(cls, **cases.conformance_arguments(
        cls, rank, separable, _cases(separable)["multiplier"], data_format))


@layer_spec
@pytest.mark.parametrize("case, data_format", PAIRS)
def test_matches_numpy_reference(cls, rank, separable, case, data_format):
    cases.check_numpy_reference(cls, rank, separable,
                                _cases(separable)[case], data_format)


@pytest.mark.oracle
@layer_spec
@pytest.mark.parametrize("case, data_format", PAIRS)
def test_matches_keras_with_same_weights(cls, rank, separable, case,
                                         data_format):
    cases.check_keras(cls, rank, _cases(separable)[case], data_format)


@layer_spec
def test_symbolic_shape(cls, rank, separable):
    out = cls(**_cases(separable)["strided_same_relu"])(
        layers.Input(batch_shape=(None,) + (None,) * rank + (3,))
    )
    assert tuple(out.shape)[:-1] == (None,) * (rank + 1)


@layer_spec
@pytest.mark.parametrize("change, match", [
    ("zero", None),
    ({"padding": "causal"}, "padding"),
    ({"strides": 2, "dilation_rate": 2}, "dilation_rate"),
    ({"data_format": "NWC"}, "data_format"),
])
def test_bad_arguments(cls, rank, separable, change, match):
    if change == "zero":  # the size argument of the layer kind
        kwargs, match = (({"filters": 0, "kernel_size": 3}, "filters")
                         if separable else
                         ({"kernel_size": 3, "depth_multiplier": 0},
                          "depth_multiplier"))
    else:
        kwargs = {**_cases(separable)["multiplier"], **change}
    with pytest.raises(ValueError, match=match):
        cls(**kwargs)


@layer_spec
def test_kernel_larger_than_input_with_valid_padding(cls, rank, separable):
    with pytest.raises(ValueError, match="kernel"):
        cls(**{**_cases(separable)["multiplier"], "kernel_size": 9})(
            np.zeros((1,) + (4,) * rank + (3,), "float32")
        )
