"""One training step, cornu against the hand-written baseline, in one
process: the steady-state cost of a step without the data pipeline, the
epoch loop or process-to-process noise.

    python bench/bench_step.py --engine torch --workloads W1,W2,W3
    python bench/bench_step.py --workloads W0      # the per-step overhead
    python bench/bench_step.py --engine jax --rounds 20 --keras

For each workload the same batch (the first of the workload's synthetic
data) is fed to cornu's compiled train function (`make_train_function()`,
what `fit` calls per batch) and to the hand-written step of `_hand_torch.py`
(fused Adam, flush-denormal: the best hand variant) or `_hand_jax.py`,
alternating blocks of `--steps` steps for `--rounds` rounds. It prints the
minimum and median milliseconds per step of each, the ratios of the
minima (cornu time / hand time, cornu time / Keras time; below 1 means
cornu is faster) and the median of the per-round ratios ("paired": each
round's cornu block over the baseline block timed just after it). The
minimum is robust when other work only adds time; the paired median when
the machine's speed drifts (shared cores).
`--keras` adds Keras 3's train function on the same engine
(`KERAS_BACKEND`) as a third contender, built from the same user code.
It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)


def _cornu_step(workload, x, y):
    from _workloads import BUILDERS, TRAINING

    import cornu as keras

    batch_size = TRAINING[workload][2]
    model = BUILDERS[workload](keras)
    model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0,
              shuffle=False)
    function = model.make_train_function()
    batch = (x[:batch_size], y[:batch_size])
    if keras.backend.backend() == "torch":
        import torch

        batch = tuple(torch.from_numpy(a) for a in batch)
    # As inside `fit`: with no callback reading batch logs, a step leaves
    # its metric results unread (`CompiledModel._step_logs`).
    model._defer_step_logs = True
    return lambda: function([batch])


def _hand_torch_step(workload, x, y):
    import _hand_torch as hand
    import torch
    from _workloads import TRAINING

    torch.set_flush_denormal(True)
    net, optimizer = hand.make_model(workload, fused=True)
    batch_size = TRAINING[workload][2]
    xb, yb = hand._prepare(workload, x[:batch_size], y[:batch_size])
    return lambda: hand.train_step(workload, net, optimizer, xb, yb)


def _hand_jax_step(workload, x, y):
    import _hand_jax as hand
    from _workloads import TRAINING

    state = [hand.initial_state(workload)]
    batch_size = TRAINING[workload][2]
    xb, yb = x[:batch_size], hand.labels(workload, y[:batch_size])

    def step():
        state[0] = hand._train_step(workload, state[0], xb, yb)
        return state[0]

    return step


def _keras_step(workload, x, y, engine):
    """Keras 3's compiled train function on the same batch (its `fit`
    made it; called as its `fit` calls it)."""
    os.environ["KERAS_BACKEND"] = engine
    import keras
    from _workloads import BUILDERS, TRAINING

    batch_size = TRAINING[workload][2]
    model = BUILDERS[workload](keras)
    model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0,
              shuffle=False)
    model.make_train_function()
    batch = (x[:batch_size], y[:batch_size])
    if engine == "torch":
        import torch

        batch = tuple(torch.from_numpy(a) for a in batch)
        return lambda: model.train_function([batch])
    state = [model._get_jax_state(
        trainable_variables=True, non_trainable_variables=True,
        optimizer_variables=True, metrics_variables=True,
        purge_model_variables=False)]

    def step():
        logs, state[0] = model.train_function(state[0], iter([batch]))
        return logs

    return step


def _blocks(step, steps, engine):
    """A function timing `steps` calls of `step` (waiting for the device
    at the end on jax)."""
    if engine == "jax":
        import jax

        def run():
            out = None
            for _ in range(steps):
                out = step()
            jax.block_until_ready(out)
    else:
        def run():
            for _ in range(steps):
                step()
    return run


def _paired(times: dict, baseline: str) -> str:
    """The median over rounds of cornu's block time over the baseline's
    block of the same round (blocks a few milliseconds apart): a machine
    whose speed drifts moves both, so the paired ratio is steadier than
    the ratio of minima when the machine is busy."""
    ratios = sorted(c / b for c, b in zip(times["cornu"], times[baseline]))
    return f"{statistics.median(ratios):9.2f} (paired, /{baseline})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="torch",
                        choices=("torch", "jax"))
    parser.add_argument("--workloads", default="W1,W2,W3")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--keras", action="store_true",
                        help="also time Keras 3's train function")
    args = parser.parse_args()
    os.environ["CORNU_BACKEND"] = args.engine
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from _workloads import TRAINING, make_data

    hand_step = _hand_torch_step if args.engine == "torch" else _hand_jax_step
    print(f"bench_step.py [{args.engine}]: {args.rounds} rounds of "
          f"{args.steps} steps each, alternating; ms per step")
    names = ["cornu", "hand"] + (["keras"] if args.keras else [])
    print(f"{'workload':10s} " + " ".join(
        f"{n + ' min':>10s} {n + ' med':>10s}" for n in names)
        + f" {'cornu/hand':>11s}"
        + (f" {'cornu/keras':>12s}" if args.keras else ""))
    for workload in args.workloads.split(","):
        x, y = make_data(workload, 2 * TRAINING[workload][2])
        makers = {"cornu": _cornu_step, "hand": hand_step}
        if args.keras:
            makers["keras"] = lambda w, x, y: _keras_step(w, x, y,
                                                          args.engine)
        runs = {name: _blocks(make(workload, x, y), args.steps, args.engine)
                for name, make in makers.items()}
        times: dict = {name: [] for name in runs}
        for run in runs.values():  # warm-up (compilation)
            run()
        for _ in range(args.rounds):
            for name, run in runs.items():
                start = time.perf_counter()
                run()
                times[name].append(
                    (time.perf_counter() - start) / args.steps * 1e3)
        row = f"{workload:10s} " + " ".join(
            f"{min(times[n]):10.2f} {statistics.median(times[n]):10.2f}"
            for n in names)
        row += f" {min(times['cornu']) / min(times['hand']):11.2f}"
        if args.keras:
            row += f" {min(times['cornu']) / min(times['keras']):12.2f}"
        row += " " + _paired(times, "hand")
        if args.keras:
            row += " " + _paired(times, "keras")
        print(row)


if __name__ == "__main__":
    main()
