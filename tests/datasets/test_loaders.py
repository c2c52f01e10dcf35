"""Every downloadable dataset, end to end through a loopback server: the
real download, checksum and cache path, the layouts and dtypes, and the
same arrays as Keras 3's loaders given the same files."""

from __future__ import annotations

import os
import pickle

import numpy as np
import pytest

from cornu import config
from cornu.datasets import (
    _download,
    boston_housing,
    california_housing,
    cifar10,
    cifar100,
    fashion_mnist,
    imdb,
    mnist,
    reuters,
)
from tests._oracle import import_keras
from tests.datasets import _fixtures


def _keras_loader(monkeypatch, name, paths):
    """Keras's `load_data` module for `name`, reading our cached files."""
    import_keras()
    import importlib

    module = importlib.import_module(f"keras.src.datasets.{name}")

    def fake_get_file(fname=None, origin=None, **kwargs):
        return paths[fname] if isinstance(paths, dict) else paths

    monkeypatch.setattr(module, "get_file", fake_get_file)
    return module


def _assert_same(ours, theirs):
    for a, b in zip(ours, theirs):
        for x, y in zip(a, b):
            x, y = np.asarray(x), np.asarray(y)
            assert x.dtype == y.dtype
            if x.dtype == object:
                # Keras turns equal-length lists into a 2-D object array;
                # cornu always returns a 1-D array of lists.
                assert x.ndim == 1
                assert [list(s) for s in x] == [list(s) for s in y]
            else:
                assert x.shape == y.shape
                np.testing.assert_array_equal(x, y)


def test_default_origins_are_keras_addresses(monkeypatch):
    monkeypatch.delenv(_download.ORIGIN_ENV, raising=False)
    assert _download.origin(_download.KERAS_BASE, "mnist.npz") == (
        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
        "mnist.npz")
    assert _download.origin(_download.CIFAR_BASE, "cifar-10-python.tar.gz") \
        == "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
    monkeypatch.setenv(_download.ORIGIN_ENV, "http://mirror/x")
    assert _download.origin(_download.KERAS_BASE, "a.npz") == \
        "http://mirror/x/a.npz"


def test_mnist_download_then_cache_without_network(site):
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    assert x_train.shape == (6, 28, 28) and x_train.dtype == np.uint8
    assert y_train.tolist() == list(range(6)) and y_test.tolist() == [7, 8, 9]
    assert site.requests == ["/mnist.npz"]
    assert sorted(os.listdir(site.cache)) == ["mnist.npz"]
    site.shutdown()
    site.server_close()
    (x2, _), _ = mnist.load_data()
    np.testing.assert_array_equal(x2, x_train)


def test_corrupted_download_caches_nothing(site, monkeypatch):
    monkeypatch.setattr(mnist, "_SHA256", "1" * 64)
    with pytest.raises(ValueError, match="corrupted"):
        mnist.load_data()
    assert os.listdir(site.cache) == []


def test_offline_error_names_the_file_and_folder(site, monkeypatch):
    site.shutdown()
    site.server_close()
    with pytest.raises(ConnectionError) as info:
        boston_housing.load_data()
    assert str(site.cache / "boston_housing.npz") in str(info.value)


def test_mnist_matches_keras(site, monkeypatch):
    ours = mnist.load_data()
    keras_mnist = _keras_loader(monkeypatch, "mnist",
                                str(site.cache / "mnist.npz"))
    _assert_same(ours, keras_mnist.load_data())


def test_fashion_mnist_matches_keras(site, monkeypatch):
    ours = fashion_mnist.load_data()
    folder = site.cache / "fashion-mnist"
    assert sorted(os.listdir(folder)) == sorted(fashion_mnist._FILES)
    (x_train, y_train), (x_test, y_test) = ours
    assert x_train.shape == (4, 28, 28) and y_test.shape == (2,)
    paths = {name: str(folder / name) for name in fashion_mnist._FILES}
    keras_fm = _keras_loader(monkeypatch, "fashion_mnist", paths)
    _assert_same(ours, keras_fm.load_data())


def _batch(path):
    with open(path, "rb") as f:
        return pickle.load(f, encoding="bytes")  # noqa: S301 (our fixture)


def test_cifar10_layout_extraction_and_cache(site, monkeypatch):
    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    assert x_train.shape == (10, 32, 32, 3) and x_train.dtype == np.uint8
    assert y_train.shape == (10, 1) and y_train.dtype == np.uint8
    assert x_test.shape == (3, 32, 32, 3) and y_test.dtype == np.uint8
    root = site.cache / "cifar-10-batches-py-target" / "cifar-10-batches-py"
    first = _batch(root / "data_batch_1")
    expected = first[b"data"].reshape(2, 3, 32, 32).transpose(0, 2, 3, 1)
    np.testing.assert_array_equal(x_train[:2], expected)
    assert y_train[:2, 0].tolist() == first[b"labels"]
    assert sorted(os.listdir(site.cache)) == [
        "cifar-10-batches-py-target", "cifar-10-batches-py-target_archive"]
    site.shutdown()
    site.server_close()
    monkeypatch.setattr(config, "_image_data_format", "channels_first")
    (x_cf, _), _ = cifar10.load_data()
    np.testing.assert_array_equal(x_cf.transpose(0, 2, 3, 1), x_train)


