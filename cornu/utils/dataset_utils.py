"""Keras 3's dataset builders, returning `PyDataset`s that `fit` accepts.

cornu has no `tf.data`: `timeseries_dataset_from_array`,
`image_dataset_from_directory` and `text_dataset_from_directory` return a
`PyDataset` whose items are whole batches (`(x, y)`, or `x` without
labels), and `split_dataset` splits arrays or sequences of samples.
"""

from __future__ import annotations

import math
import random

import numpy as np

from cornu.utils._directory_datasets import (
    image_dataset_from_directory,
    text_dataset_from_directory,
)
from cornu.utils.py_dataset import PyDataset

__all__ = ["image_dataset_from_directory", "split_dataset",
           "text_dataset_from_directory", "timeseries_dataset_from_array"]


def _check_int(owner: str, name: str, value, low: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
            or value < low:
        raise ValueError(
            f"{owner}: `{name}` must be an integer of at least {low}. "
            f"Received: {name}={value!r}."
        )
    return int(value)


class TimeseriesDataset(PyDataset):
    """Batches of windows over a series (what
    `timeseries_dataset_from_array` returns). Windows are cut when a batch
    is read, so the series is never copied per window."""

    def __init__(self, data, targets, positions, sequence_length,
                 sampling_rate, batch_size, shuffle, seed):
        super().__init__()
        self.data = data
        self.targets = targets
        self.positions = np.asarray(positions)
        self.sequence_length = sequence_length
        self.sampling_rate = sampling_rate
        self.batch_size = batch_size
        self.shuffle = shuffle
        self._rng = np.random.RandomState(seed)
        if shuffle:
            self._rng.shuffle(self.positions)

    def __len__(self) -> int:
        if self.batch_size is None:
            return len(self.positions)
        return math.ceil(len(self.positions) / self.batch_size)

    def __getitem__(self, index: int):
        if not 0 <= index < len(self):
            raise IndexError(
                f"TimeseriesDataset: batch index {index} is out of range "
                f"for {len(self)} batches."
            )
        if self.batch_size is None:
            starts = self.positions[index:index + 1]
        else:
            starts = self.positions[index * self.batch_size:
                                    (index + 1) * self.batch_size]
        offsets = np.arange(self.sequence_length) * self.sampling_rate
        x = self.data[starts[:, None] + offsets[None, :]]
        y = None if self.targets is None else self.targets[starts]
        if self.batch_size is None:
            x = x[0]
            y = None if y is None else y[0]
        return x if y is None else (x, y)

    def on_epoch_end(self) -> None:
        if self.shuffle:
            self._rng.shuffle(self.positions)


def timeseries_dataset_from_array(data, targets, sequence_length: int,
                                  sequence_stride: int = 1,
                                  sampling_rate: int = 1,
                                  batch_size: int | None = 128,
                                  shuffle: bool = False,
                                  seed: int | None = None,
                                  start_index: int | None = None,
                                  end_index: int | None = None):
    """Sliding windows over a time series, in batches.

    With `data_slice = data[start_index:end_index]`, window `i` holds
    `data_slice[p_i : p_i + sequence_length * sampling_rate :
    sampling_rate]` for the start `p_i = i * sequence_stride`, and its
    target is `targets[start_index + p_i]` (so to predict the step after a
    window, pass `targets = data[sequence_length:]`).

    Args:
        data: an array whose first axis is time.
        targets: one target per time step, or `None` (batches are then `x`
            alone).
        sequence_length: the number of steps in a window.
        sequence_stride: the step between the starts of two windows.
        sampling_rate: the step between two steps kept in a window.
        batch_size: the windows per batch; `None` yields single windows.
        shuffle: whether to shuffle the windows (again every epoch).
        seed: the seed of the shuffle.
        start_index: the first row used (default 0).
        end_index: the row after the last one used (default
            `len(data)`).

    Returns:
        A `PyDataset` of `(x, y)` batches (or `x`), `x` of shape
        `(batch, sequence_length) + data.shape[1:]`.

    Example:
        >>> import numpy as np
        >>> from cornu.utils import timeseries_dataset_from_array
        >>> series = np.arange(10)
        >>> ds = timeseries_dataset_from_array(series[:-3], series[3:],
        ...                                    sequence_length=3,
        ...                                    batch_size=2)
        >>> len(ds)
        3
        >>> x, y = ds[0]
        >>> x.tolist(), y.tolist()
        ([[0, 1, 2], [1, 2, 3]], [3, 4])
    """
    owner = "timeseries_dataset_from_array"
    data = np.asarray(data)
    n = len(data)
    sequence_length = _check_int(owner, "sequence_length", sequence_length)
    sequence_stride = _check_int(owner, "sequence_stride", sequence_stride)
    sampling_rate = _check_int(owner, "sampling_rate", sampling_rate)
    if batch_size is not None:
        batch_size = _check_int(owner, "batch_size", batch_size)
    start = 0 if start_index is None else _check_int(
        owner, "start_index", start_index, low=0)
    end = n if end_index is None else _check_int(owner, "end_index",
                                                 end_index)
    if start >= n or end > n or end <= start:
        raise ValueError(
            f"{owner}: need 0 <= start_index < end_index <= len(data) = {n}."
            f" Received: start_index={start_index}, end_index={end_index}."
        )
    n_windows = end - start - (sequence_length - 1) * sampling_rate
    if targets is not None:
        targets = np.asarray(targets)
        n_windows = min(n_windows, len(targets) - start)
    positions = np.arange(0, max(n_windows, 0), sequence_stride)
    if seed is None and shuffle:
        seed = np.random.randint(1_000_000)
    return TimeseriesDataset(
        data[start:end], None if targets is None else targets[start:],
        positions, sequence_length, sampling_rate, batch_size, shuffle, seed)


def _length(dataset) -> int:
    try:
        return len(dataset)
    except TypeError as error:
        raise TypeError(
            "split_dataset: `dataset` must be an array, a tuple or dict of "
            "arrays of equal length, or a list of samples. Received: "
            f"dataset of type {type(dataset).__name__}."
        ) from error


def _split_sizes(left_size, right_size, total: int) -> tuple[int, int]:
    if left_size is None and right_size is None:
        raise ValueError(
            "split_dataset: give `left_size`, `right_size` or both. "
            "Received: left_size=None, right_size=None."
        )
    sizes = []
    for name, size in (("left_size", left_size), ("right_size", right_size)):
        if size is None:
            sizes.append(None)
        elif isinstance(size, float) and 0 < size < 1:
            sizes.append(round(size * total))
        elif isinstance(size, (int, np.integer)) and not isinstance(
                size, bool) and 0 < size < total:
            sizes.append(int(size))
        else:
            raise ValueError(
                f"split_dataset: `{name}` must be a fraction in (0, 1) or a "
                f"count in (0, {total}) for {total} samples. "
                f"Received: {name}={size!r}."
            )
    left, right = sizes
    left = total - right if left is None else left
    right = total - left if right is None else right
    if left + right > total or left == 0 or right == 0:
        raise ValueError(
            f"split_dataset: the sizes must be positive and add up to at "
            f"most the {total} samples. Received: left_size={left_size!r}, "
            f"right_size={right_size!r} (that is {left} and {right})."
        )
    return left, right


def split_dataset(dataset, left_size=None, right_size=None,
                  shuffle: bool = False, seed: int | None = None):
    """Splits a dataset into two parts, optionally after a shuffle.

    Sizes are fractions in `(0, 1)` (rounded: `round(size * n)`) or sample
    counts; a missing size is the complement of the other. The left part
    is the first `left_size` samples, the right part the last `right_size`.
    The shuffle is Python's `random.Random(seed).shuffle`, which gives the
    same order as Keras for the same seed.

    Args:
        dataset: an array, a tuple (or list) of arrays, a dict of arrays
            (all of one length; samples are taken along the first axis),
            or a sequence of samples (such as a list).
        left_size: the size of the left part.
        right_size: the size of the right part.
        shuffle: whether to shuffle the samples before splitting.
        seed: the seed of the shuffle.

    Returns:
        `(left, right)`, each of the same structure as `dataset`: arrays
        for arrays (tuples and dicts of arrays keep their structure), lists
        of samples otherwise. (Keras returns `tf.data.Dataset`s; pass these
        to `fit` directly, e.g. `fit(*left)`.)

    Example:
        >>> import numpy as np
        >>> from cornu.utils import split_dataset
        >>> left, right = split_dataset(np.arange(10), left_size=0.8)
        >>> left.tolist(), right.tolist()
        ([0, 1, 2, 3, 4, 5, 6, 7], [8, 9])
    """
    if isinstance(dataset, dict):
        arrays = {k: np.asarray(v) for k, v in dataset.items()}
        kind = "dict"
    elif isinstance(dataset, (tuple, list)) and dataset and all(
            isinstance(part, np.ndarray) for part in dataset):
        arrays = [np.asarray(part) for part in dataset]
        kind = "tuple"
    elif isinstance(dataset, np.ndarray):
        arrays, kind = dataset, "array"
    else:
        arrays, kind = dataset, "samples"
    parts = list(arrays.values()) if kind == "dict" else \
        arrays if kind == "tuple" else [arrays]
    total = _length(parts[0])
    for part in parts[1:]:
        if len(part) != total:
            raise ValueError(
                "split_dataset: every array in `dataset` must have the same "
                "length. Received: lengths "
                f"{[len(p) for p in parts]}."
            )
    left, right = _split_sizes(left_size, right_size, total)
    order = list(range(total))
    if shuffle:
        random.Random(seed).shuffle(order)
    left_idx, right_idx = order[:left], order[total - right:]

    def take(idx):
        if kind == "samples":
            return [dataset[i] for i in idx]
        idx = np.asarray(idx, dtype="int64")
        if kind == "dict":
            return {k: v[idx] for k, v in arrays.items()}
        if kind == "tuple":
            return type(dataset)(part[idx] for part in arrays)
        return arrays[idx]

    return take(left_idx), take(right_idx)
