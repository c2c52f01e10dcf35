"""Tests for `MultiHeadAttention`: the conformance harness, a NumPy
reference, Keras 3 with the same weights (masks, causal and sliding-window
masks, several attention axes, gates), masks carried by tensors, the build
config, errors."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import layers, ops
from cornu.backend import backend
from cornu.testing import check_layer
from tests._oracle import import_keras
from tests.layers._keras_layers import _quiet_keras, config_diff
from tests.layers.attention._cases import softmax


class _OnList(layers.MultiHeadAttention):
    """Takes `[query, value]` as one argument, as `check_layer` calls."""

    def build(self, input_shape):
        super().build(input_shape[0], input_shape[1])

    def call(self, inputs, **kwargs):
        return super().call(inputs[0], inputs[1], **kwargs)

    def compute_output_spec(self, inputs, **kwargs):
        return super().compute_output_spec(inputs[0], inputs[1], **kwargs)


def _reference(num_heads, key_dim):
    def reference(x, weights):
        q_in, v_in = (a.astype("float64") for a in x)
        qk, qb, kk, kb, vk, vb, ok, ob = weights
        q = np.einsum("btd,dnh->btnh", q_in, qk) + qb
        k = np.einsum("bsd,dnh->bsnh", v_in, kk) + kb
        v = np.einsum("bsd,dnh->bsnh", v_in, vk) + vb
        scores = softmax(np.einsum("btnh,bsnh->bnts", q, k)
                         / np.sqrt(key_dim))
        heads = np.einsum("bnts,bsnh->btnh", scores, v)
        return np.einsum("btnh,nho->bto", heads, ok) + ob
    return reference


def test_conformance():
    kwargs = {"num_heads": 2, "key_dim": 3,
              "bias_initializer": "random_normal"}
    check_layer(_OnList, kwargs, input_shape=[(2, 4, 5), (2, 6, 5)],
                expected_output_shape=(2, 4, 5),
                expected_output_dtype="float32",
                expected_num_trainable_weights=8,
                expected_num_non_trainable_weights=0,
                supports_masking=True, reference=_reference(2, 3),
                rtol=1e-4, atol=1e-5)


def _pair(kwargs, shapes, seed=0):
    """Our layer and Keras's, built on `shapes` with the same weights."""
    keras = import_keras()
    rng = np.random.default_rng(seed)
    data = [rng.standard_normal(s).astype("float32") for s in shapes]
    ours = layers.MultiHeadAttention(name="mha", **kwargs)
    ours(*data)
    with _quiet_keras():
        theirs = keras.layers.MultiHeadAttention(name="mha", **kwargs)
        theirs(*[keras.ops.convert_to_tensor(a) for a in data])
    weights = [rng.standard_normal(w.shape).astype("float32")
               for w in ours.get_weights()]
    ours.set_weights(weights)
    with _quiet_keras():
        theirs.set_weights(weights)
    return ours, theirs, data


def _theirs(layer, data, **kwargs):
    keras = import_keras()
    with _quiet_keras():
        out = layer(*[keras.ops.convert_to_tensor(a) for a in data],
                    **{k: keras.ops.convert_to_tensor(v)
                       if isinstance(v, np.ndarray) else v
                       for k, v in kwargs.items()})
        return [np.asarray(keras.ops.convert_to_numpy(o)) for o in out]


MASK_Q = np.array([[True, True, True, False], [True, True, True, True]])
MASK_V = np.array([[True] * 6, [False, False, True, True, True, True]])

