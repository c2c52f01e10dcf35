"""Reading the pickled CIFAR batches (Python 2 pickles of dicts)."""

from __future__ import annotations

import numpy as np

from cornu import config
from cornu.datasets._safe_pickle import load_pickle


def load_batch(fpath: str, label_key: str = "labels"):
    """`(data, labels)` of one CIFAR batch file: `data` as `uint8` of shape
    `(n, 3, 32, 32)`, `labels` as the list stored under `label_key`."""
    batch = load_pickle(fpath, encoding="bytes")
    batch = {(k.decode("utf8") if isinstance(k, bytes) else k): v
             for k, v in batch.items()}
    data = batch["data"]
    return data.reshape(data.shape[0], 3, 32, 32), batch[label_key]


def to_image_data_format(x: np.ndarray) -> np.ndarray:
    """`(n, 3, 32, 32)` images in the configured `image_data_format`."""
    if config.image_data_format() == "channels_last":
        return x.transpose(0, 2, 3, 1)
    return x
