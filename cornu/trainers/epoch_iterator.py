"""`EpochIterator`: the batches of one epoch, as engine tensors, grouped
by `steps_per_execution`, for `fit`, `evaluate` and `predict`."""

from __future__ import annotations

import queue
import threading
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from cornu import backend, config, tree
from cornu.trainers.data_adapters import data_adapter_utils as utils
from cornu.trainers.data_adapters import get_data_adapter
from cornu.trainers.data_adapters.array_data_adapter import ArrayDataAdapter

__all__ = ["EpochIterator"]

_PREFETCH_DEPTH = 2


class EpochIterator:
    """Walks a dataset epoch by epoch and hands out engine-tensor batches.

    Each batch is a tuple `(x, y, sample_weight)` (`None` for missing
    parts) whose arrays keep the user's structure and are tensors of the
    current engine; float inputs are cast to `floatx()`, ints stay ints.

    `steps_per_epoch` caps an epoch; the data then continues where it
    stopped at the next epoch (a generator is not restarted), and starts a
    new pass when a known-length input has been fully read. When the data
    runs out before an epoch has `steps_per_epoch` batches (or an epoch of
    a generator yields nothing), a warning is given, the epoch ends early
    and `out_of_data` is `True` until the next epoch.

    With prefetching, a background thread prepares (slices, gathers,
    converts) the next batches, at most two ahead, while the caller's
    step runs; its errors are raised in the caller, and it stops when the
    epoch is left early. By default it is on for generators, `PyDataset`s
    and `DataLoader`s, and for array inputs on the torch engine with a GPU.
    It is off for the numpy engine and for arrays on the CPU, where a batch
    is a view or a small gather, and a thread would cost more (its hand-off
    and the cores it takes from the engine's threads).

    Args:
        x, y, sample_weight, batch_size, shuffle, class_weight: as for
            `get_data_adapter`.
        steps_per_epoch: batches per epoch, or `None` for one full pass.
        steps_per_execution: how many batches each group holds.
        prefetch: `True`/`False` to force the background thread on or off;
            `None` chooses as above.
        host_batches: keep NumPy leaves as NumPy (floats cast to
            `floatx()`) instead of converting them: for an engine whose
            compiled step transfers its NumPy arguments itself (jax's
            `jit`, from C++: cheaper than a Python `jnp.asarray` per
            array). The engine trainer's `takes_host_batches(model)` says
            when.

    Example:
        >>> import numpy as np
        >>> from cornu.trainers.epoch_iterator import EpochIterator
        >>> it = EpochIterator(np.zeros((5, 2)), np.arange(5), batch_size=2,
        ...                    steps_per_execution=2)
        >>> [(step, len(group)) for step, group in it.enumerate_epoch()]
        [(0, 2), (2, 1)]
    """

    def __init__(self, x: Any, y: Any = None, sample_weight: Any = None,
                 batch_size: int | None = None,
                 steps_per_epoch: int | None = None,
                 shuffle: bool | str = False,
                 class_weight: dict | None = None,
                 steps_per_execution: int = 1,
                 prefetch: bool | None = None,
                 host_batches: bool = False):
        self.steps_per_epoch = utils.check_positive_int(
            steps_per_epoch, "steps_per_epoch")
        self.steps_per_execution = utils.check_positive_int(
            steps_per_execution, "steps_per_execution", allow_none=False)
        if prefetch is not None and not isinstance(prefetch, bool):
            raise TypeError(
                "EpochIterator: `prefetch` must be True, False or None. "
                f"Received: prefetch={prefetch!r}."
            )
        self.data_adapter = get_data_adapter(
            x, y, sample_weight, batch_size=batch_size,
            steps_per_epoch=steps_per_epoch, shuffle=shuffle,
            class_weight=class_weight)
        self.prefetch = self._default_prefetch() if prefetch is None \
            else prefetch
        self.host_batches = bool(host_batches)
        self.out_of_data = False
        self._host_iterator: Iterator | None = None
        self._position = 0  # batches read from the current pass
        self._learned_num_batches: int | None = None

    def _default_prefetch(self) -> bool:
        if backend.backend() == "numpy":
            return False
        if not isinstance(self.data_adapter, ArrayDataAdapter):
            return True
        # In-memory arrays: a batch is a view, or (shuffled) a gather of a
        # few hundred KB, and a zero-copy conversion on the CPU. A thread
        # costs more than that: its hand-off, and the CPU it takes from the
        # engine's own threads (measured on 2 cores: W1 steps 0.6 ms
        # slower with it, shuffled). Only a copy to an accelerator is worth
        # hiding.
        get_device = getattr(backend.engine(), "get_device", None)
        return get_device is not None and get_device().type != "cpu"

    @property
    def num_batches(self) -> int | None:
        """Batches per epoch: `steps_per_epoch`, else the input's length,
        else (a generator) the length of its first pass once it is known,
        else `None`."""
        if self.steps_per_epoch:
            return self.steps_per_epoch
        known = self.data_adapter.num_batches
        return known if known is not None else self._learned_num_batches

    def reset(self) -> None:
        """Drops the position in the data: the next epoch starts a new
        pass (a generator cannot restart, and just continues)."""
        self._host_iterator = None
        self._position = 0
        self.out_of_data = False

    def enumerate_epoch(self) -> Iterator[tuple[int, list]]:
        """Yields `(step, batches)` for one epoch: `step` is the index of
        the group's first batch in the epoch, `batches` a list of 1 to
        `steps_per_execution` batches (the last group may be shorter)."""
        adapter = self.data_adapter
        self.out_of_data = False
        adapter.on_epoch_begin()
        known = adapter.num_batches
        if (self._host_iterator is None or self.steps_per_epoch is None
                or (known is not None and self._position >= known)):
            self._host_iterator = iter(
                adapter.get_host_iterator(backend.backend()))
            self._position = 0
        stream_class = _PrefetchStream if self.prefetch else _DirectStream
        stream = stream_class(self._host_iterator,
                              _batch_converter(self.host_batches),
                              self.steps_per_epoch)
        group_size = self.steps_per_execution
        try:
            step, group = 0, []
            for batch in stream:
                group.append(batch)
                if len(group) == group_size:
                    yield step, group
                    step, group = step + group_size, []
            if group:
                yield step, group
        finally:
            stream.close()
            self._position += stream.count
        self._finish_epoch(stream)
        adapter.on_epoch_end()

    def _finish_epoch(self, stream) -> None:
        if not stream.exhausted:
            return
        self._host_iterator = None
        expected = self.steps_per_epoch
        if expected is None and self.data_adapter.num_batches is None:
            if stream.count:
                self._learned_num_batches = stream.count
                return
            expected = self._learned_num_batches or 1
        if expected is not None and stream.count < expected:
            self.out_of_data = True
            warnings.warn(
                f"The input ran out of data after {stream.count} batches of "
                f"an epoch that needs {expected}; the epoch ends early. "
                "Make sure the data can produce `steps_per_epoch * epochs` "
                "batches: a generator is used up after one pass (make it "
                "loop, or use a `cornu.utils.PyDataset`).",
                stacklevel=3,
            )


