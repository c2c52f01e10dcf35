"""`get_file`: download a file once, verify it, keep it in a cache.

Downloads are atomic: the bytes go to a temporary file beside the target,
the checksum is verified, and only then is the file moved into place with
`os.replace`. A killed or corrupted download therefore never leaves a file
under the final name that a later call would load.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import warnings

from cornu import config
from cornu.utils._archives import archive_formats, extract_archive

_CHUNK = 1 << 16
_TIMEOUT_S = 60


def _hasher(algorithm: str, file_hash: str | None):
    if algorithm == "sha256" or (
            algorithm == "auto" and file_hash is not None
            and len(file_hash) == 64):
        return hashlib.sha256()
    if algorithm in ("md5", "auto"):
        return hashlib.md5()  # noqa: S324 -- a checksum, not a security hash
    raise ValueError(
        "get_file: `hash_algorithm` must be 'auto', 'sha256' or 'md5'. "
        f"Received: hash_algorithm={algorithm!r}."
    )


def _algorithm_name(algorithm: str, file_hash: str | None) -> str:
    return _hasher(algorithm, file_hash).name


def hash_file(fpath: str, algorithm: str = "sha256",
              chunk_size: int = _CHUNK) -> str:
    """The hex digest of the file at `fpath` (`"sha256"`, `"md5"`, or
    `"auto"`, which means sha256)."""
    hasher = _hasher("sha256" if algorithm == "auto" else algorithm, None)
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath: str, file_hash: str, algorithm: str = "auto",
                  chunk_size: int = _CHUNK) -> bool:
    """Whether the file at `fpath` has the hex digest `file_hash`
    (`algorithm="auto"` picks sha256 for a 64-character hash, else md5)."""
    name = _algorithm_name(algorithm, file_hash)
    return hash_file(fpath, name, chunk_size) == str(file_hash).lower()


def _cache_folder(cache_dir: str | None, cache_subdir: str) -> str:
    base = os.path.expanduser(cache_dir) if cache_dir is not None \
        else config.cornu_home()
    try:
        os.makedirs(base, exist_ok=True)
    except OSError:
        pass
    if not os.access(base, os.W_OK):
        base = os.path.join(tempfile.gettempdir(), ".cornu")
    folder = os.path.join(base, cache_subdir)
    os.makedirs(folder, exist_ok=True)
    return folder


def _download(origin: str, target: str, fname: str, file_hash, algorithm):
    """Downloads `origin` to a temporary file, verifies it, then moves it to
    `target`. Nothing is left under `target` on any failure."""
    from cornu.utils.progbar import Progbar

    print(f"Downloading data from {origin}")
    folder = os.path.dirname(target)
    fd, partial = tempfile.mkstemp(prefix=f".{fname}.", suffix=".part",
                                   dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                response = urllib.request.urlopen(  # noqa: S310
                    origin, timeout=_TIMEOUT_S)
                with response:
                    length = response.headers.get("Content-Length")
                    total = int(length) if length and length.isdigit() \
                        else None
                    bar = Progbar(total)
                    done = 0
                    for chunk in iter(lambda: response.read(_CHUNK), b""):
                        out.write(chunk)
                        done += len(chunk)
                        bar.update(done if total is None
                                   else min(done, total))
                    if total is not None and done < total:
                        raise OSError(
                            f"the connection closed after {done} of "
                            f"{total} bytes")
            except (urllib.error.URLError, http.client.HTTPException,
                    OSError, ValueError) as error:
                reason = getattr(error, "reason", None) or error
                if isinstance(error, urllib.error.HTTPError):
                    reason = f"HTTP {error.code}: {error.reason}"
                raise ConnectionError(
                    f"get_file: could not download {fname!r} from {origin} "
                    f"({reason}). Check the address and the network; to "
                    f"work offline, place the file at {target}."
                ) from error
        if file_hash is not None and not validate_file(
                partial, file_hash, algorithm):
            name = _algorithm_name(algorithm, file_hash)
            raise ValueError(
                "get_file: incomplete or corrupted file detected: the "
                f"{name} hash of the file downloaded from {origin} is "
                f"{hash_file(partial, name)}, not the expected {file_hash}. "
                "Nothing was cached; try again, or check the address."
            )
        os.replace(partial, target)
    except BaseException:
        if os.path.exists(partial):
            os.remove(partial)
        raise


def get_file(fname: str | None = None, origin: str | None = None,
             untar: bool = False, md5_hash: str | None = None,
             file_hash: str | None = None, cache_subdir: str = "datasets",
             hash_algorithm: str = "auto", extract: bool = False,
             archive_format="auto", cache_dir: str | None = None,
             force_download: bool = False) -> str:
    """Downloads a file from a URL unless it is already in the cache.

    The file at `origin` is saved as `cache_dir/cache_subdir/fname`, by
    default `~/.cornu/datasets/fname` (`CORNU_HOME` moves `~/.cornu`; an
    unwritable cache folder falls back to the temporary folder). When
    `file_hash` is given, a cached file whose hash differs is downloaded
    again, and a download whose hash differs raises a ValueError and caches
    nothing. `.tar`, `.tar.gz`, `.tar.bz2` and `.zip` archives can be
    extracted: a member that would land outside the extraction folder stops
    the extraction.

    Where the archive and the extracted folder go follows Keras: with
    `extract=True` and an `fname` containing a dot (`"data.tar.gz"`), the
    archive is `cache_subdir/data.tar.gz` and the folder
    `cache_subdir/data_extracted`; otherwise (`fname="data"` or no `fname`)
    the archive is `cache_subdir/data_archive` and the folder
    `cache_subdir/data`. An archive already extracted is not extracted again
    unless it is downloaded again.

    Args:
        fname: the file's name in the cache; `None` uses the last part of
            `origin`'s path. A name, not a path: use `cache_dir` to choose
            the folder.
        origin: the URL to download from.
        untar: deprecated, same as `extract=True, archive_format="tar"`.
        md5_hash: deprecated, same as `file_hash=md5_hash,
            hash_algorithm="md5"`.
        file_hash: the expected sha256 or md5 hex digest of the file.
        cache_subdir: the folder under `cache_dir` (an absolute path is
            used as is).
        hash_algorithm: `"sha256"`, `"md5"`, or `"auto"` (sha256 for a
            64-character hash, else md5).
        extract: whether to extract the downloaded archive.
        archive_format: `"auto"` (tar then zip), `"tar"`, `"zip"`, a list of
            these, or `None` (never extract).
        cache_dir: the cache's root folder; `None` means `~/.cornu`.
        force_download: download again even if the file is cached.

    Returns:
        The path of the downloaded file, or of the extraction folder when
        `extract=True`.

    Raises:
        ValueError: a bad argument, or a downloaded file whose hash differs
            from `file_hash`.
        ConnectionError: the download failed; the message names the path
            where the file can be placed by hand to work offline.

    Example:
        >>> import os, tempfile
        >>> from cornu.utils import get_file
        >>> folder = tempfile.mkdtemp()
        >>> with open(os.path.join(folder, "notes.txt"), "w") as f:
        ...     _ = f.write("hello")
        >>> origin = "file://" + os.path.join(folder, "notes.txt")
        >>> path = get_file(origin=origin, cache_dir=folder,
        ...                 cache_subdir="cache")  # doctest: +ELLIPSIS
        Downloading data from file://...
        >>> open(path).read(), os.path.basename(path)
        ('hello', 'notes.txt')
    """
    if not origin or not isinstance(origin, str):
        raise ValueError(
            "get_file: `origin` (the URL to download from) is required. "
            f"Received: origin={origin!r}."
        )
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    if file_hash is not None:
        _hasher(hash_algorithm, file_hash)  # validates `hash_algorithm`
    if untar:
        extract, archive_format = True, "tar"
    formats = archive_formats(archive_format) if extract else ()
    given_fname = os.fspath(fname) if fname is not None else None
    if given_fname and (os.sep in given_fname or "/" in given_fname):
        raise ValueError(
            "get_file: `fname` is a file name, not a path; choose the folder "
            f"with `cache_dir` and `cache_subdir`. Received: fname={fname!r}."
        )
    name = given_fname or os.path.basename(urllib.parse.urlsplit(origin).path)
    if not name:
        raise ValueError(
            "get_file: cannot take a file name from `origin`; pass `fname`. "
            f"Received: origin={origin!r}."
        )
    folder = _cache_folder(cache_dir, cache_subdir)

    extraction_dir = None
    target = os.path.join(folder, name)
    if extract:
        if given_fname and "." in name:
            extraction_dir = os.path.join(
                folder, name[:name.find(".")] + "_extracted")
        else:
            extraction_dir = target
            target = os.path.join(folder, name + "_archive")

    download = force_download or not os.path.exists(target)
    if not download and file_hash is not None and not validate_file(
            target, file_hash, hash_algorithm):
        algorithm = _algorithm_name(hash_algorithm, file_hash)
        print(f"A local file was found, but its {algorithm} hash does not "
              f"match {file_hash}: downloading it again.")
        download = True
    if download:
        _download(origin, target, name, file_hash, hash_algorithm)

    if extraction_dir is None:
        return target
    if download or not os.path.isdir(extraction_dir):
        if not extract_archive(target, extraction_dir, formats):
            warnings.warn(
                f"get_file: {target!r} is not a {' or '.join(formats)} "
                "archive, so nothing was extracted.", stacklevel=2)
    return extraction_dir
