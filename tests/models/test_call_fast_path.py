"""Direct calls `model(x)`: the Functional replay that runs each layer's
`call` itself (every engine), and jax's cache of compiled calls. Each fast
path is shown to be taken (counts) and to give the general path's numbers
and side effects."""

from __future__ import annotations

import sys

import numpy as np
import pytest

import cornu
from cornu import ops
from cornu.backend import backend

JAX = backend() == "jax"


def _np(x):
    return ops.convert_to_numpy(x)


def _mlp(dropout=0.2, **dense_kwargs):
    return cornu.Sequential([
        cornu.Input((6,)),
        cornu.layers.Dense(8, activation="relu", **dense_kwargs),
        cornu.layers.Dropout(dropout, seed=3),
        cornu.layers.Dense(4, activation="softmax"),
    ])


def _eager(model):
    """Turns jax's compiled calls off for `model` (a no-op elsewhere)."""
    if model._call_cache is not None:
        model._call_cache.disabled = True
    return model


def _layer_call_frames(fn):
    """The names of the `Layer.__call__`/`_call_with_context` frames that
    `fn()` runs."""
    names = []

    def prof(frame, event, arg):
        if event == "call" and frame.f_code.co_filename.endswith(
                "layer.py") and frame.f_code.co_name in (
                    "__call__", "_call_with_context"):
            names.append(frame.f_code.co_name)

    sys.setprofile(prof)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return names


X = np.random.default_rng(0).random((3, 6)).astype("float32")


# ---------------------------------------------------------------------------
# the direct replay of Functional graphs (every engine)
# ---------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _no_masks_seen(monkeypatch):
    # Once any tensor has carried a mask in the process, every graph
    # replays in general (masks could be anywhere): start each test clean.
    from cornu.layers.masks import _mask_state

    monkeypatch.setattr(_mask_state, "in_use", False)
    if JAX:
        # Compile from the first call (one test checks the warm-up).
        monkeypatch.setattr(_call_cache_module(), "_WARMUP_CALLS", 0)


def _call_cache_module():
    return sys.modules["cornu.backend.jax.call_cache"]


def test_direct_replay_is_taken_and_matches_the_general_path():
    model = _eager(_mlp())
    graph = model._functional
    assert graph._direct
    fast = _np(model(X))
    # Only the model's own `__call__` runs the call machinery.
    assert _layer_call_frames(lambda: model(X)) == [
        "__call__", "_call_with_context"]
    graph._direct = False
    assert len(_layer_call_frames(lambda: model(X))) == 2 * 4
    np.testing.assert_array_equal(fast, _np(model(X)))


def test_direct_replay_keeps_training_propagation():
    model = _eager(_mlp(dropout=0.5))
    x = np.ones((4, 6), "float32")
    inference = _np(model(x))
    trained = _np(model(x, training=True))
    assert not np.allclose(inference, trained)
    # Nested in an outer layer call, `training` comes from the context.

    class Outer(cornu.layers.Layer):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def call(self, x, training=None):
            return self.inner(x)

    outer = Outer(model)
    np.testing.assert_array_equal(_np(outer(x)), inference)
    assert not np.allclose(_np(outer(x, training=True)), inference)


def test_direct_replay_collects_losses_like_the_general_path():
    class AddsLoss(cornu.layers.Layer):
        def call(self, x):
            self.add_loss(ops.sum(x))
            return x

    a = cornu.Input((6,))
    b = AddsLoss()(cornu.layers.Dense(4, kernel_initializer="ones")(a))
    model = cornu.Model(a, b)
    assert model._direct
    for _ in range(2):
        out = _np(model(X))
        (loss,) = model.losses
        np.testing.assert_allclose(_np(loss), out.sum(), rtol=1e-5)


def test_activity_regularizer_set_after_the_first_call_is_applied():
    model = _eager(_mlp())
    model(X)
    assert model.losses == []
    dense = model.layers[0]
    dense.activity_regularizer = cornu.regularizers.L2(0.1)
    hidden = _np(dense(X))
    model(X)
    (loss,) = model.losses
    np.testing.assert_allclose(
        _np(loss), 0.1 * (hidden ** 2).sum() / len(X), rtol=1e-5)


def test_graphs_with_masks_or_several_inputs_replay_in_general():
    a = cornu.Input((5,))
    b = cornu.layers.Embedding(10, 3, mask_zero=True)(a)
    masked = cornu.Model(a, cornu.layers.Dense(2)(b))
    assert not masked._direct
    x1, x2 = cornu.Input((2,)), cornu.Input((2,))
    two = cornu.Model([x1, x2], cornu.layers.Add()([x1, x2]))
    assert not two._direct
    ones = np.ones((1, 2), "float32")
    np.testing.assert_array_equal(_np(two([ones, ones])), 2 * ones)


