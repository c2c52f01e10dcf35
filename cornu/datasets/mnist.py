"""MNIST: 70,000 28x28 grayscale images of handwritten digits."""

from __future__ import annotations

import numpy as np

from cornu.datasets._download import KERAS_BASE, fetch

_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


def load_data(path: str = "mnist.npz"):
    """Loads the MNIST dataset (downloaded once, about 11 MB).

    The file comes from Keras's address and is cached as
    `~/.cornu/datasets/<path>`; its sha256 is verified.

    Args:
        path: the file's name in the cache folder.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `uint8` images of shape
        `(60000, 28, 28)` and `(10000, 28, 28)` with values in 0..255, and
        `uint8` digit labels of shape `(60000,)` and `(10000,)`.

    Example:
        ```python
        (x_train, y_train), (x_test, y_test) = cornu.datasets.mnist.load_data()
        ```
    """
    path = fetch(path, KERAS_BASE, "mnist.npz", _SHA256)
    with np.load(path, allow_pickle=False) as f:
        return ((f["x_train"], f["y_train"]), (f["x_test"], f["y_test"]))
