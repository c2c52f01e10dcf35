"""Tests for the generic `RNN` and `StackedRNNCells`: conformance, Keras 3
with the same weights (cells, stacks, masks), masking from
`Embedding(mask_zero=True)`, stateful layers, custom cells and errors."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff
from tests.layers.rnn._reference import (
    keras_call,
    keras_wrapped,
    lstm_step,
    run,
    simple_rnn_step,
)

SHAPE = (2, 5, 4)
X = np.random.default_rng(6).standard_normal(SHAPE).astype("float32")
MASK = np.array([[1, 1, 1, 0, 0], [1, 0, 1, 1, 0]], dtype=bool)


class MinimalCell(layers.Layer):
    """The minimal cell of Keras's RNN guide: `h = x @ W + h_prev @ U`."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                      name="kernel")
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units), name="recurrent_kernel")

    def call(self, inputs, states):
        h = ops.add(ops.matmul(inputs, self.kernel),
                    ops.matmul(states[0], self.recurrent_kernel))
        return h, [h]

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_conformance_with_a_stack_of_cells():
    def reference(x, weights):
        def step(x_t, states, w):
            h1, (h1_, c1) = lstm_step(x_t, states[:2], w[:3])
            h2, _ = simple_rnn_step(h1, states[2:], w[3:])
            return h2, [h1_, c1, h2]
        return run(step, x, weights, 3, 3, return_sequences=True)

    # `check_layer` builds two layers from these arguments: both wrap the
    # same cells, so they share weights, as Keras layers sharing a cell do.
    check_layer(layers.RNN,
                {"cell": layers.StackedRNNCells([layers.LSTMCell(3),
                                                 layers.SimpleRNNCell(3)]),
                 "return_sequences": True},
                input_shape=SHAPE, expected_output_shape=(2, 5, 3),
                expected_num_trainable_weights=6,
                expected_num_non_trainable_weights=0, reference=reference,
                supports_masking=True)


def test_custom_cell_runs_and_round_trips():
    layer = layers.RNN(MinimalCell(3), return_sequences=True)
    out = ops.convert_to_numpy(layer(X))
    kernel, recurrent = layer.get_weights()
    h, expected = np.zeros((2, 3)), []
    for t in range(5):
        h = X[:, t] @ kernel + h @ recurrent
        expected.append(h)
    np.testing.assert_allclose(out, np.stack(expected, 1), rtol=1e-5,
                               atol=1e-5)
    with cornu.saving.custom_object_scope({"MinimalCell": MinimalCell}):
        again = layers.RNN.from_config(layer.get_config())
    assert isinstance(again.cell, MinimalCell) and again.cell.units == 3


@pytest.mark.oracle
@pytest.mark.parametrize("cells", ["lstm", "stacked"])
def test_rnn_over_cells_matches_keras(cells):
    def make(lib):
        if cells == "lstm":
            return lib.layers.RNN(lib.layers.LSTMCell(3),
                                  return_sequences=True, name="rnn_o")
        return lib.layers.RNN([lib.layers.GRUCell(4), lib.layers.LSTMCell(3)],
                              return_state=True, name="rnn_o")

    layer = make(cornu)
    ours = layer(X)
    theirs = keras_wrapped(make, SHAPE, layer.get_weights())
    expected = keras_call(theirs, X)
    ours, expected = cornu.tree.flatten(ours), cornu.tree.flatten(expected)
    assert len(ours) == len(expected)
    for a, b in zip(ours, expected, strict=True):
        np.testing.assert_allclose(ops.convert_to_numpy(a), b, rtol=1e-5,
                                   atol=1e-5)
    diff = config_diff(layer.get_config(), theirs.get_config())
    # The cells' auto-generated names differ (`lstm_cell_3` here, another
    # number in Keras); everything else matches.
    assert set(diff) <= {"cell"}
    if diff:
        assert _without_names(diff["cell"][0]) == _without_names(
            diff["cell"][1])


