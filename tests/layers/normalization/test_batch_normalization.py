"""Tests for `BatchNormalization`: a NumPy reference and Keras 3 in
training and inference mode, moving statistics after one training call,
frozen layers, masks, renorm, `StatelessScope`, configs and errors."""

from __future__ import annotations

import numpy as np
import pytest

from cornu import layers, ops
from cornu.backend import StatelessScope
from cornu.testing import check_layer
from tests.layers._keras_layers import (
    config_diff,
    keras_layer,
    keras_output,
    keras_weights,
)

EPSILON = 1e-3


def bn_reference(x, gamma, beta, mean, variance, axis=-1, epsilon=EPSILON):
    """`gamma * (x - mean) / sqrt(variance + epsilon) + beta` along
    `axis`, in float64."""
    x = np.asarray(x, np.float64)
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]

    def b(v):
        return np.asarray(v, np.float64).reshape(shape)

    out = (x - b(mean)) / np.sqrt(b(variance) + epsilon)
    if gamma is not None:
        out = out * b(gamma)
    if beta is not None:
        out = out + b(beta)
    return out


def batch_moments(x, axis=-1):
    x = np.asarray(x, np.float64)
    axes = tuple(i for i in range(x.ndim) if i != axis % x.ndim)
    return x.mean(axis=axes), x.var(axis=axes)


def _data(shape, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(shape) * 2.0 + 0.5).astype("float32")


def _weights(n, seed=1, center=True, scale=True):
    """gamma, beta, moving_mean, moving_variance (variance positive)."""
    rng = np.random.default_rng(seed)
    out = []
    if scale:
        out.append(rng.uniform(0.5, 1.5, n).astype("float32"))
    if center:
        out.append(rng.standard_normal(n).astype("float32"))
    out.append(rng.standard_normal(n).astype("float32"))
    out.append(rng.uniform(0.5, 2.0, n).astype("float32"))
    return out


def _layer(kwargs, shape, weights):
    layer = layers.BatchNormalization(**kwargs)
    layer.build(shape)
    layer.set_weights(weights)
    return layer


# ---------------------------------------------------------------------------
# conformance harness
# ---------------------------------------------------------------------------
CONFORMANCE = {
    "last_axis": ({"gamma_initializer": "random_normal",
                   "beta_initializer": "random_normal"}, (4, 3, 5)),
    "channels_first": ({"axis": 1, "beta_initializer": "random_normal"},
                       (4, 3, 2, 2)),
    "no_center_no_scale": ({"center": False, "scale": False}, (6, 4)),
}


@pytest.mark.parametrize("training", [False, True])
@pytest.mark.parametrize("case", sorted(CONFORMANCE))
def test_conformance_and_numpy_reference(case, training):
    kwargs, shape = CONFORMANCE[case]
    axis = kwargs.get("axis", -1)
    center, scale = kwargs.get("center", True), kwargs.get("scale", True)

    def reference(x, weights):
        weights = list(weights)
        gamma = weights.pop(0) if scale else None
        beta = weights.pop(0) if center else None
        if training:
            mean, variance = batch_moments(x, axis)
        else:
            mean, variance = weights
        return bn_reference(x, gamma, beta, mean, variance, axis)

    n_trainable = int(center) + int(scale)
    check_layer(
        layers.BatchNormalization, kwargs, input_data=_data(shape),
        expected_output_shape=shape, expected_output_dtype="float32",
        expected_num_trainable_weights=n_trainable,
        expected_num_non_trainable_weights=2,
        reference=reference, supports_masking=True,
        call_kwargs={"training": True} if training else None,
        rtol=1e-4, atol=1e-4,
    )


