"""Tests for `TextVectorization`: standardize and split modes, n-grams,
`adapt`, the output modes, sequence length, vocabulary get/set, config
and errors. Keras's layer needs TensorFlow, so the expected values are
worked out by hand from Keras's documented rules. String layers cannot
take symbolic inputs, so this layer is exempt from `check_layer` (see
tests/layers/test_coverage.py)."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops

TEXTS = ["The cat sat.", "The dog!", "A cat, a DOG; the end"]


def _np(x):
    return ops.convert_to_numpy(x)


def test_adapt_and_int_output():
    layer = layers.TextVectorization()
    layer.adapt(TEXTS)
    # the: 3, cat/dog/a: 2, then count-1 tokens by decreasing string.
    assert layer.get_vocabulary() == ["", "[UNK]", "the", "dog", "cat", "a",
                                      "sat", "end"]
    out = layer(["the cat ate", "dog"])
    assert ops.dtype(out) in ("int64", "int32")
    np.testing.assert_array_equal(_np(out), [[2, 4, 1], [3, 0, 0]])


def test_output_sequence_length_pads_and_truncates():
    layer = layers.TextVectorization(output_sequence_length=2,
                                     vocabulary=["x", "y"])
    np.testing.assert_array_equal(
        _np(layer(np.array([["x y x"], ["y"], [""]]))),
        [[2, 3], [3, 0], [0, 0]])


@pytest.mark.parametrize("standardize, expected", [
    ("lower_and_strip_punctuation", ["hello", "world"]),
    ("lower", ["hello,", "world!"]),
    ("strip_punctuation", ["Hello", "WORLD"]),
    (None, ["Hello,", "WORLD!"]),
    (lambda s: s.upper(), ["HELLO,", "WORLD!"]),
])
def test_standardize_modes(standardize, expected):
    layer = layers.TextVectorization(standardize=standardize)
    layer.adapt(["Hello, WORLD!"])
    assert sorted(layer.get_vocabulary()[2:]) == sorted(expected)


def test_split_modes_and_ngrams():
    chars = layers.TextVectorization(split="character", standardize=None)
    chars.adapt(["abca"])
    assert chars.get_vocabulary()[2:] == ["a", "c", "b"]
    whole = layers.TextVectorization(split=None)
    whole.adapt(["a b", "a b", "c"])
    assert whole.get_vocabulary()[2:] == ["a b", "c"]
    custom = layers.TextVectorization(split=lambda s: s.split("-"),
                                      standardize=None)
    custom.adapt(["x-y-x"])
    assert custom.get_vocabulary()[2:] == ["x", "y"]
    grams = layers.TextVectorization(ngrams=2, output_sequence_length=5)
    grams.adapt(["a b c"])
    assert set(grams.get_vocabulary()[2:]) == {"a", "b", "c", "a b", "b c"}
    vocab = grams.get_vocabulary()
    np.testing.assert_array_equal(
        _np(grams(["a b c"]))[0],
        [vocab.index(t) for t in ["a", "b", "c", "a b", "b c"]])
    only_bigrams = layers.TextVectorization(ngrams=(2,))
    only_bigrams.adapt(["a b c"])
    assert sorted(only_bigrams.get_vocabulary()[2:]) == ["a b", "b c"]


@pytest.mark.parametrize("mode", ["multi_hot", "count", "tf_idf"])
def test_vector_modes(mode):
    layer = layers.TextVectorization(output_mode=mode)
    layer.adapt(["a b a", "b c"])
    assert layer.get_vocabulary() == ["[UNK]", "b", "a", "c"]
    out = _np(layer(["a a z", ""]))
    assert out.shape == (2, 4)
    counts = np.array([[1, 0, 2, 0], [0, 0, 0, 0]], dtype="float32")
    if mode == "multi_hot":
        np.testing.assert_array_equal(out, counts > 0)
    elif mode == "count":
        np.testing.assert_array_equal(out, counts)
    else:
        idf = np.log1p(2 / (1 + np.array([2.0, 1.0, 1.0])))
        full = np.concatenate([[idf.mean()], idf])
        np.testing.assert_allclose(out, counts * full, rtol=1e-6)


def test_max_tokens_and_pad_to_max_tokens():
    layer = layers.TextVectorization(max_tokens=4, output_mode="count",
                                     pad_to_max_tokens=True)
    layer.adapt(["a a a b b c d"])
    # c and d tie at one occurrence: the larger string wins the last slot.
    assert layer.get_vocabulary() == ["[UNK]", "a", "b", "d"]
    np.testing.assert_array_equal(_np(layer(["c a d"])), [[1, 1, 0, 1]])
    wide = layers.TextVectorization(max_tokens=6, output_mode="count",
                                    pad_to_max_tokens=True,
                                    vocabulary=["a"])
    assert _np(wide(["a"])).shape == (1, 6)


def test_set_vocabulary_and_config_round_trip():
    layer = layers.TextVectorization(output_sequence_length=3)
    layer.set_vocabulary(["hello", "world"])
    assert layer.vocabulary_size() == 4
    config = layer.get_config()
    assert config["vocabulary_size"] == 4
    rebuilt = layers.TextVectorization.from_config(config)
    assert rebuilt.get_vocabulary() == layer.get_vocabulary()
    np.testing.assert_array_equal(_np(rebuilt(["Hello there"])),
                                  [[2, 1, 0]])


def test_errors():
    with pytest.raises(ValueError, match="standardize"):
        layers.TextVectorization(standardize="upper")
    with pytest.raises(ValueError, match="split"):
        layers.TextVectorization(split="comma")
    with pytest.raises(ValueError, match="ngrams"):
        layers.TextVectorization(ngrams=0)
    with pytest.raises(ValueError, match="output_mode"):
        layers.TextVectorization(output_mode="one_hot")
    with pytest.raises(ValueError, match="output_sequence_length"):
        layers.TextVectorization(output_mode="count",
                                 output_sequence_length=3)
    with pytest.raises(NotImplementedError, match="ragged"):
        layers.TextVectorization(ragged=True)
    with pytest.raises(RuntimeError, match="vocabulary"):
        layers.TextVectorization()(["a"])
    layer = layers.TextVectorization(vocabulary=["a"])
    with pytest.raises(ValueError, match="batch"):
        layer(np.array([["a", "b"]]))
    with pytest.raises(TypeError, match="strings"):
        layer([3])
    with pytest.raises(NotImplementedError, match="callable"):
        layers.TextVectorization(split=str.split).get_config()
