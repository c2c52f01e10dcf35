"""The seeded shuffle-then-split that Keras's regression datasets use."""

from __future__ import annotations

import numpy as np


def check_test_split(owner: str, test_split: float) -> float:
    """`test_split` as a float in [0, 1), or a ValueError naming `owner`."""
    if isinstance(test_split, bool) or not isinstance(
            test_split, (int, float, np.floating, np.integer)) \
            or not 0 <= test_split < 1:
        raise ValueError(
            f"{owner}: `test_split` must be a number in [0, 1) (the "
            "fraction of samples kept for testing). "
            f"Received: test_split={test_split!r}."
        )
    return float(test_split)


def shuffle_split(x, y, test_split: float, seed):
    """Shuffles `x` and `y` together with `np.random.RandomState(seed)` and
    returns `(x_train, y_train), (x_test, y_test)`, the first
    `int(n * (1 - test_split))` samples being the training part."""
    indices = np.arange(len(x))
    np.random.RandomState(seed).shuffle(indices)
    x, y = x[indices], y[indices]
    n_train = int(len(x) * (1 - test_split))
    return ((np.array(x[:n_train]), np.array(y[:n_train])),
            (np.array(x[n_train:]), np.array(y[n_train:])))
