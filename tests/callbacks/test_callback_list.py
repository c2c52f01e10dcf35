"""`Callback` and `CallbackList`: hook dispatch, defaults and logs."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import callbacks, ops
from cornu.callbacks._logs import python_logs, to_float
from tests.callbacks._fakes import FakeModel


class Recorder(callbacks.Callback):
    """Records each hook call with its logs."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def __getattribute__(self, name):
        attribute = super().__getattribute__(name)
        if name.startswith("on_") and callable(attribute):
            calls = super().__getattribute__("calls")

            def record(*args, **kwargs):
                calls.append((name, *args, *kwargs.values()))
                return attribute(*args, **kwargs)

            return record
        return attribute


_HOOKS = [
    ("on_train_begin",), ("on_epoch_begin", 0), ("on_train_batch_begin", 0),
    ("on_train_batch_end", 0), ("on_test_begin",), ("on_test_batch_begin", 0),
    ("on_test_batch_end", 0), ("on_test_end",), ("on_epoch_end", 0),
    ("on_train_end",), ("on_predict_begin",), ("on_predict_batch_begin", 0),
    ("on_predict_batch_end", 0), ("on_predict_end",),
    ("on_batch_begin", 0), ("on_batch_end", 0),
]


def test_every_hook_reaches_every_callback_in_order():
    first, second = Recorder(), Recorder()
    hooks = callbacks.CallbackList([first, [second]])
    for hook, *args in _HOOKS:
        getattr(hooks, hook)(*args)
    names = [call[0] for call in first.calls]
    # The train batch hooks also call their Keras 2 aliases.
    assert names[:4] == ["on_train_begin", "on_epoch_begin",
                         "on_train_batch_begin", "on_batch_begin"]
    assert names[4:6] == ["on_train_batch_end", "on_batch_end"]
    assert [c[0] for c in second.calls] == names
    assert names.count("on_batch_end") == 2


