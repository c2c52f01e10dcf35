"""Subclassed models."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import ops
from tests.models._layers import Linear


class TwoLayer(cornu.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = Linear(4)
        self.out = Linear(1)

    def call(self, inputs, training=None):
        return self.out(ops.relu(self.hidden(inputs)))


def test_subclassed_model_builds_and_calls():
    model = TwoLayer()
    x = np.random.rand(3, 2).astype("float32")
    out = ops.convert_to_numpy(model(x))
    k1, b1 = model.hidden.get_weights()
    k2, b2 = model.out.get_weights()
    np.testing.assert_allclose(out, np.maximum(x @ k1 + b1, 0) @ k2 + b2,
                               rtol=1e-5, atol=1e-6)
    assert model.layers == [model.hidden, model.out]
    assert len(model.trainable_weights) == 4


def test_build_with_input_shape_creates_weights():
    model = TwoLayer()
    model.build(input_shape=(None, 5))
    assert model.built
    assert model.hidden.kernel.shape == (5, 4)
    assert model.count_params() == 5 * 4 + 4 + 4 + 1


def test_build_reports_models_that_need_values():
    class Eager(cornu.Model):
        def call(self, x):
            if ops.convert_to_numpy(ops.sum(x)) > 0:
                return x
            return -x

    with pytest.raises(ValueError, match="could not be built"):
        Eager().build((None, 2))
    assert Eager()(np.ones((1, 2), "float32")).shape == (1, 2)


def test_model_positional_args_to_subclass_init_are_rejected():
    class Bad(cornu.Model):
        def __init__(self):
            super().__init__("oops")

    with pytest.raises(TypeError, match="keyword arguments"):
        Bad()
