"""`timeseries_dataset_from_array` and `split_dataset`, by hand."""

from __future__ import annotations

import random

import numpy as np
import pytest

from cornu.utils import (
    PyDataset,
    split_dataset,
    timeseries_dataset_from_array,
)


def test_timeseries_windows_and_targets_by_hand():
    data = np.arange(20).reshape(10, 2)
    ds = timeseries_dataset_from_array(data, np.arange(10) * 10,
                                       sequence_length=3, sequence_stride=2,
                                       sampling_rate=2, batch_size=2)
    assert isinstance(ds, PyDataset)
    # windows start at 0 and 2 (a window spans 5 rows: 10 - 4 = 6 starts,
    # taken every 2); each keeps rows p, p + 2, p + 4
    assert len(ds) == 2 and ds.num_batches == 2
    x, y = ds[0]
    assert x.shape == (2, 3, 2)
    assert x[:, :, 0].tolist() == [[0, 4, 8], [4, 8, 12]]
    assert y.tolist() == [0, 20]
    x, y = ds[1]
    assert x[:, :, 0].tolist() == [[8, 12, 16]] and y.tolist() == [40]
    with pytest.raises(IndexError):
        ds[2]


def test_timeseries_next_step_targets_start_end_unbatched():
    series = np.arange(12)
    ds = timeseries_dataset_from_array(series[:-3], series[3:],
                                       sequence_length=3, batch_size=None)
    assert len(ds) == 7
    x, y = ds[4]
    assert x.tolist() == [4, 5, 6] and y == 7
    ds = timeseries_dataset_from_array(series, None, sequence_length=2,
                                       start_index=3, end_index=7,
                                       batch_size=10)
    assert ds[0].tolist() == [[3, 4], [4, 5], [5, 6]]


def test_timeseries_seeded_shuffle_reshuffles_each_epoch():
    series = np.arange(30)
    kwargs = dict(sequence_length=2, batch_size=64, shuffle=True, seed=3)
    a = timeseries_dataset_from_array(series, series, **kwargs)
    b = timeseries_dataset_from_array(series, series, **kwargs)
    xa, ya = a[0]
    np.testing.assert_array_equal(xa, b[0][0])
    assert sorted(ya.tolist()) == list(range(29))
    assert ya.tolist() != list(range(29))
    np.testing.assert_array_equal(xa[:, 0], ya)  # pairs stay together
    a.on_epoch_end()
    assert a[0][1].tolist() != ya.tolist()


@pytest.mark.parametrize("kwargs, match", [
    ({"sequence_length": 0}, "sequence_length"),
    ({"sequence_length": 2, "sampling_rate": 0}, "sampling_rate"),
    ({"sequence_length": 2, "start_index": 5, "end_index": 3}, "end_index"),
    ({"sequence_length": 2, "batch_size": 0}, "batch_size"),
])
def test_timeseries_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        timeseries_dataset_from_array(np.arange(10), None, **kwargs)


def test_split_arrays_tuples_and_dicts():
    x, y = np.arange(10), np.arange(10) * 2
    left, right = split_dataset(x, left_size=0.8)
    assert left.tolist() == list(range(8)) and right.tolist() == [8, 9]
    (lx, ly), (rx, ry) = split_dataset((x, y), right_size=3)
    assert lx.tolist() == list(range(7)) and ry.tolist() == [14, 16, 18]
    left, right = split_dataset({"a": x, "b": y}, left_size=2, right_size=3)
    assert left["b"].tolist() == [0, 2] and right["a"].tolist() == [7, 8, 9]


def test_split_shuffle_is_pythons_seeded_shuffle():
    samples = list(range(20))
    left, right = split_dataset(samples, left_size=0.5, shuffle=True, seed=4)
    expected = list(range(20))
    random.Random(4).shuffle(expected)
    assert left == expected[:10] and right == expected[10:]
    x = np.arange(20)
    lx, _ = split_dataset(x, left_size=0.5, shuffle=True, seed=4)
    assert lx.tolist() == expected[:10]


@pytest.mark.parametrize("kwargs, match", [
    ({}, "left_size"),
    ({"left_size": 1.5}, "left_size"),
    ({"right_size": 10}, "right_size"),
    ({"left_size": 0.6, "right_size": 0.6}, "add up"),
])
def test_split_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        split_dataset(np.arange(10), **kwargs)
    with pytest.raises(ValueError, match="same length"):
        split_dataset((np.arange(3), np.arange(4)), left_size=1)
    with pytest.raises(TypeError, match="dataset"):
        split_dataset(5, left_size=1)
