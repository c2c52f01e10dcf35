"""Hand-written PyTorch baselines: `nn.Module`s, an eager loop and
`torch.optim.Adam`, written as a PyTorch user would.

The models end in logits and train with the fused losses on logits
(`F.cross_entropy`, `F.binary_cross_entropy_with_logits`); accuracy is
accumulated on the tensor side and read once per epoch. Images are stored
channels-first (PyTorch's layout), converted once before timing starts.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812
from _workloads import (
    EPSILON,
    LEARNING_RATE,
    MLP_WIDTHS,
    TRAINING,
    VOCABULARY,
)
from torch import nn


class MLP(nn.Module):
    def __init__(self, workload="W1"):
        super().__init__()
        inputs, hidden = MLP_WIDTHS[workload]
        self.fc1 = nn.Linear(inputs, hidden)
        self.drop = nn.Dropout(0.2)
        self.fc2 = nn.Linear(hidden, hidden)
        self.fc3 = nn.Linear(hidden, 10)

    def forward(self, x):
        x = self.drop(F.relu(self.fc1(x)))
        return self.fc3(F.relu(self.fc2(x)))


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3)
        self.conv2 = nn.Conv2d(32, 32, 3)
        self.conv3 = nn.Conv2d(32, 64, 3)
        self.fc1 = nn.Linear(64 * 6 * 6, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv2(F.relu(self.conv1(x))))
        x = F.max_pool2d(x, 2)
        x = F.max_pool2d(F.relu(self.conv3(x)), 2)
        return self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))


class LSTMClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(VOCABULARY, 128)
        self.lstm = nn.LSTM(128, 64, batch_first=True)
        self.fc = nn.Linear(64, 1)

    def forward(self, x):
        _, (h, _) = self.lstm(self.embed(x))
        return self.fc(h[-1])


MODELS = {"W0": lambda: MLP("W0"), "W1": MLP, "W2": CNN,
          "W3": LSTMClassifier}


def _prepare(workload, x, y):
    if workload == "W2":
        x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
    return torch.from_numpy(x), torch.from_numpy(y)


def _loss_and_hits(workload, logits, target):
    if workload == "W3":
        loss = F.binary_cross_entropy_with_logits(logits, target)
        hits = ((logits > 0).to(target.dtype) == target).sum()
    else:
        loss = F.cross_entropy(logits, target)
        hits = (logits.argmax(1) == target).sum()
    return loss, hits


def make_model(workload: str, fused: bool):
    """`(net, optimizer)`: the seeded model and its `torch.optim.Adam`
    (`fused=True`, or torch's default implementation)."""
    torch.manual_seed(0)
    net = MODELS[workload]()
    optimizer = torch.optim.Adam(net.parameters(), lr=LEARNING_RATE,
                                 eps=EPSILON, fused=True if fused else None)
    net.train()
    return net, optimizer


def train_step(workload: str, net, optimizer, x, y):
    """One step on a prepared batch; returns the loss and hit count (as
    tensors: nothing waits)."""
    loss, hits = _loss_and_hits(workload, net(x), y)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return loss.detach(), hits


def training(workload: str, x, y, fused: bool, clock) -> dict:
    """Two shuffled epochs; first-epoch and epoch-2 seconds."""
    net, optimizer = make_model(workload, fused)
    x, y = _prepare(workload, x, y)
    n, batch_size = len(x), TRAINING[workload][2]
    times, loss_value = [], None
    for _ in range(2):
        start = clock()
        order = torch.randperm(n)
        total, correct = torch.zeros(()), torch.zeros((), dtype=torch.int64)
        for i in range(0, n, batch_size):
            index = order[i:i + batch_size]
            loss, hits = train_step(workload, net, optimizer, x[index],
                                    y[index])
            total += loss
            correct += hits
        loss_value = float(total) / -(-n // batch_size)
        accuracy = int(correct) / n
        times.append(clock() - start)
    return {"first_epoch_s": times[0], "epoch2_s": times[1],
            "loss": loss_value, "accuracy": accuracy}


def inference(x, x1, calls: int, batch_reps: int, clock) -> dict:
    """W4 on the MLP: `predict` = a forward pass under `inference_mode`
    from a NumPy sample to a NumPy result; `call` = `net(x)` as is."""
    torch.manual_seed(0)
    net = MLP().eval()

    def predict(batch):
        with torch.inference_mode():
            return net(torch.from_numpy(batch)).numpy()

    for _ in range(10):
        predict(x1)
        net(torch.from_numpy(x1))
    predict_times, call_times, batch_times = [], [], []
    for _ in range(calls):
        t = clock()
        predict(x1)
        predict_times.append(clock() - t)
    for _ in range(calls):
        t = clock()
        net(torch.from_numpy(x1))
        call_times.append(clock() - t)
    for _ in range(batch_reps):
        t = clock()
        np.concatenate([predict(x[i:i + 1000]) for i in range(0, len(x), 1000)])
        batch_times.append(clock() - t)
    return {"predict": predict_times, "call": call_times, "batch": batch_times}