def _batch_converter(host: bool = False) -> Callable[[tuple], tuple]:
    """A function turning a host batch `(x, y, sample_weight)` into engine
    tensors: one `convert_to_tensor` per array, floats in `floatx()`.
    With `host`, NumPy arrays stay NumPy (floats cast to `floatx()` when
    NumPy has that type)."""
    convert = backend.engine().convert_to_tensor
    floatx = config.floatx()
    numpy_floatx = utils.numpy_floatx()  # None: the engine casts (bfloat16)

    def leaf(a):
        if a is None:
            return None
        if isinstance(a, np.ndarray):
            a = utils.cast_to_floatx(a)
            if numpy_floatx is None and a.dtype.kind == "f":
                return convert(a, floatx)
            return a if host else convert(a)
        if utils.is_torch_tensor(a):  # a DataLoader's tensors, torch engine
            if a.is_floating_point() and str(a.dtype)[6:] != floatx:
                return convert(a, floatx)
            return convert(a)
        return leaf(np.asarray(a))

    def batch(data: tuple) -> tuple:
        return tuple(tree.map_structure(leaf, part) for part in data)

    return batch


class _DirectStream:
    """Converted batches read on the caller's thread, up to `limit`."""

    def __init__(self, source: Iterator, convert, limit: int | None):
        self._source, self._convert, self._limit = source, convert, limit
        self.count = 0
        self.exhausted = False

    def __iter__(self) -> Iterator[tuple]:
        while self._limit is None or self.count < self._limit:
            try:
                data = next(self._source)
            except StopIteration:
                self.exhausted = True
                return
            self.count += 1
            yield self._convert(data)

    def close(self) -> None:
        pass


_ITEM, _DONE, _EXHAUSTED, _ERROR = range(4)


class _PrefetchStream:
    """Converted batches made by a background thread, at most
    `_PREFETCH_DEPTH` ahead of the caller, up to `limit`.

    The thread never reads past `limit`, so a source kept for the next
    epoch loses nothing; `close()` stops it when the epoch is left early.
    """

    def __init__(self, source: Iterator, convert, limit: int | None):
        self._source, self._convert, self._limit = source, convert, limit
        self._queue: queue.Queue = queue.Queue(maxsize=_PREFETCH_DEPTH)
        self._stop = threading.Event()
        self.count = 0  # batches read from the source
        self.exhausted = False
        self._thread = threading.Thread(
            target=self._produce, name="cornu-prefetch", daemon=True)
        self._thread.start()

    def _produce(self) -> None:
        try:
            while self._limit is None or self.count < self._limit:
                if self._stop.is_set():
                    return
                try:
                    data = next(self._source)
                except StopIteration:
                    self._put(_EXHAUSTED, None)
                    return
                self.count += 1
                self._put(_ITEM, self._convert(data))
            self._put(_DONE, None)
        except BaseException as error:  # raised again on the caller's side
            self._put(_ERROR, error)

    def _put(self, kind: int, value) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put((kind, value), timeout=0.05)
                return
            except queue.Full:
                continue

    def __iter__(self) -> Iterator[tuple]:
        while True:
            kind, value = self._queue.get()
            if kind == _ITEM:
                yield value
            elif kind == _EXHAUSTED:
                self.exhausted = True
                return
            elif kind == _DONE:
                return
            else:
                raise value

    def close(self) -> None:
        self._stop.set()
        while self._thread.is_alive():
            try:
                self._queue.get(timeout=0.05)
            except queue.Empty:
                pass
        self._thread.join()
