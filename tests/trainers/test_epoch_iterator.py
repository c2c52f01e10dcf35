"""`EpochIterator`: engine tensors, grouping by `steps_per_execution`,
`steps_per_epoch`, running out of data, shuffling and the prefetch
thread."""

import threading
import warnings

import numpy as np
import pytest

import cornu
from cornu import ops
from cornu.trainers.epoch_iterator import EpochIterator
from cornu.utils import PyDataset
from tests._oracle import import_keras


def _data(n=10):
    return np.arange(2 * n, dtype="float64").reshape(n, 2), np.arange(n)


def _epoch(iterator):
    """One epoch as `[(step, [y of each batch as a list])]`."""
    return [(step, [ops.convert_to_numpy(b[1]).tolist() for b in group])
            for step, group in iterator.enumerate_epoch()]


def _tensor_type(engine):
    if engine == "torch":
        import torch

        return torch.Tensor
    if engine == "jax":
        import jax

        return jax.Array
    return np.ndarray


@pytest.mark.parametrize("prefetch", [False, True])
def test_batches_are_engine_tensors_in_the_users_structure(engine, prefetch):
    x, y = _data(5)
    it = EpochIterator({"a": x, "b": [x[:, :1]]}, (y, y), np.ones(5),
                       batch_size=4, prefetch=prefetch)
    (step, [batch]), (_, [last]) = list(it.enumerate_epoch())
    bx, by, bsw = batch
    assert step == 0 and isinstance(by, tuple) and list(bx) == ["a", "b"]
    assert isinstance(bx["a"], _tensor_type(engine))
    assert isinstance(bx["b"][0], _tensor_type(engine))
    assert ops.dtype(bx["a"]) == cornu.backend.floatx()
    assert ops.dtype(by[0]).startswith("int")
    assert ops.dtype(bsw) == "float32"
    np.testing.assert_array_equal(ops.convert_to_numpy(last[0]["a"]), x[4:])


@pytest.mark.parametrize("prefetch", [False, True])
def test_host_batches_stay_numpy_with_floats_in_floatx(prefetch):
    x, y = _data(5)
    source = iter([(x[:3], [1, 2, 3]), (x[3:].astype("float16"), y[3:])])
    for data in ((x, y), (source,)):
        it = EpochIterator(*data, batch_size=3, host_batches=True,
                           prefetch=prefetch)
        batches = [b for _, group in it.enumerate_epoch() for b in group]
        assert len(batches) == 2
        for bx, by, bsw in batches:
            assert type(bx) is np.ndarray and type(by) is np.ndarray
            assert bx.dtype == np.dtype(cornu.backend.floatx())
            assert by.dtype.kind == "i" and bsw is None
        np.testing.assert_array_equal(batches[1][0], x[3:])
        np.testing.assert_array_equal(batches[0][1], [0, 1, 2] if len(
            data) == 2 else [1, 2, 3])


def test_missing_parts_are_none():
    (_, [(bx, by, bsw)]), = EpochIterator(
        np.zeros((3, 2)), batch_size=3).enumerate_epoch()
    assert by is None and bsw is None and tuple(bx.shape) == (3, 2)


@pytest.mark.parametrize("prefetch", [False, True])
def test_steps_per_execution_groups(prefetch):
    x, y = _data(10)
    it = EpochIterator(x, y, batch_size=2, steps_per_execution=3,
                       prefetch=prefetch)
    assert it.num_batches == 5
    assert _epoch(it) == [(0, [[0, 1], [2, 3], [4, 5]]),
                          (3, [[6, 7], [8, 9]])]
    assert _epoch(it) == _epoch(it)  # each epoch starts a new pass


@pytest.mark.parametrize("steps", [2, 3, 5])
def test_steps_per_epoch_follows_keras(steps):
    import_keras()
    from keras.src.trainers.epoch_iterator import (
        EpochIterator as KerasEpochIterator,
    )

    x, y = _data(10)
    ours = EpochIterator(x, y, batch_size=4, steps_per_epoch=steps)
    theirs = KerasEpochIterator(x=x, y=y, batch_size=4,
                                steps_per_epoch=steps)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            mine = [(s, ys) for s, ys in _epoch(ours)]
            keras = [(begin, [np.asarray(b[1]).tolist() for b in batches])
                     for begin, _, batches in theirs]
            assert mine == keras
    assert ours.num_batches == steps


def test_running_out_of_data_warns_and_flags():
    x, y = _data(10)
    it = EpochIterator(x, y, batch_size=4, steps_per_epoch=5)
    with pytest.warns(UserWarning, match="ran out of data after 3 batches"):
        assert len(_epoch(it)) == 3
    assert it.out_of_data


@pytest.mark.parametrize("prefetch", [False, True])
def test_generator_epochs(prefetch):
    x, y = _data(6)

    def batches():
        for start in range(0, 6, 2):
            yield x[start:start + 2], y[start:start + 2]

    it = EpochIterator(batches(), prefetch=prefetch)
    assert it.num_batches is None
    assert [ys for _, ys in _epoch(it)] == [[[0, 1]], [[2, 3]], [[4, 5]]]
    assert it.num_batches == 3 and not it.out_of_data
    with pytest.warns(UserWarning, match="ran out of data"):
        assert _epoch(it) == []
    assert it.out_of_data


