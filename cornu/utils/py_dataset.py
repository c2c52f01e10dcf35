"""`PyDataset` (and its Keras 2 name `Sequence`): a dataset written in
Python as indexable batches, optionally loaded by parallel workers."""

from __future__ import annotations

import numbers

__all__ = ["PyDataset", "Sequence"]


def _check_positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) \
            or value <= 0:
        raise ValueError(
            f"PyDataset: `{name}` must be a positive integer. "
            f"Received: {name}={value!r}."
        )
    return int(value)


class PyDataset:
    """Base class for a dataset defined in Python, batch by batch.

    A subclass implements `__getitem__(index)`, which returns one whole
    batch (`x`, `(x, y)` or `(x, y, sample_weight)`), and `__len__`, the
    number of batches. It may implement `on_epoch_begin()` and
    `on_epoch_end()` (to reshuffle, say), and override `num_batches` to
    return `None` for an endless dataset (which ends an epoch by raising
    `IndexError` or `StopIteration`, or is cut by `steps_per_epoch`).

    The constructor arguments only tell `fit`/`evaluate`/`predict` how to
    load the batches; iterating the dataset yourself uses no workers.
    Subclasses written for Keras 2's `Sequence`, which never call
    `super().__init__()`, work with the defaults.

    Args:
        workers: how many threads (or processes) load batches ahead of
            the training step. 1 loads them on one background thread.
        use_multiprocessing: load batches in forked processes instead of
            threads (for CPU-heavy Python code); the dataset must then be
            picklable.
        max_queue_size: how many batches may be loaded ahead.

    Example:
        >>> import numpy as np
        >>> from cornu.utils import PyDataset
        >>> class Squares(PyDataset):
        ...     def __len__(self):
        ...         return 3
        ...     def __getitem__(self, index):
        ...         x = np.arange(4.0) + 4 * index
        ...         return x, x ** 2
        >>> data = Squares(workers=2)
        >>> data.num_batches, data.workers
        (3, 2)
        >>> data[1][1]
        array([16., 25., 36., 49.])
    """

    def __init__(self, workers: int = 1, use_multiprocessing: bool = False,
                 max_queue_size: int = 10):
        self.workers = workers
        self.use_multiprocessing = use_multiprocessing
        self.max_queue_size = max_queue_size

    # The settings are read through `__dict__` with defaults so that a
    # subclass that never called `__init__` (Keras 2 style) still works.
    @property
    def workers(self) -> int:
        return self.__dict__.get("_workers", 1)

    @workers.setter
    def workers(self, value: int) -> None:
        self._workers = _check_positive_int(value, "workers")

    @property
    def use_multiprocessing(self) -> bool:
        return self.__dict__.get("_use_multiprocessing", False)

    @use_multiprocessing.setter
    def use_multiprocessing(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise TypeError(
                "PyDataset: `use_multiprocessing` must be True or False. "
                f"Received: use_multiprocessing={value!r}."
            )
        self._use_multiprocessing = value

    @property
    def max_queue_size(self) -> int:
        return self.__dict__.get("_max_queue_size", 10)

    @max_queue_size.setter
    def max_queue_size(self, value: int) -> None:
        self._max_queue_size = _check_positive_int(value, "max_queue_size")

    def __getitem__(self, index: int):
        """The batch at position `index`."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement `__getitem__(index)`, "
            "returning one batch: `x`, `(x, y)` or `(x, y, sample_weight)`."
        )

    @property
    def num_batches(self) -> int | None:
        """The number of batches (`len(self)`), or `None` for an endless
        dataset."""
        if hasattr(type(self), "__len__"):
            return len(self)
        raise NotImplementedError(
            f"{type(self).__name__} must implement `__len__` (the number of "
            "batches), or override `num_batches` to return `None` for an "
            "endless dataset."
        )

    def on_epoch_begin(self) -> None:
        """Called at the start of every epoch."""

    def on_epoch_end(self) -> None:
        """Called at the end of every epoch."""


# Keras 2's name for the same class.
Sequence = PyDataset