ORACLE_CASES = {
    "self": ({"num_heads": 2, "key_dim": 3}, [(2, 4, 5)], {}),
    "cross_key_value_dim": ({"num_heads": 2, "key_dim": 3, "value_dim": 2,
                             "output_shape": 6},
                            [(2, 4, 5), (2, 6, 7), (2, 6, 3)], {}),
    "masks": ({"num_heads": 2, "key_dim": 3}, [(2, 4, 5), (2, 6, 5)],
              {"query_mask": MASK_Q, "value_mask": MASK_V}),
    "attention_mask": ({"num_heads": 1, "key_dim": 2},
                       [(2, 4, 5), (2, 6, 5)],
                       {"attention_mask": np.random.default_rng(5).random(
                           (2, 4, 6)) > 0.3}),
    "causal_no_bias": ({"num_heads": 2, "key_dim": 3, "use_bias": False},
                       [(2, 4, 5)], {"use_causal_mask": True}),
    "sliding_window": ({"num_heads": 2, "key_dim": 3, "sliding_window": 2},
                       [(2, 5, 5)], {"use_causal_mask": True}),
    "gate": ({"num_heads": 2, "key_dim": 3, "use_gate": True},
             [(2, 4, 5), (2, 6, 5)], {}),
    "two_attention_axes": ({"num_heads": 2, "key_dim": 3,
                            "attention_axes": (1, 2)},
                           [(2, 3, 2, 5)], {}),
    "inner_attention_axis": ({"num_heads": 2, "key_dim": 3,
                              "attention_axes": 2},
                             [(2, 3, 4, 5), (2, 3, 6, 5)], {}),
}


@pytest.mark.oracle
@pytest.mark.parametrize("case", sorted(ORACLE_CASES))
def test_matches_keras_with_same_weights(case):
    if case == "cross_key_value_dim" and backend() == "jax":
        pytest.skip("Keras 3.15 on JAX fails when value_dim != key_dim "
                    "(its fused attention path); checked on torch.")
    kwargs, shapes, call_kwargs = ORACLE_CASES[case]
    data_shapes = shapes if len(shapes) > 1 else shapes * 2
    ours, theirs, data = _pair(kwargs, data_shapes)
    if len(shapes) == 1:
        data = [data[0], data[0]]
    got = ours(*data, return_attention_scores=True, **call_kwargs)
    want = _theirs(theirs, data, return_attention_scores=True,
                   **call_kwargs)
    for a, b in zip(got, want, strict=True):
        np.testing.assert_allclose(ops.convert_to_numpy(a), b, rtol=1e-5,
                                   atol=1e-5)
    # Keras's paths also name the outer layer ("mha/query/kernel").
    assert [f"mha/{v.path}" for v in ours.weights] == [
        v.path for v in theirs.weights]
    assert config_diff(ours.get_config(), theirs.get_config()) == {}
    assert ours.get_build_config() == {
        k: {n: tuple(s) for n, s in v.items()}
        for k, v in theirs.get_build_config().items()}


IDS = np.array([[3, 5, 0, 0], [2, 4, 6, 0]])


def _check_padded_keys_hidden(scores):
    scores = ops.convert_to_numpy(scores)
    np.testing.assert_array_equal(scores[0, :, :, 2:], 0.0)
    np.testing.assert_array_equal(scores[1, :, :, 3:], 0.0)


@pytest.mark.skipif(backend() == "numpy",
                    reason="NumPy arrays cannot carry a `_keras_mask`.")
def test_masks_carried_by_eager_tensors():
    x = layers.Embedding(10, 6, mask_zero=True)(IDS)
    out, scores = layers.MultiHeadAttention(2, 3)(
        x, x, return_attention_scores=True)
    _check_padded_keys_hidden(scores)
    np.testing.assert_array_equal(ops.convert_to_numpy(out._keras_mask),
                                  IDS != 0)


def test_masks_reach_the_layer_in_a_functional_model():
    ids = layers.Input(shape=(4,), dtype="int32")
    x = layers.Embedding(10, 6, mask_zero=True)(ids)
    out, scores = layers.MultiHeadAttention(2, 3)(
        x, x, return_attention_scores=True)
    model = cornu.Model(ids, [out, scores])
    _check_padded_keys_hidden(model(IDS)[1])


def test_value_mask_reaches_cross_attention_in_a_functional_model():
    query = layers.Input(shape=(2, 6))
    ids = layers.Input(shape=(4,), dtype="int32")
    value = layers.Embedding(10, 6, mask_zero=True)(ids)
    out, scores = layers.MultiHeadAttention(2, 3)(
        query, value, return_attention_scores=True)
    model = cornu.Model([query, ids], [out, scores])
    _check_padded_keys_hidden(
        model([np.ones((2, 2, 6), "float32"), IDS])[1])


