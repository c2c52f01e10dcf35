"""Tests for `Hashing`: FarmHash64 against published test vectors for
every length branch, Keras's documented bins, masks, integer inputs,
output modes, conformance on integer inputs, errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.layers.preprocessing._farmhash import fingerprint64
from cornu.testing import check_layer

# FarmHash Fingerprint64 test vectors (published with FarmHash ports and
# TensorFlow's fingerprint tests), one or more per length branch.
VECTORS = [
    ("", 0x9AE16A3B2F90404F),
    ("a", 0xB3454265B6DF75E3),
    ("abc", 0x24A5B3A074E7F369),
    ("abcd", 0x1A5502DE4A1F8101),
    ("Hello", 15404698994557526151),
    ("World", 18308117990299812472),
    ("abcdefgh", 0xFEE9D22990C82909),
    ("0123456789'01234", 0x4283D4EF43627F64),
    ("0123456789=012345", 0x46A7416ED4861E3B),
    ("C is as portable as Stonehedge!!", 0xB944F8A16261E414),
    ("Discard medicine more than two years old.", 0xE8F89AB6DF9BDD25),
    ("For every action there is an equal and opposite government "
     "program.", 0x55182F8859ECA4CE),
]
ALPHABET = "abcdefghijklmnopqrstuvwxyz" * 6
BOUNDARIES = [(33, 0x1BD257E2FC3DA812), (63, 0xD52B7A8646A91B9E),
              (64, 0x9C4A595C23BB9BFA), (65, 0x2434D8917886FE2A),
              (128, 0xC3244D5EC8A4474A), (129, 0x9B1CA0571B8CEFD4)]


def _np(x):
    return ops.convert_to_numpy(x)


@pytest.mark.parametrize("text, expected", VECTORS)
def test_fingerprint64_vectors(text, expected):
    assert fingerprint64(text.encode("utf-8")) == expected


@pytest.mark.parametrize("length, expected", BOUNDARIES)
def test_fingerprint64_length_boundaries(length, expected):
    assert fingerprint64(ALPHABET[:length].encode()) == expected


def test_documented_keras_bins():
    layer = layers.Hashing(num_bins=3)
    np.testing.assert_array_equal(
        _np(layer([["A"], ["B"], ["C"], ["D"], ["E"]])),
        [[1], [0], [1], [1], [2]])
    masked = layers.Hashing(num_bins=3, mask_value="")
    np.testing.assert_array_equal(
        _np(masked([["A"], ["B"], [""], ["C"], ["D"]])),
        [[1], [1], [0], [2], [2]])


def test_integers_hash_as_decimal_strings():
    layer = layers.Hashing(num_bins=7)
    ints = np.array([[3, -12], [1000, 3]])
    expected = [[fingerprint64(str(v).encode()) % 7 for v in row]
                for row in ints.tolist()]
    np.testing.assert_array_equal(_np(layer(ints)), expected)
    np.testing.assert_array_equal(
        _np(layer(np.array([["3", "-12"], ["1000", "3"]]))), expected)
    masked = _np(layers.Hashing(num_bins=4, mask_value=0)(np.array([0, 5])))
    assert masked[0] == 0 and 1 <= masked[1] <= 3


def test_conformance_on_integers():
    check_layer(layers.Hashing, {"num_bins": 5},
                input_data=np.array([[1, 2], [3, 4]], dtype="int32"),
                expected_output_shape=(2, 2),
                expected_num_trainable_weights=0,
                reference=lambda x, w: np.array(
                    [[fingerprint64(str(v).encode()) % 5 for v in row]
                     for row in x.tolist()]))


@pytest.mark.parametrize("mode", ["one_hot", "multi_hot", "count"])
def test_output_modes(mode):
    data = [["A", "B", "A"]]
    bins = _np(layers.Hashing(num_bins=4)(data))
    out = _np(layers.Hashing(num_bins=4, output_mode=mode)(data))
    hot = np.eye(4)[bins]
    expected = {"one_hot": hot, "multi_hot": hot.max(1),
                "count": hot.sum(1)}[mode]
    np.testing.assert_array_equal(out, expected)


def test_config_round_trip():
    layer = layers.Hashing(num_bins=9, mask_value="pad", output_mode="count")
    rebuilt = layers.Hashing.from_config(layer.get_config())
    data = [["x", "pad", "y"]]
    np.testing.assert_array_equal(_np(rebuilt(data)), _np(layer(data)))


def test_errors():
    with pytest.raises(ValueError, match="num_bins"):
        layers.Hashing(num_bins=0)
    with pytest.raises(NotImplementedError, match="salt"):
        layers.Hashing(num_bins=3, salt=133)
    with pytest.raises(ValueError, match="output_mode"):
        layers.Hashing(num_bins=3, output_mode="tf_idf")
    with pytest.raises(TypeError, match="mask_value"):
        layers.Hashing(num_bins=3, mask_value=1.5)
    with pytest.raises(TypeError, match="strings or integers"):
        layers.Hashing(num_bins=3)(np.array([1.5]))
