"""`TensorBoard`: which scalars and histograms it writes, where and at
which step (Keras 3's names), through a recording stand-in for
`tensorboardX.SummaryWriter`; and the ImportError without a writer."""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest

import cornu
from cornu import callbacks
from tests.callbacks._fakes import FakeModel


class _Writer:
    instances: list = []

    def __init__(self, log_dir):
        self.log_dir = log_dir
        self.scalars, self.histograms = [], []
        self.closed = False
        _Writer.instances.append(self)

    def add_scalar(self, tag, value, step):
        assert type(value) is float
        self.scalars.append((tag, value, step))

    def add_histogram(self, tag, values, step):
        self.histograms.append((tag, np.asarray(values).shape, step))

    def flush(self):
        pass

    def close(self):
        self.closed = True


@pytest.fixture
def writers(monkeypatch):
    module = types.ModuleType("tensorboardX")
    module.SummaryWriter = _Writer
    monkeypatch.setitem(sys.modules, "tensorboardX", module)
    _Writer.instances = []
    return _Writer.instances


def _by_dir(writers, log_dir):
    return {w.log_dir.replace(str(log_dir), "").strip("/\\"): w
            for w in writers}


def test_epoch_and_batch_scalars(tmp_path, writers):
    model = FakeModel(learning_rate=0.5)
    board = callbacks.TensorBoard(tmp_path, update_freq=2)
    hooks = callbacks.CallbackList([board], model=model)
    hooks.on_train_begin()
    for epoch in range(2):
        hooks.on_epoch_begin(epoch)
        for batch in range(3):
            hooks.on_train_batch_begin(batch)
            hooks.on_train_batch_end(batch, {"loss": cornu.ops.
                                             convert_to_tensor(1.0 + batch)})
        hooks.on_epoch_end(epoch, {"loss": 0.5 - epoch / 4, "val_loss": 0.75})
    hooks.on_train_end()
    written = _by_dir(writers, tmp_path)
    assert sorted(written) == ["train", "validation"]
    assert written["train"].scalars == [
        ("batch_loss", 2.0, 2),  # every 2nd batch, counted across epochs
        ("epoch_loss", 0.5, 0), ("epoch_learning_rate", 0.5, 0),
        ("batch_loss", 1.0, 4), ("batch_loss", 3.0, 6),
        ("epoch_loss", 0.25, 1), ("epoch_learning_rate", 0.5, 1)]
    assert written["validation"].scalars == [("epoch_loss", 0.75, 0),
                                             ("epoch_loss", 0.75, 1)]
    assert all(w.closed for w in writers)


def test_evaluation_scalars_and_histograms(tmp_path, writers):
    model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)])
    model.optimizer = cornu.optimizers.SGD()
    board = callbacks.TensorBoard(tmp_path, histogram_freq=2)
    board.set_model(model)
    for epoch in range(3):
        board.on_epoch_end(epoch, {"loss": 1.0})
    board.on_test_end({"loss": 0.25})
    written = _by_dir(writers, tmp_path)
    histograms = written["train"].histograms
    assert [(tag.split("/")[-2:], shape, step)
            for tag, shape, step in histograms] == [
        (["kernel", "histogram"], (3, 2), 0),
        (["bias", "histogram"], (2,), 0),
        (["kernel", "histogram"], (3, 2), 2),
        (["bias", "histogram"], (2,), 2)]
    assert written["validation"].scalars == [
        ("evaluation_loss_vs_iterations", 0.25, 0)]


def test_missing_writer_package(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "tensorboardX", None)
    monkeypatch.setitem(sys.modules, "torch.utils.tensorboard", None)
    board = callbacks.TensorBoard(tmp_path)
    board.set_model(FakeModel())
    with pytest.raises(ImportError, match="pip install tensorboardX"):
        board.on_epoch_end(0, {"loss": 1.0})


@pytest.mark.parametrize("kwargs, match", [
    (dict(write_images=True), "Received: write_images=True"),
    (dict(profile_batch=2), "Received: profile_batch=2"),
    (dict(embeddings_freq=1), "Received: embeddings_freq=1"),
    (dict(update_freq="step"), "Received: update_freq='step'"),
    (dict(update_freq=0), "Received: update_freq=0"),
    (dict(histogram_freq=-1), "Received: histogram_freq=-1"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        callbacks.TensorBoard(**kwargs)
