"""The logs a training or evaluation step returns inside `fit` and
`evaluate` on the eager engines: the metric results are read only when a
callback looks at them (`CompiledModel._step_logs`), with the same numbers
as reading them at once."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import callbacks, layers
from cornu.trainers.compiled_model import CompiledModel

trainable = pytest.mark.trainable
eager = pytest.mark.skipif(
    cornu.backend.backend() == "jax",
    reason="jax traces the step once into a pure function of the state",
)

_RNG = np.random.default_rng(4)
X = _RNG.normal(size=(96, 3)).astype("float32")
Y = (X.sum(axis=1) > 0).astype("int32")


def _model():
    cornu.utils.set_random_seed(2)
    model = cornu.Sequential([cornu.Input((3,)),
                              layers.Dense(4, activation="relu"),
                              layers.Dense(2, activation="softmax")])
    model.compile(optimizer=cornu.optimizers.SGD(0.1),
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


class _Reader(callbacks.Callback):
    """Reads the logs of each batch (a user callback: Python floats)."""

    def __init__(self):
        super().__init__()
        self.train, self.test = [], []

    def on_train_batch_end(self, batch, logs=None):
        self.train.append(dict(logs))

    def on_test_batch_end(self, batch, logs=None):
        self.test.append(dict(logs))


@trainable
def test_batch_logs_read_by_a_callback_are_the_running_results():
    model, reader = _model(), _Reader()
    history = model.fit(X, Y, batch_size=32, epochs=1, shuffle=False,
                        verbose=0, callbacks=[reader])
    assert len(reader.train) == 3
    assert all(isinstance(v, float) for logs in reader.train
               for v in logs.values())
    assert reader.train[-1]["loss"] == pytest.approx(
        history.history["loss"][-1], rel=1e-6)
    # The reference: the same three steps one by one (`train_on_batch`
    # reads each step's results at once, then resets); with equal batches
    # the running results are the means of the per-batch ones.
    reference = _model()
    per_batch = [reference.train_on_batch(X[i:i + 32], Y[i:i + 32],
                                          return_dict=True)
                 for i in range(0, 96, 32)]
    for k, logs in enumerate(reader.train, start=1):
        for name in ("loss", "accuracy"):
            running = np.mean([b[name] for b in per_batch[:k]])
            assert logs[name] == pytest.approx(running, rel=1e-5), (k, name)


@trainable
def test_unread_logs_are_never_computed(monkeypatch):
    model = _model()
    calls = []
    original = CompiledModel.get_metrics_result

    def counting(self):
        calls.append(1)
        return original(self)

    monkeypatch.setattr(CompiledModel, "get_metrics_result", counting)
    model.fit(X, Y, batch_size=8, epochs=2, verbose=0)
    # 12 steps per epoch; the results are read once per epoch (epoch logs)
    # and once when the loop checks that the epoch had batches.
    assert len(calls) <= 2 * 2, len(calls)
    calls.clear()
    model.evaluate(X, Y, batch_size=8, verbose=0)
    assert len(calls) <= 2, len(calls)


@trainable
@eager
def test_overridden_compute_metrics_still_runs_every_step():
    seen = []

    class Custom(cornu.Sequential):
        def compute_metrics(self, x, y, y_pred, sample_weight=None):
            seen.append(1)
            return super().compute_metrics(x, y, y_pred, sample_weight)

    cornu.utils.set_random_seed(2)
    model = Custom([cornu.Input((3,)), layers.Dense(2, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(X, Y, batch_size=32, epochs=1, verbose=0)
    assert len(seen) == 3


@trainable
@eager
def test_steps_outside_fit_return_plain_dicts():
    model = _model()
    model.fit(X, Y, batch_size=32, epochs=1, verbose=0)
    assert model._defer_step_logs is False
    logs = model.train_step((cornu.ops.convert_to_tensor(X[:32]),
                             cornu.ops.convert_to_tensor(Y[:32])))
    assert type(logs) is dict
    assert set(logs) == {"loss", "accuracy"}


@trainable
def test_the_flag_is_restored_when_fit_fails():
    model = _model()

    class Boom(callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        model.fit(X, Y, batch_size=32, epochs=1, verbose=0,
                  callbacks=[Boom()])
    assert model._defer_step_logs is False


def test_deferred_logs_behave_as_a_dict():
    from cornu.trainers.compiled_model import _DeferredLogs

    reads = []

    def read():
        reads.append(1)
        return {"loss": 1.5}

    logs = _DeferredLogs(read)
    assert not reads
    logs["extra"] = 2.0
    assert dict(logs) == {"loss": 1.5, "extra": 2.0}
    assert {**logs} == {"loss": 1.5, "extra": 2.0}
    del logs["extra"]
    assert list(logs) == ["loss"] and len(logs) == 1 and logs
    assert reads == [1]
