"""Loading pickled arrays from downloaded files without running their code.

The IMDB and Reuters `.npz` files hold object arrays (lists of word ids) and
the CIFAR batches are pickled dicts of arrays. A pickle can name any Python
callable, so these loaders accept only the few globals NumPy needs to
rebuild arrays; anything else is refused with an error naming it.
"""

from __future__ import annotations

import io
import pickle
import zipfile

import numpy as np

_ALLOWED = frozenset({
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    # Python 3 writes bytes as `_codecs.encode(text, "latin1")` in
    # protocols 0-2; it only turns text into bytes.
    ("_codecs", "encode"),
})


class SafeUnpickler(pickle.Unpickler):
    """An unpickler that rebuilds NumPy arrays, lists, dicts and scalars,
    and nothing else."""

    def find_class(self, module, name):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            f"cornu.datasets: refusing to load `{module}.{name}` from a "
            "downloaded dataset file: only NumPy arrays are allowed. The "
            "file may be corrupted or malicious; delete it from the cache."
        )


def _read_member(raw: bytes):
    buffer = io.BytesIO(raw)
    try:
        return np.lib.format.read_array(buffer, allow_pickle=False)
    except ValueError:  # an object array: pickled after the header
        buffer.seek(0)
        major, _ = np.lib.format.read_magic(buffer)
        if major == 1:
            np.lib.format.read_array_header_1_0(buffer)
        else:
            np.lib.format.read_array_header_2_0(buffer)
        return SafeUnpickler(buffer).load()


def load_npz(path: str) -> dict:
    """The arrays of the `.npz` file at `path`, by name, object arrays
    included (through `SafeUnpickler`)."""
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith(".npy"):
                arrays[member[:-4]] = _read_member(archive.read(member))
    return arrays


def load_pickle(path: str, encoding: str = "bytes"):
    """The object pickled in the file at `path` (arrays, containers and
    scalars only)."""
    with open(path, "rb") as f:
        return SafeUnpickler(f, encoding=encoding).load()
