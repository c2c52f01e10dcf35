"""A check of an HDF5 file's global heap collections before the HDF5
library reads them.

Variable-length strings (the attributes Keras 3 and h5py write for `str`
values) live in global heap collections, which carry no checksum. The
HDF5 library decodes a collection object by object, and an object that
does not move it forward (a free-space entry of size 0, as a run of zeroed
bytes leaves) makes it loop forever. This module walks every collection
the same way first and refuses a file whose walk would not end.

A collection is found by its signature `GCOL`, version 1, and a size of at
least 4096 bytes that fits in the file (the HDF5 minimum; weight values
matching all of this by chance are not a practical concern).
"""

from __future__ import annotations

import mmap
import os
import struct

from cornu.saving.errors import InvalidFileError

_SIGNATURE = b"GCOL\x01"
_MIN_COLLECTION = 4096
_OBJECT_HEADER = 16  # index (2), references (2), reserved (4), size (8)


def check_global_heaps(source, what="file") -> None:
    """Raises InvalidFileError when a global heap collection in `source`
    (a path, bytes, or a binary file object with `getbuffer`) is damaged
    in a way that would hang the HDF5 library."""
    if isinstance(source, str):
        if os.path.getsize(source) == 0:
            return
        with open(source, "rb") as f, mmap.mmap(
                f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            _check(data, what)
        return
    data = source.getbuffer() if hasattr(source, "getbuffer") else source
    _check(bytes(data), what)


def _check(data, what) -> None:
    size = len(data)
    start = data.find(_SIGNATURE)
    while start != -1:
        if start + _OBJECT_HEADER <= size:
            (length,) = struct.unpack_from("<Q", data, start + 8)
            end = start + length
            if _MIN_COLLECTION <= length and end <= size:
                _walk(data, start, end, what)
        start = data.find(_SIGNATURE, start + 1)


def _walk(data, start, end, what) -> None:
    p = start + _OBJECT_HEADER
    while p < end:
        if p + _OBJECT_HEADER > end:
            return  # a tail too small for an object: free space
        index, _, _, length = struct.unpack_from("<HHIQ", data, p)
        if index > 0:
            step = _OBJECT_HEADER + ((length + 7) // 8) * 8
        else:
            step = length
        if step <= 0 or p + step > end:
            raise InvalidFileError(
                f"Refusing the {what}: a global heap collection at byte "
                f"{start} is damaged (object {index} at byte {p} has size "
                f"{length}); reading it would hang the HDF5 library."
            )
        p += step
