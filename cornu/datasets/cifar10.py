"""CIFAR-10: 60,000 32x32 color images in 10 classes."""

from __future__ import annotations

import os

import numpy as np

from cornu.datasets._cifar import load_batch, to_image_data_format
from cornu.datasets._download import CIFAR_BASE, fetch

_SHA256 = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"


def load_data():
    """Loads the CIFAR-10 dataset (downloaded once, about 170 MB).

    The archive `cifar-10-python.tar.gz` comes from the dataset authors'
    address (as in Keras), is cached under `~/.cornu/datasets/` with its
    sha256 verified, and is extracted once into
    `cifar-10-batches-py-target/`.

    Classes: 0 airplane, 1 automobile, 2 bird, 3 cat, 4 deer, 5 dog,
    6 frog, 7 horse, 8 ship, 9 truck.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `uint8` images of shape
        `(50000, 32, 32, 3)` and `(10000, 32, 32, 3)` (channels first,
        `(n, 3, 32, 32)`, when `image_data_format()` is
        `"channels_first"`), and `uint8` labels of shape `(50000, 1)` and
        `(10000, 1)`.

    Example:
        ```python
        (x_train, y_train), _ = cornu.datasets.cifar10.load_data()
        ```
    """
    path = fetch("cifar-10-batches-py-target", CIFAR_BASE,
                 "cifar-10-python.tar.gz", _SHA256, extract=True)
    path = os.path.join(path, "cifar-10-batches-py")
    batches = [load_batch(os.path.join(path, f"data_batch_{i}"))
               for i in range(1, 6)]
    x_train = np.concatenate([x for x, _ in batches]).astype("uint8")
    y_train = np.concatenate([np.asarray(y) for _, y in batches])
    x_test, y_test = load_batch(os.path.join(path, "test_batch"))
    y_train = y_train.reshape(-1, 1).astype("uint8")
    y_test = np.asarray(y_test).reshape(-1, 1).astype("uint8")
    x_train = to_image_data_format(x_train)
    x_test = to_image_data_format(np.asarray(x_test, dtype="uint8"))
    return (x_train, y_train), (x_test, y_test)
