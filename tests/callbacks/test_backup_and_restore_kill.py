"""A `fit` killed with SIGKILL mid-epoch resumes from its last
`BackupAndRestore` backup and ends as an uninterrupted run does."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import numpy as np
import pytest

import cornu.backend
from tests.callbacks import _backup_training

pytestmark = [
    pytest.mark.trainable,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"),
                       reason="needs POSIX signals"),
]

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def _run(backup_dir, *args):
    env = dict(os.environ, CORNU_BACKEND=cornu.backend.backend())
    if cornu.backend.backend() == "jax":
        # Share the suite's persistent compilation cache (conftest.py).
        import jax

        cache = jax.config.jax_compilation_cache_dir
        if cache:
            env.update(JAX_COMPILATION_CACHE_DIR=cache,
                       JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS="0",
                       JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES="0")
    return subprocess.run(
        [sys.executable, "-m", "tests.callbacks._backup_training",
         str(backup_dir), *map(str, args)],
        cwd=_ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_killed_training_resumes_from_the_last_backup(tmp_path):
    backup_dir = tmp_path / "backup"
    killed = _run(backup_dir, 2)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with open(backup_dir / "training_metadata.json") as file:
        assert json.load(file)["epoch"] == 2  # epochs 0 and 1 finished
    # The second run needs only a process that has not trained: this one.
    result = _backup_training.train(str(backup_dir))
    assert result["epochs"] == [2, 3, 4]
    assert not backup_dir.exists()  # deleted once training ended
    reference = _backup_training.train(str(tmp_path / "reference"))
    assert reference["epochs"] == [0, 1, 2, 3, 4]
    for ours, expected in zip(result["weights"], reference["weights"],
                              strict=True):
        np.testing.assert_allclose(ours, expected, rtol=1e-5, atol=1e-6)