def _without_names(config):
    if isinstance(config, dict):
        return {k: _without_names(v) for k, v in config.items()
                if k != "name"}
    if isinstance(config, list):
        return [_without_names(v) for v in config]
    return config


MASK_CASES = {
    "last": ("LSTM", {}),
    "sequences": ("GRU", {"return_sequences": True}),
    "zero_output": ("SimpleRNN", {"return_sequences": True,
                                  "zero_output_for_mask": True}),
    "zero_output_last": ("LSTM", {"zero_output_for_mask": True}),
    "backwards": ("GRU", {"go_backwards": True, "return_sequences": True}),
    "states": ("LSTM", {"return_state": True}),
}


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(MASK_CASES))
def test_masked_steps_match_keras(case):
    name, kwargs = MASK_CASES[case]
    layer = getattr(layers, name)(3, **kwargs)
    ours = layer(X, mask=MASK)
    theirs = keras_wrapped(lambda k: getattr(k.layers, name)(3, **kwargs),
                           SHAPE, layer.get_weights())
    expected = keras_call(theirs, X, mask=MASK)
    ours = ours if isinstance(ours, list) else [ours]
    expected = expected if isinstance(expected, list) else [expected]
    for a, b in zip(ours, expected, strict=True):
        np.testing.assert_allclose(ops.convert_to_numpy(a), b, rtol=1e-5,
                                   atol=1e-5)


@pytest.mark.parametrize("name", ["LSTM", "GRU", "SimpleRNN"])
def test_embedding_padding_gives_the_unpadded_output(name):
    tokens = np.array([[3, 1, 4, 1, 5]], dtype="int32")
    padded = np.array([[3, 1, 4, 1, 5, 0, 0, 0]], dtype="int32")
    model = cornu.Sequential([
        layers.Input(shape=(None,), dtype="int32"),
        layers.Embedding(10, 4, mask_zero=True),
        getattr(layers, name)(3)])
    np.testing.assert_allclose(ops.convert_to_numpy(model(padded)),
                               ops.convert_to_numpy(model(tokens)),
                               rtol=1e-5, atol=1e-6)
    # Without the mask the padding changes the output.
    plain = cornu.Sequential([layers.Input(shape=(None,), dtype="int32"),
                              layers.Embedding(10, 4),
                              getattr(layers, name)(3)])
    plain.set_weights(model.get_weights())
    assert not np.allclose(ops.convert_to_numpy(plain(padded)),
                           ops.convert_to_numpy(plain(tokens)))


def test_stateful_carries_states_between_calls():
    layer = layers.GRU(3, stateful=True)
    whole = layers.GRU(3)
    first = layer(X[:, :2])
    whole(X)
    whole.set_weights(layer.get_weights())
    layer(X[:, 2:4])
    np.testing.assert_allclose(ops.convert_to_numpy(layer(X[:, 4:])),
                               ops.convert_to_numpy(whole(X)), rtol=1e-5,
                               atol=1e-6)
    assert len(layer.states) == 1 and tuple(layer.states[0].shape) == (2, 3)
    assert layer.weights == layer.trainable_weights  # states aren't weights
    layer.reset_states()
    np.testing.assert_array_equal(ops.convert_to_numpy(layer.states[0]), 0)
    np.testing.assert_allclose(ops.convert_to_numpy(layer(X[:, :2])),
                               ops.convert_to_numpy(first), rtol=1e-6)


def test_stateful_needs_a_fixed_batch_size():
    with pytest.raises(ValueError, match="batch size"):
        layers.LSTM(3, stateful=True)(layers.Input(shape=(5, 4)))
    with pytest.raises(RuntimeError, match="not stateful"):
        layers.LSTM(3).reset_states()


