"""The word-id processing shared by the IMDB and Reuters loaders."""

from __future__ import annotations

import numpy as np


def check_kwargs(owner: str, kwargs: dict) -> None:
    if kwargs:
        raise TypeError(
            f"{owner}: unexpected keyword arguments {sorted(kwargs)}. "
            f"Received: {kwargs!r}."
        )


def shift_and_mark(sequences, start_char, index_from) -> list[list[int]]:
    """Adds `index_from` to every word id and prepends `start_char` (when
    not `None`) to every sequence."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in s] for s in sequences]
    if index_from:
        return [[w + index_from for w in s] for s in sequences]
    return [list(s) for s in sequences]


def drop_long(maxlen, sequences, labels):
    """Keeps the sequences strictly shorter than `maxlen`, with their
    labels."""
    kept = [(s, y) for s, y in zip(sequences, labels) if len(s) < maxlen]
    return [s for s, _ in kept], [y for _, y in kept]


def limit_vocabulary(sequences, num_words, skip_top, oov_char):
    """Replaces (with `oov_char`) or drops (when it is `None`) the word ids
    outside `[skip_top, num_words)`; `num_words=None` keeps every id up to
    the largest one seen."""
    if not num_words:
        num_words = max(max(s) for s in sequences if s)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in s]
                for s in sequences]
    return [[w for w in s if skip_top <= w < num_words] for s in sequences]


def as_object_array(sequences) -> np.ndarray:
    """A 1-D object array of lists (never a 2-D int array, even when every
    sequence has the same length)."""
    out = np.empty(len(sequences), dtype=object)
    out[:] = sequences
    return out
