"""IMDB movie reviews: 50,000 reviews as word ids, labelled by sentiment."""

from __future__ import annotations

import json

import numpy as np

from cornu.datasets._download import KERAS_BASE, fetch
from cornu.datasets._safe_pickle import load_npz
from cornu.datasets._word_sequences import (
    as_object_array,
    check_kwargs,
    drop_long,
    limit_vocabulary,
    shift_and_mark,
)

_SHA256 = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
_INDEX_MD5 = "bfafd718b763782e994055a2d397834f"


def load_data(path: str = "imdb.npz", num_words: int | None = None,
              skip_top: int = 0, maxlen: int | None = None, seed: int = 113,
              start_char: int | None = 1, oov_char: int | None = 2,
              index_from: int = 3, **kwargs):
    """Loads the IMDB sentiment dataset (downloaded once, about 17 MB).

    Each review is a list of word ids; id `i + index_from` stands for the
    word ranked `i` by frequency in `get_word_index()` (1 = most frequent).
    Ids 0, 1 and 2 are padding, `start_char` and `oov_char` by default.
    Training and test sets are shuffled separately with
    `np.random.RandomState(seed)`, as in Keras.

    Args:
        path: the file's name in the cache folder.
        num_words: keep the ids below `num_words` (the most frequent words);
            `None` keeps all.
        skip_top: also drop the ids below `skip_top`.
        maxlen: keep only the reviews shorter than `maxlen`.
        seed: the seed of the shuffle.
        start_char: the id put first in every review (`None`: nothing).
        oov_char: the id that replaces dropped words (`None`: remove them).
        index_from: the offset added to every word id.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `x_*` are 1-D object arrays
        of lists of ints, `y_*` are the integer labels (1 positive,
        0 negative).

    Example:
        ```python
        (x_train, y_train), _ = cornu.datasets.imdb.load_data(num_words=10000)
        ```
    """
    check_kwargs("imdb.load_data", kwargs)
    arrays = load_npz(fetch(path, KERAS_BASE, "imdb.npz", _SHA256))
    rng = np.random.RandomState(seed)
    parts = []
    for x_key, y_key in (("x_train", "y_train"), ("x_test", "y_test")):
        x, y = arrays[x_key], arrays[y_key]
        order = np.arange(len(x))
        rng.shuffle(order)
        parts.append((shift_and_mark(x[order], start_char, index_from),
                      y[order]))
    if maxlen:
        parts = [drop_long(maxlen, x, y) for x, y in parts]
        if not parts[0][0] or not parts[1][0]:
            raise ValueError(
                f"imdb.load_data: no review is shorter than maxlen={maxlen}, "
                "so a split would be empty; increase `maxlen`. "
                f"Received: maxlen={maxlen!r}."
            )
    n_train = len(parts[0][0])
    xs = limit_vocabulary(parts[0][0] + parts[1][0], num_words, skip_top,
                          oov_char)
    labels = np.concatenate([np.asarray(parts[0][1]),
                             np.asarray(parts[1][1])])
    return ((as_object_array(xs[:n_train]), labels[:n_train]),
            (as_object_array(xs[n_train:]), labels[n_train:]))


def get_word_index(path: str = "imdb_word_index.json") -> dict[str, int]:
    """The IMDB word index: a dict from word to its frequency rank (1 is the
    most frequent). Add `index_from` (3 by default) to map ranks to the ids
    `load_data` returns.

    Args:
        path: the file's name in the cache folder.

    Example:
        ```python
        index = cornu.datasets.imdb.get_word_index()
        words = {rank + 3: word for word, rank in index.items()}
        ```
    """
    path = fetch(path, KERAS_BASE, "imdb_word_index.json", _INDEX_MD5)
    with open(path, encoding="utf-8") as f:
        return json.load(f)
