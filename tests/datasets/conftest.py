"""A loopback server with every dataset's fixture files; the loaders are
pointed at it through `CORNU_DATASETS_ORIGIN` and cache into a temporary
`CORNU_HOME`. The fixture files' checksums replace Keras's."""

from __future__ import annotations

import hashlib

import pytest

from cornu.datasets import (
    boston_housing,
    california_housing,
    cifar10,
    cifar100,
    imdb,
    mnist,
    reuters,
)
from tests.datasets import _fixtures
from tests.utils._loopback import serve

_HASHED = {
    mnist: "mnist.npz", cifar10: "cifar-10-python.tar.gz",
    cifar100: "cifar-100-python.tar.gz", imdb: "imdb.npz",
    reuters: "reuters.npz", boston_housing: "boston_housing.npz",
    california_housing: "california_housing.npz",
}


@pytest.fixture(scope="module")
def fixture_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    _fixtures.build(folder)
    return folder


@pytest.fixture
def site(fixture_files, tmp_path, monkeypatch):
    """The running server (`.url`, `.requests`, `.folder`), with the
    loaders pointed at it and a fresh cache."""
    monkeypatch.setenv("CORNU_HOME", str(tmp_path / "home"))
    for module, name in _HASHED.items():
        monkeypatch.setattr(module, "_SHA256",
                            _fixtures.sha256(fixture_files / name))
    for module, name in ((imdb, "imdb_word_index.json"),
                         (reuters, "reuters_word_index.json")):
        digest = hashlib.md5(  # noqa: S324
            (fixture_files / name).read_bytes()).hexdigest()
        monkeypatch.setattr(module, "_INDEX_MD5", digest)
    with serve(fixture_files) as server:
        server.folder = fixture_files
        server.cache = tmp_path / "home" / "datasets"
        monkeypatch.setenv("CORNU_DATASETS_ORIGIN", server.url)
        yield server
