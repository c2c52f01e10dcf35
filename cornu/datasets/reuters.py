"""Reuters newswires: 11,228 newswires as word ids, in 46 topics."""

from __future__ import annotations

import json

import numpy as np

from cornu.datasets._download import KERAS_BASE, fetch
from cornu.datasets._safe_pickle import load_npz
from cornu.datasets._split import check_test_split
from cornu.datasets._word_sequences import (
    as_object_array,
    drop_long,
    limit_vocabulary,
    shift_and_mark,
)

_SHA256 = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"
_INDEX_MD5 = "4d44cc38712099c9e383dc6e5f11a921"
_LABELS = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing",
    "money-supply", "coffee", "sugar", "trade", "reserves", "ship", "cotton",
    "carcass", "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp",
    "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal",
    "livestock", "retail", "ipi", "iron-steel", "rubber", "heat", "jobs",
    "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi",
    "hog", "lead",
)


def load_data(path: str = "reuters.npz", num_words: int | None = None,
              skip_top: int = 0, maxlen: int | None = None,
              test_split: float = 0.2, seed: int = 113,
              start_char: int | None = 1, oov_char: int | None = 2,
              index_from: int = 3):
    """Loads the Reuters newswire topic dataset (downloaded once, ~2 MB).

    Word ids, `num_words`, `skip_top`, `maxlen`, `start_char`, `oov_char`
    and `index_from` work as in `imdb.load_data`. All newswires are
    shuffled with `np.random.RandomState(seed)`, then the first
    `int(n * (1 - test_split))` form the training set.

    Args:
        path: the file's name in the cache folder.
        num_words: keep the ids below `num_words`; `None` keeps all.
        skip_top: also drop the ids below `skip_top`.
        maxlen: keep only the newswires shorter than `maxlen`.
        test_split: the fraction kept for testing, in `[0, 1)`.
        seed: the seed of the shuffle.
        start_char: the id put first in every newswire (`None`: nothing).
        oov_char: the id that replaces dropped words (`None`: remove them).
        index_from: the offset added to every word id.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `x_*` are 1-D object arrays
        of lists of ints, `y_*` integer topic labels in 0..45 (names in
        `get_label_names()`).

    Example:
        ```python
        (x_train, y_train), _ = cornu.datasets.reuters.load_data(
            num_words=10000)
        ```
    """
    test_split = check_test_split("reuters.load_data", test_split)
    arrays = load_npz(fetch(path, KERAS_BASE, "reuters.npz", _SHA256))
    xs, labels = arrays["x"], arrays["y"]
    order = np.arange(len(xs))
    np.random.RandomState(seed).shuffle(order)
    xs = shift_and_mark(xs[order], start_char, index_from)
    labels = labels[order]
    if maxlen:
        xs, labels = drop_long(maxlen, xs, labels)
    xs = limit_vocabulary(xs, num_words, skip_top, oov_char)
    labels = np.asarray(labels)
    n_train = int(len(xs) * (1 - test_split))
    return ((as_object_array(xs[:n_train]), np.array(labels[:n_train])),
            (as_object_array(xs[n_train:]), np.array(labels[n_train:])))


def get_word_index(path: str = "reuters_word_index.json") -> dict[str, int]:
    """The Reuters word index: a dict from word to its frequency rank.

    Args:
        path: the file's name in the cache folder.

    Example:
        ```python
        index = cornu.datasets.reuters.get_word_index()
        ```
    """
    path = fetch(path, KERAS_BASE, "reuters_word_index.json", _INDEX_MD5)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def get_label_names() -> tuple[str, ...]:
    """The 46 topic names, indexed by label.

    Example:
        >>> from cornu.datasets import reuters
        >>> names = reuters.get_label_names()
        >>> len(names), names[3], names[4]
        (46, 'earn', 'acq')
    """
    return _LABELS
