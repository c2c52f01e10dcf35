"""Fashion-MNIST: 70,000 28x28 grayscale images of 10 kinds of clothing."""

from __future__ import annotations

import gzip
import os

import numpy as np

from cornu.datasets._download import KERAS_BASE, fetch

_FILES = ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")


def _read_idx(path: str, offset: int) -> np.ndarray:
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def load_data():
    """Loads the Fashion-MNIST dataset (downloaded once, about 30 MB).

    The four IDX files come from Keras's address and are cached under
    `~/.cornu/datasets/fashion-mnist/`. Keras publishes no checksum for
    them, so none is verified.

    Labels: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat,
    5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `uint8` images of shape
        `(60000, 28, 28)` and `(10000, 28, 28)`, and `uint8` labels of
        shape `(60000,)` and `(10000,)`.

    Example:
        ```python
        (x_train, y_train), _ = cornu.datasets.fashion_mnist.load_data()
        ```
    """
    subdir = os.path.join("datasets", "fashion-mnist")
    paths = [fetch(name, KERAS_BASE, name, None, cache_subdir=subdir)
             for name in _FILES]
    y_train = _read_idx(paths[0], 8)
    x_train = _read_idx(paths[1], 16).reshape(len(y_train), 28, 28)
    y_test = _read_idx(paths[2], 8)
    x_test = _read_idx(paths[3], 16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)
