"""`to_categorical` and `normalize`, by hand and against Keras 3."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import ops
from cornu.utils import normalize, to_categorical
from tests._oracle import import_keras


def test_to_categorical_by_hand():
    out = to_categorical([2, 0, 1])
    assert out.dtype == np.float64
    assert out.tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    assert to_categorical(np.array([[1], [0]]), num_classes=3).tolist() == [
        [0, 1, 0], [1, 0, 0]]
    assert to_categorical([[0, 1], [1, 1]]).shape == (2, 2, 2)


def test_to_categorical_engine_tensor():
    labels = ops.convert_to_tensor(np.array([[2], [0]], dtype="int32"))
    out = to_categorical(labels, num_classes=4)
    assert ops.is_tensor(out)
    np.testing.assert_array_equal(ops.convert_to_numpy(out),
                                  [[0, 0, 1, 0], [1, 0, 0, 0]])
    np.testing.assert_array_equal(
        ops.convert_to_numpy(to_categorical(ops.convert_to_tensor([1, 2]))),
        [[0, 1, 0], [0, 0, 1]])


@pytest.mark.parametrize("x, kwargs, match", [
    ([0, 3], {"num_classes": 3}, "labels must be in"),
    ([-1, 0], {}, "labels must be in"),
    ([0.5], {}, "integer"),
    ([0], {"num_classes": 0}, "num_classes"),
])
def test_to_categorical_errors(x, kwargs, match):
    with pytest.raises(ValueError, match=match):
        to_categorical(x, **kwargs)


def test_normalize_by_hand():
    x = np.array([[3.0, 4.0], [0.0, 0.0], [1.0, 1.0]])
    np.testing.assert_allclose(normalize(x), [[0.6, 0.8], [0, 0],
                                              [2 ** -0.5, 2 ** -0.5]])
    np.testing.assert_allclose(normalize(x, order=1),
                               [[3 / 7, 4 / 7], [0, 0], [0.5, 0.5]])
    np.testing.assert_allclose(normalize(x, axis=0, order=1),
                               [[0.75, 0.8], [0, 0], [0.25, 0.2]])
    np.testing.assert_allclose(normalize([[3, 4]]), [[0.6, 0.8]])


def test_normalize_engine_tensor():
    x = ops.convert_to_tensor(np.array([[3.0, 4.0]], dtype="float32"))
    np.testing.assert_allclose(ops.convert_to_numpy(normalize(x)),
                               [[0.6, 0.8]], rtol=1e-6)


def test_matches_keras_on_numpy_input():
    keras = import_keras()
    x = np.random.RandomState(0).randn(4, 5)
    np.testing.assert_allclose(normalize(x), keras.utils.normalize(x))
    np.testing.assert_allclose(normalize(x, order=1),
                               keras.utils.normalize(x, order=1))
    labels = [3, 1, 4, 1, 5]
    np.testing.assert_array_equal(to_categorical(labels),
                                  keras.utils.to_categorical(labels))
    np.testing.assert_array_equal(
        to_categorical(labels, 7), keras.utils.to_categorical(labels, 7))
