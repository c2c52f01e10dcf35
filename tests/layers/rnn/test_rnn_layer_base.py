"""`CellRNN` (`cornu/layers/rnn/_rnn_layer_base.py`) makes the cell of
`SimpleRNN`, `GRU`, `LSTM` and `ConvLSTM*` from the layer's `locals()`:
every argument a user passes must reach the cell or `RNN` and come back in
`get_config()`."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from cornu import layers
from cornu.layers.rnn._rnn_layer_base import CellRNN, FusedCellRNN

# A value other than the default for every argument the layers take, and
# what its config entry then holds (`None`: the value itself).
NON_DEFAULTS = {
    "activation": ("relu", None),
    "recurrent_activation": ("hard_sigmoid", None),
    "use_bias": (False, None),
    "unit_forget_bias": (False, None),
    "reset_after": (False, None),
    "dropout": (0.25, None),
    "recurrent_dropout": (0.125, None),
    "seed": (7, None),
    "return_sequences": (True, None),
    "return_state": (True, None),
    "go_backwards": (True, None),
    "stateful": (True, None),
    "unroll": (True, None),
    "kernel_initializer": ("ones", "Ones"),
    "recurrent_initializer": ("zeros", "Zeros"),
    "bias_initializer": ("ones", "Ones"),
    "kernel_regularizer": ("l2", "L2"),
    "recurrent_regularizer": ("l1", "L1"),
    "bias_regularizer": ("l2", "L2"),
    "activity_regularizer": ("l1", "L1"),
    "kernel_constraint": ("non_neg", "NonNeg"),
    "recurrent_constraint": ("unit_norm", "UnitNorm"),
    "bias_constraint": ("non_neg", "NonNeg"),
    "strides": (2, (2, 2)),
    "padding": ("same", None),
    "data_format": ("channels_first", None),
    "dilation_rate": (1, (1, 1)),
    "use_cudnn": (False, None),
}
LAYERS = {
    "SimpleRNN": (layers.SimpleRNN, {"units": 3}),
    "GRU": (layers.GRU, {"units": 3}),
    "LSTM": (layers.LSTM, {"units": 3}),
    "ConvLSTM2D": (layers.ConvLSTM2D, {"filters": 3, "kernel_size": (2, 1)}),
}


def _non_default_arguments(cls) -> dict:
    params = inspect.signature(cls.__init__).parameters
    return {name: NON_DEFAULTS[name][0] for name, p in params.items()
            if p.default is not inspect.Parameter.empty}


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_every_argument_reaches_the_config(name):
    cls, required = LAYERS[name]
    arguments = _non_default_arguments(cls)
    layer = cls(**required, **arguments, name="x")
    config = layer.get_config()
    assert isinstance(layer, CellRNN)
    for key, value in {**required, **arguments}.items():
        if key == "use_cudnn":  # an attribute, not in Keras's config
            assert layer.use_cudnn is False
            assert key not in config
            continue
        if key == "seed" and cls is layers.SimpleRNN:
            assert key not in config  # Keras's SimpleRNN omits it
            assert layer.cell.seed == value
            continue
        expected = NON_DEFAULTS.get(key, (value, None))[1]
        got = config[key]
        if isinstance(got, dict):
            assert got["class_name"] == expected, key
        else:
            assert got == (value if expected is None else expected), key
    # The layer's dtype and trainability are the cell's too.
    assert layer.cell.trainable == layer.trainable


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_config_round_trip_and_cell_name(name):
    cls, required = LAYERS[name]
    layer = cls(**required, **_non_default_arguments(cls), name="x",
                dtype="float64", trainable=False)
    assert layer.cell.name.endswith("_cell")
    assert layer.cell.compute_dtype == "float64"
    assert layer.cell.trainable is False
    again = cls.from_config(layer.get_config())
    assert again.get_config() == layer.get_config()


def test_cell_attributes_are_read_only_views_of_the_cell():
    layer = layers.LSTM(4, unit_forget_bias=False, dropout=0.5)
    assert (layer.units, layer.unit_forget_bias, layer.dropout) == (
        4, False, 0.5)
    assert layer.recurrent_activation is layer.cell.recurrent_activation
    with pytest.raises(AttributeError):
        layer.units = 5
    assert layers.ConvLSTM1D(2, 3).filters == 2
    assert not hasattr(layers.SimpleRNN(2), "recurrent_activation")


def test_fused_kernel_switch():
    """GRU and LSTM take the whole-sequence kernel only without a mask,
    with the default activations and `reset_after` (GRU)."""
    x = np.ones((2, 3, 4), dtype="float32")
    gru, lstm = layers.GRU(2), layers.LSTM(2)
    for layer in (gru, lstm):
        assert isinstance(layer, FusedCellRNN)
        layer(x)
        assert layer._uses_kernel(None, training=False)
        assert not layer._uses_kernel(np.ones((2, 3), bool), training=False)
    assert not layers.GRU(2, reset_after=False)._uses_kernel(None, False)
    assert not layers.LSTM(2, activation="relu")._uses_kernel(None, False)
    assert not layers.LSTM(2, recurrent_dropout=0.5)._uses_kernel(
        None, training=True)
    assert layers.LSTM(2, recurrent_dropout=0.5)._uses_kernel(
        None, training=False)
    assert not isinstance(layers.SimpleRNN(2), FusedCellRNN)
