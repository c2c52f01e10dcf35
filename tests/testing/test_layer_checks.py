"""Tests for the conformance harness itself: good layers pass, and each
kind of broken layer makes `check_layer` fail on the check that catches
it."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import layers, ops, testing
from cornu.testing import check_layer


class Scale(layers.Layer):
    """`x * w`, one weight per feature: the smallest honest layer."""

    def __init__(self, init="ones", **kwargs):
        super().__init__(**kwargs)
        self.init = init

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],),
                                 initializer=self.init, name="w")

    def call(self, x):
        return ops.multiply(x, self.w)

    def get_config(self):
        return {**super().get_config(), "init": self.init}


class ForgetsArgument(Scale):
    """Drops `offset` from its config, so a reloaded copy computes
    something else."""

    def __init__(self, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.offset = offset

    def call(self, x):
        return ops.add(super().call(x), self.offset)


class WrongConfig(layers.Layer):
    """Stores `2 * n` but saves it as `n`: each reload doubles it."""

    def __init__(self, n=1, **kwargs):
        super().__init__(**kwargs)
        self.n = 2 * n

    def call(self, x):
        return ops.multiply(x, float(self.n))

    def get_config(self):
        return {**super().get_config(), "n": self.n}


class UnsavableConfig(Scale):
    def get_config(self):
        return {**super().get_config(), "init": np.ones(2)}


class LiesAboutShape(Scale):
    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], 7)


class SumPair(layers.Layer):
    """Two inputs: `a + b`."""

    def call(self, inputs):
        return ops.add(inputs[0], inputs[1])

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self):
        return super().get_config()


class NoGetConfig(layers.Layer):
    """Relies on the base class's automatic config."""

    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return ops.multiply(x, self.factor)


class InfiniteGradient(Scale):
    """`x * sqrt(w)` with `w = 0`: finite output, infinite gradient."""

    def __init__(self, **kwargs):
        super().__init__(init="zeros", **kwargs)

    def call(self, x):
        return ops.multiply(x, ops.sqrt(self.w))

    def get_config(self):
        config = super().get_config()
        config.pop("init")
        return config


class UnusedWeight(Scale):
    def call(self, x):
        return ops.multiply(x, 2.0)


def test_honest_layer_passes_and_returns_the_output():
    x = np.arange(6, dtype="float32").reshape(2, 3)
    out = check_layer(
        Scale, {"init": "ones"}, input_data=x, expected_output_shape=(2, 3),
        expected_output_dtype="float32", expected_num_trainable_weights=1,
        expected_num_non_trainable_weights=0,
        reference=lambda inputs, weights: inputs * weights[0],
        supports_masking=False)
    np.testing.assert_allclose(ops.convert_to_numpy(out), x)


def test_run_layer_test_is_check_layer():
    assert testing.run_layer_test is check_layer


def test_several_inputs():
    out = check_layer(SumPair, input_shape=[(2, 3), (2, 3)],
                      expected_output_shape=(2, 3),
                      reference=lambda xs, w: xs[0] + xs[1])
    assert tuple(out.shape) == (2, 3)


def test_automatic_config_round_trips():
    check_layer(NoGetConfig, {"factor": 3.0}, input_shape=(2, 3),
                reference=lambda x, w: 3.0 * x)


def test_none_in_expected_shape_matches_any_size():
    check_layer(Scale, input_shape=(2, 3), expected_output_shape=(None, 3))


def test_needs_an_input():
    with pytest.raises(ValueError, match="input_shape"):
        check_layer(Scale)


def test_config_that_forgets_an_argument_fails():
    with pytest.raises(AssertionError, match=r"\[config\]"):
        check_layer(ForgetsArgument, {"offset": 1.0}, input_shape=(2, 3))


def test_config_that_does_not_round_trip_fails():
    with pytest.raises(AssertionError, match="config differs"):
        check_layer(WrongConfig, input_shape=(2, 3))


def test_config_that_json_cannot_hold_fails():
    with pytest.raises(AssertionError, match="JSON"):
        check_layer(UnsavableConfig, input_shape=(2, 3))


def test_wrong_symbolic_shape_fails():
    with pytest.raises(AssertionError, match="symbolic shape"):
        check_layer(LiesAboutShape, input_shape=(2, 3))


def test_wrong_expected_shape_fails():
    with pytest.raises(AssertionError, match="output shape"):
        check_layer(Scale, input_shape=(2, 3), expected_output_shape=(2, 4))


def test_wrong_expected_dtype_fails():
    with pytest.raises(AssertionError, match="output dtype"):
        check_layer(Scale, input_shape=(2, 3),
                    expected_output_dtype="float64")


def test_wrong_weight_counts_fail():
    with pytest.raises(AssertionError, match="trainable weights"):
        check_layer(Scale, input_shape=(2, 3),
                    expected_num_trainable_weights=2)
    with pytest.raises(AssertionError, match="non-trainable weights"):
        check_layer(Scale, input_shape=(2, 3),
                    expected_num_non_trainable_weights=1)


def test_wrong_reference_fails():
    with pytest.raises(AssertionError, match="reference"):
        check_layer(Scale, input_shape=(2, 3),
                    reference=lambda x, w: x * w[0] + 1.0)


def test_wrong_supports_masking_fails():
    with pytest.raises(AssertionError, match="supports_masking"):
        check_layer(Scale, input_shape=(2, 3), supports_masking=True)


@pytest.mark.trainable
def test_infinite_gradient_fails():
    with pytest.raises(AssertionError, match="not finite"):
        check_layer(InfiniteGradient, input_shape=(2, 3))


def test_training_check_can_be_skipped():
    check_layer(InfiniteGradient, input_shape=(2, 3),
                run_training_check=False)


@pytest.mark.trainable
def test_gradients_numbers():
    x = np.array([1.0, 2.0, 3.0], dtype="float32")
    v = cornu.backend.Variable(np.array([0.5, -1.0, 2.0], dtype="float32"))
    grads = testing.gradients(lambda: ops.multiply(ops.square(v), x), [v])
    np.testing.assert_allclose(ops.convert_to_numpy(grads[0]),
                               2 * x * v.numpy(), rtol=1e-6)
    # Nothing on the variable changed.
    np.testing.assert_allclose(v.numpy(), [0.5, -1.0, 2.0])


@pytest.mark.trainable
def test_gradients_of_a_layer_match_the_formula():
    layer = Scale()
    x = np.arange(6, dtype="float32").reshape(2, 3)
    layer(x)
    (grad,) = testing.gradients(lambda: layer(x), layer.trainable_weights)
    np.testing.assert_allclose(ops.convert_to_numpy(grad), x.sum(axis=0))


@pytest.mark.trainable
def test_weight_without_gradient(engine):
    layer = UnusedWeight()
    x = np.ones((2, 3), dtype="float32")
    layer(x)
    (grad,) = testing.gradients(lambda: layer(x), layer.trainable_weights)
    if engine == "torch":
        # torch knows the output does not depend on the weight ...
        assert grad is None
        with pytest.raises(AssertionError, match="no gradient reaches"):
            check_layer(UnusedWeight, input_shape=(2, 3))
    else:
        # ... jax.grad returns zeros for an unused input.
        np.testing.assert_array_equal(ops.convert_to_numpy(grad), 0.0)


def test_gradients_on_numpy_engine_says_how_to_train(engine):
    if engine != "numpy":
        pytest.skip("only the numpy engine lacks gradients")
    v = cornu.backend.Variable(np.ones(2, dtype="float32"))
    with pytest.raises(NotImplementedError, match="CORNU_BACKEND"):
        testing.gradients(lambda: v * 2.0, [v])
