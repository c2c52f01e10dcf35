"""The trainer's behaviour on its own: learning, freezing, reproducibility,
overridden steps, the engines' state handling, and clear errors that leave
the weights untouched."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import layers

trainable = pytest.mark.trainable

_RNG = np.random.default_rng(1)
CENTERS = np.array([[2, 0], [-2, 0], [0, 2.5]], "float32")
Y = _RNG.integers(0, 3, size=(300,)).astype("int32")
X = (CENTERS[Y] + _RNG.normal(scale=0.6, size=(300, 2))).astype("float32")


def _mlp(dropout=0.0, batch_norm=False):
    stack = [cornu.Input((2,)), layers.Dense(16, activation="relu")]
    if batch_norm:
        stack.append(layers.BatchNormalization())
    if dropout:
        stack.append(layers.Dropout(dropout))
    stack.append(layers.Dense(3, activation="softmax"))
    return cornu.Sequential(stack)


def _compiled(**kwargs):
    model = _mlp(**{k: kwargs.pop(k) for k in ("dropout", "batch_norm")
                    if k in kwargs})
    model.compile(optimizer=kwargs.pop("optimizer", "adam"),
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], **kwargs)
    return model


@trainable
def test_fit_learns_blobs_with_dropout_and_batch_norm():
    model = _compiled(dropout=0.1, batch_norm=True,
                      optimizer=cornu.optimizers.Adam(0.02))
    bn = model.layers[1]
    mean_before = bn.moving_mean.numpy().copy()
    history = model.fit(X, Y, batch_size=32, epochs=8, verbose=0,
                        validation_split=0.2)
    assert history.history["accuracy"][-1] > 0.9
    assert history.history["val_accuracy"][-1] > 0.9
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert len(history.epoch) == 8
    assert not np.allclose(bn.moving_mean.numpy(), mean_before)
    loss, acc = model.evaluate(X, Y, verbose=0)
    assert acc > 0.9
    probs = model.predict(X[:5], verbose=0)
    np.testing.assert_allclose(
        probs, cornu.ops.convert_to_numpy(model(X[:5])), rtol=1e-5,
        atol=1e-6)


@trainable
def test_dropout_masks_change_between_steps():
    # On jax the dropout seed is state threaded through the compiled step:
    # if it were not, every step would reuse one mask.
    model = cornu.Sequential([cornu.Input((50,)), layers.Dropout(0.5),
                              layers.Dense(1, use_bias=False,
                                           kernel_initializer="ones")])
    model.compile(optimizer=cornu.optimizers.SGD(0.0), loss="mae")
    x = np.ones((4, 50), "float32")
    losses = [model.train_on_batch(x, np.zeros((4, 1), "float32"))
              for _ in range(3)]
    assert len(set(np.round(losses, 4))) > 1


@trainable
def test_steps_per_execution_gives_the_same_weights():
    results = []
    for spe in (1, 3):
        cornu.utils.set_random_seed(4)
        model = _compiled(optimizer="sgd", steps_per_execution=spe)
        model.fit(X[:100], Y[:100], batch_size=16, epochs=2, shuffle=False,
                  verbose=0)
        results.append(model.get_weights())
    for a, b in zip(*results, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@trainable
def test_set_random_seed_makes_training_repeat():
    runs = []
    for _ in range(2):
        cornu.utils.set_random_seed(123)
        model = _compiled(dropout=0.3)
        model.fit(X[:96], Y[:96], batch_size=32, epochs=2, verbose=0)
        runs.append(model.get_weights())
    for a, b in zip(*runs, strict=True):
        np.testing.assert_array_equal(a, b)


@trainable
def test_frozen_layers_keep_their_weights():
    model = _compiled()
    model.layers[0].trainable = False
    frozen = model.layers[0].get_weights()
    head = model.layers[1].get_weights()
    model.fit(X[:64], Y[:64], batch_size=16, epochs=1, verbose=0)
    for a, b in zip(frozen, model.layers[0].get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.allclose(head[0], model.layers[1].get_weights()[0])
    # Unfreezing, then recompiling as Keras asks, trains the layer again.
    model.layers[0].trainable = True
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(X[:64], Y[:64], batch_size=16, epochs=1, verbose=0)
    assert not np.allclose(frozen[0], model.layers[0].get_weights()[0])


@trainable
def test_stop_training_from_a_callback():
    class StopAfterTwo(cornu.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 1:
                self.model.stop_training = True

    model = _compiled()
    history = model.fit(X, Y, batch_size=10, epochs=5, verbose=0,
                        callbacks=[StopAfterTwo()])
    assert history.epoch == [0]


@trainable
def test_overridden_train_step_is_used(engine):
    calls = []

    class Counting(cornu.Sequential):
        def train_step(self, *args):
            calls.append(1)
            return super().train_step(*args)

    model = Counting([cornu.Input((2,)), layers.Dense(3,
                                                      activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy",
                  run_eagerly=True)
    model.fit(X[:40], Y[:40], batch_size=10, epochs=1, verbose=0)
    assert len(calls) == 4


@trainable
def test_custom_loss_function_and_metric_function():
    def my_loss(y_true, y_pred):
        return cornu.ops.mean(cornu.ops.square(y_true - y_pred), axis=-1)

    def my_metric(y_true, y_pred):
        return cornu.ops.mean(cornu.ops.abs(y_true - y_pred), axis=-1)

    model = cornu.Sequential([cornu.Input((2,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss=my_loss, metrics=[my_metric])
    y = X[:, :1] * 2.0
    history = model.fit(X, y, batch_size=30, epochs=3, verbose=0)
    assert set(history.history) == {"loss", "my_metric"}
    w, b = model.get_weights()
    pred = X @ w + b
    loss, metric = model.evaluate(X, y, verbose=0)
    np.testing.assert_allclose(loss, np.mean((y - pred) ** 2), rtol=1e-5)
    np.testing.assert_allclose(metric, np.mean(np.abs(y - pred)), rtol=1e-5)


def test_metrics_names_follow_evaluate_order():
    model = _compiled()
    assert model.metrics_names == ["loss"]
    model.evaluate(X[:8], Y[:8], verbose=0)
    assert model.metrics_names == ["loss", "accuracy"]
    config = model.get_compile_config()
    assert config["loss"] == "sparse_categorical_crossentropy"
    assert config["optimizer"]["class_name"] == "Adam"


def test_predict_and_evaluate_without_fit():
    model = _compiled()
    out = model.predict(X[:10], batch_size=4, verbose=0)
    assert out.shape == (10, 3)
    np.testing.assert_allclose(out.sum(axis=1), np.ones(10), rtol=1e-5)
    assert isinstance(model.evaluate(X[:10], Y[:10], verbose=0), list)


def test_predict_keeps_the_output_structure():
    inputs = cornu.Input((2,))
    outputs = {"a": layers.Dense(1)(inputs), "b": layers.Dense(4)(inputs)}
    model = cornu.Model(inputs, outputs)
    out = model.predict(X[:7], batch_size=3, verbose=0)
    assert sorted(out) == ["a", "b"]
    assert out["a"].shape == (7, 1) and out["b"].shape == (7, 4)


# -- errors -----------------------------------------------------------------
def _weights(model):
    return [w.copy() for w in model.get_weights()]


def _unchanged(model, before):
    for a, b in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_fit_before_compile_says_so():
    with pytest.raises(ValueError, match="compile"):
        _mlp().fit(X, Y, verbose=0)


@trainable
@pytest.mark.parametrize("kwargs, match", [
    (dict(x=X[:10], y=Y[:9]), "9|10"),
    (dict(x=X, y=Y, batch_size=0), "batch_size"),
    (dict(x=X, y=Y, batch_size=-3), "batch_size"),
    (dict(x=X, y=Y, validation_split=1.5), "validation_split"),
    (dict(x=X, y=Y, epochs=-1), "epochs"),
])
def test_bad_fit_arguments_raise_and_keep_weights(kwargs, match):
    model = _compiled()
    model(X[:1])
    before = _weights(model)
    with pytest.raises(ValueError, match=match):
        model.fit(verbose=0, **kwargs)
    _unchanged(model, before)


@trainable
def test_labels_incompatible_with_the_loss_keep_weights():
    model = cornu.Sequential([cornu.Input((2,)),
                              layers.Dense(3, activation="softmax")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    model(X[:1])
    before = _weights(model)
    with pytest.raises(ValueError):
        model.fit(X, np.ones((300, 5), "float32"), verbose=0)
    _unchanged(model, before)


@pytest.mark.parametrize("kwargs, match", [
    (dict(optimizer="no_such_optimizer", loss="mse"), "no_such_optimizer"),
    (dict(optimizer="sgd", loss="no_such_loss"), "no_such_loss"),
    (dict(optimizer="sgd", loss="mse", steps_per_execution=0),
     "steps_per_execution"),
])
def test_bad_compile_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        _mlp().compile(**kwargs)


def test_unknown_metric_is_reported_on_first_batch():
    model = _mlp()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy",
                  metrics=["no_such_metric"])
    with pytest.raises(ValueError, match="no_such_metric"):
        model.evaluate(X[:4], Y[:4], verbose=0)


def test_fit_on_the_numpy_engine_names_the_training_engines(engine):
    if engine != "numpy":
        pytest.skip("numpy engine only")
    model = _compiled()
    with pytest.raises(RuntimeError, match="torch.*jax"):
        model.fit(X, Y, verbose=0)
    assert model.evaluate(X, Y, verbose=0)[0] > 0


# -- inputs -------------------------------------------------------------------
def _two_inputs():
    a = cornu.Input((2,), name="a")
    b = cornu.Input((3,), name="b")
    h = layers.Concatenate()([layers.Dense(4)(a), layers.Dense(4)(b)])
    return cornu.Model({"a": a, "b": b},
                       layers.Dense(3, activation="softmax")(h))


@trainable
def test_multi_input_model_trains_from_a_dict():
    model = _two_inputs()
    model.compile(optimizer=cornu.optimizers.Adam(0.05),
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    extra = _RNG.normal(size=(300, 3)).astype("float32")
    history = model.fit({"a": X, "b": extra}, Y, batch_size=30, epochs=5,
                        verbose=0)
    assert history.history["accuracy"][-1] > 0.85
    out = model.predict({"a": X[:4], "b": extra[:4]}, verbose=0)
    assert out.shape == (4, 3)


class _Blobs(cornu.utils.PyDataset):
    def __init__(self, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.batch_size = batch_size

    def __len__(self):
        return len(X) // self.batch_size

    def __getitem__(self, index):
        s = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return X[s], Y[s]


def _generator(batch_size):
    while True:
        for start in range(0, len(X), batch_size):
            yield X[start:start + batch_size], Y[start:start + batch_size]


@trainable
@pytest.mark.parametrize("source", ["generator", "py_dataset",
                                    "py_dataset_workers", "data_loader"])
def test_fit_from_streaming_inputs(source, engine):
    if source == "generator":
        kwargs = dict(x=_generator(30), steps_per_epoch=10)
    elif source == "py_dataset":
        kwargs = dict(x=_Blobs(30))
    elif source == "py_dataset_workers":
        kwargs = dict(x=_Blobs(30, workers=2))
    else:
        if engine != "torch":
            pytest.skip("DataLoader: torch engine")
        import torch

        dataset = torch.utils.data.TensorDataset(torch.tensor(X),
                                                 torch.tensor(Y).long())
        kwargs = dict(x=torch.utils.data.DataLoader(dataset, batch_size=30))
    model = _compiled(optimizer=cornu.optimizers.Adam(0.05))
    history = model.fit(epochs=4, verbose=0, **kwargs)
    assert history.params["steps"] == 10
    assert history.history["accuracy"][-1] > 0.85


def test_jit_compile_on_torch_wraps_the_step_in_torch_compile(engine,
                                                              monkeypatch):
    if engine != "torch":
        pytest.skip("torch engine only")
    import torch

    compiled = []

    def fake_compile(fn):
        compiled.append(fn)
        return fn

    monkeypatch.setattr(torch, "compile", fake_compile)
    model = _compiled(jit_compile=True)
    model.fit(X[:20], Y[:20], batch_size=10, verbose=0)
    assert [fn.__name__ for fn in compiled] == ["train_step"]
    assert model.get_compile_config()["jit_compile"] is True


@trainable
def test_a_finite_generator_ends_training_when_it_runs_out():
    def once():
        for start in range(0, 90, 30):
            yield X[start:start + 30], Y[start:start + 30]

    model = _compiled()
    with pytest.warns(UserWarning):
        history = model.fit(once(), epochs=3, verbose=0)
    assert history.epoch == [0]


def _flushes_denormals() -> bool:
    import torch

    tiny = torch.tensor([1e-40], dtype=torch.float32)
    return bool((tiny * 1.0).item() == 0.0)


def test_torch_fit_keeps_the_processes_denormal_mode(engine, monkeypatch):
    # Flushed from the engine's load (see the next test); `fit` neither
    # forces nor undoes the mode the process runs with.
    if engine != "torch":
        pytest.skip("torch engine only")
    import torch

    seen = []

    class Probe(cornu.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append(_flushes_denormals())

    before = _flushes_denormals()
    model = _compiled()
    model.fit(X[:20], Y[:20], batch_size=10, verbose=0, callbacks=[Probe()])
    assert seen == [True, True]
    assert _flushes_denormals() == before
    monkeypatch.setenv("CORNU_FLUSH_DENORMAL", "0")
    seen.clear()
    torch.set_flush_denormal(False)
    try:
        model.fit(X[:20], Y[:20], batch_size=10, verbose=0,
                  callbacks=[Probe()])
    finally:
        torch.set_flush_denormal(before)
    assert seen == [False, False]


@pytest.mark.parametrize("setting,flushed", [(None, True), ("0", False)])
def test_torch_engine_flushes_denormals_from_import(engine, setting,
                                                    flushed):
    # Set at import, before torch starts its intra-op threads (which take
    # the mode from the thread creating them): a parallel op on denormals
    # flushes in every chunk.
    if engine != "torch":
        pytest.skip("torch engine only")
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if k != "CORNU_FLUSH_DENORMAL"}
    env["CORNU_BACKEND"] = "torch"
    if setting is not None:
        env["CORNU_FLUSH_DENORMAL"] = setting
    code = ("import cornu, torch\n"
            "cornu.backend.engine()\n"  # loads the engine
            "x = torch.full((1 << 22,), 1e-39) * 0.5\n"
            "print(int((x == 0).sum()), x.numel())\n")
    out = subprocess.run([sys.executable, "-c", code], env=env,
                         capture_output=True, text=True, check=True)
    zeros, total = map(int, out.stdout.split())
    assert (zeros == total) if flushed else (zeros == 0), out.stdout


def test_jax_finds_output_shapes_without_running_the_model(engine):
    if engine != "jax":
        pytest.skip("jax engine only")
    from cornu.backend.jax.trainer import output_placeholders

    inputs = cornu.Input((2,))
    outputs = {"a": layers.Dense(1)(inputs),
               "b": layers.Dense(4, activation="softmax")(inputs)}
    model = cornu.Model(inputs, outputs)
    out = output_placeholders(model, X[:5])
    assert sorted(out) == ["a", "b"]
    assert out["a"].shape == (5, 1) and out["b"].shape == (5, 4)
    assert not out["b"].any()
    # A model with a metric that makes its variables on first use (AUC)
    # still trains: the placeholders feed that first use.
    binary = cornu.Sequential([cornu.Input((2,)),
                               layers.Dense(1, activation="sigmoid")])
    binary.compile(optimizer="adam", loss="binary_crossentropy",
                   metrics=[cornu.metrics.AUC(multi_label=True)])
    history = binary.fit(X[:60], (Y[:60] == 0).astype("float32"),
                         batch_size=20, verbose=0)
    assert 0.0 <= history.history["auc"][0] <= 1.0


def test_jax_steps_take_numpy_batches_only_when_jitted(engine):
    if engine != "jax":
        pytest.skip("jax engine only")
    import jax

    seen = []

    class Recording(cornu.Sequential):
        def train_step(self, state, data):
            seen.append(type(data[0]))
            return super().train_step(state, data)

    weights = {}
    for eager in (False, True):
        cornu.utils.set_random_seed(3)
        model = Recording([cornu.Input((2,)), layers.Dense(3),
                           layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", metrics=["accuracy"],
                      loss="sparse_categorical_crossentropy",
                      run_eagerly=eager)
        # jit transfers NumPy batches itself on the CPU; eager steps get
        # jax arrays, as the engine's ops expect.
        assert model._takes_host_batches() is (
            not eager and jax.default_backend() == "cpu")
        seen.clear()
        model.fit(X[:40], Y[:40], batch_size=10, epochs=2, verbose=0)
        if eager:
            assert seen and all(issubclass(t, jax.Array) for t in seen)
        weights[eager] = model.get_weights()
        # evaluate, predict and the single-batch methods take them too.
        loss = model.evaluate(X[:40], Y[:40], verbose=0)[0]
        np.testing.assert_allclose(
            loss, model.test_on_batch(X[:40], Y[:40])[0], rtol=1e-5)
        np.testing.assert_allclose(model.predict(X[:3], verbose=0),
                                   model.predict_on_batch(X[:3]), rtol=1e-5)
    for jitted, eager in zip(weights[False], weights[True], strict=True):
        np.testing.assert_allclose(jitted, eager, rtol=1e-4, atol=1e-6)