@pytest.mark.parametrize("prefetch", [False, True])
def test_generator_with_steps_per_epoch_is_not_over_read(prefetch):
    taken = []

    def batches():
        for i in range(100):
            taken.append(i)
            yield np.full((1, 1), float(i))

    it = EpochIterator(batches(), steps_per_epoch=2, prefetch=prefetch)
    first = [int(ops.convert_to_numpy(g[0][0])[0, 0])
             for _, g in it.enumerate_epoch()]
    second = [int(ops.convert_to_numpy(g[0][0])[0, 0])
              for _, g in it.enumerate_epoch()]
    assert (first, second) == ([0, 1], [2, 3]) and taken == [0, 1, 2, 3]


def test_errors_in_the_prefetch_thread_reach_the_caller():
    def batches():
        yield np.zeros((1, 1))
        raise RuntimeError("broken batch 1")

    it = EpochIterator(batches(), prefetch=True)
    with pytest.raises(RuntimeError, match="broken batch 1"):
        list(it.enumerate_epoch())


def _prefetch_threads():
    return [t for t in threading.enumerate() if t.name == "cornu-prefetch"]


def test_leaving_an_epoch_early_stops_the_thread():
    def endless():
        while True:
            yield np.zeros((2, 2))

    it = EpochIterator(endless(), prefetch=True)
    for step, _ in it.enumerate_epoch():
        assert _prefetch_threads() != []
        if step == 3:
            break  # as `fit` does on `model.stop_training`
    assert _prefetch_threads() == []


def test_shuffle_repeats_with_the_numpy_seed():
    x, y = _data(9)
    np.random.seed(5)
    first = _epoch(EpochIterator(x, y, batch_size=4, shuffle=True))
    np.random.seed(5)
    again = _epoch(EpochIterator(x, y, batch_size=4, shuffle=True))
    assert first == again
    assert sorted(sum((ys[0] for _, ys in first), [])) == list(range(9))
    cornu.utils.set_random_seed(5)
    assert _epoch(EpochIterator(x, y, batch_size=4, shuffle=True)) == first


def test_class_weight_reaches_the_batches():
    x, y = _data(4)
    (_, [(_, _, sw)]), = EpochIterator(
        x, y % 2, batch_size=4, class_weight={1: 4.0}).enumerate_epoch()
    np.testing.assert_allclose(ops.convert_to_numpy(sw), [1, 4, 1, 4])


def test_py_dataset_epochs_call_the_hooks(engine):
    calls = []

    class Data(PyDataset):
        def __len__(self):
            return 3

        def __getitem__(self, index):
            return np.full((2, 1), index, "float32"), np.array([index] * 2)

        def on_epoch_begin(self):
            calls.append("begin")

        def on_epoch_end(self):
            calls.append("end")

    it = EpochIterator(Data(workers=2), steps_per_execution=2)
    for _ in range(2):
        assert _epoch(it) == [(0, [[0, 0], [1, 1]]), (2, [[2, 2]])]
    assert calls == ["begin", "end", "begin", "end"]


def test_torch_data_loader_on_every_engine(engine):
    torch = pytest.importorskip("torch")
    from torch.utils.data import DataLoader, TensorDataset

    x, y = _data(5)
    loader = DataLoader(TensorDataset(torch.tensor(x), torch.tensor(y)),
                        batch_size=2)
    it = EpochIterator(loader)
    assert it.num_batches == 3
    groups = list(it.enumerate_epoch())
    bx = groups[0][1][0][0]
    assert isinstance(bx, _tensor_type(engine))
    assert ops.dtype(bx) == cornu.backend.floatx()
    assert [ys for _, ys in _epoch(it)] == [[[0, 1]], [[2, 3]], [[4]]]


def test_reset_starts_a_new_pass():
    x, y = _data(6)
    it = EpochIterator(x, y, batch_size=2, steps_per_epoch=2)
    assert [ys for _, ys in _epoch(it)] == [[[0, 1]], [[2, 3]]]
    it.reset()
    assert [ys for _, ys in _epoch(it)] == [[[0, 1]], [[2, 3]]]


def test_argument_errors():
    x = np.zeros((4, 1))
    with pytest.raises(ValueError, match="steps_per_execution"):
        EpochIterator(x, steps_per_execution=0)
    with pytest.raises(TypeError, match="steps_per_epoch"):
        EpochIterator(x, steps_per_epoch=1.5)
    with pytest.raises(TypeError, match="prefetch"):
        EpochIterator(x, prefetch="yes")
    with pytest.raises(ValueError, match="batch_size"):
        EpochIterator(x, batch_size=0)


def test_default_prefetch(engine):
    x = np.zeros((4, 1))
    on_engine = engine != "numpy"
    assert EpochIterator(iter([x])).prefetch is on_engine
    # Arrays: only a copy to an accelerator is worth a thread.
    on_accelerator = engine == "torch" and (
        cornu.backend.engine().get_device().type != "cpu")
    assert EpochIterator(x, shuffle=True).prefetch is on_accelerator
    assert EpochIterator(x).prefetch is on_accelerator
