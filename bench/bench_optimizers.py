"""Per-step time of an optimizer update on the torch engine: cornu's generic
path (`update_step` per variable, in `cornu.ops`) against its multi-tensor
fast path (`cornu/backend/torch/optimizers.py`) and against
`torch.optim` (foreach and fused), for the W1 MLP's parameter shapes.

    OMP_WAIT_POLICY=PASSIVE CORNU_BACKEND=torch \
        python bench/bench_optimizers.py [--steps 200] [--optimizers adam,sgd]

Prints the median wall-clock time of one update over `--steps` steps
(after 10 warm-up steps), and, for Adam, how far torch's own fused kernel
(`torch._fused_adam_`, given Keras's epsilon as `eps / sqrt(1 - beta_2^t)`
so that the two rules agree in exact arithmetic) drifts from Keras's
numbers in 20 steps. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("CORNU_BACKEND", "torch")

import numpy as np  # noqa: E402
import torch  # noqa: E402

import cornu.backend  # noqa: E402
from cornu import ops, optimizers  # noqa: E402
from cornu.backend import Variable  # noqa: E402
from cornu.optimizers import optimizer as optimizer_module  # noqa: E402

SHAPES = [(784, 512), (512,), (512, 512), (512,), (512, 10), (10,)]

# cornu class and kwargs, and the torch.optim class and kwargs for the same
# update (the same role, not the same numbers: torch's rules differ).
OPTIMIZERS = {
    "adam": (optimizers.Adam, {"learning_rate": 1e-3},
             torch.optim.Adam, {"lr": 1e-3}),
    "adam_amsgrad": (optimizers.Adam, {"learning_rate": 1e-3,
                                       "amsgrad": True},
                     torch.optim.Adam, {"lr": 1e-3, "amsgrad": True}),
    "adamw": (optimizers.AdamW, {"learning_rate": 1e-3},
              torch.optim.AdamW, {"lr": 1e-3, "weight_decay": 0.004}),
    "sgd": (optimizers.SGD, {"learning_rate": 0.01, "momentum": 0.9},
            torch.optim.SGD, {"lr": 0.01, "momentum": 0.9}),
    "rmsprop": (optimizers.RMSprop, {"learning_rate": 1e-3},
                torch.optim.RMSprop, {"lr": 1e-3, "alpha": 0.9}),
    "adagrad": (optimizers.Adagrad, {"learning_rate": 1e-3},
                torch.optim.Adagrad, {"lr": 1e-3}),
    "adamax": (optimizers.Adamax, {"learning_rate": 1e-3},
               torch.optim.Adamax, {"lr": 1e-3}),
    "nadam": (optimizers.Nadam, {"learning_rate": 1e-3},
              torch.optim.NAdam, {"lr": 1e-3}),
}


def _data(seed=0):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=s).astype("float32") * 0.05 for s in SHAPES]
    grads = [rng.normal(size=s).astype("float32") * 0.01 for s in SHAPES]
    return weights, grads


def _median_step(step, steps):
    for _ in range(10):
        step()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_cornu(cls, kwargs, steps, fast):
    weights, grads = _data()
    variables = [Variable(w, name=f"w{i}") for i, w in enumerate(weights)]
    grads = [ops.convert_to_tensor(g) for g in grads]
    opt = cls(**kwargs)
    saved = optimizer_module._engine_optimizers
    if not fast:
        optimizer_module._engine_optimizers = lambda: None
    try:
        return _median_step(lambda: opt.apply(grads, variables), steps)
    finally:
        optimizer_module._engine_optimizers = saved


def time_torch(cls, kwargs, steps, **impl):
    weights, grads = _data()
    params = [torch.nn.Parameter(torch.from_numpy(w)) for w in weights]
    for p, g in zip(params, grads, strict=True):
        p.grad = torch.from_numpy(g)
    try:
        opt = cls(params, **kwargs, **impl)
    except (RuntimeError, TypeError, ValueError) as err:
        return f"n/a ({str(err).splitlines()[0][:40]})"
    return _median_step(opt.step, steps)


def fused_adam_drift(steps=20):
    """Max relative difference, after `steps` steps, between Keras's Adam
    (cornu's ops path) and `torch._fused_adam_` with epsilon rescaled."""
    rng = np.random.default_rng(1)
    weights = [rng.normal(size=s).astype("float32") for s in SHAPES]
    all_grads = [[rng.normal(size=s).astype("float32") for s in SHAPES]
                 for _ in range(steps)]
    variables = [Variable(w, name=f"w{i}") for i, w in enumerate(weights)]
    opt = optimizers.Adam(1e-2)
    for grads in all_grads:
        opt.apply([ops.convert_to_tensor(g) for g in grads], variables)
    params = [torch.from_numpy(w.copy()) for w in weights]
    m = [torch.zeros_like(p) for p in params]
    v = [torch.zeros_like(p) for p in params]
    step = torch.zeros(())
    b1, b2, eps = 0.9, 0.999, 1e-7
    for t, grads in enumerate(all_grads, start=1):
        steps_ = [step.clone().fill_(t) for _ in params]
        eps_t = eps / float(np.sqrt(1 - np.float32(b2) ** t))
        torch._fused_adam_(
            params, [torch.from_numpy(g) for g in grads], m, v, [], steps_,
            lr=1e-2, beta1=b1, beta2=b2, weight_decay=0.0, eps=eps_t,
            amsgrad=False, maximize=False,
        )
    # The relative difference, as `assert_allclose(rtol, atol=1e-6)` sees
    # it: |a - b| - 1e-6 over |b|.
    return max(
        float(np.max((np.abs(p.numpy() - ops.convert_to_numpy(w.value))
                      - 1e-6) / np.abs(ops.convert_to_numpy(w.value))))
        for p, w in zip(params, variables, strict=True)
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--optimizers", default=",".join(OPTIMIZERS))
    args = parser.parse_args()
    if cornu.backend.backend() != "torch":
        raise SystemExit("bench_optimizers measures the torch engine; set "
                         "CORNU_BACKEND=torch.")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"shapes {SHAPES}, median of {args.steps} steps (ms/step)")

    def fmt(x):
        return f"{x * 1e3:8.3f}" if isinstance(x, float) else f"{x:>8}"

    print(f"{'optimizer':14s} {'cornu ops':>10s} {'cornu fast':>10s} "
          f"{'torch foreach':>14s} {'torch fused':>12s}")
    for name in args.optimizers.split(","):
        cls, kwargs, torch_cls, torch_kwargs = OPTIMIZERS[name]
        row = [
            time_cornu(cls, kwargs, args.steps, fast=False),
            time_cornu(cls, kwargs, args.steps, fast=True),
            time_torch(torch_cls, torch_kwargs, args.steps, foreach=True),
            time_torch(torch_cls, torch_kwargs, args.steps, fused=True),
        ]
        print(f"{name:14s} {fmt(row[0]):>10s} {fmt(row[1]):>10s} "
              f"{fmt(row[2]):>14s} {fmt(row[3]):>12s}")
    print("torch._fused_adam_ vs Keras's Adam after 20 steps (lr=1e-2), "
          "max relative difference beyond an absolute 1e-6: "
          f"{fused_adam_drift():.2e} (cornu's fast path: 0, to the bit)")


if __name__ == "__main__":
    main()
