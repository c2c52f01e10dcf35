"""California housing prices: 20,640 districts of the 1990 US census."""

from __future__ import annotations

import numpy as np

from cornu.datasets._download import KERAS_BASE, fetch
from cornu.datasets._split import check_test_split, shuffle_split

_SHA256 = "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f"


def load_data(version: str = "large", path: str = "california_housing.npz",
              test_split: float = 0.2, seed: int = 113):
    """Loads the California housing dataset (downloaded once, about 0.7 MB).

    Eight features per district (median income, house age, average rooms
    and bedrooms, population, average occupancy, latitude, longitude); the
    target is the median house value in dollars.

    Args:
        version: `"large"` (all 20,640 districts) or `"small"` (the first
            600, for quick experiments).
        path: the file's name in the cache folder.
        test_split: the fraction kept for testing, in `[0, 1)`.
        seed: the seed of the shuffle before the split.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: features of shape `(n, 8)`
        and targets of shape `(n,)`, as stored in the file.

    Example:
        ```python
        (x_train, y_train), _ = cornu.datasets.california_housing.load_data(
            version="small")
        ```
    """
    test_split = check_test_split("california_housing.load_data", test_split)
    if version not in ("large", "small"):
        raise ValueError(
            "california_housing.load_data: `version` must be 'large' or "
            f"'small'. Received: version={version!r}."
        )
    path = fetch(path, KERAS_BASE, "california_housing.npz", _SHA256)
    with np.load(path, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    if version == "small":
        x, y = x[:600], y[:600]
    return shuffle_split(x, y, test_split, seed)
