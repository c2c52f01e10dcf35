"""`cornu.utils.PyDataset` / `Sequence`: the API, Keras 2 subclasses,
worker pools (threads and processes), shuffling and endless datasets."""

import time
import warnings

import numpy as np
import pytest

from cornu import ops
from cornu.trainers.data_adapters import get_data_adapter
from cornu.trainers.epoch_iterator import EpochIterator
from cornu.utils import PyDataset, Sequence
from tests._oracle import import_keras


class Batches(PyDataset):
    """Batch `i` is `x = [[i], [i]]`, `y = [i, i]`; slow for even `i` so
    that parallel workers finish out of order."""

    def __init__(self, count=6, delay=0.0, **kwargs):
        super().__init__(**kwargs)
        self.count, self.delay = count, delay

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        if index >= self.count:
            raise IndexError(index)
        if self.delay and index % 2 == 0:
            time.sleep(self.delay)
        return np.full((2, 1), index, "float64"), np.array([index, index])


def _order(dataset, **kwargs):
    it = EpochIterator(dataset, **kwargs)
    return [int(ops.convert_to_numpy(b[1])[0])
            for _, group in it.enumerate_epoch() for b in group]


def test_api_matches_keras():
    keras = import_keras()
    data = Batches(workers=3, use_multiprocessing=False, max_queue_size=4)
    theirs = keras.utils.PyDataset(workers=3, max_queue_size=4)
    for name in ("workers", "use_multiprocessing", "max_queue_size"):
        assert getattr(data, name) == getattr(theirs, name)
    assert data.num_batches == len(data) == 6
    assert Sequence is PyDataset


def test_keras2_sequence_without_super_init():
    class Old(Sequence):
        def __init__(self):  # Keras 2 code never called super().__init__
            self.values = np.arange(4.0)

        def __len__(self):
            return 2

        def __getitem__(self, index):
            return self.values[2 * index:2 * index + 2]

    old = Old()
    assert (old.workers, old.use_multiprocessing, old.max_queue_size) == (
        1, False, 10)
    it = EpochIterator(old)
    xs = [ops.convert_to_numpy(g[0][0]).tolist()
          for _, g in it.enumerate_epoch()]
    assert xs == [[0.0, 1.0], [2.0, 3.0]]


@pytest.mark.parametrize("name, value", [
    ("workers", 0), ("max_queue_size", -1), ("workers", 1.5),
])
def test_bad_settings(name, value):
    with pytest.raises(ValueError, match=name):
        Batches(**{name: value})
    with pytest.raises(TypeError, match="use_multiprocessing"):
        Batches(use_multiprocessing="yes")


def test_missing_methods_are_explained():
    class NoLen(PyDataset):
        pass

    with pytest.raises(NotImplementedError, match="__len__"):
        _ = NoLen().num_batches
    with pytest.raises(NotImplementedError, match="__getitem__"):
        NoLen()[0]


def test_thread_workers_keep_the_batch_order():
    data = Batches(count=6, delay=0.01, workers=3, max_queue_size=3)
    assert _order(data) == list(range(6))


def test_process_workers_keep_the_batch_order():
    data = Batches(count=4, workers=2, use_multiprocessing=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # jax and fork()
        assert _order(data) == list(range(4))


def test_shuffle_permutes_the_batch_order_with_the_seed():
    np.random.seed(2)
    first = _order(Batches(count=8), shuffle=True)
    np.random.seed(2)
    assert _order(Batches(count=8), shuffle=True) == first
    assert sorted(first) == list(range(8)) and first != list(range(8))
    assert _order(Batches(count=8), shuffle="batch") == list(range(8))
    with pytest.raises(ValueError, match="shuffle"):
        get_data_adapter(Batches(), shuffle="random")


@pytest.mark.parametrize("workers", [1, 2])
def test_endless_dataset_ends_at_index_error(workers):
    class Endless(Batches):
        @property
        def num_batches(self):
            return None

    data = Endless(count=5, workers=workers)
    assert get_data_adapter(data).num_batches is None
    assert _order(data) == list(range(5))
    assert _order(data, steps_per_epoch=3) == [0, 1, 2]


@pytest.mark.parametrize("workers", [1, 2])
def test_errors_in_getitem_reach_the_caller(workers):
    class Broken(Batches):
        def __getitem__(self, index):
            if index == 2:
                raise KeyError("no batch 2")
            return super().__getitem__(index)

    with pytest.raises(KeyError, match="no batch 2"):
        _order(Broken(count=4, workers=workers))


def test_class_weight_with_a_py_dataset():
    it = EpochIterator(Batches(count=2), class_weight={1: 5.0})
    weights = [ops.convert_to_numpy(g[0][2]).tolist()
               for _, g in it.enumerate_epoch()]
    assert weights == [[1.0, 1.0], [5.0, 5.0]]
