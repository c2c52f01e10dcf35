"""Keras 2 sequence preprocessing: `pad_sequences`, `skipgrams`,
`make_sampling_table` and `TimeseriesGenerator`, as tf.keras 2 documents
them. `pad_sequences` is also `cornu.utils.pad_sequences` (Keras 3)."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence

import numpy as np

from cornu.utils.py_dataset import PyDataset
from cornu.utils.sequence_utils import pad_sequences

__all__ = ["TimeseriesGenerator", "make_sampling_table", "pad_sequences",
           "skipgrams"]


def make_sampling_table(size: int, sampling_factor: float = 1e-5
                        ) -> np.ndarray:
    """The probability of keeping each word of a frequency-ranked
    vocabulary, for word2vec-style subsampling in `skipgrams`.

    Word frequencies are assumed to follow Zipf's law, so the word of rank
    `r` (1-based) has frequency about `1 / inv_freq(r)` with
    `inv_freq(r) = r * (log(r) + gamma) + 1/2 - 1 / (12 r)` and
    `gamma = 0.577`. Its probability of being kept is
    `min(1, sqrt(sampling_factor * inv_freq(r)))`. Index `i` has rank `i`,
    except index 0, which uses rank 1.

    Args:
        size: the vocabulary size.
        sampling_factor: the word2vec subsampling factor.

    Returns:
        A float array of shape `(size,)`: `table[i]` is the probability of
        keeping the `i`-th most frequent word.

    Example:
        >>> from cornu.preprocessing.sequence import make_sampling_table
        >>> make_sampling_table(5, sampling_factor=0.01).round(4)
        array([0.0997, 0.0997, 0.1732, 0.2345, 0.2887])
    """
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) \
            or size < 1:
        raise ValueError(
            "make_sampling_table: `size` must be a positive integer. "
            f"Received: size={size!r}."
        )
    gamma = 0.577
    rank = np.arange(size, dtype="float64")
    rank[0] = 1
    inv_freq = rank * (np.log(rank) + gamma) + 0.5 - 1.0 / (12.0 * rank)
    f = sampling_factor * inv_freq
    return np.minimum(1.0, f / np.sqrt(f))


def skipgrams(sequence: Sequence[int], vocabulary_size: int,
              window_size: int = 4, negative_samples: float = 1.0,
              shuffle: bool = True, categorical: bool = False,
              sampling_table: Sequence[float] | None = None,
              seed: int | None = None):
    """Skip-gram word pairs from a sequence of word indices.

    For every non-zero word `w_i` (kept with probability
    `sampling_table[w_i]` when a table is given), each non-zero word `w_j`
    with `0 < |i - j| <= window_size` makes a positive pair `[w_i, w_j]`
    with label 1. Then `int(negative_samples * n_positive)` negative pairs
    follow, with label 0: the first word of each is taken (cyclically) from
    the shuffled first words of the positive pairs, the second is drawn
    uniformly from `1 .. vocabulary_size - 1`. Index 0 is never a word.

    Args:
        sequence: word indices (0 is skipped as padding).
        vocabulary_size: one more than the largest word index.
        window_size: the largest distance between the two words of a
            positive pair.
        negative_samples: the number of negative pairs per positive pair.
        shuffle: whether to shuffle the pairs (labels follow them).
        categorical: labels as `[0, 1]` (positive) and `[1, 0]` (negative)
            instead of 1 and 0.
        sampling_table: the probability of keeping each word index (see
            `make_sampling_table`).
        seed: a seed that makes every random choice repeat; `None` uses
            Python's global `random`.

    Returns:
        `(couples, labels)`: a list of `[word, context]` pairs and the list
        of their labels.

    Example:
        >>> from cornu.preprocessing.sequence import skipgrams
        >>> couples, labels = skipgrams([1, 2, 3], 4, window_size=1,
        ...                             negative_samples=0, shuffle=False)
        >>> couples, labels
        ([[1, 2], [2, 1], [2, 3], [3, 2]], [1, 1, 1, 1])
    """
    if isinstance(vocabulary_size, bool) or not isinstance(
            vocabulary_size, (int, np.integer)) or vocabulary_size < 2:
        raise ValueError(
            "skipgrams: `vocabulary_size` must be an integer of at least 2 "
            f"(index 0 is padding). Received: vocabulary_size="
            f"{vocabulary_size!r}."
        )
    if window_size < 0:
        raise ValueError(
            "skipgrams: `window_size` must be non-negative. "
            f"Received: window_size={window_size!r}."
        )
    rng = random.Random(seed) if seed is not None else random
    positive, negative = ([0, 1], [1, 0]) if categorical else (1, 0)
    couples, labels = [], []
    for i, word in enumerate(sequence):
        if not word:
            continue
        if sampling_table is not None and sampling_table[word] < rng.random():
            continue
        for j in range(max(0, i - window_size),
                       min(len(sequence), i + window_size + 1)):
            if j != i and sequence[j]:
                couples.append([word, sequence[j]])
                labels.append(positive)
    if negative_samples > 0 and couples:
        n_negative = int(len(labels) * negative_samples)
        words = [couple[0] for couple in couples]
        rng.shuffle(words)
        couples += [[words[k % len(words)],
                     rng.randint(1, vocabulary_size - 1)]
                    for k in range(n_negative)]
        labels += [negative] * n_negative
    if shuffle:
        order = list(range(len(couples)))
        rng.shuffle(order)
        couples = [couples[k] for k in order]
        labels = [labels[k] for k in order]
    return couples, labels


class TimeseriesGenerator(PyDataset):
    """Batches of sliding windows over a time series, with their targets.

    The windows end at the rows `start_index + length, ...,
    end_index`, taken every `stride` rows (or drawn at random when
    `shuffle`); the window ending at row `t` holds
    `data[t - length : t : sampling_rate]` and its target is `targets[t]`.
    Batch `i` holds the windows ending at rows
    `start_index + length + batch_size * stride * i + stride * k`.

    Args:
        data: an indexable array of time steps (first axis is time).
        targets: the targets, one per time step (same length as `data`).
        length: the number of time steps a window spans (before
            subsampling by `sampling_rate`).
        sampling_rate: the step between two kept time steps of a window.
        stride: the step between the last rows of two consecutive windows.
        start_index: rows before it are used only inside windows.
        end_index: the last row a window may end at (default: the last).
        shuffle: whether each batch draws its rows at random (with
            NumPy's global generator), instead of in order.
        reverse: whether each window lists its steps latest first.
        batch_size: the number of windows per batch (the last may be
            shorter).
        **kwargs: `workers`, `use_multiprocessing` and `max_queue_size`,
            passed to `PyDataset` (they tell `fit` how to load batches).

    Example:
        >>> import numpy as np
        >>> from cornu.preprocessing.sequence import TimeseriesGenerator
        >>> series = np.arange(10)
        >>> gen = TimeseriesGenerator(series, series, length=3, batch_size=2)
        >>> len(gen)
        4
        >>> x, y = gen[0]
        >>> x.tolist(), y.tolist()
        ([[0, 1, 2], [1, 2, 3]], [3, 4])
    """

    def __init__(self, data, targets, length: int, sampling_rate: int = 1,
                 stride: int = 1, start_index: int = 0,
                 end_index: int | None = None, shuffle: bool = False,
                 reverse: bool = False, batch_size: int = 128, **kwargs):
        if len(data) != len(targets):
            raise ValueError(
                "TimeseriesGenerator: `data` and `targets` must have the same "
                f"length. Received: len(data)={len(data)}, "
                f"len(targets)={len(targets)}."
            )
        for name, value in (("length", length),
                            ("sampling_rate", sampling_rate),
                            ("stride", stride), ("batch_size", batch_size)):
            if isinstance(value, bool) or not isinstance(
                    value, (int, np.integer)) or value < 1:
                raise ValueError(
                    f"TimeseriesGenerator: `{name}` must be a positive "
                    f"integer. Received: {name}={value!r}."
                )
        super().__init__(**kwargs)
        self.data = data
        self.targets = targets
        self.length = length
        self.sampling_rate = sampling_rate
        self.stride = stride
        self.start_index = start_index + length
        self.end_index = len(data) - 1 if end_index is None else end_index
        self.shuffle = shuffle
        self.reverse = reverse
        self.batch_size = batch_size
        if self.start_index > self.end_index:
            raise ValueError(
                "TimeseriesGenerator: `start_index + length` "
                f"({self.start_index}) is past `end_index` "
                f"({self.end_index}), so no window fits. Use a shorter "
                "`length` or more data. Received: "
                f"start_index={start_index}, length={length}, "
                f"end_index={self.end_index}."
            )

    def __len__(self) -> int:
        span = self.batch_size * self.stride
        return (self.end_index - self.start_index + span) // span

    def _rows(self, index: int) -> np.ndarray:
        if self.shuffle:
            return np.random.randint(self.start_index, self.end_index + 1,
                                     size=self.batch_size)
        first = self.start_index + self.batch_size * self.stride * index
        last = min(first + self.batch_size * self.stride,
                   self.end_index + 1)
        return np.arange(first, last, self.stride)

    def __getitem__(self, index: int):
        if not -len(self) <= index < len(self):
            raise IndexError(
                f"TimeseriesGenerator: batch index {index} is out of range "
                f"for {len(self)} batches."
            )
        index %= len(self)
        rows = self._rows(index)
        samples = np.array([self.data[row - self.length:row:
                                      self.sampling_rate] for row in rows])
        targets = np.array([self.targets[row] for row in rows])
        if self.reverse:
            samples = samples[:, ::-1, ...]
        return samples, targets

    def get_config(self) -> dict:
        """The generator's settings, with `data` and `targets` as lists
        (tf.keras 2's layout)."""
        def as_json(value):
            return np.asarray(value).tolist()

        return {
            "data": json.dumps(as_json(self.data)),
            "targets": json.dumps(as_json(self.targets)),
            "length": self.length,
            "sampling_rate": self.sampling_rate,
            "stride": self.stride,
            "start_index": self.start_index - self.length,
            "end_index": self.end_index,
            "shuffle": self.shuffle,
            "reverse": self.reverse,
            "batch_size": self.batch_size,
        }

    def to_json(self, **kwargs) -> str:
        """The generator as a JSON string (`kwargs` go to `json.dumps`)."""
        return json.dumps({"class_name": type(self).__name__,
                           "config": self.get_config()}, **kwargs)
