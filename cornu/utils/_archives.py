"""Safe extraction of tar and zip archives for `get_file`.

Every member is checked before anything is written: an absolute name, a
`..` that climbs out of the destination, a link that points outside it, or
a device file stops the extraction with a ValueError naming the member.
The archive is unpacked into a temporary folder beside the destination and
moved into place with `os.replace`, so an interrupted extraction never
leaves a half-filled folder under the final name.
"""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
import zipfile

_FORMATS = ("tar", "zip")


def archive_formats(archive_format) -> tuple[str, ...]:
    """`archive_format` (`"auto"`, `"tar"`, `"zip"`, a list of those, or
    `None`) as a tuple of format names."""
    if archive_format is None:
        return ()
    if archive_format == "auto":
        return _FORMATS
    names = (archive_format,) if isinstance(archive_format, str) \
        else tuple(archive_format)
    for name in names:
        if name not in _FORMATS:
            raise ValueError(
                "get_file: `archive_format` must be 'auto', 'tar', 'zip', a "
                "list of these, or None. "
                f"Received: archive_format={archive_format!r}."
            )
    return names


def _inside(base: str, name: str) -> bool:
    """Whether the path `name`, relative to `base`, stays inside `base`."""
    if os.path.isabs(name) or name.startswith(("/", "\\")):
        return False
    target = os.path.realpath(os.path.join(base, name))
    return os.path.commonpath([base, target]) == base


def _unsafe(message: str, archive: str, member: str) -> ValueError:
    return ValueError(
        f"get_file: refusing to extract {archive!r}: member {member!r} "
        f"{message}. Nothing was extracted. Received: member={member!r}."
    )


def _check_tar(archive: tarfile.TarFile, path: str, base: str) -> None:
    for info in archive.getmembers():
        if not _inside(base, info.name):
            raise _unsafe("would be written outside the destination folder",
                          path, info.name)
        if info.issym() or info.islnk():
            link = info.linkname
            if info.issym():
                link = os.path.join(os.path.dirname(info.name), link)
            if os.path.isabs(info.linkname) or not _inside(base, link):
                raise _unsafe("is a link that points outside the "
                              "destination folder", path, info.name)
        elif not (info.isfile() or info.isdir()):
            raise _unsafe("is a device, FIFO or other special file", path,
                          info.name)


def _check_zip(archive: zipfile.ZipFile, path: str, base: str) -> None:
    for name in archive.namelist():
        if not _inside(base, name):
            raise _unsafe("would be written outside the destination folder",
                          path, name)


def _extract_into(path: str, folder: str, fmt: str) -> bool:
    """Extracts `path` into the existing empty `folder` if it is a `fmt`
    archive; returns whether it was one."""
    base = os.path.realpath(folder)
    if fmt == "tar":
        if not tarfile.is_tarfile(path):
            return False
        with tarfile.open(path) as archive:
            _check_tar(archive, path, base)
            if hasattr(tarfile, "data_filter"):
                archive.extractall(folder, filter="data")
            else:  # Python without extraction filters: members checked above
                archive.extractall(folder)
        return True
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        _check_zip(archive, path, base)
        archive.extractall(folder)
    return True


def extract_archive(path: str, destination: str,
                    archive_format="auto") -> bool:
    """Extracts the archive at `path` into the folder `destination`.

    Returns `True` when `path` was an archive of one of the formats in
    `archive_format` and was extracted (replacing `destination`), `False`
    when it was not (nothing is written).
    """
    formats = archive_formats(archive_format)
    parent = os.path.dirname(os.path.abspath(destination))
    os.makedirs(parent, exist_ok=True)
    for fmt in formats:
        staging = tempfile.mkdtemp(prefix=".extracting-", dir=parent)
        try:
            if not _extract_into(path, staging, fmt):
                continue
            if os.path.isdir(destination):
                shutil.rmtree(destination)
            elif os.path.exists(destination):
                os.remove(destination)
            os.replace(staging, destination)
            return True
        finally:
            if os.path.isdir(staging):
                shutil.rmtree(staging, ignore_errors=True)
    return False
