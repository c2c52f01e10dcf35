"""`get_file`: download, cache, checksums, atomic writes, safe extraction,
all against a loopback HTTP server."""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
import zipfile

import pytest

from cornu.utils import get_file
from cornu.utils.file_utils import hash_file, validate_file
from tests.utils._loopback import serve

_PAYLOAD = b"cornu test payload\n" * 100


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "data.bin").write_bytes(_PAYLOAD)
    with serve(folder) as server:
        server.folder = folder
        yield server


@pytest.fixture
def cache(tmp_path):
    return str(tmp_path / "cache")


def _files(folder):
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_downloads_into_cache_subdir_and_verifies_sha256(site, cache):
    path = get_file(origin=site.url + "data.bin", cache_dir=cache,
                    file_hash=_sha256(_PAYLOAD))
    assert path == os.path.join(cache, "datasets", "data.bin")
    assert open(path, "rb").read() == _PAYLOAD
    assert _files(os.path.join(cache, "datasets")) == ["data.bin"]


def test_fname_and_md5(site, cache):
    md5 = hashlib.md5(_PAYLOAD).hexdigest()  # noqa: S324
    path = get_file("renamed.bin", site.url + "data.bin", md5_hash=md5,
                    cache_dir=cache, cache_subdir="sub")
    assert path == os.path.join(cache, "sub", "renamed.bin")
    assert validate_file(path, md5) and validate_file(path, md5, "md5")
    assert hash_file(path) == _sha256(_PAYLOAD)


def test_default_cache_is_cornu_home(site, tmp_path, monkeypatch):
    monkeypatch.setenv("CORNU_HOME", str(tmp_path / "home"))
    path = get_file(origin=site.url + "data.bin")
    assert path == str(tmp_path / "home" / "datasets" / "data.bin")


def test_second_call_uses_cache_without_network(site, cache):
    origin = site.url + "data.bin"
    first = get_file(origin=origin, cache_dir=cache,
                     file_hash=_sha256(_PAYLOAD))
    assert len(site.requests) == 1
    site.shutdown()
    site.server_close()
    second = get_file(origin=origin, cache_dir=cache,
                      file_hash=_sha256(_PAYLOAD))
    assert second == first and len(site.requests) == 1


def test_force_download_and_stale_cache_download_again(site, cache):
    origin = site.url + "data.bin"
    path = get_file(origin=origin, cache_dir=cache)
    get_file(origin=origin, cache_dir=cache, force_download=True)
    assert len(site.requests) == 2
    with open(path, "wb") as f:  # a stale or damaged cached copy
        f.write(b"old")
    get_file(origin=origin, cache_dir=cache, file_hash=_sha256(_PAYLOAD))
    assert len(site.requests) == 3
    assert open(path, "rb").read() == _PAYLOAD


def test_corrupted_download_raises_and_caches_nothing(site, cache):
    with pytest.raises(ValueError, match="corrupted.*Nothing was cached"):
        get_file(origin=site.url + "data.bin", cache_dir=cache,
                 file_hash="0" * 64)
    assert _files(os.path.join(cache, "datasets")) == []


def test_interrupted_download_leaves_no_file(site, cache):
    with pytest.raises(ConnectionError, match="10 of 1000 bytes"):
        get_file(origin=site.url + "truncated.bin", cache_dir=cache)
    assert _files(os.path.join(cache, "datasets")) == []


def test_unreachable_origin_names_where_to_place_the_file(site, cache):
    with pytest.raises(ConnectionError) as info:
        get_file(origin=site.url + "missing.bin", cache_dir=cache)
    expected = os.path.join(cache, "datasets", "missing.bin")
    assert "404" in str(info.value) and expected in str(info.value)
    assert _files(os.path.join(cache, "datasets")) == []


