"""A file saved under one engine loads under every other with the same
predictions: each other engine saves in a subprocess (the engine is chosen
once per process), the engine under test loads."""

import importlib.util
import os
import subprocess
import sys

import numpy as np
import pytest

import cornu
from tests.saving._models import outputs

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
_NEEDS = {"torch": "torch", "jax": "jax", "numpy": "numpy"}

_SAVER = """
import sys
import numpy as np
import cornu
from tests.saving._models import BUILDERS, inputs_for, outputs, randomize

out = sys.argv[1]
for name in ("cnn_bn", "multi_io"):
    model = BUILDERS[name](cornu)
    randomize(model, seed=11)
    model.save(f"{out}/{name}.keras")
    model.save_weights(f"{out}/{name}.weights.h5")
    np.savez(f"{out}/{name}.npz", *outputs(model, inputs_for(name)))
"""


def _other_engines():
    current = cornu.backend.backend()
    return [e for e in ("torch", "jax", "numpy") if e != current
            and importlib.util.find_spec(_NEEDS[e]) is not None]


@pytest.mark.parametrize("saved_under", ["torch", "jax", "numpy"])
def test_files_from_another_engine(saved_under, tmp_path):
    if saved_under not in _other_engines():
        pytest.skip(f"{saved_under} is the engine under test or missing")
    env = dict(os.environ, CORNU_BACKEND=saved_under, PYTHONPATH=ROOT,
               OMP_WAIT_POLICY="PASSIVE")
    result = subprocess.run([sys.executable, "-c", _SAVER, str(tmp_path)],
                            cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    from tests.saving._models import BUILDERS, inputs_for

    for name in ("cnn_bn", "multi_io"):
        saved = np.load(tmp_path / f"{name}.npz")
        want = [saved[k] for k in sorted(saved.files)]
        x = inputs_for(name)
        model = cornu.saving.load_model(str(tmp_path / f"{name}.keras"))
        fresh = BUILDERS[name](cornu)
        fresh.load_weights(str(tmp_path / f"{name}.weights.h5"))
        for loaded in (model, fresh):
            for got, expected in zip(outputs(loaded, x), want):
                np.testing.assert_allclose(got, expected, rtol=1e-5,
                                           atol=1e-6)
