"""Tests for `StringLookup`: lookups, `adapt` ordering, masks, OOV
buckets, encoded outputs (TF-IDF included), `invert`, vocabulary get/set,
config and errors. Keras's lookup layers need TensorFlow, so the expected
values are the ones Keras documents for the same calls. String layers
cannot take symbolic inputs (cornu has no string dtype), so this layer is
exempt from `check_layer` (see tests/layers/test_coverage.py)."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops

VOCAB = ["a", "b", "c", "d"]
DATA = [["a", "c", "d"], ["d", "z", "b"]]


def _np(x):
    return ops.convert_to_numpy(x)


def test_documented_lookup_on_lists_arrays_and_bytes():
    layer = layers.StringLookup(vocabulary=VOCAB)
    expected = [[1, 3, 4], [4, 0, 2]]
    out = layer(DATA)
    assert ops.is_tensor(out)
    assert ops.dtype(out) in ("int64", "int32")  # int32 on jax without x64
    np.testing.assert_array_equal(_np(out), expected)
    np.testing.assert_array_equal(_np(layer(np.array(DATA))), expected)
    np.testing.assert_array_equal(
        _np(layer(np.array(DATA, dtype=object).astype(bytes))), expected)


def test_adapt_orders_by_count_then_decreasing_token():
    layer = layers.StringLookup()
    layer.adapt(DATA)
    assert layer.get_vocabulary() == ["[UNK]", "d", "z", "c", "b", "a"]
    assert layer.vocabulary_size() == 6
    np.testing.assert_array_equal(_np(layer(DATA)), [[5, 3, 1], [1, 2, 4]])
    assert layer.get_vocabulary(include_special_tokens=False) == [
        "d", "z", "c", "b", "a"]


def test_multiple_oov_indices_are_deterministic():
    layer = layers.StringLookup(vocabulary=VOCAB, num_oov_indices=2)
    out = _np(layer([["a", "c", "d"], ["m", "z", "b"]]))
    np.testing.assert_array_equal(out[0], [2, 4, 5])
    assert out[1, 2] == 3 and set(out[1, :2]) <= {0, 1}
    again = _np(layers.StringLookup(vocabulary=VOCAB, num_oov_indices=2)(
        [["m", "z"]]))
    np.testing.assert_array_equal(again[0], out[1, :2])


def test_mask_token():
    layer = layers.StringLookup(vocabulary=VOCAB, mask_token="")
    assert layer.get_vocabulary()[:2] == ["", "[UNK]"]
    np.testing.assert_array_equal(_np(layer([["a", "", "q"]])), [[2, 0, 1]])
    hot = layers.StringLookup(vocabulary=VOCAB, mask_token="",
                              output_mode="multi_hot")
    np.testing.assert_array_equal(_np(hot([["a", "", ""]])),
                                  [[0, 1, 0, 0, 0]])


@pytest.mark.parametrize("mode, data, expected", [
    ("one_hot", ["a", "b", "c", "d", "z"], np.eye(5)[[1, 2, 3, 4, 0]]),
    ("multi_hot", [["a", "c", "d", "d"], ["d", "z", "b", "z"]],
     [[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]]),
    ("count", [["a", "c", "d", "d"], ["d", "z", "b", "z"]],
     [[0, 1, 0, 1, 2], [2, 0, 1, 0, 1]]),
])
def test_documented_encodings(mode, data, expected):
    out = layers.StringLookup(vocabulary=VOCAB, output_mode=mode)(data)
    assert ops.dtype(out) == "float32"
    np.testing.assert_array_equal(_np(out), expected)


def test_documented_tf_idf():
    data = [["a", "c", "d", "d"], ["d", "z", "b", "z"]]
    layer = layers.StringLookup(output_mode="tf_idf")
    layer.set_vocabulary(VOCAB, idf_weights=[0.25, 0.75, 0.6, 0.4])
    np.testing.assert_allclose(_np(layer(data)),
                               [[0, 0.25, 0, 0.6, 0.8],
                                [1.0, 0, 0.75, 0, 0.4]], rtol=1e-6)
    layer.set_vocabulary(["[UNK]", *VOCAB],
                         idf_weights=[0.9, 0.25, 0.75, 0.6, 0.4])
    np.testing.assert_allclose(_np(layer(data)),
                               [[0, 0.25, 0, 0.6, 0.8],
                                [1.8, 0, 0.75, 0, 0.4]], rtol=1e-6)


def test_adapt_tf_idf_weights():
    layer = layers.StringLookup(output_mode="tf_idf")
    layer.adapt([["a", "b"], ["a", "a"]])  # two documents
    assert layer.get_vocabulary() == ["[UNK]", "a", "b"]
    idf_a, idf_b = np.log(1 + 2 / 3), np.log(1 + 2 / 2)
    np.testing.assert_allclose(
        _np(layer([["a", "a", "b", "q"]])),
        [[(idf_a + idf_b) / 2, 2 * idf_a, idf_b]], rtol=1e-6)


def test_invert():
    layer = layers.StringLookup(vocabulary=VOCAB, invert=True)
    out = layer([[1, 3, 4], [4, 0, 2]])
    assert out.tolist() == [["a", "c", "d"], ["d", "[UNK]", "b"]]
    forward = layers.StringLookup(vocabulary=VOCAB)
    assert layer(forward(DATA)).tolist() == [["a", "c", "d"],
                                             ["d", "[UNK]", "b"]]


def test_config_round_trip_keeps_vocabulary_and_idf():
    layer = layers.StringLookup(output_mode="tf_idf", mask_token="")
    layer.adapt([["x", "y"], ["x", ""]])
    rebuilt = layers.StringLookup.from_config(layer.get_config())
    assert rebuilt.get_vocabulary() == layer.get_vocabulary()
    data = [["x", "q", "y", "y"]]
    np.testing.assert_allclose(_np(rebuilt(data)), _np(layer(data)))


def test_errors():
    with pytest.raises(TypeError, match="mask_token"):
        layers.StringLookup(mask_token=0)
    with pytest.raises(NotImplementedError, match="salt"):
        layers.StringLookup(salt=3)
    with pytest.raises(NotImplementedError, match="sparse"):
        layers.StringLookup(sparse=True)
    with pytest.raises(ValueError, match="pad_to_max_tokens"):
        layers.StringLookup(pad_to_max_tokens=True)
    with pytest.raises(ValueError, match="special token"):
        layers.StringLookup(vocabulary=["a", "[UNK]"])
    with pytest.raises(ValueError, match="does not exist"):
        layers.StringLookup(vocabulary="/no/such/vocab.txt")
    with pytest.raises(TypeError, match="strings"):
        layers.StringLookup(vocabulary=VOCAB)([1, 2])
    with pytest.raises(TypeError, match="symbolic"):
        layers.StringLookup(vocabulary=VOCAB)(layers.Input((2,)))


def test_assets_round_trip_with_the_mask_token_first(tmp_path):
    layer = layers.StringLookup(mask_token="")
    layer.adapt([["b", "a", "b"], ["c", "", "a"]])
    layer.save_assets(str(tmp_path))
    assert (tmp_path / "vocabulary.txt").read_text() == "\n[UNK]\nb\na\nc"
    fresh = layers.StringLookup(mask_token="", oov_method="floormod")
    fresh.load_assets(str(tmp_path))
    assert fresh.get_vocabulary() == layer.get_vocabulary()
    np.testing.assert_array_equal(_np(fresh(DATA)), _np(layer(DATA)))