@pytest.mark.parametrize("label_mode", ["fine", "coarse"])
def test_cifar100_matches_keras(site, monkeypatch, label_mode):
    ours = cifar100.load_data(label_mode)
    assert ours[0][0].shape == (4, 32, 32, 3) and ours[0][1].shape == (4, 1)
    extracted = str(site.cache / "cifar-100-python-target")
    keras_c100 = _keras_loader(monkeypatch, "cifar100", extracted)
    _assert_same(ours, keras_c100.load_data(label_mode))


def test_cifar100_bad_label_mode(site):
    with pytest.raises(ValueError, match="label_mode"):
        cifar100.load_data("medium")


def test_pickle_with_code_is_refused(site, tmp_path):
    from cornu.datasets._cifar import load_batch

    path = tmp_path / "evil"
    path.write_bytes(pickle.dumps(
        {b"data": np.zeros((1, 3072), np.uint8), b"x": os.getcwd},
        protocol=2))
    with pytest.raises(pickle.UnpicklingError, match="refusing"):
        load_batch(str(path))


def test_imdb_by_hand(site):
    (x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=9)
    rng = np.random.RandomState(113)
    order_train = np.arange(5)
    rng.shuffle(order_train)
    order_test = np.arange(3)
    rng.shuffle(order_test)
    train = [_fixtures.SEQUENCES_TRAIN[i] for i in order_train]
    expected = [[1] + [w + 3 if w + 3 < 9 else 2 for w in s] for s in train]
    assert x_train.dtype == object and x_train.shape == (5,)
    assert [list(s) for s in x_train] == expected
    assert y_train.tolist() == [[1, 0, 1, 0, 1][i] for i in order_train]
    assert y_test.tolist() == [[0, 1, 1][i] for i in order_test]


@pytest.mark.parametrize("kwargs", [
    {}, {"num_words": 8, "skip_top": 4}, {"maxlen": 4},
    {"start_char": None, "oov_char": None, "num_words": 7},
    {"index_from": 0, "start_char": None, "seed": 5},
])
def test_imdb_matches_keras(site, monkeypatch, kwargs):
    ours = imdb.load_data(**kwargs)
    keras_imdb = _keras_loader(monkeypatch, "imdb",
                               str(site.cache / "imdb.npz"))
    _assert_same(ours, keras_imdb.load_data(**kwargs))


def test_imdb_errors(site):
    with pytest.raises(ValueError, match="maxlen"):
        imdb.load_data(maxlen=1)
    with pytest.raises(TypeError, match="nb_words"):
        imdb.load_data(nb_words=10)


@pytest.mark.parametrize("kwargs", [
    {}, {"num_words": 8, "test_split": 0.5}, {"maxlen": 5, "seed": 1},
    {"oov_char": None, "skip_top": 5},
])
def test_reuters_matches_keras(site, monkeypatch, kwargs):
    ours = reuters.load_data(**kwargs)
    keras_reuters = _keras_loader(monkeypatch, "reuters",
                                  str(site.cache / "reuters.npz"))
    _assert_same(ours, keras_reuters.load_data(**kwargs))


def test_word_indexes_and_label_names(site):
    assert imdb.get_word_index() == {"the": 1, "and": 2, "a": 3}
    assert reuters.get_word_index() == {"the": 1, "and": 2, "a": 3}
    assert sorted(os.listdir(site.cache)) == [
        "imdb_word_index.json", "reuters_word_index.json"]
    keras = import_keras()
    assert reuters.get_label_names() == tuple(
        keras.datasets.reuters.get_label_names())


@pytest.mark.parametrize("kwargs", [{}, {"test_split": 0.5, "seed": 3}])
def test_boston_housing_matches_keras(site, monkeypatch, kwargs):
    ours = boston_housing.load_data(**kwargs)
    assert ours[0][0].shape[1] == 13
    keras_bh = _keras_loader(monkeypatch, "boston_housing",
                             str(site.cache / "boston_housing.npz"))
    _assert_same(ours, keras_bh.load_data(**kwargs))


@pytest.mark.parametrize("kwargs", [{}, {"version": "small", "seed": 2}])
def test_california_housing_matches_keras(site, monkeypatch, kwargs):
    ours = california_housing.load_data(**kwargs)
    n = 600 if kwargs else 700
    assert len(ours[0][0]) + len(ours[1][0]) == n
    keras_ch = _keras_loader(monkeypatch, "california_housing",
                             str(site.cache / "california_housing.npz"))
    _assert_same(ours, keras_ch.load_data(**kwargs))


def test_regression_argument_errors(site):
    with pytest.raises(ValueError, match="version"):
        california_housing.load_data(version="tiny")
    with pytest.raises(ValueError, match="test_split"):
        boston_housing.load_data(test_split=1.0)
    with pytest.raises(ValueError, match="test_split"):
        reuters.load_data(test_split=-0.5)
