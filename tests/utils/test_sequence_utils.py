"""`pad_sequences`: every option, hand-computed, and against Keras 3."""

from __future__ import annotations

import numpy as np
import pytest

from cornu.utils import pad_sequences
from tests._oracle import import_keras

SEQS = [[1], [2, 3], [4, 5, 6, 7]]


@pytest.mark.parametrize("padding, truncating, expected", [
    ("pre", "pre", [[0, 0, 1], [0, 2, 3], [5, 6, 7]]),
    ("post", "pre", [[1, 0, 0], [2, 3, 0], [5, 6, 7]]),
    ("pre", "post", [[0, 0, 1], [0, 2, 3], [4, 5, 6]]),
    ("post", "post", [[1, 0, 0], [2, 3, 0], [4, 5, 6]]),
])
def test_padding_and_truncating_by_hand(padding, truncating, expected):
    out = pad_sequences(SEQS, maxlen=3, padding=padding,
                        truncating=truncating)
    assert out.dtype == np.int32 and out.tolist() == expected


def test_defaults_value_dtype_and_empty_sequences():
    assert pad_sequences(SEQS).tolist() == [
        [0, 0, 0, 1], [0, 0, 2, 3], [4, 5, 6, 7]]
    out = pad_sequences([[], [1.5, 2.5]], dtype="float32", value=-1.0)
    assert out.dtype == np.float32
    assert out.tolist() == [[-1.0, -1.0], [1.5, 2.5]]
    assert pad_sequences([], maxlen=3).shape == (0, 3)
    assert pad_sequences([[1, 2]], maxlen=0).shape == (1, 0)


def test_element_arrays_become_trailing_axes():
    seqs = [np.ones((1, 2)), np.arange(6).reshape(3, 2)]
    out = pad_sequences(seqs, maxlen=2, padding="post")
    assert out.shape == (2, 2, 2)
    assert out.tolist() == [[[1, 1], [0, 0]], [[2, 3], [4, 5]]]


def test_strings_need_an_object_or_string_dtype():
    out = pad_sequences([["a"], ["b", "c"]], dtype=object, value="<pad>")
    assert out.tolist() == [["<pad>", "a"], ["b", "c"]]
    with pytest.raises(ValueError, match="dtype"):
        pad_sequences([["a"]], value="x")


@pytest.mark.parametrize("kwargs, match", [
    ({"padding": "middle"}, "padding"),
    ({"truncating": "both"}, "truncating"),
    ({"maxlen": -1}, "maxlen"),
])
def test_bad_options(kwargs, match):
    with pytest.raises(ValueError, match=match):
        pad_sequences(SEQS, **kwargs)


def test_bad_sequences():
    with pytest.raises(ValueError, match="sequences"):
        pad_sequences(5)
    with pytest.raises(ValueError, match=r"sequences\[1\]"):
        pad_sequences([[1], 2])
    with pytest.raises(ValueError, match=r"sequences\[1\]"):
        pad_sequences([[[1, 2]], [[1, 2, 3]]])


@pytest.mark.parametrize("kwargs", [
    {}, {"maxlen": 2, "padding": "post"}, {"maxlen": 5, "value": 9},
    {"maxlen": 3, "truncating": "post", "dtype": "float64"},
])
def test_matches_keras(kwargs):
    keras = import_keras()
    np.testing.assert_array_equal(
        pad_sequences(SEQS, **kwargs),
        keras.utils.pad_sequences(SEQS, **kwargs))
