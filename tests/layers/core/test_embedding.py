"""Tests for `Embedding`: lookups, `mask_zero`, `weights=`, Keras 2
arguments, LoRA, Keras oracle and argument errors."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import layers, ops
from cornu.testing import check_layer
from tests.layers._keras_layers import config_diff, keras_layer, keras_output


def _ids(shape=(3, 5), high=10):
    return np.random.default_rng(0).integers(0, high, size=shape).astype(
        "int32")


@pytest.mark.parametrize("mask_zero", [False, True])
@pytest.mark.parametrize("shape", [(3, 5), (2, 3, 4)])
def test_conformance_and_numpy_reference(mask_zero, shape):
    check_layer(
        layers.Embedding,
        {"input_dim": 10, "output_dim": 4, "mask_zero": mask_zero},
        input_data=_ids(shape), expected_output_shape=(*shape, 4),
        expected_output_dtype="float32", expected_num_trainable_weights=1,
        expected_num_non_trainable_weights=0,
        reference=lambda ids, w: w[0][ids], supports_masking=mask_zero)


def test_default_initializer_is_uniform_005():
    layer = layers.Embedding(50, 8)
    with pytest.raises(RuntimeError, match="not built"):
        layer.embeddings  # noqa: B018
    layer.build()
    (table,) = layer.get_weights()
    assert table.shape == (50, 8)
    assert np.all(np.abs(table) <= 0.05) and table.std() > 0
    assert layer.weights[0].name == "embeddings"


def test_mask_zero():
    ids = np.array([[0, 3, 0, 1]], dtype="int32")
    layer = layers.Embedding(5, 2, mask_zero=True)
    mask = ops.convert_to_numpy(layer.compute_mask(ids))
    np.testing.assert_array_equal(mask, [[False, True, False, True]])
    assert layers.Embedding(5, 2).compute_mask(ids) is None


def test_mask_flows_to_the_next_layer_in_a_model():
    seen = {}

    class Probe(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.supports_masking = True

        def call(self, x, mask=None):
            seen["mask"] = mask
            return ops.multiply(x, 1)

    inputs = layers.Input((4,), dtype="int32")
    emb = layers.Embedding(5, 2, mask_zero=True)(inputs)
    model = cornu.Model(inputs, Probe()(emb))
    ids = np.array([[0, 3, 0, 1]], dtype="int32")
    model(ids)
    np.testing.assert_array_equal(ops.convert_to_numpy(seen["mask"]),
                                  ids != 0)


def test_float_indices_are_cast():
    layer = layers.Embedding(4, 3)
    out = layer(np.array([[1.0, 3.0]], dtype="float32"))
    table = layer.get_weights()[0]
    np.testing.assert_allclose(ops.convert_to_numpy(out), table[[[1, 3]]])


def test_weights_argument():
    table = np.arange(12, dtype="float32").reshape(4, 3)
    for weights in (table, [table]):
        layer = layers.Embedding(4, 3, weights=weights)
        assert layer.built
        np.testing.assert_array_equal(layer.get_weights()[0], table)


def test_input_length_is_accepted_with_a_warning():
    with pytest.warns(UserWarning, match="input_length"):
        layer = layers.Embedding(10, 3, input_length=5)
    assert "input_length" not in layer.get_config()
    out = layer(np.zeros((2, 5), dtype="int32"))
    assert tuple(out.shape) == (2, 5, 3)


def test_lora():
    layer = layers.Embedding(6, 3, lora_rank=2, name="emb")
    ids = _ids((2, 4), high=6)
    layer(ids)
    assert [v.path for v in layer.trainable_weights] == [
        "emb/lora_embeddings_a", "emb/lora_embeddings_b"]
    assert [v.path for v in layer.non_trainable_weights] == [
        "emb/embeddings"]
    a = np.ones((6, 2), dtype="float32")
    b = np.full((2, 3), 0.25, dtype="float32")
    layer.lora_embeddings_a.assign(a)
    layer.lora_embeddings_b.assign(b)
    table = layer._embeddings.numpy() + a @ b
    np.testing.assert_allclose(ops.convert_to_numpy(layer(ids)), table[ids],
                               rtol=1e-6)
    with pytest.raises(RuntimeError, match="already enabled"):
        layer.enable_lora(2)
    check_layer(layers.Embedding,
                {"input_dim": 6, "output_dim": 3, "lora_rank": 2},
                input_data=ids, expected_num_trainable_weights=2,
                expected_num_non_trainable_weights=1)


@pytest.mark.oracle
@pytest.mark.parametrize("kwargs", [
    {"input_dim": 10, "output_dim": 4},
    {"input_dim": 10, "output_dim": 4, "mask_zero": True,
     "embeddings_regularizer": "l2", "embeddings_constraint": "unit_norm"},
])
def test_matches_keras(kwargs):
    kwargs = {**kwargs, "name": "emb"}
    ids = _ids()
    layer = layers.Embedding(**kwargs)
    out = ops.convert_to_numpy(layer(ids))
    theirs = keras_layer("Embedding", kwargs, ids.shape, layer.get_weights())
    np.testing.assert_allclose(out, keras_output(theirs, ids), rtol=1e-6)
    assert config_diff(layer.get_config(), theirs.get_config()) == {}


@pytest.mark.parametrize("name,value", [
    ("input_dim", 0), ("input_dim", -3), ("input_dim", 2.5),
    ("output_dim", 0), ("output_dim", None),
])
def test_bad_dims(name, value):
    kwargs = {"input_dim": 5, "output_dim": 2, name: value}
    with pytest.raises(ValueError, match=name):
        layers.Embedding(**kwargs)


def test_lora_with_constraint_is_refused():
    with pytest.raises(ValueError, match="embeddings_constraint"):
        layers.Embedding(5, 2, lora_rank=1, embeddings_constraint="non_neg")
