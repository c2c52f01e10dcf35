"""Every loss class on sequence data `(batch, steps, features)` against
Keras 3: each reduction with per-sample and per-timestep `sample_weight`,
Keras masks carried by `y_pred` (as `cornu.layers.Masking` attaches them),
and labels whose shapes do not fit the loss."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
import cornu.ops as ops
from cornu import losses
from tests._oracle import import_keras
from tests.losses.test_losses import CASES, REDUCTIONS

_RNG = np.random.RandomState(11)
_SHAPE = (3, 2, 5)


def _f32(x):
    return np.asarray(x, dtype="float32")


def _probs(shape):
    x = np.exp(_RNG.normal(size=shape))
    return _f32(x / x.sum(-1, keepdims=True))


_LABELS = _RNG.randint(0, 5, size=_SHAPE[:-1])
SEQUENCES = {
    "real": (_f32(_RNG.normal(size=_SHAPE)), _f32(_RNG.normal(size=_SHAPE))),
    "positive": (_f32(_RNG.uniform(0.0, 2.0, _SHAPE)),
                 _f32(_RNG.uniform(0.1, 2.0, _SHAPE))),
    "dist": (_probs(_SHAPE), _probs(_SHAPE)),
    "binary": (_f32(_RNG.randint(0, 2, _SHAPE)),
               _f32(_RNG.uniform(0.0, 1.0, _SHAPE))),
    "binary_logits": (_f32(_RNG.randint(0, 2, _SHAPE)),
                      _f32(3 * _RNG.normal(size=_SHAPE))),
    "onehot": (_f32(np.eye(5)[_LABELS]), _probs(_SHAPE)),
    "onehot_logits": (_f32(np.eye(5)[_LABELS]),
                      _f32(_RNG.normal(size=_SHAPE))),
    "sparse": (_LABELS.astype("int32"), _probs(_SHAPE)),
    "sparse_logits": (_LABELS.astype("int32"),
                      _f32(_RNG.normal(size=_SHAPE))),
    "signed": (_f32(2 * _RNG.randint(0, 2, _SHAPE) - 1),
               _f32(_RNG.normal(size=_SHAPE))),
}
# One loss per time step: every case but the whole-batch overlap losses
# and the generalized crossentropy, which takes (batch, classes) only.
STEP_CASES = [c for c in CASES if c[3] in SEQUENCES and c[0] not in (
    "CategoricalGeneralizedCrossEntropy",)]
STEP_IDS = [f"{cls}-{kwargs}" for cls, _, kwargs, _, _ in STEP_CASES]
_WEIGHTS = {
    "scalar": 0.5,
    "per_sample_column": _f32(_RNG.uniform(0.0, 2.0, (3, 1))),
    "per_step": _f32(_RNG.uniform(0.0, 2.0, (3, 2))),
    "per_step_trailing_1": _f32(_RNG.uniform(0.0, 2.0, (3, 2, 1))),
}


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _keras_np(x):
    if hasattr(x, "detach"):  # torch: skip NumPy's `__array__` path
        return x.detach().cpu().numpy()
    return np.asarray(import_keras().ops.convert_to_numpy(x))


@pytest.mark.parametrize("cls,fn,kwargs,kind,ref", STEP_CASES, ids=STEP_IDS)
def test_sequence_losses_match_keras_for_each_weight_shape(cls, fn, kwargs,
                                                           kind, ref):
    keras = import_keras()
    y_true, y_pred = SEQUENCES[kind]
    # The NumPy formula gives one loss per step.
    expected_values = ref(y_true.reshape(6, *y_true.shape[2:])
                          .astype("float64"),
                          y_pred.reshape(6, 5).astype("float64"))
    values = losses.get(cls).__class__(reduction="none", **kwargs)(
        y_true, y_pred)
    np.testing.assert_allclose(_np(values), expected_values.reshape(3, 2),
                               rtol=2e-5, atol=2e-6)
    for reduction in REDUCTIONS:
        ours = getattr(losses, cls)(reduction=reduction, **kwargs)
        theirs = getattr(keras.losses, cls)(reduction=reduction, **kwargs)
        for name, weights in _WEIGHTS.items():
            out = _np(ours(y_true, y_pred, sample_weight=weights))
            expected = _keras_np(theirs(y_true, y_pred,
                                        sample_weight=weights))
            assert out.shape == expected.shape, (reduction, name)
            np.testing.assert_allclose(
                out, expected, rtol=2e-5, atol=2e-6,
                err_msg=f"reduction={reduction}, weights={name}")


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_ignore_class_with_per_step_weights_matches_keras(reduction):
    keras = import_keras()
    y_true, y_pred = SEQUENCES["sparse_logits"]
    y_true = np.where(_RNG.uniform(size=y_true.shape) < 0.4, 4, y_true)
    kwargs = {"from_logits": True, "ignore_class": 4,
              "reduction": reduction}
    ours = losses.SparseCategoricalCrossentropy(**kwargs)
    theirs = keras.losses.SparseCategoricalCrossentropy(**kwargs)
    for name in ("scalar", "per_step", "per_step_trailing_1"):
        weights = _WEIGHTS[name]
        if name == "scalar":  # Keras-on-torch fails on a scalar and a mask
            weights = np.full(y_true.shape, weights, "float32")
        with np.errstate(invalid="ignore"):
            expected = _keras_np(theirs(y_true, y_pred,
                                        sample_weight=weights))
        out = _np(ours(y_true, y_pred, sample_weight=_WEIGHTS[name]))
        np.testing.assert_allclose(out, expected, rtol=2e-5, atol=2e-6,
                                   err_msg=name)


_MASK = np.array([[1, 0], [1, 1], [0, 0]], bool)


def _masked(y_pred, mask, engine_module):
    tensor = engine_module.ops.convert_to_tensor(y_pred)
    try:
        tensor._keras_mask = engine_module.ops.convert_to_tensor(mask)
    except (AttributeError, TypeError):
        pytest.skip("this engine's tensors carry no attributes")
    return tensor


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weights", [None, "per_sample_column",
                                     "per_step"])
@pytest.mark.parametrize("cls", ["MeanSquaredError",
                                 "CategoricalCrossentropy"])
def test_mask_on_predictions_matches_keras(cls, weights, reduction):
    kind = "real" if cls == "MeanSquaredError" else "onehot"
    y_true, y_pred = SEQUENCES[kind]
    sample_weight = None if weights is None else _WEIGHTS[weights]
    out = _np(getattr(losses, cls)(reduction=reduction)(
        y_true, _masked(y_pred, _MASK, cornu), sample_weight=sample_weight))
    keras = import_keras()
    if weights == "per_sample_column":
        # Keras-on-torch multiplies the (3, 1) weights by the (3, 2) mask in
        # place, which fails; Keras on jax broadcasts them, as cornu does.
        sample_weight = np.broadcast_to(sample_weight, _MASK.shape)
    expected = _keras_np(getattr(keras.losses, cls)(reduction=reduction)(
        y_true, _masked(y_pred, _MASK, keras), sample_weight=sample_weight))
    np.testing.assert_allclose(out, expected, rtol=2e-5, atol=2e-6)


def test_masked_mean_is_the_mean_over_unmasked_steps():
    y_true, y_pred = SEQUENCES["real"]
    values = ((y_true.astype("float64") - y_pred) ** 2).mean(-1)
    masked = _masked(y_pred, _MASK, cornu)
    for reduction in ("sum_over_batch_size", "mean",
                      "mean_with_sample_weight"):
        out = losses.MeanSquaredError(reduction=reduction)(y_true, masked)
        np.testing.assert_allclose(_np(out), values[_MASK].mean(),
                                   rtol=1e-5)
    out = losses.MeanSquaredError(reduction="sum")(y_true, masked)
    np.testing.assert_allclose(_np(out), values[_MASK].sum(), rtol=1e-5)
    out = losses.MeanSquaredError(reduction=None)(y_true, masked)
    np.testing.assert_allclose(_np(out), np.where(_MASK, values, 0.0),
                               rtol=1e-5)


def test_mask_from_a_masking_layer():
    y_true, y_pred = SEQUENCES["real"]
    y_pred = y_pred.copy()
    y_pred[~_MASK] = 0.0
    masked = cornu.layers.Masking(mask_value=0.0)(y_pred)
    if getattr(masked, "_keras_mask", None) is None:
        pytest.skip("this engine's tensors carry no attributes")
    values = ((y_true.astype("float64") - y_pred) ** 2).mean(-1)
    out = losses.MeanSquaredError()(y_true, masked)
    np.testing.assert_allclose(_np(out), values[_MASK].mean(), rtol=1e-5)


def _f(*shape):
    return _f32(_RNG.uniform(0.1, 0.9, shape))


_BAD_LABELS = [
    ("MeanSquaredError", _f(4, 3), _f(4, 5), "mean_squared_error",
     "broadcast"),
    ("MeanAbsoluteError", _f(5, 5), _f(4, 5), "mean_absolute_error",
     "broadcast"),
    ("Huber", _f(4, 3), _f(4, 5), "huber", "broadcast"),
    ("KLDivergence", _f(4, 3), _f(4, 5), "kl_divergence", "broadcast"),
    ("Hinge", _f(4, 2, 3), _f(4, 5), "hinge", "broadcast"),
    ("BinaryCrossentropy", _f(4, 3), _f(4, 5), "binary_crossentropy",
     "the same shape"),
    ("BinaryCrossentropy", _f(4, 2), _f(4, 1), "binary_crossentropy",
     "the same shape"),
    ("BinaryFocalCrossentropy", _f(4, 3), _f(4, 5),
     "binary_focal_crossentropy", "the same shape"),
    ("CategoricalCrossentropy", _f(4, 3), _f(4, 5),
     "categorical_crossentropy", "the same shape"),
    ("CategoricalCrossentropy", np.array([1, 2, 0, 1]), _f(4, 5),
     "categorical_crossentropy", "sparse_categorical_crossentropy"),
    ("CategoricalFocalCrossentropy", _f(4, 3), _f(4, 5),
     "categorical_focal_crossentropy", "the same shape"),
    ("SparseCategoricalCrossentropy", np.zeros((4, 2), "int32"), _f(4, 5),
     "sparse_categorical_crossentropy", "without the class axis"),
    ("SparseCategoricalCrossentropy", np.zeros((4, 5), "int32"), _f(4, 5),
     "sparse_categorical_crossentropy", "without the class axis"),
    ("SparseCategoricalCrossentropy", np.zeros((3,), "int32"), _f(4, 5),
     "sparse_categorical_crossentropy", "without the class axis"),
    ("CategoricalGeneralizedCrossEntropy", np.zeros((4, 2), "int32"),
     _f(4, 5), "categorical_generalized_cross_entropy", "class axis"),
]


@pytest.mark.parametrize(
    "cls,y_true,y_pred,owner,expected", _BAD_LABELS,
    ids=[f"{c[0]}-{c[1].shape}-{c[2].shape}" for c in _BAD_LABELS])
def test_labels_that_do_not_fit_raise_a_value_error(cls, y_true, y_pred,
                                                    owner, expected):
    kwargs = {"q": 0.5} if cls == "CategoricalGeneralizedCrossEntropy" else {}
    loss = getattr(losses, cls)(**kwargs)
    with pytest.raises(ValueError, match=owner) as info:
        loss(y_true, y_pred)
    message = str(info.value)
    assert expected in message
    assert f"y_pred.shape={tuple(y_pred.shape)}" in message
    assert "y_true.shape=" in message


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_per_sample_weights_for_per_step_losses_raise(reduction):
    # Keras 3 fails here too, inside the multiplication.
    y_true, y_pred = SEQUENCES["real"]
    loss = losses.MeanSquaredError(reduction=reduction)
    with pytest.raises(ValueError, match=(
            r"MeanSquaredError: `sample_weight` must broadcast .*"
            r"sample_weight.shape=\(3,\).*\(3, 2\).*\(3, 1\)")):
        loss(y_true, y_pred, sample_weight=np.ones(3, "float32"))
    with pytest.raises(ValueError, match=r"sample_weight.shape=\(2, 2\)"):
        loss(y_true, y_pred, sample_weight=np.ones((2, 2), "float32"))


def test_per_sample_weights_with_a_mask_raise():
    y_true, y_pred = SEQUENCES["real"]
    masked = _masked(y_pred, _MASK, cornu)
    with pytest.raises(ValueError, match="shape of the mask"):
        losses.MeanSquaredError()(y_true, masked,
                                  sample_weight=np.ones(3, "float32"))


def test_broadcastable_labels_still_work_as_in_keras():
    y_true, y_pred = _f(4, 1), _f(4, 5)
    out = losses.MeanSquaredError()(y_true, y_pred)
    expected = ((y_true.astype("float64") - y_pred) ** 2).mean()
    np.testing.assert_allclose(_np(out), expected, rtol=1e-5)
