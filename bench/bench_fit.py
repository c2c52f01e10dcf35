"""`fit` against the hand-written training loop, in one process: what the
epoch loop adds around the step (batching, conversion, state hand-over,
callbacks), without process-to-process noise.

    python bench/bench_fit.py --engine jax --workloads W0,W1
    python bench/bench_fit.py --engine torch --workloads W1 --samples 6400

For each workload, `--samples` samples of the workload's synthetic data
are trained on for one shuffled epoch by cornu's `fit` (the Keras-style
user code of `_workloads.py`, `verbose=0`) and for two by the hand loop of
`_hand_torch.py` (fused Adam; in this process flush-denormal is on for
both, as the torch engine sets it) or `_hand_jax.py`, whose second epoch
is timed. They alternate for `--rounds` rounds after a warm-up that
compiles everything (the last partial batch included). It prints the
minimum and median milliseconds per step, the ratio of the minima (cornu
time / hand time: below 1 means cornu is faster) and the median of the
per-round ratios (`bench_step.py`'s "paired" ratio). `bench_step.py` times
the step alone; the difference between the two is the loop's cost.
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


def _cornu_epoch(workload, x, y, batch_size):
    from _workloads import BUILDERS

    import cornu as keras

    model = BUILDERS[workload](keras)

    def epoch():
        model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0)

    return epoch


def _hand_epoch(workload, x, y, engine):
    if engine == "torch":
        import _hand_torch as hand

        def epoch():
            return hand.training(workload, x, y, True,
                                 time.perf_counter)["epoch2_s"]
    else:
        import _hand_jax as hand

        def epoch():
            return hand.training(workload, x, y,
                                 time.perf_counter)["epoch2_s"]
    return epoch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="torch",
                        choices=("torch", "jax"))
    parser.add_argument("--workloads", default="W0,W1")
    parser.add_argument("--samples", type=int, default=None,
                        help="samples per epoch (default: 100 batches)")
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    os.environ["CORNU_BACKEND"] = args.engine
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from _workloads import TRAINING, make_data
    from bench_step import _paired

    print(f"bench_fit.py [{args.engine}]: {args.rounds} rounds, one epoch "
          "each, alternating; ms per step")
    print(f"{'workload':10s} {'samples':>8s} {'cornu min':>10s} "
          f"{'cornu med':>10s} {'hand min':>10s} {'hand med':>10s} "
          f"{'cornu/hand':>11s}")
    for workload in args.workloads.split(","):
        batch_size = TRAINING[workload][2]
        n = args.samples or 100 * batch_size
        x, y = make_data(workload, n)
        steps = -(-n // batch_size)
        cornu = _cornu_epoch(workload, x, y, batch_size)
        hand = _hand_epoch(workload, x, y, args.engine)
        cornu()  # warm-up: builds and compiles (full and partial batch)
        hand()
        times: dict = {"cornu": [], "hand": []}
        for _ in range(args.rounds):
            start = time.perf_counter()
            cornu()
            times["cornu"].append((time.perf_counter() - start) / steps * 1e3)
            times["hand"].append(hand() / steps * 1e3)
        c, h = times["cornu"], times["hand"]
        print(f"{workload:10s} {n:8d} {min(c):10.2f} "
              f"{statistics.median(c):10.2f} {min(h):10.2f} "
              f"{statistics.median(h):10.2f} {min(c) / min(h):11.2f} "
              + _paired(times, "hand"))


if __name__ == "__main__":
    main()
