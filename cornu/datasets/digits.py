"""The UCI 8x8 handwritten digits, bundled: a real dataset with no download.

1,797 grayscale 8x8 images of the digits 0 to 9, each pixel an integer count
in 0..16, from E. Alpaydin and C. Kaynak's *Optical Recognition of
Handwritten Digits* (UCI Machine Learning Repository, CC BY 4.0; see
`cornu/datasets/data/digits_ATTRIBUTION.md`). The file is about 45 KB and
ships inside the package, so it works offline: in tests, in examples and
behind firewalls.
"""

from __future__ import annotations

import os

import numpy as np

from cornu.datasets._split import check_test_split, shuffle_split

_PATH = os.path.join(os.path.dirname(__file__), "data", "digits.npz")


def load_data(test_split: float = 0.2, seed: int = 113):
    """Loads the bundled 8x8 handwritten digits dataset (no network).

    The samples are shuffled with `np.random.RandomState(seed)` and split as
    Keras's `boston_housing.load_data` does: the first
    `int(1797 * (1 - test_split))` shuffled samples form the training set.

    Args:
        test_split: the fraction of the samples kept for the test set, in
            `[0, 1)`.
        seed: the seed of the shuffle before the split.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `x_*` are `uint8` arrays of
        shape `(num_samples, 8, 8)` with values in `0..16`; `y_*` are
        `uint8` arrays of shape `(num_samples,)` with the digits `0..9`.

    Example:
        >>> from cornu.datasets import digits
        >>> (x_train, y_train), (x_test, y_test) = digits.load_data()
        >>> x_train.shape, x_train.dtype, y_test.shape
        ((1437, 8, 8), dtype('uint8'), (360,))
        >>> int(x_train.max()), sorted(set(y_train.tolist())) == list(range(10))
        (16, True)
    """
    test_split = check_test_split("digits.load_data", test_split)
    with np.load(_PATH, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    return shuffle_split(x, y, test_split, seed)
