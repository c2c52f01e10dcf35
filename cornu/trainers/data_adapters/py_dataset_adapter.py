"""`PyDatasetAdapter`: batches from a `cornu.utils.PyDataset`, loaded in
order, optionally by a pool of threads or processes."""

from __future__ import annotations

import collections
import concurrent.futures
import itertools
import multiprocessing
from collections.abc import Iterable, Iterator

import numpy as np

from cornu.trainers.data_adapters import data_adapter_utils as utils
from cornu.trainers.data_adapters.data_adapter import DataAdapter

__all__ = ["PyDatasetAdapter"]

_WORKER_DATASET = None


def _init_worker(dataset) -> None:
    global _WORKER_DATASET
    _WORKER_DATASET = dataset


def _worker_getitem(index: int):
    return _WORKER_DATASET[index]


class PyDatasetAdapter(DataAdapter):
    """Batches `dataset[0], dataset[1], ...` of a `PyDataset`.

    With `workers > 1` (or `use_multiprocessing=True`) a pool loads up to
    `max_queue_size` batches ahead, and batches still come out in index
    order. `shuffle=True` visits the batch indices in a new random order
    each epoch (NumPy's global generator).

    Args:
        dataset: the `PyDataset`.
        shuffle: `True` to shuffle the order of the batches.
        class_weight: a dict `{class index: weight}`, or `None`.
    """

    def __init__(self, dataset, shuffle=False, class_weight=None):
        self._dataset = dataset
        # "batch" (shuffle within a batch) is the dataset's own business.
        self._shuffle = utils.check_shuffle(shuffle) is True
        self._class_weight = utils.check_class_weight(class_weight)

    @property
    def num_batches(self) -> int | None:
        return self._dataset.num_batches

    def on_epoch_begin(self) -> None:
        self._dataset.on_epoch_begin()

    def on_epoch_end(self) -> None:
        self._dataset.on_epoch_end()

    def get_numpy_iterator(self) -> Iterator[tuple]:
        return self._batches(keep_torch=False)

    def get_host_iterator(self, engine_name: str) -> Iterator[tuple]:
        return self._batches(keep_torch=engine_name == "torch")

    def _indices(self) -> Iterable[int]:
        count = self.num_batches
        if count is None:
            return itertools.count()
        if self._shuffle:
            return np.random.permutation(count).tolist()
        return range(count)

    def _batches(self, keep_torch: bool) -> Iterator[tuple]:
        endless = self.num_batches is None
        indices = self._indices()  # drawn now, on the caller's thread
        dataset = self._dataset
        if dataset.workers > 1 or dataset.use_multiprocessing:
            items = self._pooled(indices, endless)
        else:
            items = self._sequential(indices, endless)
        for data in items:
            yield utils.standardize_batch(data, self._class_weight,
                                          keep_torch=keep_torch)

    def _sequential(self, indices, endless: bool) -> Iterator:
        for index in indices:
            try:
                data = self._dataset[index]
            except (IndexError, StopIteration):
                if endless:
                    return
                raise
            yield data

    def _make_pool(self) -> concurrent.futures.Executor:
        dataset = self._dataset
        if not dataset.use_multiprocessing:
            return concurrent.futures.ThreadPoolExecutor(dataset.workers)
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context(
            "fork" if "fork" in methods else None)
        return concurrent.futures.ProcessPoolExecutor(
            dataset.workers, mp_context=context, initializer=_init_worker,
            initargs=(dataset,))

    def _pooled(self, indices, endless: bool) -> Iterator:
        pool = self._make_pool()
        get = _worker_getitem if self._dataset.use_multiprocessing \
            else self._dataset.__getitem__
        indices = iter(indices)
        pending: collections.deque = collections.deque(
            pool.submit(get, i) for i in itertools.islice(
                indices, self._dataset.max_queue_size))
        try:
            while pending:
                future = pending.popleft()
                try:
                    data = future.result()
                except (IndexError, StopIteration):
                    if endless:
                        return
                    raise
                following = next(indices, None)
                if following is not None:
                    pending.append(pool.submit(get, following))
                yield data
        finally:
            for future in pending:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