# ---------------------------------------------------------------------------
# numbers: NumPy and Keras with the same weights
# ---------------------------------------------------------------------------
CASES = {
    "last_axis_2d": ({}, (6, 4)),
    "last_axis_4d": ({"momentum": 0.9}, (3, 2, 3, 4)),
    "channels_first_4d": ({"axis": 1, "epsilon": 1e-2}, (3, 4, 2, 3)),
    "middle_axis_3d": ({"axis": -2}, (3, 4, 2)),
    "no_center": ({"center": False}, (5, 3)),
    "no_scale": ({"scale": False, "axis": 1}, (5, 3, 2)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_inference_uses_moving_statistics(case):
    kwargs, shape = CASES[case]
    axis = kwargs.get("axis", -1)
    center, scale = kwargs.get("center", True), kwargs.get("scale", True)
    n = shape[axis]
    weights = _weights(n, center=center, scale=scale)
    layer = _layer(kwargs, shape, weights)
    x = _data(shape)
    out = ops.convert_to_numpy(layer(x))
    rest = list(weights)
    gamma = rest.pop(0) if scale else None
    beta = rest.pop(0) if center else None
    expected = bn_reference(x, gamma, beta, *rest, axis=axis,
                            epsilon=kwargs.get("epsilon", EPSILON))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    # Inference leaves the moving statistics alone.
    for got, want in zip(layer.get_weights(), weights, strict=True):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("case", sorted(CASES))
def test_training_uses_batch_statistics_and_updates_moving_ones(case):
    kwargs, shape = CASES[case]
    axis = kwargs.get("axis", -1)
    momentum = kwargs.get("momentum", 0.99)
    center, scale = kwargs.get("center", True), kwargs.get("scale", True)
    weights = _weights(shape[axis], center=center, scale=scale)
    layer = _layer(kwargs, shape, weights)
    x = _data(shape)
    out = ops.convert_to_numpy(layer(x, training=True))
    mean, variance = batch_moments(x, axis)
    rest = list(weights)
    gamma = rest.pop(0) if scale else None
    beta = rest.pop(0) if center else None
    expected = bn_reference(x, gamma, beta, mean, variance, axis=axis,
                            epsilon=kwargs.get("epsilon", EPSILON))
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)
    moving_mean, moving_variance = rest
    np.testing.assert_allclose(
        layer.moving_mean.numpy(),
        moving_mean * momentum + mean * (1 - momentum), rtol=1e-5,
        atol=1e-6)
    np.testing.assert_allclose(
        layer.moving_variance.numpy(),
        moving_variance * momentum + variance * (1 - momentum), rtol=1e-5,
        atol=1e-6)


@pytest.mark.oracle
@pytest.mark.parametrize("trainable", [True, False])
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras_in_both_modes(case, trainable):
    kwargs, shape = CASES[case]
    kwargs = {**kwargs, "trainable": trainable}
    axis = kwargs.get("axis", -1)
    weights = _weights(shape[axis], center=kwargs.get("center", True),
                       scale=kwargs.get("scale", True))
    ours = _layer(kwargs, shape, weights)
    theirs = keras_layer("BatchNormalization", kwargs, shape, weights)
    x = _data(shape)
    for training in (False, True, True, False):
        np.testing.assert_allclose(
            ops.convert_to_numpy(ours(x, training=training)),
            keras_output(theirs, x, training=training), rtol=1e-5,
            atol=1e-5)
        for got, want in zip(ours.get_weights(), keras_weights(theirs),
                             strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_frozen_layer_runs_in_inference_mode_when_training():
    shape = (6, 3)
    weights = _weights(3)
    layer = _layer({"trainable": False}, shape, weights)
    assert layer.trainable_weights == []
    assert len(layer.non_trainable_weights) == 4
    x = _data(shape)
    frozen = ops.convert_to_numpy(layer(x, training=True))
    np.testing.assert_allclose(frozen, bn_reference(x, *weights),
                               rtol=1e-5, atol=1e-5)
    for got, want in zip(layer.get_weights(), weights, strict=True):
        np.testing.assert_array_equal(got, want)
    # Unfreezing restores training behaviour.
    layer.trainable = True
    layer(x, training=True)
    assert not np.allclose(layer.moving_mean.numpy(), weights[2])


def test_weights_order_and_names_match_keras():
    layer = layers.BatchNormalization()
    layer.build((None, 5))
    assert [v.name for v in layer.weights] == [
        "gamma", "beta", "moving_mean", "moving_variance"]
    assert [v.name for v in layer.trainable_weights] == ["gamma", "beta"]
    theirs = keras_layer("BatchNormalization", {}, (None, 5))
    assert [v.name for v in theirs.weights] == [
        v.name for v in layer.weights]


# ---------------------------------------------------------------------------
# masks
# ---------------------------------------------------------------------------
def _masked():
    x = _data((3, 4, 2), seed=5)
    mask = np.array([[1, 1, 0, 0], [1, 0, 1, 1], [0, 0, 0, 1]], dtype=bool)
    return x, mask


def test_mask_leaves_masked_steps_out_of_the_statistics():
    x, mask = _masked()
    weights = _weights(2)
    layer = _layer({"momentum": 0.5}, x.shape, weights)
    out = ops.convert_to_numpy(layer(x, training=True, mask=mask))
    kept = x[mask].astype(np.float64)
    mean, variance = kept.mean(axis=0), kept.var(axis=0)
    # Keras divides by (count + 1e-7); the difference is far below tol.
    np.testing.assert_allclose(
        out, bn_reference(x, weights[0], weights[1], mean, variance),
        rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(layer.moving_mean.numpy(),
                               0.5 * weights[2] + 0.5 * mean, rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(),
                               0.5 * weights[3] + 0.5 * variance, rtol=1e-5)


@pytest.mark.oracle
def test_mask_matches_keras():
    from tests._oracle import import_keras

    keras = import_keras()
    x, mask = _masked()
    weights = _weights(2)
    ours = _layer({}, x.shape, weights)
    theirs = keras_layer("BatchNormalization", {}, x.shape, weights)
    np.testing.assert_allclose(
        ops.convert_to_numpy(ours(x, training=True, mask=mask)),
        keras_output(theirs, x, training=True,
                     mask=keras.ops.convert_to_tensor(mask)),
        rtol=1e-5, atol=1e-5)
    for got, want in zip(ours.get_weights(), keras_weights(theirs),
                         strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_mask_passes_through_and_must_have_one_axis_less():
    layer = layers.BatchNormalization()
    x, mask = _masked()
    assert layer.supports_masking
    assert layer.compute_mask(x, mask) is mask
    with pytest.raises(ValueError, match="mask"):
        layer(x, training=True, mask=np.ones(x.shape, bool))


# ---------------------------------------------------------------------------
# StatelessScope and stateless_call
# ---------------------------------------------------------------------------
def test_moving_statistics_update_inside_stateless_scope():
    shape = (5, 3)
    weights = _weights(3)
    layer = _layer({"momentum": 0.8}, shape, weights)
    x = _data(shape)
    mean, variance = batch_moments(x)
    with StatelessScope() as scope:
        layer(x, training=True)
    np.testing.assert_allclose(
        ops.convert_to_numpy(scope.get_update(layer.moving_mean)),
        0.8 * weights[2] + 0.2 * mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        ops.convert_to_numpy(scope.get_update(layer.moving_variance)),
        0.8 * weights[3] + 0.2 * variance, rtol=1e-5, atol=1e-6)
    # The variables themselves did not change.
    for got, want in zip(layer.get_weights(), weights, strict=True):
        np.testing.assert_array_equal(got, want)


def test_stateless_call_returns_updated_statistics():
    shape = (5, 3)
    weights = _weights(3)
    layer = _layer({}, shape, weights)
    x = _data(shape)
    other_mean = np.full(3, 2.0, "float32")
    other_var = np.full(3, 3.0, "float32")
    out, (new_mean, new_var) = layer.stateless_call(
        [ops.convert_to_tensor(w) for w in weights[:2]],
        [ops.convert_to_tensor(other_mean), ops.convert_to_tensor(other_var)],
        x, training=True)
    mean, variance = batch_moments(x)
    np.testing.assert_allclose(ops.convert_to_numpy(new_mean),
                               0.99 * other_mean + 0.01 * mean, rtol=1e-5)
    np.testing.assert_allclose(ops.convert_to_numpy(new_var),
                               0.99 * other_var + 0.01 * variance, rtol=1e-5)
    np.testing.assert_allclose(
        ops.convert_to_numpy(out),
        bn_reference(x, weights[0], weights[1], mean, variance),
        rtol=1e-4, atol=1e-4)
    # Inference through stateless_call reads the given statistics.
    out, _ = layer.stateless_call(
        [ops.convert_to_tensor(w) for w in weights[:2]],
        [ops.convert_to_tensor(other_mean), ops.convert_to_tensor(other_var)],
        x)
    np.testing.assert_allclose(
        ops.convert_to_numpy(out),
        bn_reference(x, weights[0], weights[1], other_mean, other_var),
        rtol=1e-5, atol=1e-5)
    for got, want in zip(layer.get_weights(), weights, strict=True):
        np.testing.assert_array_equal(got, want)


# ---------------------------------------------------------------------------
# renorm
# ---------------------------------------------------------------------------
@pytest.mark.oracle
@pytest.mark.parametrize("clipping", [None, {"rmax": 1.2, "rmin": 0.9,
                                             "dmax": 0.1}])
def test_renorm_matches_keras(clipping):
    kwargs = {"renorm": True, "renorm_clipping": clipping,
              "renorm_momentum": 0.8, "momentum": 0.9}
    shape = (6, 3)
    ours = layers.BatchNormalization(**kwargs)
    ours.build(shape)
    assert [v.name for v in ours.weights] == [
        "gamma", "beta", "moving_mean", "moving_variance", "moving_stddev",
        "renorm_mean", "renorm_stddev"]
    theirs = keras_layer("BatchNormalization", kwargs, shape)
    theirs.set_weights(ours.get_weights())
    for step in range(3):
        x = _data(shape, seed=step)
        np.testing.assert_allclose(
            ops.convert_to_numpy(ours(x, training=True)),
            keras_output(theirs, x, training=True), rtol=1e-5, atol=1e-5)
        for got, want in zip(ours.get_weights(), keras_weights(theirs),
                             strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    x = _data(shape, seed=9)
    np.testing.assert_allclose(ops.convert_to_numpy(ours(x)),
                               keras_output(theirs, x), rtol=1e-5,
                               atol=1e-5)


def test_renorm_stddev_starts_at_sqrt_of_variance_initializer():
    layer = layers.BatchNormalization(renorm=True,
                                      moving_variance_initializer="ones")
    layer.build((None, 2))
    np.testing.assert_allclose(layer.moving_stddev.numpy(), [1.0, 1.0])
    np.testing.assert_allclose(layer.renorm_stddev.numpy(), [1.0, 1.0])
    assert layer.renorm_clipping == {}


# ---------------------------------------------------------------------------
# shapes, config, errors
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("axis, input_shape", [
    (-1, (None, None, 3)), (1, (None, 3, None, None)), (2, (None, 5, 3)),
])
def test_symbolic_shapes(axis, input_shape):
    layer = layers.BatchNormalization(axis=axis)
    out = layer(layers.Input(batch_shape=input_shape))
    assert tuple(out.shape) == input_shape
    assert [tuple(v.shape) for v in layer.weights] == [(3,)] * 4


@pytest.mark.oracle
@pytest.mark.parametrize("kwargs", [
    {},
    {"axis": 1, "momentum": 0.9, "epsilon": 1e-5, "center": False,
     "scale": False, "beta_initializer": "random_normal",
     "gamma_initializer": "zeros", "moving_mean_initializer": "ones",
     "moving_variance_initializer": "zeros", "beta_regularizer": "l2",
     "gamma_regularizer": "l1", "beta_constraint": "non_neg",
     "gamma_constraint": "max_norm", "trainable": False,
     "dtype": "float64"},
    {"renorm": True, "renorm_clipping": {"rmax": 3.0}, "renorm_momentum": 0.5},
    {"renorm": True},
    {"momentum": 1, "epsilon": 0},
])
def test_config_matches_keras(kwargs):
    ours = layers.BatchNormalization(name="bn", **kwargs).get_config()
    theirs = keras_layer(
        "BatchNormalization", {"name": "bn", **kwargs}).get_config()
    assert config_diff(ours, theirs) == {}
    again = layers.BatchNormalization.from_config(ours).get_config()
    assert config_diff(again, ours) == {}


def test_keras2_list_axis_is_accepted():
    # Keras 2 configs store `axis: [3]`.
    assert layers.BatchNormalization(axis=[3]).axis == 3


def test_synchronized_is_accepted_and_changes_nothing():
    # Keras 3 rejects synchronized=True outside TensorFlow; cornu runs one
    # device per process, so it keeps the flag (it round-trips in configs)
    # and computes the same statistics.
    shape = (5, 3)
    x = _data(shape)
    a = layers.BatchNormalization(synchronized=True)
    b = layers.BatchNormalization()
    np.testing.assert_allclose(ops.convert_to_numpy(a(x, training=True)),
                               ops.convert_to_numpy(b(x, training=True)))
    assert a.get_config()["synchronized"] is True


@pytest.mark.parametrize("kwargs, error, match", [
    ({"axis": "last"}, TypeError, "axis"),
    ({"axis": 1.5}, TypeError, "axis"),
    ({"momentum": "high"}, TypeError, "momentum"),
    ({"epsilon": None}, TypeError, "epsilon"),
    ({"center": "yes"}, TypeError, "center"),
    ({"scale": None}, TypeError, "scale"),
    ({"renorm": True, "renorm_clipping": {"rmax": 1, "max": 2}}, ValueError,
     "renorm_clipping"),
    ({"renorm": True, "renorm_clipping": {"rmax": 1, "rmin": 2}},
     ValueError, "rmax"),
    ({"renorm": True, "renorm_clipping": {"dmax": -1}}, ValueError, "dmax"),
    ({"gamma_initializer": "no_such_init"}, ValueError, "no_such_init"),
])
def test_bad_arguments_raise_at_construction(kwargs, error, match):
    with pytest.raises(error, match=match):
        layers.BatchNormalization(**kwargs)


def test_bad_axis_for_the_input_raises_at_build():
    with pytest.raises(ValueError, match="axis"):
        layers.BatchNormalization(axis=2)(np.zeros((2, 3), "float32"))
    with pytest.raises(ValueError, match="axis"):
        layers.BatchNormalization(axis=-3)(layers.Input(shape=(3,)))
    with pytest.raises(ValueError, match="axis"):
        layers.BatchNormalization()(layers.Input(batch_shape=(2, None)))


def test_feature_size_is_checked_after_build():
    layer = layers.BatchNormalization()
    layer(np.zeros((2, 3), "float32"))
    with pytest.raises(ValueError, match="axis"):
        layer(np.zeros((2, 4), "float32"))
