"""The bundled UCI digits: shapes, dtypes, known values, the seeded split."""

from __future__ import annotations

import os

import numpy as np
import pytest

from cornu.datasets import digits

# Per-class counts of the UCI optdigits test set (optdigits.names).
_CLASS_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
# The first row of optdigits.tes, a 0.
_FIRST = [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2,
          0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0, 0, 5, 8, 0, 0, 9, 8, 0, 0, 4,
          11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0,
          0, 0]


def _raw():
    with np.load(digits._PATH, allow_pickle=False) as f:
        return f["x"], f["y"]


def test_bundled_file_is_small_with_license_beside_it():
    folder = os.path.dirname(digits._PATH)
    assert os.path.getsize(digits._PATH) < 100_000
    license_text = open(os.path.join(folder, "digits_LICENSE.txt")).read()
    assert "Attribution 4.0 International" in license_text
    attribution = open(os.path.join(folder, "digits_ATTRIBUTION.md")).read()
    assert "Alpaydin" in attribution and "CC BY 4.0" in attribution


def test_raw_content_is_the_uci_test_set():
    x, y = _raw()
    assert x.shape == (1797, 8, 8) and x.dtype == np.uint8
    assert y.shape == (1797,) and y.dtype == np.uint8
    assert np.bincount(y).tolist() == _CLASS_COUNTS
    assert x.min() == 0 and x.max() == 16
    assert x[0].reshape(-1).tolist() == _FIRST and y[0] == 0


def test_default_split_layout():
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    assert x_train.shape == (1437, 8, 8) and x_test.shape == (360, 8, 8)
    assert y_train.shape == (1437,) and y_test.shape == (360,)
    for a in (x_train, y_train, x_test, y_test):
        assert a.dtype == np.uint8


def test_split_is_a_seeded_permutation_like_keras():
    x, y = _raw()
    (x_train, y_train), (x_test, y_test) = digits.load_data(0.25, seed=3)
    indices = np.arange(1797)
    np.random.RandomState(3).shuffle(indices)
    n_train = int(1797 * 0.75)
    np.testing.assert_array_equal(x_train, x[indices[:n_train]])
    np.testing.assert_array_equal(y_test, y[indices[n_train:]])
    again = digits.load_data(0.25, seed=3)
    np.testing.assert_array_equal(again[0][0], x_train)
    other = digits.load_data(0.25, seed=4)
    assert not np.array_equal(other[0][1], y_train)


def test_zero_test_split_keeps_every_sample_for_training():
    (x_train, _), (x_test, y_test) = digits.load_data(test_split=0)
    assert len(x_train) == 1797 and len(x_test) == 0 and len(y_test) == 0


@pytest.mark.parametrize("bad", [1, 1.5, -0.1, "0.2", True])
def test_bad_test_split(bad):
    with pytest.raises(ValueError, match="test_split"):
        digits.load_data(test_split=bad)


@pytest.mark.trainable
def test_a_small_model_learns_the_bundled_digits():
    import cornu as keras

    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    x_train = x_train.reshape(-1, 64).astype("float32") / 16
    x_test = x_test.reshape(-1, 64).astype("float32") / 16
    model = keras.Sequential([
        keras.Input((64,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.02),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    # 1437 = 3 * 479: one batch shape, so JAX compiles the step once.
    model.fit(x_train, y_train, epochs=30, batch_size=479, verbose=0)
    _, accuracy = model.evaluate(x_test, y_test, batch_size=360, verbose=0)
    assert accuracy > 0.85
