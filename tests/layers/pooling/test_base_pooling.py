"""Tests for `BasePooling`, through the six windowed pooling layers:
argument validation and shape errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers

CLASSES = [
    layers.MaxPooling1D, layers.MaxPooling2D, layers.MaxPooling3D,
    layers.AveragePooling1D, layers.AveragePooling2D,
    layers.AveragePooling3D,
]


def _rank(cls):
    return int(cls.__name__[-2])


@pytest.mark.parametrize("cls", CLASSES)
@pytest.mark.parametrize("kwargs, match", [
    ({"pool_size": 0}, "pool_size"),
    ({"pool_size": 2.0}, "pool_size"),
    ({"pool_size": (2,) * 4}, "pool_size"),
    ({"pool_size": 2, "strides": 0}, "strides"),
    ({"pool_size": 2, "strides": -1}, "strides"),
    ({"pool_size": 2, "padding": "causal"}, "padding"),
    ({"pool_size": 2, "data_format": "NCHW"}, "data_format"),
])
def test_bad_arguments_raise_at_construction(cls, kwargs, match):
    with pytest.raises(ValueError, match=match) as info:
        cls(**kwargs)
    assert cls.__name__ in str(info.value)


@pytest.mark.parametrize("cls", CLASSES)
def test_window_larger_than_input_raises(cls):
    shape = (1,) + (2,) * _rank(cls) + (3,)
    with pytest.raises(ValueError, match="zero or negative"):
        cls(3)(np.zeros(shape, "float32"))
    with pytest.raises(ValueError, match="zero or negative"):
        cls(3)(layers.Input(shape=shape[1:]))
    # 'same' padding always fits.
    out = cls(3, padding="same")(np.zeros(shape, "float32"))
    assert tuple(out.shape) == (1,) + (1,) * _rank(cls) + (3,)


@pytest.mark.parametrize("cls", CLASSES)
def test_wrong_rank_is_rejected(cls):
    shape = (1,) + (4,) * (_rank(cls) + 1) + (3,)
    with pytest.raises(ValueError, match="rank|ndim"):
        cls(2)(np.zeros(shape, "float32"))
    with pytest.raises(ValueError, match="rank|ndim"):
        cls(2)(layers.Input(shape=shape[1:]))


@pytest.mark.parametrize("cls", CLASSES)
def test_padding_is_lowercased(cls):
    assert cls(2, padding="SAME").padding == "same"