def test_direct_replay_checks_input_specs_and_shapes():
    model = _eager(_mlp())
    with pytest.raises(ValueError, match="expected shape"):
        model(np.ones((2, 5), "float32"))


def test_nested_models_replay_directly():
    inner = _mlp()
    a = cornu.Input((6,))
    outer = _eager(cornu.Model(a, cornu.layers.Dense(2)(inner(a))))
    _eager(inner)
    assert outer._direct
    expected = _np(outer.layers[-1](inner(X)))
    np.testing.assert_allclose(_np(outer(X)), expected, rtol=1e-6)


def test_numpy_input_conversion_keeps_dtypes():
    model = _eager(_mlp())
    out = model(X.astype("float64"))
    assert ops.dtype(out) == "float32"
    flipped = X[:, ::-1].copy()[:, ::-1]
    np.testing.assert_array_equal(_np(model(flipped)), _np(model(X)))
    reversed_view = X[::-1]
    np.testing.assert_array_equal(_np(model(reversed_view)),
                                  _np(model(X))[::-1])
    readonly = X.copy()
    readonly.flags.writeable = False
    np.testing.assert_array_equal(_np(model(readonly)), _np(model(X)))


# ---------------------------------------------------------------------------
# jax: compiled direct calls
# ---------------------------------------------------------------------------
jax_only = pytest.mark.skipif(not JAX, reason="jax's compiled direct calls")


def _cache(model):
    return model._call_cache


