"""`fit`/`evaluate`/`predict` give Keras 3's numbers: the same model with
the same initial weights, data and optimizer ends with the same weights,
history and metrics."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from tests._oracle import import_keras

pytestmark = [pytest.mark.oracle, pytest.mark.trainable]

_RNG = np.random.default_rng(0)
X = _RNG.normal(size=(40, 5)).astype("float32")
Y_CLASS = (X[:, 0] + X[:, 1] > 0).astype("int32") + (X[:, 2] > 1)
Y_REG = (X @ _RNG.normal(size=(5, 1))).astype("float32")
SW = _RNG.uniform(0.2, 2.0, size=(40,)).astype("float32")


def _mlp(lib, out_units=3, activation="softmax", regularize=False):
    reg = lib.regularizers.L2(0.01) if regularize else None
    return lib.Sequential([
        lib.Input((5,)),
        lib.layers.Dense(6, activation="tanh", kernel_regularizer=reg),
        lib.layers.Dense(out_units, activation=activation),
    ])


def _pair(build, **kwargs):
    keras = import_keras()
    ours = build(cornu, **kwargs)
    theirs = build(keras, **kwargs)
    theirs.set_weights(ours.get_weights())
    return keras, ours, theirs


def _close(a, b, rtol=2e-5, atol=2e-6):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=rtol,
                               atol=atol)


def _assert_same_weights(ours, theirs):
    for a, b in zip(ours.get_weights(), theirs.get_weights(), strict=True):
        _close(a, b, rtol=1e-4, atol=1e-5)


def _assert_same_history(h1, h2):
    assert sorted(h1.history) == sorted(h2.history)
    for key in h1.history:
        _close(h1.history[key], h2.history[key], rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("optimizer", ["sgd", "adam", "rmsprop"])
def test_fit_matches_keras(optimizer):
    keras, ours, theirs = _pair(_mlp)
    for model in (ours, theirs):
        model.compile(optimizer=optimizer,
                      loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
    kw = dict(batch_size=16, epochs=2, shuffle=False, verbose=0,
              validation_data=(X[:10], Y_CLASS[:10]))
    h1 = ours.fit(X, Y_CLASS, **kw)
    h2 = theirs.fit(X, Y_CLASS, **kw)
    _assert_same_history(h1, h2)
    _assert_same_weights(ours, theirs)
    assert h1.params == h2.params


def test_sample_and_class_weights_match_keras():
    keras, ours, theirs = _pair(_mlp)
    for model in (ours, theirs):
        model.compile(optimizer="sgd",
                      loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"], weighted_metrics=["accuracy"])
    kw = dict(batch_size=8, epochs=1, shuffle=False, verbose=0)
    h1 = ours.fit(X, Y_CLASS, sample_weight=SW, **kw)
    h2 = theirs.fit(X, Y_CLASS, sample_weight=SW, **kw)
    _assert_same_history(h1, h2)
    cw = {0: 0.5, 1: 2.0, 2: 4.0}
    h1 = ours.fit(X, Y_CLASS, class_weight=cw, **kw)
    h2 = theirs.fit(X, Y_CLASS, class_weight=cw, **kw)
    _assert_same_history(h1, h2)
    _assert_same_weights(ours, theirs)


def test_regularization_losses_are_added_like_keras():
    keras, ours, theirs = _pair(_mlp, out_units=1, activation=None,
                                regularize=True)
    for model in (ours, theirs):
        model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    kw = dict(batch_size=10, epochs=2, shuffle=False, verbose=0)
    _assert_same_history(ours.fit(X, Y_REG, **kw), theirs.fit(X, Y_REG, **kw))
    _assert_same_weights(ours, theirs)
    _close(ours.evaluate(X, Y_REG, verbose=0),
           theirs.evaluate(X, Y_REG, verbose=0), rtol=1e-4)


def _two_outputs(lib):
    inputs = lib.Input((5,), name="inp")
    h = lib.layers.Dense(4, activation="relu", name="h")(inputs)
    a = lib.layers.Dense(1, name="out_a")(h)
    b = lib.layers.Dense(3, activation="softmax", name="out_b")(h)
    return lib.Model(inputs, [a, b])


@pytest.mark.parametrize("as_dict", [True, False])
def test_multi_output_losses_and_weights_match_keras(as_dict):
    keras, ours, theirs = _pair(_two_outputs)
    if as_dict:
        spec = dict(loss={"out_a": "mse",
                          "out_b": "sparse_categorical_crossentropy"},
                    loss_weights={"out_a": 0.5, "out_b": 2.0},
                    metrics={"out_a": ["mae"], "out_b": ["accuracy"]})
        y = {"out_a": Y_REG, "out_b": Y_CLASS}
    else:
        spec = dict(loss=["mse", "sparse_categorical_crossentropy"],
                    loss_weights=[0.5, 2.0], metrics=[["mae"], ["accuracy"]])
        y = [Y_REG, Y_CLASS]
    for model in (ours, theirs):
        model.compile(optimizer="adam", **spec)
    kw = dict(batch_size=16, epochs=2, shuffle=False, verbose=0)
    h1, h2 = ours.fit(X, y, **kw), theirs.fit(X, y, **kw)
    _assert_same_history(h1, h2)
    _assert_same_weights(ours, theirs)
    _close(ours.evaluate(X, y, verbose=0), theirs.evaluate(X, y, verbose=0),
           rtol=1e-4)
    assert ours.evaluate(X, y, verbose=0, return_dict=True).keys() == \
        theirs.evaluate(X, y, verbose=0, return_dict=True).keys()


def test_evaluate_predict_and_batch_methods_match_keras():
    keras, ours, theirs = _pair(_mlp)
    for model in (ours, theirs):
        model.compile(optimizer="sgd",
                      loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
    _close(ours.evaluate(X, Y_CLASS, batch_size=7, verbose=0),
           theirs.evaluate(X, Y_CLASS, batch_size=7, verbose=0))
    _close(ours.predict(X, batch_size=7, verbose=0),
           theirs.predict(X, batch_size=7, verbose=0))
    for _ in range(2):
        _close(ours.train_on_batch(X[:8], Y_CLASS[:8]),
               theirs.train_on_batch(X[:8], Y_CLASS[:8]))
    _close(ours.test_on_batch(X[8:16], Y_CLASS[8:16]),
           theirs.test_on_batch(X[8:16], Y_CLASS[8:16]))
    _close(ours.predict_on_batch(X[:4]), theirs.predict_on_batch(X[:4]))
    a = ours.train_on_batch(X[:8], Y_CLASS[:8], return_dict=True)
    b = theirs.train_on_batch(X[:8], Y_CLASS[:8], return_dict=True)
    assert list(a) == list(b)
    _close(list(a.values()), list(b.values()))


def test_only_loss_evaluates_to_a_float_like_keras():
    keras, ours, theirs = _pair(_mlp, out_units=1, activation=None)
    for model in (ours, theirs):
        model.compile(optimizer="sgd", loss="mse")
    a = ours.evaluate(X, Y_REG, verbose=0)
    b = theirs.evaluate(X, Y_REG, verbose=0)
    assert isinstance(a, float)
    _close(a, b)