def test_symbolic_call_and_build_config_round_trip():
    query = layers.Input(shape=(4, 5))
    value = layers.Input(shape=(6, 3))
    layer = layers.MultiHeadAttention(2, 3, output_shape=(2, 4))
    out, scores = layer(query, value, return_attention_scores=True)
    assert tuple(out.shape) == (None, 4, 2, 4)
    assert tuple(scores.shape) == (None, 2, 4, 6)
    assert len(layer.weights) == 8
    clone = layers.MultiHeadAttention.from_config(layer.get_config())
    clone.build_from_config(layer.get_build_config())
    assert [tuple(v.shape) for v in clone.weights] == [
        tuple(v.shape) for v in layer.weights]


def test_dropout_only_in_training():
    x = np.random.default_rng(0).standard_normal((2, 4, 5)).astype("float32")
    layer = layers.MultiHeadAttention(2, 3, dropout=0.5, seed=1)
    a = ops.convert_to_numpy(layer(x, x))
    np.testing.assert_array_equal(a, ops.convert_to_numpy(layer(x, x)))
    assert not np.allclose(a, ops.convert_to_numpy(layer(x, x,
                                                         training=True)))


@pytest.mark.parametrize("kwargs, match", [
    ({"num_heads": 0, "key_dim": 3}, "num_heads"),
    ({"num_heads": 2, "key_dim": -1}, "key_dim"),
    ({"num_heads": 2, "key_dim": 3, "dropout": 2.0}, "dropout"),
    ({"num_heads": 2, "key_dim": 3, "output_shape": "wide"}, "output_shape"),
    ({"num_heads": 2, "key_dim": 3, "attention_axes": "time"},
     "attention_axes"),
    ({"num_heads": 2, "key_dim": 3, "sliding_window": 0}, "sliding_window"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        layers.MultiHeadAttention(**kwargs)


def test_bad_attention_axis_and_rank():
    x = np.zeros((2, 4, 5), "float32")
    with pytest.raises(ValueError, match="attention_axes"):
        layers.MultiHeadAttention(2, 3, attention_axes=2)(x, x)
    with pytest.raises(ValueError, match="query"):
        layers.MultiHeadAttention(2, 3)(np.zeros((2, 5), "float32"),
                                        np.zeros((2, 5), "float32"))


@pytest.mark.trainable
def test_learns_to_attend_to_the_marked_position():
    # The target is the value at the position whose first feature is 1:
    # attention must learn to find it.
    rng = np.random.default_rng(0)
    x = rng.standard_normal((128, 5, 3)).astype("float32")
    x[:, :, 0] = 0.0
    marked = rng.integers(0, 5, 128)
    x[np.arange(128), marked, 0] = 1.0
    y = x[np.arange(128), marked, 1:2]
    inputs = layers.Input(shape=(5, 3))
    query = layers.Dense(3)(layers.GlobalAveragePooling1D()(inputs))
    query = layers.Reshape((1, 3))(query)
    out = layers.MultiHeadAttention(1, 4, output_shape=1)(query, inputs)
    model = cornu.Model(inputs, layers.Flatten()(out))
    model.compile(optimizer=cornu.optimizers.Adam(0.05), loss="mse")
    history = model.fit(x, y, epochs=40, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < 0.1 * history.history["loss"][0]


@pytest.mark.parametrize("call_kwargs", [
    {}, {"use_causal_mask": True},
    {"value_mask": MASK_V, "attention_mask": np.random.default_rng(2).random(
        (2, 4, 6)) > 0.2},
])
def test_fused_path_matches_the_full_computation(call_kwargs):
    # Without `return_attention_scores` the engine's fused kernel runs.
    rng = np.random.default_rng(1)
    q = rng.standard_normal((2, 4, 5)).astype("float32")
    v = rng.standard_normal((2, 6, 5)).astype("float32")
    if call_kwargs.get("use_causal_mask"):
        v = v[:, :4]
    layer = layers.MultiHeadAttention(2, 3, bias_initializer="random_normal")
    fast = layer(q, v, **call_kwargs)
    full, _ = layer(q, v, return_attention_scores=True, **call_kwargs)
    np.testing.assert_allclose(ops.convert_to_numpy(fast),
                               ops.convert_to_numpy(full), rtol=1e-5,
                               atol=1e-5)


@pytest.mark.oracle
def test_keras_archives_load_both_ways(tmp_path):
    keras = import_keras()
    x = np.random.default_rng(3).standard_normal((2, 4, 6)).astype("float32")
    with _quiet_keras():
        k_in = keras.Input(shape=(4, 6))
        k_model = keras.Model(k_in, keras.layers.MultiHeadAttention(
            2, 3, use_gate=True, bias_initializer="random_normal")(
                k_in, k_in))
        k_model.save(tmp_path / "keras.keras")
        want = keras.ops.convert_to_numpy(k_model(x))
    ours = cornu.saving.load_model(tmp_path / "keras.keras")
    np.testing.assert_allclose(ours.predict(x, verbose=0), want, rtol=1e-5,
                               atol=1e-5)
    ours.save(tmp_path / "cornu.keras")
    with _quiet_keras():
        back = keras.saving.load_model(tmp_path / "cornu.keras")
        np.testing.assert_allclose(keras.ops.convert_to_numpy(back(x)), want,
                                   rtol=1e-5, atol=1e-5)


def test_softmax_and_dropout_sublayers_follow_the_attention_axes():
    # As Keras: the softmax normalizes the key axes of the
    # `(batch, *other axes, heads, *q axes, *k axes)` logits, and the
    # dropout takes the layer's rate and seed.
    layer = layers.MultiHeadAttention(2, 3, attention_axes=(1, 2),
                                      dropout=0.25, seed=7)
    layer.build((2, 3, 4, 5), (2, 3, 4, 5))
    assert layer._softmax.axis == (4, 5)
    assert (layer._dropout_layer.rate, layer._dropout_layer.seed) == (0.25, 7)
    plain = layers.MultiHeadAttention(2, 3)
    plain.build((2, 4, 5), (2, 6, 5))
    assert plain._softmax.axis == 3
    assert plain._dropout_layer.rate == 0.0


@pytest.mark.oracle
@pytest.mark.parametrize("kwargs, shape", [
    ({"dropout": 0.3, "use_gate": True}, (4, 6)),
    ({"attention_axes": (1, 2), "output_shape": (2, 3)}, (3, 2, 6)),
])
def test_weights_files_have_keras_tree_and_load_both_ways(kwargs, shape,
                                                          tmp_path):
    from tests.saving._models import h5_listing, randomize

    keras = import_keras()
    x = np.random.default_rng(4).standard_normal((2, *shape)).astype(
        "float32")

    def model(k):
        inputs = k.Input(shape=shape)
        mha = k.layers.MultiHeadAttention(2, 3, **kwargs)
        return k.Model(inputs, mha(inputs, inputs))

    with _quiet_keras():
        theirs = model(keras)
        randomize(theirs, seed=2)
        theirs.save_weights(tmp_path / "k.weights.h5")
        want = keras.ops.convert_to_numpy(theirs(x))
    ours = model(cornu)
    ours.save_weights(tmp_path / "c.weights.h5")
    assert h5_listing(tmp_path / "c.weights.h5") == h5_listing(
        tmp_path / "k.weights.h5")
    ours.load_weights(tmp_path / "k.weights.h5")
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x)), want,
                               rtol=1e-5, atol=1e-5)
    ours.save_weights(tmp_path / "c.weights.h5")
    with _quiet_keras():
        again = model(keras)
        again.load_weights(tmp_path / "c.weights.h5")
        np.testing.assert_allclose(keras.ops.convert_to_numpy(again(x)),
                                   want, rtol=1e-5, atol=1e-5)
