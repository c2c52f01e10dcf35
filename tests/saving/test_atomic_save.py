"""Saving never leaves half a file: a failed or killed save leaves the
previous file as it was."""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import cornu
from cornu.saving import file_utils
from tests.saving._models import inputs_for, mlp, outputs, randomize

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

# Saves a different model over `path`, but stalls after the archive's
# first member is written and waits to be killed.
_STALLING_SAVER = """
import sys, time, zipfile
import cornu
from tests.saving._models import mlp, randomize

path, ready = sys.argv[1], sys.argv[2]
original = zipfile.ZipFile.writestr

def stalling_writestr(self, *args, **kwargs):
    original(self, *args, **kwargs)
    self.fp.flush()
    open(ready, "w").close()
    time.sleep(120)

zipfile.ZipFile.writestr = stalling_writestr
model = mlp(cornu)
randomize(model, seed=99)
model.save(path)
"""


def test_killed_save_leaves_previous_file_loadable(tmp_path):
    path = str(tmp_path / "m.keras")
    ready = str(tmp_path / "ready")
    model = mlp(cornu)
    randomize(model)
    model.save(path)
    before = open(path, "rb").read()
    env = dict(os.environ, CORNU_BACKEND="numpy", PYTHONPATH=ROOT)
    proc = subprocess.Popen([sys.executable, "-c", _STALLING_SAVER, path,
                             ready], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not os.path.exists(ready):
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the saver never started"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()
    assert open(path, "rb").read() == before
    leftovers = [n for n in os.listdir(tmp_path) if ".tmp-" in n]
    assert leftovers, "the save should have been writing a temporary file"
    restored = cornu.saving.load_model(path)
    x = inputs_for("mlp")
    np.testing.assert_allclose(outputs(restored, x)[0], outputs(model, x)[0],
                               rtol=1e-6)


def test_failed_save_keeps_previous_file_and_cleans_up(tmp_path,
                                                       monkeypatch):
    path = str(tmp_path / "m.weights.h5")
    model = mlp(cornu)
    model.save_weights(path)
    before = open(path, "rb").read()

    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr("cornu.saving.weights_h5.write_weights", broken)
    with pytest.raises(OSError, match="No space left"):
        model.save_weights(path)
    assert open(path, "rb").read() == before
    assert os.listdir(tmp_path) == ["m.weights.h5"]


def test_atomic_write_needs_an_existing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        with file_utils.atomic_write(str(tmp_path / "nope" / "f.keras")):
            pass


def test_atomic_write_replaces_only_at_the_end(tmp_path):
    target = tmp_path / "f.txt"
    target.write_text("old")
    with file_utils.atomic_write(str(target)) as tmp:
        with open(tmp, "w") as f:
            f.write("new")
        assert target.read_text() == "old"
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["f.txt"]
