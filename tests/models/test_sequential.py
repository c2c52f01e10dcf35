"""Sequential models."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import ops
from cornu.layers import Input
from cornu.models import Sequential
from cornu.saving.serialization import CustomObjectScope
from tests.models._layers import Linear


def test_add_with_input_shape_builds_immediately():
    model = Sequential()
    model.add(Linear(4, input_shape=(3,)))
    assert model.built and model.output_shape == (None, 4)
    model.add(Linear(2))
    assert model.output_shape == (None, 2)
    assert model.count_params() == (3 * 4 + 4) + (4 * 2 + 2)
    assert len(model.layers) == 2


def test_list_and_input():
    model = Sequential([Input(shape=(3,)), Linear(2), Linear(1)])
    assert len(model.layers) == 2
    assert model.input_shape == (None, 3)
    x = np.random.rand(5, 3).astype("float32")
    first, second = model.layers
    expected = ops.convert_to_numpy(second(first(x)))
    np.testing.assert_allclose(ops.convert_to_numpy(model(x)), expected,
                               rtol=1e-6)


def test_deferred_build_on_first_call():
    model = Sequential([Linear(4), Linear(2)])
    assert not model.built
    with pytest.raises(RuntimeError, match="input shape is unknown"):
        model.output_shape  # noqa: B018
    out = model(np.ones((3, 7), "float32"))
    assert out.shape == (3, 2)
    # as Keras: the first batch's size is kept, other sizes still work
    assert model.built and model.input_shape == (3, 7)
    assert model(np.ones((5, 7), "float32")).shape == (5, 2)


def test_build_with_input_shape():
    model = Sequential([Linear(4)])
    model.build((None, 5))
    assert model.weights[0].shape == (5, 4)
    with pytest.raises(ValueError, match="input shape is unknown"):
        Sequential([Linear(1)]).build()


def test_pop():
    model = Sequential([Input(shape=(3,)), Linear(4), Linear(2)])
    popped = model.pop()
    assert isinstance(popped, Linear)
    assert model.output_shape == (None, 4)
    assert len(model.weights) == 2


def test_duplicate_names_and_non_layers_rejected():
    model = Sequential([Linear(2, name="a")])
    with pytest.raises(ValueError, match="unique names"):
        model.add(Linear(2, name="a"))
    with pytest.raises(TypeError, match="Only instances of"):
        model.add("dense")


def test_wrong_input_shape_is_reported():
    model = Sequential([Input(shape=(3,)), Linear(2)], name="seq")
    with pytest.raises(ValueError, match=r"expected shape=\(None, 3\)"):
        model(np.ones((2, 4), "float32"))


def test_config_matches_keras_layout_and_round_trips():
    model = Sequential([Input(shape=(3,)), Linear(2, name="lin")],
                       name="seq")
    config = model.get_config()
    assert config["name"] == "seq"
    assert config["build_input_shape"] == (None, 3)
    assert [c["class_name"] for c in config["layers"]] == [
        "InputLayer", "Linear"]
    assert config["layers"][1]["build_config"] == {"input_shape": (None, 3)}
    with CustomObjectScope({"Linear": Linear}):
        clone = Sequential.from_config(config)
    assert clone.output_shape == (None, 2)
    clone.set_weights(model.get_weights())
    x = np.random.rand(2, 3).astype("float32")
    np.testing.assert_allclose(ops.convert_to_numpy(clone(x)),
                               ops.convert_to_numpy(model(x)), rtol=1e-6)


def test_sequential_inside_functional():
    block = Sequential([Linear(3), Linear(3)])
    a = Input(shape=(3,))
    model = cornu.Model(a, block(a))
    assert model.count_params() == 2 * (9 + 3)
