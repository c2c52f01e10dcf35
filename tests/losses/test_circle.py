"""`cornu.losses.circle` and `Circle` against a NumPy formula and Keras 3
on L2-normalized embeddings (Keras's documented input) and on raw ones,
with reference sets, reductions, sample weights, configs and shape
errors."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.ops as ops
from cornu import losses
from tests._oracle import import_keras
from tests.losses.test_losses import REDUCTIONS

_RNG = np.random.RandomState(5)


def _unit(x):
    x = np.asarray(x, "float32")
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


_LABELS = np.array([0, 1, 0, 2, 1, 1], "int32")
_EMB = _unit(_RNG.normal(size=(6, 4)))
_REF_LABELS = np.array([3, 0, 1, 1], "int32")
_REF_EMB = _unit(_RNG.normal(size=(4, 4)))


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _keras_np(x):
    if hasattr(x, "detach"):
        return x.detach().cpu().numpy()
    return np.asarray(import_keras().ops.convert_to_numpy(x))


def _circle_reference(labels, emb, ref_labels=None, ref_emb=None,
                      remove_diagonal=True, gamma=80.0, margin=0.4):
    emb = emb.astype("float64")
    ref_emb = emb if ref_emb is None else ref_emb.astype("float64")
    ref_labels = labels if ref_labels is None else ref_labels
    sim = np.minimum(emb @ ref_emb.T, 1)
    positive = labels[:, None] == ref_labels[None]
    negative = ~positive
    if remove_diagonal:
        positive &= ~np.eye(len(labels), len(ref_labels), dtype=bool)
    logit_p = -gamma * np.maximum(1 + margin - sim, 0) * (sim - 1 + margin)
    logit_n = gamma * np.maximum(sim + margin, 0) * (sim - margin)

    def logsumexp(x, mask):
        out = np.full(len(x), -np.inf)
        for i, (row, keep) in enumerate(zip(x, mask, strict=True)):
            if keep.any():
                top = row[keep].max()
                out[i] = top + np.log(np.exp(row[keep] - top).sum())
        return out

    z = logsumexp(logit_p, positive) + logsumexp(logit_n, negative)
    return np.logaddexp(0.0, z)


_KWARGS = [
    {},
    {"gamma": 2.0, "margin": 0.25},
    {"gamma": 3.0, "remove_diagonal": False},
]


@pytest.mark.parametrize("kwargs", _KWARGS, ids=str)
def test_function_matches_numpy_and_keras(kwargs):
    out = _np(losses.circle(_LABELS, _EMB, **kwargs))
    np.testing.assert_allclose(
        out, _circle_reference(_LABELS, _EMB, **kwargs), rtol=2e-5,
        atol=2e-6)
    # The single-label class has no positive pair: loss 0.
    if kwargs.get("remove_diagonal", True):
        assert out[3] == 0.0
    keras = import_keras()
    theirs = keras.losses.circle(_LABELS, _EMB, **kwargs)
    np.testing.assert_allclose(out, _keras_np(theirs), rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("kwargs", _KWARGS[:2], ids=str)
def test_unnormalized_embeddings_match_numpy_and_keras(kwargs):
    # Similarities above 1 are capped at 1; those below -1 are kept.
    emb = (3 * _RNG.normal(size=(6, 4))).astype("float32")
    out = _np(losses.circle(_LABELS, emb, **kwargs))
    np.testing.assert_allclose(
        out, _circle_reference(_LABELS, emb, **kwargs), rtol=2e-5,
        atol=2e-6)
    theirs = import_keras().losses.circle(_LABELS, emb, **kwargs)
    np.testing.assert_allclose(out, _keras_np(theirs), rtol=2e-5, atol=2e-6)


def test_reference_set_matches_numpy_and_keras():
    kwargs = {"ref_labels": _REF_LABELS, "ref_embeddings": _REF_EMB,
              "gamma": 4.0}
    out = _np(losses.circle(_LABELS, _EMB, **kwargs))
    expected = _circle_reference(_LABELS, _EMB, _REF_LABELS, _REF_EMB,
                                 gamma=4.0)
    np.testing.assert_allclose(out, expected, rtol=2e-5, atol=2e-6)
    theirs = import_keras().losses.circle(_LABELS, _EMB, **kwargs)
    np.testing.assert_allclose(out, _keras_np(theirs), rtol=2e-5, atol=2e-6)


def test_labels_with_a_trailing_1_are_squeezed():
    np.testing.assert_allclose(
        _np(losses.circle(_LABELS[:, None], _EMB, gamma=2.0)),
        _np(losses.circle(_LABELS, _EMB, gamma=2.0)))


@pytest.mark.parametrize("sample_weight", [None, 0.5, "per_sample"])
def test_class_matches_keras_for_each_reduction(sample_weight):
    if sample_weight == "per_sample":
        sample_weight = _RNG.uniform(0, 2, size=6).astype("float32")
    keras = import_keras()
    # Keras-on-torch multiplies a scalar weight by its mask in place, which
    # fails; the same weight for every sample is what Keras on jax uses.
    keras_weight = (np.full(6, sample_weight, "float32")
                    if isinstance(sample_weight, float) else sample_weight)
    for reduction in REDUCTIONS:
        ours = losses.Circle(gamma=8.0, reduction=reduction)
        theirs = keras.losses.Circle(gamma=8.0, reduction=reduction)
        np.testing.assert_allclose(
            _np(ours(_LABELS, _EMB, sample_weight=sample_weight)),
            _keras_np(theirs(_LABELS, _EMB, sample_weight=keras_weight)),
            rtol=2e-5, atol=2e-6, err_msg=f"reduction={reduction}")


def test_embeddings_without_positive_pairs_are_left_out_of_the_mean():
    values = _circle_reference(_LABELS, _EMB, gamma=8.0)
    has_positive = np.array([1, 1, 1, 0, 1, 1], bool)
    out = losses.Circle(gamma=8.0)(_LABELS, _EMB)
    np.testing.assert_allclose(_np(out), values[has_positive].mean(),
                               rtol=2e-5)
    weights = np.arange(1.0, 7.0, dtype="float32")
    out = losses.Circle(gamma=8.0, reduction="mean_with_sample_weight")(
        _LABELS, _EMB, sample_weight=weights)
    expected = (values * weights).sum() / weights[has_positive].sum()
    np.testing.assert_allclose(_np(out), expected, rtol=2e-5)


def test_config_round_trip_and_matches_keras():
    loss = losses.Circle(gamma=10.0, margin=0.3, remove_diagonal=False,
                         reduction="sum", name="c")
    config = loss.get_config()
    keras = import_keras()
    assert config == keras.losses.Circle(
        gamma=10.0, margin=0.3, remove_diagonal=False, reduction="sum",
        name="c").get_config()
    clone = losses.Circle.from_config(config)
    assert clone.get_config() == config
    rebuilt = losses.deserialize(keras.losses.serialize(
        keras.losses.Circle(gamma=10.0)))
    assert isinstance(rebuilt, losses.Circle)
    assert rebuilt.gamma == 10.0
    assert losses.get("circle") is losses.circle
    assert isinstance(losses.get("Circle"), losses.Circle)
    assert losses.Circle().name == keras.losses.Circle().name


@pytest.mark.parametrize("y_true,y_pred,match", [
    (_LABELS[:5], _EMB, "one label per embedding"),
    (np.zeros((6, 2), "int32"), _EMB, r"y_true.shape=\(6, 2\)"),
    (_LABELS, _EMB[:, :, None], r"y_pred.shape=\(6, 4, 1\)"),
])
def test_bad_shapes_raise(y_true, y_pred, match):
    with pytest.raises(ValueError, match=f"circle: .*{match}"):
        losses.Circle()(y_true, y_pred)


def test_bad_reference_set_and_gamma_raise():
    with pytest.raises(ValueError, match="one label per embedding"):
        losses.circle(_LABELS, _EMB, ref_labels=_REF_LABELS[:3],
                      ref_embeddings=_REF_EMB)
    with pytest.raises(ValueError, match="embedding size"):
        losses.circle(_LABELS, _EMB, ref_labels=_REF_LABELS,
                      ref_embeddings=_REF_EMB[:, :3])
    for gamma in (0, -1.0, "80"):
        with pytest.raises(ValueError, match=f"Circle: `gamma`.*{gamma!r}"):
            losses.Circle(gamma=gamma)


@pytest.mark.trainable
def test_gradients_match_finite_differences():
    import cornu.backend
    from cornu.testing import gradients

    x = cornu.backend.Variable(_EMB)
    (grad,) = gradients(lambda: losses.Circle(gamma=4.0)(_LABELS, x), [x])
    grad = _np(grad)
    assert np.isfinite(grad).all()
    # Central differences of the float64 reference (the mean over the five
    # embeddings that have a positive pair).
    has_positive = np.array([1, 1, 1, 0, 1, 1], bool)

    def reference(emb):
        return _circle_reference(_LABELS, emb, gamma=4.0)[has_positive].mean()

    step = 1e-6
    expected = np.zeros(_EMB.shape)
    emb = _EMB.astype("float64")
    for index in np.ndindex(*_EMB.shape):
        delta = np.zeros(_EMB.shape)
        delta[index] = step
        expected[index] = (reference(emb + delta)
                           - reference(emb - delta)) / (2 * step)
    np.testing.assert_allclose(grad, expected, rtol=1e-3, atol=1e-4)