def test_initial_state_and_get_initial_state():
    layer = layers.LSTM(3, return_state=True)
    zeros = layer.get_initial_state(2)
    assert [tuple(z.shape) for z in zeros] == [(2, 3), (2, 3)]
    a = layer(X)
    b = layer(X, initial_state=zeros)
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(ops.convert_to_numpy(u),
                                      ops.convert_to_numpy(v))
    sym = layer(layers.Input(shape=(5, 4)))
    assert [t.shape for t in sym] == [(None, 3)] * 3


def test_output_mask():
    seq = layers.LSTM(3, return_sequences=True)
    assert seq.compute_mask(X, MASK) is MASK
    assert layers.LSTM(3).compute_mask(X, MASK) is None
    masks = layers.LSTM(3, return_state=True,
                        return_sequences=True).compute_mask(X, MASK)
    assert masks[0] is MASK and masks[1:] == [None, None]


def test_errors():
    class NoState(layers.Layer):
        def call(self, inputs, states):
            return inputs, states

    with pytest.raises(ValueError, match="state_size"):
        layers.RNN(NoState())
    with pytest.raises(ValueError, match="call"):
        layers.RNN(object())
    with pytest.raises(ValueError, match="state_size"):
        layers.StackedRNNCells([layers.LSTMCell(2), NoState()])
    with pytest.raises(ValueError, match="cells"):
        layers.StackedRNNCells([])
    with pytest.raises(ValueError, match="timesteps"):
        layers.LSTM(3, unroll=True, activation="relu")(
            layers.Input(shape=(None, 4)))


@pytest.mark.oracle
def test_keras_file_loads_with_the_same_predictions(tmp_path):
    from tests._oracle import import_keras

    if cornu.backend.backend() == "jax":
        # The file layout is engine-neutral (checked on torch and numpy);
        # Keras on JAX makes this the slowest test by far.
        pytest.skip("checked on the torch and numpy engines")
    keras = import_keras()
    x = np.random.default_rng(0).integers(1, 20, (3, 7)).astype("int32")

    def build(lib):
        return lib.Sequential([
            lib.Input((7,), dtype="int32"),
            lib.layers.Embedding(20, 4, mask_zero=True),
            lib.layers.Bidirectional(lib.layers.LSTM(3,
                                                     return_sequences=True)),
            lib.layers.TimeDistributed(lib.layers.Dense(2)),
            lib.layers.GRU(3), lib.layers.Dense(1)])

    theirs = build(keras)
    path = str(tmp_path / "rnn.keras")
    theirs.save(path)
    want = keras_call(theirs, x)
    ours = cornu.saving.load_model(path)
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x)), want,
                               rtol=1e-5, atol=1e-6)
    # And back: the file cornu writes loads in Keras.
    path2 = str(tmp_path / "rnn2.keras")
    ours.save(path2)
    again = keras.saving.load_model(path2)
    np.testing.assert_allclose(keras_call(again, x), want, rtol=1e-5,
                               atol=1e-6)


@pytest.mark.oracle
@pytest.mark.trainable
@pytest.mark.parametrize("name", ["LSTM", "GRU", "SimpleRNN"])
def test_recurrent_dropout_applies_where_keras_applies_it(name):
    # With a rate this close to 1 both masks are all zeros, so the random
    # draws no longer matter and the outputs show where the mask acts.
    x = np.ones((2, 1, 3), dtype="float32")
    h0 = np.full((2, 4), 0.7, dtype="float32")
    states = [h0, h0] if name == "LSTM" else [h0]
    kwargs = {"recurrent_dropout": 0.9999999, "dropout": 0.9999999}
    layer = getattr(layers, name)(4, **kwargs)
    ours = layer(x, initial_state=states, training=True)
    theirs = keras_wrapped(lambda k: getattr(k.layers, name)(4, **kwargs),
                           x.shape, layer.get_weights())
    np.testing.assert_allclose(
        ops.convert_to_numpy(ours),
        keras_call(theirs, x, initial_state=states, training=True),
        rtol=1e-5, atol=1e-6)