def test_default_hooks_do_nothing_and_aliases_forward():
    class Legacy(callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.batches = []

        def on_batch_end(self, batch, logs=None):
            self.batches.append((batch, logs))

    legacy = Legacy()
    legacy.on_train_batch_end(3, {"loss": 1.0})
    legacy.on_test_batch_end(4, {"loss": 1.0})
    assert legacy.batches == [(3, {"loss": 1.0})]
    base = callbacks.Callback()
    assert base.params is None and base.model is None
    for hook, *args in _HOOKS:
        assert getattr(base, hook)(*args) is None


def test_history_and_progbar_are_added_once():
    model = FakeModel()
    hooks = callbacks.CallbackList(
        add_history=True, add_progbar=True, model=model, verbose=0,
        epochs=2, steps=3)
    kinds = [type(c) for c in hooks.callbacks]
    assert kinds == [callbacks.History, callbacks.ProgbarLogger]
    assert model.history is hooks.callbacks[0]
    assert hooks.callbacks[1].params == {"verbose": 0, "epochs": 2,
                                         "steps": 3}
    own_history = callbacks.History()
    hooks = callbacks.CallbackList([own_history], add_history=True,
                                   model=model)
    assert hooks.callbacks == [own_history]
    assert model.history is own_history and own_history.model is model


def test_history_records_epochs():
    model = FakeModel()
    hooks = callbacks.CallbackList(add_history=True, model=model)
    hooks.on_train_begin()
    hooks.on_epoch_end(0, {"loss": 1.0, "val_loss": 2.0})
    hooks.on_epoch_end(1, {"loss": 0.5, "val_loss": 1.5})
    assert model.history.history == {"loss": [1.0, 0.5],
                                     "val_loss": [2.0, 1.5]}
    assert model.history.epoch == [0, 1]


def test_epoch_logs_are_sorted_python_floats_shared_by_callbacks():
    seen = []

    def add_entry(epoch, logs):
        logs["learning_rate"] = 0.5

    hooks = callbacks.CallbackList([
        callbacks.LambdaCallback(on_epoch_end=add_entry),
        callbacks.LambdaCallback(on_epoch_end=lambda e, logs: seen.append(
            logs))])
    hooks.on_epoch_end(0, {"val_loss": ops.convert_to_tensor(2.0),
                           "loss": np.float32(1.5)})
    assert seen == [{"loss": 1.5, "val_loss": 2.0, "learning_rate": 0.5}]
    assert all(type(v) is float for v in seen[0].values())


def test_batch_logs_stay_tensors_unless_a_user_callback_reads_them():
    loss = ops.convert_to_tensor(0.25)
    hooks = callbacks.CallbackList(add_history=True, add_progbar=True,
                                   verbose=0, epochs=1, steps=2)
    recorder = Recorder()
    hooks.callbacks.append(recorder)  # added after construction: no effect
    hooks.on_train_batch_end(0, {"loss": loss})
    assert recorder.calls[0][2]["loss"] is loss

    reader = Recorder()
    reader.on_train_batch_end = lambda batch, logs=None: None
    hooks = callbacks.CallbackList([reader])
    logs = []
    hooks.callbacks.append(callbacks.LambdaCallback(
        on_train_batch_end=lambda b, lg: logs.append(lg)))
    hooks.on_train_batch_end(0, {"loss": loss})
    assert logs == [{"loss": 0.25}]


def test_a_user_subclass_of_a_built_in_gets_python_floats():
    seen = []

    class Checkpoint(callbacks.ModelCheckpoint):
        def on_train_batch_end(self, batch, logs=None):
            seen.append(logs)

    loss = ops.convert_to_tensor(0.5)
    hooks = callbacks.CallbackList([callbacks.TerminateOnNaN()])
    hooks.on_train_batch_end(0, {"loss": loss})
    hooks = callbacks.CallbackList([Checkpoint("m.keras")])
    hooks.on_train_batch_end(0, {"loss": loss})
    assert seen == [{"loss": 0.5}] and type(seen[0]["loss"]) is float


def test_predict_logs_are_passed_as_they_are():
    outputs = np.ones((1, 1), "float32")
    seen = []
    hooks = callbacks.CallbackList([callbacks.LambdaCallback(
        on_predict_batch_end=lambda b, logs: seen.append(logs))])
    hooks.on_predict_batch_end(0, {"outputs": outputs})
    assert seen[0]["outputs"] is outputs


def test_python_logs():
    logs = {"b": ops.convert_to_tensor(np.float32(2.0)), "a": 1,
            "c": np.ones(3), "d": {"e": np.array([[0.5]])}, "f": "text"}
    converted = python_logs(logs)
    assert list(converted) == ["a", "b", "c", "e", "f"]
    assert converted["a"] == 1.0 and type(converted["a"]) is float
    assert converted["b"] == 2.0 and type(converted["b"]) is float
    assert converted["c"] is logs["c"]
    assert converted["e"] == 0.5
    assert converted["f"] == "text"
    assert python_logs(None) == {}
    variable = cornu.Variable(0.75)
    assert to_float(variable) == 0.75


def test_callback_list_rejects_other_objects():
    with pytest.raises(TypeError, match="Received: 'loss'"):
        callbacks.CallbackList(["loss"])


def test_lambda_callback_hooks_and_errors():
    calls = []
    hooks = callbacks.LambdaCallback(
        on_train_begin=lambda logs: calls.append("train_begin"),
        on_test_end=lambda logs: calls.append("test_end"), note="kept")
    hooks.on_train_begin({})
    hooks.on_test_end({})
    hooks.on_epoch_end(0, {})  # not given: does nothing
    assert calls == ["train_begin", "test_end"]
    assert hooks.note == "kept"
    with pytest.raises(TypeError, match="`on_epoch_ends` is not a callback"):
        callbacks.LambdaCallback(on_epoch_ends=print)
    with pytest.raises(TypeError, match="Received: on_epoch_end=3"):
        callbacks.LambdaCallback(on_epoch_end=3)
