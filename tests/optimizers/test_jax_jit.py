"""`Optimizer.apply` as the JAX trainer runs it: inside `jax.jit`, in a
`StatelessScope` that maps every optimizer and model variable to a traced
value, the new values read back from the scope. The generic update must
trace (pure `cornu.ops`, no Python branch on a tensor value) and give the
eager numbers."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.backend
import cornu.ops as ops
from cornu import optimizers
from cornu.backend import StatelessScope, Variable

pytestmark = pytest.mark.skipif(
    cornu.backend.backend() != "jax", reason="jax.jit is the jax engine's"
)

_RNG = np.random.RandomState(2)
_W0 = [_RNG.normal(size=(3, 2)).astype("float32"),
       _RNG.normal(size=(2,)).astype("float32")]
_GRADS = [[_RNG.normal(size=w.shape).astype("float32") for w in _W0]
          for _ in range(3)]
_FEATURES = {"use_ema": True, "ema_momentum": 0.5,
             "ema_overwrite_frequency": 2, "gradient_accumulation_steps": 2}


def _variables():
    return [Variable(w.copy(), name=f"w{i}") for i, w in enumerate(_W0)]


def _run_eager(opt):
    ws = _variables()
    for grads in _GRADS:
        opt.apply(grads, ws)
    return [ops.convert_to_numpy(v.value) for v in ws + opt.variables]


def _run_jitted(opt):
    import jax

    ws = _variables()
    opt.build(ws)
    state = ws + opt.variables

    @jax.jit
    def step(values, grads):
        with StatelessScope(list(zip(state, values, strict=True))) as scope:
            opt.apply(grads, ws)
        return [scope.get_current_value(v) for v in state]

    values = [v.value for v in state]
    for grads in _GRADS:
        values = step(values, [ops.convert_to_tensor(g) for g in grads])
    # The variables themselves were never written.
    for v, w0 in zip(ws, _W0, strict=True):
        np.testing.assert_array_equal(ops.convert_to_numpy(v.value), w0)
    return [np.asarray(v) for v in values]


@pytest.mark.parametrize(("name", "kwargs"), [
    ("Adam", {"learning_rate": 0.1, "amsgrad": True}),
    ("Lion", {"learning_rate": 0.1, "weight_decay": 0.1}),
    ("Ftrl", {"learning_rate": 0.1, "l1_regularization_strength": 0.01,
              "clipnorm": 1.0}),
])
def test_apply_under_jit_matches_eager(name, kwargs):
    cls = getattr(optimizers, name)
    eager = _run_eager(cls(**kwargs, **_FEATURES))
    jitted = _run_jitted(cls(**kwargs, **_FEATURES))
    assert len(eager) == len(jitted)
    for a, b in zip(eager, jitted, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    # 3 calls with accumulation over 2: one update, so the weights moved.
    assert not np.allclose(eager[0], _W0[0])
