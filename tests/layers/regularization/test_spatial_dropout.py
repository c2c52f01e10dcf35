"""Tests for `SpatialDropout1D/2D/3D`: whole channels dropped, identity at
inference, config as Keras 3 writes it, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer

SHAPES = {
    "SpatialDropout1D": {"channels_last": (4, 5, 6)},
    "SpatialDropout2D": {"channels_last": (4, 3, 5, 6),
                         "channels_first": (4, 6, 3, 5)},
    "SpatialDropout3D": {"channels_last": (4, 2, 3, 2, 6),
                         "channels_first": (4, 6, 2, 3, 2)},
}
CASES = [(name, fmt) for name, formats in SHAPES.items() for fmt in formats]


def _kwargs(name, data_format, **extra):
    if name != "SpatialDropout1D":
        extra["data_format"] = data_format
    return extra


@pytest.mark.parametrize("name, data_format", CASES)
def test_conformance_inference_is_identity(name, data_format):
    check_layer(getattr(layers, name),
                _kwargs(name, data_format, rate=0.5, seed=1),
                input_shape=SHAPES[name][data_format],
                expected_output_shape=SHAPES[name][data_format],
                expected_num_trainable_weights=0,
                expected_num_non_trainable_weights=0,
                supports_masking=True, reference=lambda x, w: x)


@pytest.mark.parametrize("name, data_format", CASES)
def test_training_drops_whole_channels(name, data_format):
    shape = SHAPES[name][data_format]
    layer = getattr(layers, name)(**_kwargs(name, data_format, rate=0.5,
                                            seed=3))
    out = ops.convert_to_numpy(
        layer(np.ones(shape, "float32"), training=True))
    channel_axis = -1 if data_format == "channels_last" else 1
    per_channel = np.moveaxis(out, channel_axis, 1).reshape(
        shape[0], shape[channel_axis], -1)
    # Every channel of every sample is all-dropped or all-kept (scaled).
    assert np.all(per_channel.min(-1) == per_channel.max(-1))
    assert set(np.unique(out)) <= {0.0, 2.0}
    assert 0 < np.mean(out == 0) < 1


def test_rate_one_drops_everything():
    layer = layers.SpatialDropout1D(1.0)
    out = layer(np.ones((2, 3, 4), "float32"), training=True)
    np.testing.assert_array_equal(ops.convert_to_numpy(out), 0.0)


@pytest.mark.oracle
@pytest.mark.parametrize("name", sorted(SHAPES))
def test_config_matches_keras(name):
    kwargs = {"rate": 0.3, "seed": 2, "name": "d"}
    if name != "SpatialDropout1D":
        kwargs["data_format"] = "channels_first"
    ours = getattr(layers, name)(**kwargs).get_config()
    assert config_diff(ours, keras_layer(name, kwargs).get_config()) == {}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_bad_arguments(name):
    cls = getattr(layers, name)
    with pytest.raises(ValueError, match="rate"):
        cls(rate=1.5)
    with pytest.raises(ValueError, match="seed"):
        cls(rate=0.5, seed="x")


def test_bad_data_format_and_rank():
    with pytest.raises(ValueError, match="data_format"):
        layers.SpatialDropout2D(0.5, data_format="NHWC")
    with pytest.raises(ValueError):
        layers.SpatialDropout2D(0.5)(np.ones((2, 3, 4), "float32"))
