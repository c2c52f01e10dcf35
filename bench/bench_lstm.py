"""The issue-5 LSTM entry: one training step of cornu's `LSTM` layer against
`torch.nn.LSTM`, same shapes, on torch.

The workload is the benchmark's W3 recurrent part: sequences of 100 steps,
batch 64, inputs from an Embedding(20000, 128), an LSTM with 64 units whose
last output feeds a Dense(1) sigmoid and binary crossentropy. Both sides run
forward + backward + an SGD update under `torch.no_grad`, interleaved
(cornu, torch, cornu, torch, ...), and the script prints the median step
time of each, the ratio, and the same for the LSTM alone (no Embedding).

    OMP_WAIT_POLICY=PASSIVE python bench/bench_lstm.py [--threads 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("CORNU_BACKEND", "torch")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import cornu  # noqa: E402
from cornu import layers  # noqa: E402

VOCAB, EMBED, UNITS, SEQ, BATCH = 20000, 128, 64, 100, 64


def cornu_step_fn(with_embedding: bool):
    inputs = cornu.Input((SEQ,), dtype="int32") if with_embedding else \
        cornu.Input((SEQ, EMBED))
    x = layers.Embedding(VOCAB, EMBED)(inputs) if with_embedding else inputs
    x = layers.LSTM(UNITS)(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    model = cornu.Model(inputs, outputs)
    params = [v.value for v in model.trainable_weights]
    loss_fn = torch.nn.BCELoss()

    def step(x, y):
        loss = loss_fn(model(x, training=True), y)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g in zip(params, grads, strict=True):
                p.sub_(0.01 * g)

    return step


class _TorchNet(torch.nn.Module):
    def __init__(self, with_embedding: bool):
        super().__init__()
        self.embedding = (torch.nn.Embedding(VOCAB, EMBED)
                          if with_embedding else None)
        self.lstm = torch.nn.LSTM(EMBED, UNITS, batch_first=True)
        self.dense = torch.nn.Linear(UNITS, 1)

    def forward(self, x):
        if self.embedding is not None:
            x = self.embedding(x)
        out, _ = self.lstm(x)
        return torch.sigmoid(self.dense(out[:, -1]))


def torch_step_fn(with_embedding: bool):
    net = _TorchNet(with_embedding)
    params = list(net.parameters())
    loss_fn = torch.nn.BCELoss()

    def step(x, y):
        loss = loss_fn(net(x), y)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g in zip(params, grads, strict=True):
                p.sub_(0.01 * g)

    return step


def _median_ms(step, x, y, steps: int) -> float:
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step(x, y)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    y = torch.tensor(rng.integers(0, 2, (BATCH, 1)), dtype=torch.float32)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"batch {BATCH}, sequence {SEQ}, units {UNITS}")
    for with_embedding in (True, False):
        if with_embedding:
            x = torch.tensor(rng.integers(1, VOCAB, (BATCH, SEQ)))
        else:
            x = torch.tensor(rng.normal(size=(BATCH, SEQ, EMBED)),
                             dtype=torch.float32)
        ours, theirs = cornu_step_fn(with_embedding), torch_step_fn(
            with_embedding)
        for step in (ours, theirs):  # warm-up
            _median_ms(step, x, y, 3)
        a, b = [], []
        for _ in range(args.rounds):  # interleaved
            a.append(_median_ms(ours, x, y, args.steps))
            b.append(_median_ms(theirs, x, y, args.steps))
        name = "Embedding + LSTM" if with_embedding else "LSTM alone"
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"{name:17s} cornu {ma:7.1f} ms   torch.nn {mb:7.1f} ms   "
              f"ratio {ma / mb:.2f} (target <= 1.1)")


if __name__ == "__main__":
    main()
