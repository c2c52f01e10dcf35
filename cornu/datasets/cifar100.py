"""CIFAR-100: 60,000 32x32 color images in 100 classes (20 superclasses)."""

from __future__ import annotations

import os

import numpy as np

from cornu.datasets._cifar import load_batch, to_image_data_format
from cornu.datasets._download import CIFAR_BASE, fetch

_SHA256 = "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7"


def load_data(label_mode: str = "fine"):
    """Loads the CIFAR-100 dataset (downloaded once, about 160 MB).

    The archive `cifar-100-python.tar.gz` comes from the dataset authors'
    address (as in Keras), is cached under `~/.cornu/datasets/` with its
    sha256 verified, and is extracted once into `cifar-100-python-target/`.

    Args:
        label_mode: `"fine"` (100 classes) or `"coarse"` (20 superclasses).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `uint8` images of shape
        `(50000, 32, 32, 3)` and `(10000, 32, 32, 3)` (channels first when
        `image_data_format()` is `"channels_first"`), and `int64` labels of
        shape `(50000, 1)` and `(10000, 1)`, as Keras returns them.

    Example:
        ```python
        (x_train, y_train), _ = cornu.datasets.cifar100.load_data("coarse")
        ```
    """
    if label_mode not in ("fine", "coarse"):
        raise ValueError(
            "cifar100.load_data: `label_mode` must be 'fine' or 'coarse'. "
            f"Received: label_mode={label_mode!r}."
        )
    path = fetch("cifar-100-python-target", CIFAR_BASE,
                 "cifar-100-python.tar.gz", _SHA256, extract=True)
    path = os.path.join(path, "cifar-100-python")
    key = f"{label_mode}_labels"
    x_train, y_train = load_batch(os.path.join(path, "train"), key)
    x_test, y_test = load_batch(os.path.join(path, "test"), key)
    y_train = np.reshape(np.asarray(y_train, dtype="int64"), (-1, 1))
    y_test = np.reshape(np.asarray(y_test, dtype="int64"), (-1, 1))
    return ((to_image_data_format(x_train), y_train),
            (to_image_data_format(x_test), y_test))