@pytest.mark.parametrize("kwargs, match", [
    ({"origin": None}, "origin"),
    ({"origin": "http://x/a", "fname": "sub/a"}, "fname"),
    ({"origin": "http://x/"}, "fname"),
    ({"origin": "http://x/a", "file_hash": "ab", "hash_algorithm": "crc"},
     "hash_algorithm"),
    ({"origin": "http://x/a", "extract": True, "archive_format": "rar"},
     "archive_format"),
])
def test_bad_arguments(cache, kwargs, match):
    with pytest.raises(ValueError, match=match):
        get_file(cache_dir=cache, **kwargs)


def _tar_bytes(members: dict, mode="w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _zip_bytes(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_extract_tar_gz_with_dotted_fname(site, cache):
    (site.folder / "pack.tar.gz").write_bytes(
        _tar_bytes({"pack/a.txt": b"A", "pack/b/c.txt": b"C"}))
    path = get_file("pack.tar.gz", site.url + "pack.tar.gz", extract=True,
                    cache_dir=cache)
    folder = os.path.join(cache, "datasets")
    assert path == os.path.join(folder, "pack_extracted")
    assert open(os.path.join(path, "pack", "b", "c.txt")).read() == "C"
    assert _files(folder) == ["pack.tar.gz", "pack_extracted"]


def test_extract_zip_without_dot_uses_archive_suffix(site, cache):
    (site.folder / "z.zip").write_bytes(_zip_bytes({"x/y.txt": "Y"}))
    path = get_file("zdir", site.url + "z.zip", extract=True, cache_dir=cache)
    folder = os.path.join(cache, "datasets")
    assert path == os.path.join(folder, "zdir")
    assert _files(folder) == ["zdir", "zdir_archive"]
    assert open(os.path.join(path, "x", "y.txt")).read() == "Y"
    os.remove(os.path.join(path, "x", "y.txt"))
    assert get_file("zdir", site.url + "z.zip", extract=True,
                    cache_dir=cache) == path  # cached: not extracted again
    assert len(site.requests) == 1
    assert not os.path.exists(os.path.join(path, "x", "y.txt"))


def test_untar_and_archive_format_mismatch(site, cache):
    (site.folder / "t.tar").write_bytes(_tar_bytes({"t.txt": b"T"}, "w"))
    path = get_file("t", site.url + "t.tar", untar=True, cache_dir=cache)
    assert open(os.path.join(path, "t.txt")).read() == "T"
    with pytest.warns(UserWarning, match="nothing was extracted"):
        get_file("t2", site.url + "t.tar", extract=True,
                 archive_format="zip", cache_dir=cache)


@pytest.mark.parametrize("name", ["../escape.txt", "/abs.txt",
                                  "a/../../escape.txt"])
def test_tar_member_escaping_the_folder_is_refused(site, cache, name):
    (site.folder / "bad.tar").write_bytes(_tar_bytes({name: b"x"}, "w"))
    with pytest.raises(ValueError, match="refusing to extract"):
        get_file("bad", site.url + "bad.tar", extract=True, cache_dir=cache)
    folder = os.path.join(cache, "datasets")
    assert _files(folder) == ["bad_archive"]
    assert not os.path.exists(os.path.join(cache, "escape.txt"))


def test_tar_link_out_of_the_folder_is_refused(site, cache):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("link")
        info.type = tarfile.SYMTYPE
        info.linkname = "../../outside"
        archive.addfile(info)
    (site.folder / "link.tar").write_bytes(buffer.getvalue())
    with pytest.raises(ValueError, match="link"):
        get_file("ln", site.url + "link.tar", extract=True, cache_dir=cache)


def test_zip_member_escaping_the_folder_is_refused(site, cache):
    (site.folder / "bad.zip").write_bytes(_zip_bytes({"../up.txt": "x"}))
    with pytest.raises(ValueError, match="outside the destination"):
        get_file("badz", site.url + "bad.zip", extract=True, cache_dir=cache)
    assert not os.path.exists(os.path.join(cache, "up.txt"))