@jax_only
def test_jax_direct_calls_are_compiled_once_and_match_eager():
    model = _mlp()
    cache = _cache(model)
    first = _np(model(X))
    second = _np(model(X))
    assert cache.calls == 2 and cache.traces == 1
    eager = _np(_eager(model)(X))
    np.testing.assert_allclose(first, eager, rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(first, second)


@jax_only
def test_jax_compiled_call_sees_new_weights_without_retracing():
    model = _mlp()
    model(X)
    weights = [w * 2 for w in model.get_weights()]
    model.set_weights(weights)
    cache = _cache(model)
    out = _np(model(X))
    assert cache.traces == 1
    cache.disabled = True
    np.testing.assert_allclose(out, _np(model(X)), rtol=1e-6, atol=1e-7)


@jax_only
def test_jax_compiled_call_retraces_after_a_layer_changes():
    model = _mlp()
    before = _np(model(X))
    model.layers[-1].activation = cornu.activations.get("linear")
    after = _np(model(X))
    assert _cache(model).traces == 2
    assert not np.allclose(before.sum(axis=1), after.sum(axis=1))
    model.add(cornu.layers.Dense(3))
    assert model(X).shape == (3, 3)
    assert _cache(model).traces == 3


@jax_only
def test_jax_side_effects_turn_the_cache_off():
    model = _mlp(activity_regularizer=cornu.regularizers.L2(0.1))
    model(X)
    assert _cache(model).disabled
    assert len(model.losses) == 1

    class Counter(cornu.layers.Layer):
        def build(self, shape):
            self.n = self.add_weight(shape=(), initializer="zeros",
                                     trainable=False)

        def call(self, x):
            self.n.assign(self.n + 1.0)
            return x

    counter = Counter()
    a = cornu.Input((6,))
    model = cornu.Model(a, counter(a))
    start = float(_np(counter.n))
    model(X)
    model(X)
    # A custom layer is never compiled: it runs eagerly, every time.
    assert _cache(model).calls == 0
    assert float(_np(counter.n)) == start + 2.0


@jax_only
def test_jax_calls_that_cannot_be_compiled_run_eagerly():
    import jax

    model = _mlp(dropout=0.5)
    cache = _cache(model)
    x = np.ones((4, 6), "float32")
    assert not np.allclose(_np(model(x, training=True)), _np(model(x)))
    assert cache.calls == 1  # training=True ran eagerly
    traced = jax.jit(lambda v: model(v))(x)
    np.testing.assert_allclose(_np(traced), _np(model(x)), rtol=1e-6)
    weights = [ops.zeros_like(v) for v in model.trainable_variables]
    out, _ = model.stateless_call(
        weights, [v.value for v in model.non_trainable_variables], x)
    np.testing.assert_allclose(_np(out), 0.25)
    assert cache.calls == 2


@jax_only
def test_jax_float64_inputs_are_cast_like_the_eager_call():
    model = _mlp()
    out = model(X.astype("float64"))
    assert ops.dtype(out) == "float32"
    assert _cache(model).calls == 1
    np.testing.assert_allclose(_np(out), _np(model(X)), rtol=1e-6)


@jax_only
def test_jax_predict_on_one_small_batch_uses_the_compiled_call():
    model = _mlp()
    cache = _cache(model)
    out = model.predict(X, verbose=0)
    assert isinstance(out, np.ndarray) and cache.calls == 1
    np.testing.assert_allclose(out, _np(_eager(model)(X)), rtol=1e-6,
                               atol=1e-7)


@jax_only
def test_jax_predict_honours_a_custom_predict_step(monkeypatch):
    original = cornu.Sequential.predict_step

    def doubled(self, state, data):
        outputs, state = original(self, state, data)
        return outputs * 2, state

    monkeypatch.setattr(cornu.Sequential, "predict_step", doubled)
    model = _mlp()
    out = model.predict(X, verbose=0)
    assert _cache(model).calls == 0
    np.testing.assert_allclose(out, 2 * _np(_eager(model)(X)), rtol=1e-6,
                               atol=1e-7)
    monkeypatch.undo()
    model.predict_function = lambda batches: ["mine"]
    assert model.predict(X, verbose=0) == "mine"


def test_predict_on_one_sample_matches_the_call():
    model = _mlp()
    np.testing.assert_allclose(model.predict(X[:1], verbose=0),
                               _np(model(X[:1])), rtol=1e-6, atol=1e-7)
    out = model.predict(X[:1].astype("float64"), verbose=0)
    assert out.dtype == np.float32


def test_predict_on_one_small_batch_is_one_inference_call(monkeypatch):
    model = _mlp(dropout=0.5)
    first = model.predict(X, verbose=0)
    # No predict function is made for it (jax: the compiled-call cache;
    # torch and numpy: one call under no_grad), and dropout is off.
    assert model.predict_function is None
    np.testing.assert_array_equal(model.predict(X, verbose=0), first)
    np.testing.assert_allclose(first, _np(model(X, training=False)),
                               rtol=1e-6, atol=1e-7)
    # A user's make_predict_function or predict_function still decides.
    model.predict_function = lambda batches: ["mine"]
    assert model.predict(X, verbose=0) == "mine"
    model.predict_function = None
    monkeypatch.setattr(type(model), "make_predict_function",
                        lambda self, force=False: lambda batches: ["made"])
    assert model.predict(X, verbose=0) == "made"


@jax_only
def test_jax_compiles_a_bounded_number_of_input_shapes(monkeypatch):
    monkeypatch.setattr(_call_cache_module(), "_MAX_KEYS", 2)
    model = _mlp()
    for n in (1, 2, 3, 1):
        assert model(X[:1].repeat(n, axis=0)).shape == (n, 4)
    cache = _cache(model)
    assert cache.traces == 2 and cache.calls == 3


@jax_only
def test_jax_compiles_masked_recurrent_models():
    # The LSTM cell resets its dropout masks to None on every call: an
    # attribute write that leaves the same object is not a side effect.
    a = cornu.Input((5,), dtype="int32")
    h = cornu.layers.Embedding(10, 4, mask_zero=True)(a)
    h = cornu.layers.LSTM(3)(h)
    model = cornu.Model(a, cornu.layers.Dense(2)(h))
    x = np.array([[1, 2, 0, 0, 0], [3, 4, 5, 6, 0]])
    out = _np(model(x))
    cache = _cache(model)
    assert cache.calls == 1 and not cache.disabled
    np.testing.assert_allclose(out, _np(_eager(model)(x)), rtol=1e-5,
                               atol=1e-6)


@jax_only
def test_jax_compiles_from_the_third_call_with_a_shape(monkeypatch):
    monkeypatch.setattr(_call_cache_module(), "_WARMUP_CALLS", 2)
    model = _mlp()
    cache = _cache(model)
    outputs = [_np(model(X)) for _ in range(4)]
    assert cache.traces == 1 and cache.calls == 2
    _np(model(X[:1]))
    assert cache.calls == 2  # a new shape warms up again
    np.testing.assert_allclose(outputs[0], outputs[3], rtol=1e-6, atol=1e-7)


@jax_only
def test_jax_training_none_and_false_share_a_compiled_call():
    model = _mlp()
    model(X)
    model(X, training=False)
    model.predict(X, verbose=0)
    assert _cache(model).traces == 1 and _cache(model).calls == 3
    # A node recorded with `training=True` makes None and False differ.
    a = cornu.Input((6,))
    b = cornu.layers.Dropout(0.5, seed=1)(a, training=True)
    recorded = cornu.Model(a, b)
    ones = np.ones((200, 6), "float32")
    dropped = _np(recorded(ones))
    assert (dropped == 0).any()
    np.testing.assert_array_equal(_np(recorded(ones, training=False)), ones)
    assert not _cache(recorded)._none_is_false
    # Its default call draws random numbers (a seed update): never cached.
    assert _cache(recorded).disabled and _cache(recorded).calls == 0
