"""Boston housing prices: 506 samples of 13 features (StatLib)."""

from __future__ import annotations

import numpy as np

from cornu.datasets._download import KERAS_BASE, fetch
from cornu.datasets._split import check_test_split, shuffle_split

_SHA256 = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"


def load_data(path: str = "boston_housing.npz", test_split: float = 0.2,
              seed: int = 113):
    """Loads the Boston housing dataset (downloaded once, 57 KB).

    Kept for compatibility; as Keras warns, the feature "B" encodes a
    racially charged assumption, so prefer `california_housing` except to
    discuss that problem.

    Args:
        path: the file's name in the cache folder.
        test_split: the fraction kept for testing, in `[0, 1)`.
        seed: the seed of the shuffle before the split.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `float64` features of shape
        `(n, 13)` and median home values in k$ of shape `(n,)`.

    Example:
        ```python
        (x_train, y_train), _ = cornu.datasets.boston_housing.load_data()
        ```
    """
    test_split = check_test_split("boston_housing.load_data", test_split)
    path = fetch(path, KERAS_BASE, "boston_housing.npz", _SHA256)
    with np.load(path, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    return shuffle_split(x, y, test_split, seed)
