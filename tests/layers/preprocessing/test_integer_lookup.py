"""Tests for `IntegerLookup`: conformance, lookups, OOV buckets, masks,
`adapt` ordering, encoded outputs, `invert`, vocabulary get/set and
errors. Keras's lookup layers need TensorFlow, so the expected values are
the ones Keras documents for the same calls."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.testing import check_layer

VOCAB = [12, 36, 1138, 42]
DATA = np.array([[12, 1138, 42], [42, 1000, 36]])


def _np(x):
    return ops.convert_to_numpy(x)


def test_conformance_int():
    check_layer(layers.IntegerLookup, {"vocabulary": [3, 1, 7]},
                input_data=np.array([[1, 3], [7, 9]]),
                expected_output_shape=(2, 2),
                expected_num_trainable_weights=0,
                expected_num_non_trainable_weights=0,
                reference=lambda x, w: np.array([[2, 1], [3, 0]]))


def test_conformance_multi_hot():
    check_layer(layers.IntegerLookup,
                {"vocabulary": [3, 1, 7], "output_mode": "multi_hot"},
                input_data=np.array([[1, 3], [7, 9]]),
                expected_output_shape=(2, 4),
                expected_output_dtype="float32",
                reference=lambda x, w: np.array([[0, 1, 1, 0],
                                                 [1, 0, 0, 1]]))


def test_documented_lookups():
    np.testing.assert_array_equal(
        _np(layers.IntegerLookup(vocabulary=VOCAB)(DATA)),
        [[1, 3, 4], [4, 0, 2]])
    two_oov = layers.IntegerLookup(vocabulary=VOCAB, num_oov_indices=2)
    np.testing.assert_array_equal(
        _np(two_oov(np.array([[12, 1138, 42], [37, 1000, 36]]))),
        [[2, 4, 5], [1, 0, 3]])  # 37 % 2 = 1, 1000 % 2 = 0
    assert two_oov.get_vocabulary()[:2] == [-1, -1]


def test_adapt_orders_by_count_then_decreasing_token():
    layer = layers.IntegerLookup()
    layer.adapt(DATA)
    assert layer.get_vocabulary() == [-1, 42, 1138, 1000, 36, 12]
    np.testing.assert_array_equal(_np(layer(DATA)), [[5, 2, 1], [1, 3, 4]])
    capped = layers.IntegerLookup(max_tokens=3)
    capped.adapt(iter([DATA[:1], DATA[1:]]))
    assert capped.get_vocabulary() == [-1, 42, 1138]


def test_mask_token_is_index_zero_in_int_mode():
    layer = layers.IntegerLookup(vocabulary=[5, 6], mask_token=0)
    assert layer.get_vocabulary() == [0, -1, 5, 6]
    np.testing.assert_array_equal(_np(layer(np.array([0, 5, 9, 6]))),
                                  [0, 2, 1, 3])
    hot = layers.IntegerLookup(vocabulary=[5, 6], mask_token=0,
                               output_mode="count")
    assert hot.get_vocabulary() == [-1, 5, 6]
    np.testing.assert_array_equal(_np(hot(np.array([[0, 5, 5, 9]]))),
                                  [[1, 2, 0]])


@pytest.mark.parametrize("mode, expected", [
    ("one_hot", np.eye(5)[[1, 2, 3, 4, 0]]),
    ("multi_hot", [[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]]),
    ("count", [[0, 1, 0, 1, 2], [2, 0, 1, 0, 1]]),
])
def test_documented_encodings(mode, expected):
    layer = layers.IntegerLookup(vocabulary=VOCAB, output_mode=mode)
    data = (np.array([12, 36, 1138, 42, 7]) if mode == "one_hot" else
            np.array([[12, 1138, 42, 42], [42, 7, 36, 7]]))
    out = layer(data)
    assert ops.dtype(out) == "float32"
    np.testing.assert_array_equal(_np(out), expected)


def test_tf_idf_and_padding_to_max_tokens():
    layer = layers.IntegerLookup(output_mode="tf_idf", max_tokens=7,
                                 pad_to_max_tokens=True)
    layer.set_vocabulary(VOCAB, idf_weights=[0.25, 0.75, 0.6, 0.4])
    out = _np(layer(np.array([[12, 1138, 42, 42], [42, 7, 36, 7]])))
    # OOV gets the mean idf (0.5); the padded slots stay 0.
    np.testing.assert_allclose(out, [[0, 0.25, 0, 0.6, 0.8, 0, 0],
                                     [1.0, 0, 0.75, 0, 0.4, 0, 0]],
                               rtol=1e-6)


def test_invert_round_trip():
    forward = layers.IntegerLookup(vocabulary=VOCAB)
    backward = layers.IntegerLookup(vocabulary=VOCAB, invert=True)
    np.testing.assert_array_equal(_np(backward(forward(DATA))),
                                  [[12, 1138, 42], [42, -1, 36]])


def test_symbolic_call_and_config_keep_the_vocabulary():
    layer = layers.IntegerLookup()
    layer.adapt(DATA)
    out = layer(layers.Input((3,), dtype="int32"))
    assert out.shape == (None, 3)
    rebuilt = layers.IntegerLookup.from_config(layer.get_config())
    assert rebuilt.get_vocabulary() == layer.get_vocabulary()
    np.testing.assert_array_equal(_np(rebuilt(DATA)), _np(layer(DATA)))


def test_vocabulary_file(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_text("12\n36\n1138\n42\n")
    layer = layers.IntegerLookup(vocabulary=str(path))
    np.testing.assert_array_equal(_np(layer(DATA)), [[1, 3, 4], [4, 0, 2]])


def test_errors():
    with pytest.raises(ValueError, match="num_oov_indices"):
        layers.IntegerLookup(num_oov_indices=-1)
    with pytest.raises(ValueError, match="output_mode"):
        layers.IntegerLookup(output_mode="bag")
    with pytest.raises(ValueError, match="invert"):
        layers.IntegerLookup(invert=True, output_mode="count")
    with pytest.raises(ValueError, match="repeat"):
        layers.IntegerLookup(vocabulary=[1, 2, 1])
    with pytest.raises(ValueError, match="max_tokens"):
        layers.IntegerLookup(vocabulary=[1, 2, 3], max_tokens=3)
    with pytest.raises(ValueError, match="idf_weights"):
        layers.IntegerLookup(vocabulary=[1, 2], output_mode="tf_idf")
    with pytest.raises(RuntimeError, match="vocabulary"):
        layers.IntegerLookup()(np.array([1]))
    with pytest.raises(ValueError, match="num_oov_indices=0"):
        layers.IntegerLookup(vocabulary=[1], num_oov_indices=0)(
            np.array([2]))
    with pytest.raises(TypeError, match="integers"):
        layers.IntegerLookup(vocabulary=[1])(np.array([1.5]))


@pytest.mark.parametrize("kwargs", [
    {"vocabulary": VOCAB},
    {"vocabulary": VOCAB, "num_oov_indices": 3, "mask_token": 0},
    {"vocabulary": VOCAB, "mask_token": 0, "output_mode": "count"},
    {"vocabulary": VOCAB, "output_mode": "tf_idf",
     "idf_weights": [0.5, 1.0, 1.5, 2.0]},
    {"vocabulary": VOCAB, "output_mode": "one_hot"},
    {"vocabulary": VOCAB, "invert": True},
])
def test_host_and_tensor_paths_agree(kwargs):
    layer = layers.IntegerLookup(**kwargs)
    data = np.array([[12, 0, 42, 7], [-5, 1138, 36, 36]])
    if kwargs.get("invert"):
        data = np.array([[0, 1, 4, 9], [-1, 2, 3, 3]])
    if kwargs.get("output_mode") == "one_hot":
        data = data[:, :1]
    host = _np(layer(data))
    in_graph = _np(layer(ops.convert_to_tensor(data, "int32")))
    np.testing.assert_allclose(in_graph, host, rtol=1e-6)


def test_keras_config_keys_are_accepted():
    # Keras 3 writes `vocabulary_size`, `oov_method` and `salt`.
    config = layers.IntegerLookup(vocabulary=VOCAB).get_config()
    config.update({"vocabulary_size": 5, "oov_method": "floormod",
                   "salt": None})
    rebuilt = layers.IntegerLookup.from_config(config)
    np.testing.assert_array_equal(_np(rebuilt(DATA)), [[1, 3, 4], [4, 0, 2]])
    # With one OOV index the method makes no difference.
    layers.IntegerLookup(vocabulary=VOCAB, oov_method="farmhash")
    with pytest.raises(NotImplementedError, match="farmhash"):
        layers.IntegerLookup(num_oov_indices=2, oov_method="farmhash")
    with pytest.raises(ValueError, match="oov_method"):
        layers.IntegerLookup(oov_method="modulo")
    with pytest.raises(NotImplementedError, match="salt"):
        layers.IntegerLookup(salt=7)


def test_assets_hold_the_vocabulary_as_keras_writes_it(tmp_path):
    layer = layers.IntegerLookup(mask_token=0, num_oov_indices=2)
    layer.adapt(DATA)
    layer.save_assets(str(tmp_path))
    text = (tmp_path / "vocabulary.txt").read_text()
    assert text == "0\n-1\n-1\n42\n1138\n1000\n36\n12"
    fresh = layers.IntegerLookup(mask_token=0, num_oov_indices=2)
    fresh.load_assets(str(tmp_path))
    assert fresh.get_vocabulary() == layer.get_vocabulary()
    # A vocabulary from the constructor lives in the config: no asset, and
    # an asset does not replace it.
    given = layers.IntegerLookup(vocabulary=[5])
    given.save_assets(str(tmp_path / "none"))
    assert not (tmp_path / "none").exists()
    given.load_assets(str(tmp_path))
    assert given.get_vocabulary() == [-1, 5]
