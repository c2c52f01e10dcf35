"""The torch engine's multi-tensor optimizer updates
(`cornu/backend/torch/optimizers.py`) against the generic `update_step`
written in `cornu.ops` (the oracle): same numbers over 20 steps with every
base feature. Their agreement with Keras 3 is checked by
`test_optimizers.py`, which runs the fast path on torch."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.backend
import cornu.layers
import cornu.ops as ops
from cornu import optimizers
from cornu.backend import StatelessScope, Variable
from cornu.optimizers import optimizer as optimizer_module
from cornu.optimizers import schedules

pytestmark = pytest.mark.skipif(
    cornu.backend.backend() != "torch",
    reason="the multi-tensor fast path is torch's",
)

_RNG = np.random.RandomState(1)
_W0 = [_RNG.normal(size=(5, 3)).astype("float32"),
       _RNG.normal(size=(3,)).astype("float32"),
       _RNG.normal(size=(2, 2)).astype("float64")]
_GRADS = [[_RNG.normal(size=w.shape).astype(w.dtype) for w in _W0]
          for _ in range(20)]


def _cosine():
    return schedules.CosineDecay(0.02, decay_steps=10, alpha=0.1,
                                 warmup_target=0.05, warmup_steps=4)


CASES = [
    ("SGD", lambda: {"learning_rate": 0.1}),
    ("SGD", lambda: {"learning_rate": 0.1, "momentum": 0.9}),
    ("SGD", lambda: {"learning_rate": 0.1, "momentum": 0.9,
                     "nesterov": True, "clipnorm": 1.0}),
    ("SGD", lambda: {"learning_rate": _cosine(), "momentum": 0.5,
                     "use_ema": True, "ema_overwrite_frequency": 3}),
    ("Adam", lambda: {"learning_rate": 0.01}),
    ("Adam", lambda: {"learning_rate": 0.01, "amsgrad": True,
                      "weight_decay": 0.1}),
    ("Adam", lambda: {"learning_rate": _cosine(), "global_clipnorm": 1.0}),
    ("Adam", lambda: {"learning_rate": 0.01, "amsgrad": True,
                      "gradient_accumulation_steps": 3}),
    ("Adam", lambda: {"learning_rate": 0.01, "use_ema": True,
                      "ema_momentum": 0.9, "ema_overwrite_frequency": 4,
                      "clipvalue": 0.5}),
    ("AdamW", lambda: {"learning_rate": _cosine(), "weight_decay": 0.2,
                       "gradient_accumulation_steps": 2}),
    ("AdamW", lambda: {"learning_rate": 0.01, "amsgrad": True,
                       "loss_scale_factor": 4.0}),
    ("RMSprop", lambda: {"learning_rate": 0.01}),
    ("RMSprop", lambda: {"learning_rate": 0.01, "centered": True,
                         "momentum": 0.5, "clipnorm": 0.5}),
    ("RMSprop", lambda: {"learning_rate": _cosine(), "momentum": 0.9,
                         "weight_decay": 0.1, "use_ema": True}),
    ("Lion", lambda: {"learning_rate": 0.01, "beta_1": 0.5,
                      "gradient_accumulation_steps": 2}),
    ("Lion", lambda: {"learning_rate": _cosine(), "weight_decay": 0.1,
                      "use_ema": True}),
    ("Adagrad", lambda: {"learning_rate": 0.1, "clipnorm": 1.0}),
    ("Adagrad", lambda: {"learning_rate": _cosine(),
                         "initial_accumulator_value": 0.5,
                         "gradient_accumulation_steps": 2}),
    ("Adamax", lambda: {"learning_rate": 0.01, "weight_decay": 0.1}),
    ("Adamax", lambda: {"learning_rate": _cosine(), "use_ema": True,
                        "ema_overwrite_frequency": 3}),
    ("Nadam", lambda: {"learning_rate": 0.01}),
    ("Nadam", lambda: {"learning_rate": _cosine(), "global_clipnorm": 1.0,
                       "gradient_accumulation_steps": 3}),
]


def _run(opt, steps=20):
    ws = [Variable(w.copy(), name=f"w{i}") for i, w in enumerate(_W0)]
    for grads in _GRADS[:steps]:
        opt.apply([ops.convert_to_tensor(g) for g in grads], ws)
    return ([ops.convert_to_numpy(w.value) for w in ws],
            [ops.convert_to_numpy(v.value) for v in opt.variables])


# torch's fused Adam kernel rounds differently from Keras's rule (a few
# ulps per step): its weights are compared with a float32-noise tolerance;
# every other fast path, and Adam with CORNU_EXACT_OPTIMIZERS=1, to the bit.
_FUSED_KERNEL = ("Adam", "AdamW")


# Every case on the default path; Adam's and AdamW's also with the fused
# kernel turned off.
_PATH_CASES = [(name, make, exact) for exact in (False, True)
               for name, make in CASES if not exact or name in _FUSED_KERNEL]


@pytest.mark.parametrize(
    ("name", "make_kwargs", "exact"), _PATH_CASES,
    ids=[f"{n}-{i}-{'exact' if e else 'default'}"
         for i, (n, _, e) in enumerate(_PATH_CASES)])
def test_fast_path_matches_ops_path(name, make_kwargs, exact, monkeypatch):
    monkeypatch.setenv("CORNU_EXACT_OPTIMIZERS", "1" if exact else "0")
    cls = getattr(optimizers, name)
    assert optimizer_module.engine_update(cls) is not None
    fast_ws, fast_slots = _run(cls(**make_kwargs()))
    monkeypatch.setattr(optimizer_module, "_engine_optimizers", lambda: None)
    slow_ws, slow_slots = _run(cls(**make_kwargs()))
    fused = name in _FUSED_KERNEL and not exact
    for a, b in zip(fast_ws + fast_slots, slow_ws + slow_slots,
                    strict=True):
        assert a.dtype == b.dtype
        if fused:
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=5e-6)
        else:
            np.testing.assert_array_equal(a, b)


def test_fused_adam_is_as_accurate_as_the_ops_path(monkeypatch):
    """Against Keras's rule computed in float64, torch's fused kernel (the
    default on the CPU) is no less accurate than the float32 ops path: the
    two differ by rounding only."""
    monkeypatch.setenv("CORNU_EXACT_OPTIMIZERS", "0")
    rng = np.random.default_rng(3)
    w0 = rng.normal(size=(64, 32)).astype("float32")
    grads = [rng.normal(size=w0.shape).astype("float32") for _ in range(20)]
    lr, beta_1, beta_2, eps = 1e-2, 0.9, 0.999, 1e-7
    reference, m, v = (w0.astype("float64"), np.zeros(w0.shape),
                       np.zeros(w0.shape))
    for t, g in enumerate(grads, start=1):
        g = g.astype("float64")
        m += (g - m) * (1 - beta_1)
        v += (g * g - v) * (1 - beta_2)
        alpha = lr * np.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
        reference = reference - m * alpha / (np.sqrt(v) + eps)

    def run():
        w = Variable(w0.copy(), name="w")
        opt = optimizers.Adam(lr)
        for g in grads:
            opt.apply([ops.convert_to_tensor(g)], [w])
        return ops.convert_to_numpy(w.value)

    fused = run()
    monkeypatch.setattr(optimizer_module, "_engine_optimizers", lambda: None)
    exact = run()
    assert not np.array_equal(fused, exact)  # the fused kernel really ran
    fused_error = np.abs(fused - reference).max()
    exact_error = np.abs(exact - reference).max()
    assert fused_error <= 1.5 * exact_error, (fused_error, exact_error)
    assert exact_error < 1e-5


def _forbid_update_step(monkeypatch, cls):
    def update_step(self, gradient, variable, learning_rate):
        raise AssertionError("the per-variable update_step ran")

    monkeypatch.setattr(cls, "update_step", update_step)


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Lion",
                                  "Adagrad", "Adamax", "Nadam"])
def test_fast_path_replaces_update_step(name, monkeypatch):
    cls = getattr(optimizers, name)
    _forbid_update_step(monkeypatch, cls)
    kwargs = {"momentum": 0.5} if name in ("SGD", "RMSprop") else {}
    _run(cls(**kwargs), steps=2)


def test_stateless_scope_uses_update_step():
    """Inside a `StatelessScope` writes must be recorded, not done in
    place: the generic path runs and the variables keep their values."""
    w = Variable(np.ones(3, "float32"), name="w")
    opt = optimizers.Adam(0.1)
    opt.build([w])
    calls = []
    original = optimizers.Adam.update_step

    def counting(self, gradient, variable, learning_rate):
        calls.append(variable.name)
        original(self, gradient, variable, learning_rate)

    optimizers.Adam.update_step = counting
    try:
        with StatelessScope() as scope:
            opt.apply([np.ones(3, "float32")], [w])
    finally:
        optimizers.Adam.update_step = original
    assert calls == ["w"]
    np.testing.assert_array_equal(ops.convert_to_numpy(w.value), np.ones(3))
    np.testing.assert_allclose(
        ops.convert_to_numpy(scope.get_current_value(w)), np.full(3, 0.9),
        rtol=1e-5,
    )


def test_subclass_keeps_its_update_step():
    class Halved(optimizers.SGD):
        def update_step(self, gradient, variable, learning_rate):
            super().update_step(gradient * 0.5, variable, learning_rate)

    assert optimizer_module.engine_update(Halved) is None
    w = Variable(np.ones(2, "float32"))
    Halved(1.0).apply([np.ones(2, "float32")], [w])
    np.testing.assert_allclose(ops.convert_to_numpy(w.value), [0.5, 0.5])


def test_optimizers_without_fast_path_use_update_step():
    for name in ("Adadelta", "Ftrl", "Lamb"):
        assert optimizer_module.engine_update(getattr(optimizers, name)) is (
            None
        )


def test_weights_keep_requires_grad_and_identity():
    w = Variable(np.ones(2, "float32"))
    storage = w.value
    optimizers.Adam(0.1).apply([np.ones(2, "float32")], [w])
    assert w.value is storage
    assert storage.requires_grad
    assert storage.grad_fn is None


@pytest.mark.parametrize("amsgrad", [False, True])
def test_adam_step_without_host_sync_matches_ops_path(amsgrad, monkeypatch):
    """The branch taken on accelerators and under `torch.compile`
    (no `alpha.item()`)."""
    import torch

    monkeypatch.setattr(torch.compiler, "is_compiling", lambda: True)
    fast = _run(optimizers.Adam(0.01, amsgrad=amsgrad))
    monkeypatch.setattr(optimizer_module, "_engine_optimizers", lambda: None)
    slow = _run(optimizers.Adam(0.01, amsgrad=amsgrad))
    for a, b in zip(fast[0] + fast[1], slow[0] + slow[1], strict=True):
        np.testing.assert_array_equal(a, b)


# Memory order. `Dense` stores its kernel column-major on torch
# (`_lay_out_as_matmul_rhs`); the fused kernels walk weights, gradients and
# slots in memory order, so every one must be laid out as its weight.
@pytest.mark.parametrize("name", ["Adam", "AdamW", "SGD", "RMSprop",
                                  "Nadam"])
@pytest.mark.parametrize("layout", ["column_major_weight",
                                    "transposed_gradient", "both"])
def test_memory_order_does_not_change_the_update(name, layout, monkeypatch):
    monkeypatch.setenv("CORNU_EXACT_OPTIMIZERS", "0")
    rng = np.random.default_rng(5)
    w0 = rng.normal(size=(6, 4)).astype("float32")
    grads = [rng.normal(size=w0.shape).astype("float32") for _ in range(5)]
    kwargs = {"momentum": 0.9} if name in ("SGD", "RMSprop") else {}

    def run(weight_layout, gradient_layout):
        w = Variable(w0.copy(), name="w")
        if weight_layout:
            w._lay_out_as_matmul_rhs()
            assert w.value.stride() == (1, 6)
        opt = getattr(optimizers, name)(learning_rate=0.05, **kwargs)
        for g in grads:
            g = ops.convert_to_tensor(g)
            if gradient_layout:  # same values, column-major memory
                g = ops.convert_to_tensor(np.asfortranarray(g.numpy()))
                assert g.stride() == (1, 6)
            opt.apply([g], [w])
        for slot in opt.variables:
            if tuple(slot.shape) == w0.shape:
                assert slot.value.stride() == w.value.stride(), slot.path
        return ops.convert_to_numpy(w.value)

    expected = run(False, False)
    got = run(layout != "transposed_gradient", layout != "column_major_weight")
    np.testing.assert_array_equal(got, expected)


def test_dense_kernel_is_column_major_and_registered():
    import torch

    layer = cornu.layers.Dense(3)
    layer.build((None, 5))
    kernel = layer.kernel.value
    assert kernel.stride() == (1, 5)
    # the module registry holds the same Parameter (parameters(), .to())
    assert any(p is kernel for p in layer.parameters())
    assert isinstance(kernel, torch.nn.Parameter) and kernel.requires_grad
