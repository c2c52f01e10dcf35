"""Writing files so that a crash never leaves half a file behind, and
opening HDF5 files with errors that say what went wrong.

Every saver writes into a temporary file in the target's own folder and
renames it over the target with `os.replace` only once the file is
complete and flushed to disk: the rename is atomic on POSIX and Windows,
so a reader sees either the old file or the new one. A crash, a full disk
or a killed process mid-save leaves the previous file as it was (and at
worst a `.<name>.tmp-*` file next to it, removed when the save fails
cleanly).
"""

from __future__ import annotations

import contextlib
import os
import tempfile

from cornu.saving.errors import InvalidFileError


def path_to_str(filepath, argument="filepath") -> str:
    """`filepath` (a str or `os.PathLike`) as a str, or a TypeError."""
    if isinstance(filepath, os.PathLike):
        filepath = os.fspath(filepath)
    if not isinstance(filepath, str):
        raise TypeError(
            f"`{argument}` must be a string or a path. Received: "
            f"{argument}={filepath!r} (of type {type(filepath).__name__})."
        )
    return filepath


def may_write(filepath: str, overwrite: bool) -> bool:
    """False when `filepath` exists, `overwrite` is False and the user
    answers no (or there is no one to ask), as Keras does."""
    if overwrite or not os.path.exists(filepath):
        return True
    try:
        answer = input(f"[WARNING] {filepath} already exists - overwrite? "
                       "[y/n] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


@contextlib.contextmanager
def atomic_write(filepath: str):
    """Yields a temporary path in `filepath`'s folder; when the block ends
    without an error the temporary file is synced and renamed over
    `filepath`, otherwise it is removed and `filepath` is untouched.

    Example:
    >>> import os, tempfile
    >>> target = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> with atomic_write(target) as tmp:
    ...     with open(tmp, "w") as f:
    ...         _ = f.write("done")
    >>> open(target).read()
    'done'
    """
    folder = os.path.dirname(os.path.abspath(filepath))
    if not os.path.isdir(folder):
        raise FileNotFoundError(
            f"Cannot save to {filepath!r}: the folder {folder!r} does not "
            "exist."
        )
    fd, tmp = tempfile.mkstemp(
        prefix=f".{os.path.basename(filepath)}.tmp-", dir=folder)
    os.close(fd)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, filepath)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise


def create_h5(target):
    """A new HDF5 file (a path or a binary file object) for writing.

    It uses the HDF5 1.8 file format (readable by every h5py and HDF5
    since 2008), whose metadata carries checksums: a damaged file is then
    reported as an error when read, where the older format can send the
    HDF5 library into an endless loop."""
    import h5py

    return h5py.File(target, "w", libver=("v108", "latest"))


def text_attr(value: str):
    """`value` as a fixed-length byte string for an HDF5 attribute (as
    tf.keras wrote them). A variable-length string would live in the HDF5
    global heap, which has no checksum: a damaged heap can hang the HDF5
    library on read."""
    import numpy as np

    return np.bytes_(value.encode("utf-8"))


def open_h5(source, what="weights file"):
    """Opens an HDF5 file (a path or a binary file object) for reading;
    an InvalidFileError when it is not one."""
    import h5py

    from cornu.saving.h5_safety import check_global_heaps

    if isinstance(source, str) and not os.path.exists(source):
        raise FileNotFoundError(f"No such {what}: {source!r}.")
    check_global_heaps(source, describe(source, what))
    try:
        return h5py.File(source, "r")
    except (OSError, ValueError, RuntimeError) as err:
        raise InvalidFileError(
            f"Cannot read {describe(source, what)}: it is not a valid HDF5 "
            f"file ({err})."
        ) from err


def describe(source, what="file") -> str:
    if isinstance(source, str):
        return f"{what} {source!r}"
    return f"the {what}"


__all__ = ["atomic_write", "may_write", "open_h5", "path_to_str"]
