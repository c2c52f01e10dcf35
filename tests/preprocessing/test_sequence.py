"""Keras 2 sequence preprocessing: skipgrams, make_sampling_table and
TimeseriesGenerator, hand-computed and against Keras 3's legacy copy."""

from __future__ import annotations

import importlib
import json
import math

import numpy as np
import pytest

from cornu.preprocessing import sequence
from cornu.preprocessing.sequence import (
    TimeseriesGenerator,
    make_sampling_table,
    pad_sequences,
    skipgrams,
)
from cornu.utils import PyDataset
from tests._oracle import import_keras


def _legacy():
    import_keras()
    return importlib.import_module("keras.src.legacy.preprocessing.sequence")


def test_pad_sequences_is_reexported():
    from cornu.utils import pad_sequences as utils_pad

    assert pad_sequences is utils_pad
    assert "pad_sequences" in sequence.__all__


def test_make_sampling_table_by_hand():
    table = make_sampling_table(4, sampling_factor=1e-3)
    def keep(rank):
        inv = rank * (math.log(rank) + 0.577) + 0.5 - 1 / (12 * rank)
        return min(1.0, math.sqrt(1e-3 * inv))
    np.testing.assert_allclose(table, [keep(1), keep(1), keep(2), keep(3)])
    assert make_sampling_table(3, sampling_factor=10.0).tolist() == [1, 1, 1]
    with pytest.raises(ValueError, match="size"):
        make_sampling_table(0)


def test_make_sampling_table_matches_keras_legacy():
    np.testing.assert_allclose(make_sampling_table(50),
                               _legacy().make_sampling_table(50))


def test_skipgrams_positive_pairs_by_hand():
    couples, labels = skipgrams([1, 0, 2, 3], 4, window_size=2,
                                negative_samples=0, shuffle=False)
    # 0 is padding: never a word nor a context
    assert couples == [[1, 2], [2, 1], [2, 3], [3, 2]]
    assert labels == [1, 1, 1, 1]
    couples, labels = skipgrams([1, 2], 3, window_size=1, negative_samples=0,
                                shuffle=False, categorical=True)
    assert labels == [[0, 1], [0, 1]]


def test_skipgrams_negatives_and_seeded_shuffle():
    seq = [1, 2, 3, 4, 5]
    couples, labels = skipgrams(seq, 10, window_size=1, negative_samples=2.0,
                                shuffle=False, seed=3)
    assert len(couples) == 8 * 3 and labels == [1] * 8 + [0] * 16
    positives = {tuple(c) for c in couples[:8]}
    for first, context in couples[8:]:
        assert first in {c[0] for c in positives} and 1 <= context <= 9
    a = skipgrams(seq, 10, window_size=1, seed=7)
    b = skipgrams(seq, 10, window_size=1, seed=7)
    assert a == b
    # The shuffle permutes (pair, label) rows together: same rows as the
    # unshuffled output drawn with the same seed.
    unshuffled = skipgrams(seq, 10, window_size=1, shuffle=False, seed=7)
    assert a[0] != unshuffled[0]
    assert sorted(zip(map(tuple, a[0]), a[1])) == sorted(
        zip(map(tuple, unshuffled[0]), unshuffled[1]))


def test_skipgrams_sampling_table_drops_words():
    couples, _ = skipgrams([1, 2, 3], 4, window_size=2, negative_samples=0,
                           shuffle=False, sampling_table=[0, 0, 1, 1])
    assert [c[0] for c in couples] == [2, 2, 3, 3]
    with pytest.raises(ValueError, match="vocabulary_size"):
        skipgrams([1], 1)


def test_skipgrams_positives_match_keras_legacy():
    seq = [3, 1, 4, 1, 5, 9, 2, 6]
    theirs = _legacy().skipgrams(seq, 10, window_size=3, negative_samples=0,
                                 shuffle=False)
    assert skipgrams(seq, 10, window_size=3, negative_samples=0,
                     shuffle=False) == theirs


def test_timeseries_generator_windows_by_hand():
    data = np.arange(20).reshape(10, 2)
    targets = np.arange(10) * 10
    gen = TimeseriesGenerator(data, targets, length=4, sampling_rate=2,
                              stride=2, batch_size=2)
    assert isinstance(gen, PyDataset) and gen.num_batches == len(gen) == 2
    x, y = gen[0]
    # windows end at rows 4 and 6; each keeps rows t-4 and t-2
    assert x.tolist() == [[[0, 1], [4, 5]], [[4, 5], [8, 9]]]
    assert y.tolist() == [40, 60]
    x, y = gen[1]
    assert x.shape == (1, 2, 2) and y.tolist() == [80]
    assert gen[-1][1].tolist() == [80]
    with pytest.raises(IndexError):
        gen[2]


def test_timeseries_generator_start_end_and_reverse():
    series = np.arange(12)
    gen = TimeseriesGenerator(series, series, length=3, start_index=2,
                              end_index=8, reverse=True, batch_size=10)
    x, y = gen[0]
    assert y.tolist() == [5, 6, 7, 8]
    assert x[0].tolist() == [4, 3, 2]
    np.random.seed(0)
    shuffled = TimeseriesGenerator(series, series, length=3, shuffle=True,
                                   batch_size=5)
    x, y = shuffled[0]
    assert len(y) == 5 and all(3 <= t <= 11 for t in y)
    for window, target in zip(x, y):
        assert window.tolist() == list(range(target - 3, target))


def test_timeseries_generator_errors_and_config():
    with pytest.raises(ValueError, match="same length"):
        TimeseriesGenerator(np.zeros(5), np.zeros(4), length=2)
    with pytest.raises(ValueError, match="no window fits"):
        TimeseriesGenerator(np.zeros(5), np.zeros(5), length=5)
    with pytest.raises(ValueError, match="stride"):
        TimeseriesGenerator(np.zeros(5), np.zeros(5), length=2, stride=0)
    gen = TimeseriesGenerator(np.arange(6), np.arange(6), length=2,
                              start_index=1, batch_size=3, workers=2)
    assert gen.workers == 2
    config = json.loads(gen.to_json())["config"]
    assert json.loads(config["data"]) == list(range(6))
    assert config["start_index"] == 1 and config["length"] == 2


@pytest.mark.parametrize("kwargs", [
    {"length": 3}, {"length": 4, "sampling_rate": 2, "stride": 3},
    {"length": 2, "start_index": 3, "end_index": 15, "batch_size": 4},
    {"length": 5, "reverse": True, "batch_size": 3},
])
def test_timeseries_generator_matches_keras_legacy(kwargs):
    data = np.arange(40, dtype="float32").reshape(20, 2)
    targets = np.arange(20)
    ours = TimeseriesGenerator(data, targets, **kwargs)
    theirs = _legacy().TimeseriesGenerator(data, targets, **kwargs)
    assert len(ours) == len(theirs)
    for i in range(len(ours)):
        for a, b in zip(ours[i], theirs[i]):
            np.testing.assert_array_equal(a, b)


@pytest.mark.trainable
def test_fit_accepts_a_timeseries_generator():
    import cornu as keras

    series = np.sin(np.arange(68, dtype="float32") / 4)[:, None]
    gen = TimeseriesGenerator(series, series, length=4, batch_size=16)
    model = keras.Sequential([keras.Input((4, 1)), keras.layers.Flatten(),
                              keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(gen, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert np.isfinite(history.history["loss"]).all()
