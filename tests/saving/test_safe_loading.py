"""Loading refuses unsafe or damaged files with cornu's errors: archive
members escaping the folder, zip bombs, oversized members, unexpected
HDF5 structure, and a fuzz run over mutated and truncated files."""

import io
import zipfile

import h5py
import numpy as np
import pytest

import cornu
from cornu.saving import (
    InvalidFileError,
    UnknownObjectError,
    WeightMismatchError,
    saving_lib,
)
from tests._oracle import import_keras
from tests.saving._models import mlp

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def _valid_archive(tmp_path):
    path = str(tmp_path / "valid.keras")
    mlp(cornu).save(path)
    with zipfile.ZipFile(path) as zf:
        return path, {n: zf.read(n) for n in zf.namelist()}


def _write_zip(path, members, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return str(path)


@pytest.mark.parametrize("bad_name", ["../escape.json", "/etc/evil",
                                      "assets/../../up.txt",
                                      "C:\\windows\\x"])
def test_member_escaping_the_folder_is_refused(bad_name, tmp_path):
    _, members = _valid_archive(tmp_path)
    path = _write_zip(tmp_path / "evil.keras", {**members, bad_name: b"x"})
    with pytest.raises(InvalidFileError, match="escapes the archive"):
        cornu.saving.load_model(path)


def test_zip_bomb_is_refused_before_it_expands(tmp_path):
    _, members = _valid_archive(tmp_path)
    members["model.weights.h5"] = bytes(4 * 2**20)
    path = _write_zip(tmp_path / "bomb.keras", members,
                      compression=zipfile.ZIP_DEFLATED)
    with pytest.raises(InvalidFileError, match="zip bomb"):
        cornu.saving.load_model(path)


def test_oversized_member_is_refused(tmp_path, monkeypatch):
    path, _ = _valid_archive(tmp_path)
    monkeypatch.setattr(saving_lib, "MAX_JSON_BYTES", 100)
    with pytest.raises(InvalidFileError, match="more than the 100 accepted"):
        cornu.saving.load_model(path)


def test_too_many_members_is_refused(tmp_path, monkeypatch):
    path, _ = _valid_archive(tmp_path)
    monkeypatch.setattr(saving_lib, "MAX_MEMBERS", 2)
    with pytest.raises(InvalidFileError, match="at most 2"):
        cornu.saving.load_model(path)


def test_not_an_archive_and_missing_members(tmp_path):
    bad = tmp_path / "bad.keras"
    bad.write_bytes(b"plain text, not a zip")
    with pytest.raises(InvalidFileError, match="zip file"):
        cornu.saving.load_model(str(bad))
    _, members = _valid_archive(tmp_path)
    no_config = _write_zip(tmp_path / "nc.keras",
                           {"model.weights.h5": members["model.weights.h5"]})
    with pytest.raises(InvalidFileError, match="no config.json"):
        cornu.saving.load_model(no_config)
    no_weights = _write_zip(tmp_path / "nw.keras",
                            {"config.json": members["config.json"]})
    with pytest.raises(InvalidFileError, match="no model.weights.h5"):
        cornu.saving.load_model(no_weights)


@pytest.mark.parametrize("config", [b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_bad_config_json(config, tmp_path):
    _, members = _valid_archive(tmp_path)
    path = _write_zip(tmp_path / "c.keras", {**members, "config.json": config})
    with pytest.raises(InvalidFileError, match="config.json"):
        cornu.saving.load_model(path)


def _weights_with(tmp_path, edit):
    """A valid archive whose weights file was changed by `edit(h5file)`."""
    _, members = _valid_archive(tmp_path)
    buffer = io.BytesIO(members["model.weights.h5"])
    with h5py.File(buffer, "a") as f:
        edit(f)
    members["model.weights.h5"] = buffer.getvalue()
    return _write_zip(tmp_path / "w.keras", members)


def _replace(f, key, value):
    del f[key]
    f[key] = value


@pytest.mark.parametrize("edit, message", [
    (lambda f: _replace(f, "layers/dense/vars", np.zeros(3)),
     "should be a group"),
    (lambda f: f.move("layers/dense/vars/1", "layers/dense/vars/b"),
     "named 0..1"),
    (lambda f: _replace(f, "layers/dense/vars/1", np.array([b"ab"])),
     "numeric dataset"),
])
def test_unexpected_hdf5_structure(edit, message, tmp_path):
    path = _weights_with(tmp_path, edit)
    with pytest.raises(InvalidFileError, match=message):
        cornu.saving.load_model(path)


def test_weights_file_with_wrong_shape(tmp_path):
    path = _weights_with(tmp_path, lambda f: _replace(
        f, "layers/dense/vars/0", np.zeros((2, 2), "float32")))
    with pytest.raises(WeightMismatchError, match=r"\(3, 4\).*\(2, 2\)"):
        cornu.saving.load_model(path)


def _mutations(data: bytes, rng, count):
    """Truncations, byte flips and zeroed runs of `data`."""
    n = len(data)
    for i in range(count):
        kind = i % 3
        if kind == 0:
            yield data[:int(rng.integers(0, n))]
        elif kind == 1:
            out = bytearray(data)
            for pos in rng.integers(0, n, size=int(rng.integers(1, 16))):
                out[pos] ^= int(rng.integers(1, 256))
            yield bytes(out)
        else:
            start = int(rng.integers(0, n))
            length = int(rng.integers(1, 512))
            out = bytearray(data)
            out[start:start + length] = bytes(len(out[start:start + length]))
            yield bytes(out)


def _is_cornu_error(err) -> bool:
    return isinstance(err, (InvalidFileError, WeightMismatchError,
                            UnknownObjectError))


def test_fuzz_mutated_and_truncated_files(tmp_path):
    model = mlp(cornu)
    files = {
        "m.keras": lambda p: model.save(p),
        "m.h5": lambda p: model.save(p),
        "m.weights.h5": lambda p: model.save_weights(p),
    }
    rng = np.random.default_rng(1234)
    outcomes = {"loaded": 0, "refused": 0}
    for name, write in files.items():
        original = str(tmp_path / name)
        write(original)
        data = open(original, "rb").read()
        for i, mutated in enumerate(_mutations(data, rng, 100)):
            path = tmp_path / f"fuzz_{i}_{name}"
            path.write_bytes(mutated)
            try:
                if name == "m.weights.h5":
                    mlp(cornu).load_weights(str(path))
                else:
                    cornu.saving.load_model(str(path), compile=False)
                outcomes["loaded"] += 1
            except Exception as err:  # noqa: BLE001 - the point of the test
                assert _is_cornu_error(err), (
                    f"{name} mutation {i}: {type(err).__name__}: {err}")
                outcomes["refused"] += 1
            path.unlink()
    assert outcomes["refused"] > 150


def test_damaged_global_heap_is_refused_not_hung(tmp_path):
    # Variable-length string attributes (what Keras 3 and h5py write for
    # `str`) live in an unchecksummed global heap; zeroing it would send
    # the HDF5 library into an endless loop.
    path = tmp_path / "w.h5"
    fixtures_weights = {"dense": [np.ones((3, 4), "float32"),
                                  np.ones((4,), "float32")]}
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = ["dense"]
        group = f.create_group("dense")
        group.attrs["weight_names"] = ["dense/kernel", "dense/bias"]
        for name, array in zip(group.attrs["weight_names"],
                               fixtures_weights["dense"]):
            group.create_dataset(name, data=array)
    data = bytearray(path.read_bytes())
    heap = data.find(b"GCOL")
    assert heap > 0
    data[heap + 16:heap + 64] = bytes(48)
    path.write_bytes(bytes(data))
    with pytest.raises(InvalidFileError, match="global heap"):
        mlp(cornu).load_weights(str(path))


@pytest.mark.oracle
def test_fuzz_files_written_by_keras(tmp_path):
    keras = import_keras()
    model = mlp(keras)
    rng = np.random.default_rng(99)
    refused = 0
    for name in ("k.weights.h5", "k.h5"):
        original = str(tmp_path / name)
        if name.endswith(".weights.h5"):
            model.save_weights(original)
        else:
            model.save(original)
        data = open(original, "rb").read()
        for i, mutated in enumerate(_mutations(data, rng, 60)):
            path = tmp_path / f"fuzz_{i}_{name}"
            path.write_bytes(mutated)
            try:
                if name.endswith(".weights.h5"):
                    mlp(cornu).load_weights(str(path))
                else:
                    cornu.saving.load_model(str(path), compile=False)
            except Exception as err:  # noqa: BLE001 - the point of the test
                assert _is_cornu_error(err), (
                    f"{name} mutation {i}: {type(err).__name__}: {err}")
                refused += 1
            path.unlink()
    assert refused > 40
