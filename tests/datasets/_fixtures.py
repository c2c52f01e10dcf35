"""Small files in each dataset's real format, for the loopback server."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import pickle
import struct
import tarfile

import numpy as np

RNG = np.random.RandomState(0)


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _npz(path, **arrays):
    np.savez(path, **arrays)


def _object_array(lists):
    out = np.empty(len(lists), dtype=object)
    out[:] = lists
    return out


def _idx(path, array: np.ndarray):
    """An IDX file (big-endian header: magic, then each dimension)."""
    header = struct.pack(">I", 0x800 + array.ndim)
    header += b"".join(struct.pack(">I", d) for d in array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


def _tar_gz(path, members: dict):
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


class _Python2Pickler(pickle._Pickler):
    """Writes bytes as Python 2 `str` opcodes, as the CIFAR files (made
    with Python 2's cPickle) store them."""

    dispatch = pickle._Pickler.dispatch.copy()

    def _save_str(self, obj):
        if len(obj) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(obj)]) + obj)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(obj)) + obj)
        self.memoize(obj)

    dispatch[bytes] = _save_str


def _cifar_batch(n: int, label_keys: dict) -> bytes:
    """A CIFAR batch as the dataset ships it: a Python 2 protocol-2 pickle
    of a dict with byte-string keys, `data` as uint8 rows of 3072 values."""
    batch = {b"batch_label": b"testing batch",
             b"data": RNG.randint(0, 256, (n, 3072)).astype(np.uint8),
             b"filenames": [b"img%d.png" % i for i in range(n)]}
    for key, high in label_keys.items():
        batch[key.encode()] = [int(v) for v in RNG.randint(0, high, n)]
    buffer = io.BytesIO()
    _Python2Pickler(buffer, protocol=2).dump(batch)
    return buffer.getvalue()


SEQUENCES_TRAIN = [[5, 1, 9], [2, 2], [7, 3, 4, 8], [1], [6, 6, 6, 2, 10]]
SEQUENCES_TEST = [[4, 4], [9, 1, 2], [3]]
REUTERS = [[1, 2, 3], [4, 5], [6], [7, 8, 9, 10], [2, 2, 2, 2, 2, 2],
           [3, 1], [11, 12, 1], [5, 5, 5, 5, 5]]


def build(folder):
    """Writes every fixture file into `folder` (a `pathlib.Path`)."""
    _npz(folder / "mnist.npz",
         x_train=RNG.randint(0, 256, (6, 28, 28)).astype(np.uint8),
         y_train=np.arange(6, dtype=np.uint8),
         x_test=RNG.randint(0, 256, (3, 28, 28)).astype(np.uint8),
         y_test=np.array([7, 8, 9], dtype=np.uint8))
    for prefix, n in (("train", 4), ("t10k", 2)):
        _idx(folder / f"{prefix}-labels-idx1-ubyte.gz",
             RNG.randint(0, 10, n))
        _idx(folder / f"{prefix}-images-idx3-ubyte.gz",
             RNG.randint(0, 256, (n, 28, 28)))
    cifar10 = {f"cifar-10-batches-py/data_batch_{i}":
               _cifar_batch(2, {"labels": 10}) for i in range(1, 6)}
    cifar10["cifar-10-batches-py/test_batch"] = _cifar_batch(
        3, {"labels": 10})
    _tar_gz(folder / "cifar-10-python.tar.gz", cifar10)
    keys = {"fine_labels": 100, "coarse_labels": 20}
    _tar_gz(folder / "cifar-100-python.tar.gz", {
        "cifar-100-python/train": _cifar_batch(4, keys),
        "cifar-100-python/test": _cifar_batch(2, keys)})
    _npz(folder / "imdb.npz",
         x_train=_object_array(SEQUENCES_TRAIN),
         y_train=np.array([1, 0, 1, 0, 1]),
         x_test=_object_array(SEQUENCES_TEST), y_test=np.array([0, 1, 1]))
    _npz(folder / "reuters.npz", x=_object_array(REUTERS),
         y=np.arange(len(REUTERS)) % 46)
    for name in ("imdb_word_index.json", "reuters_word_index.json"):
        (folder / name).write_text(json.dumps({"the": 1, "and": 2, "a": 3}))
    _npz(folder / "boston_housing.npz", x=RNG.rand(20, 13),
         y=RNG.rand(20) * 50)
    _npz(folder / "california_housing.npz",
         x=RNG.rand(700, 8).astype(np.float32),
         y=(RNG.rand(700) * 5e5).astype(np.float32))
