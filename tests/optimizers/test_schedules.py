"""`cornu.optimizers.schedules`: values against Keras 3 over many steps,
configs and errors."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.ops as ops
from cornu.backend import Variable
from cornu.optimizers import schedules
from tests._oracle import import_keras

CASES = [
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 7,
                          "decay_rate": 0.5}),
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 7,
                          "decay_rate": 0.5, "staircase": True}),
    ("PiecewiseConstantDecay", {"boundaries": [5, 12, 30],
                                "values": [1.0, 0.5, 0.1, 0.01]}),
    ("PiecewiseConstantDecay", {"boundaries": [10], "values": [0.3, 0.2]}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 4,
                          "decay_rate": 0.5}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 4,
                          "decay_rate": 0.5, "staircase": True}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 20}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 9,
                         "end_learning_rate": 0.01, "power": 2.0,
                         "cycle": True}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 25}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 20,
                     "alpha": 0.1}),
    ("CosineDecay", {"initial_learning_rate": 0.0, "decay_steps": 20,
                     "warmup_target": 0.1, "warmup_steps": 8}),
    ("CosineDecay", {"initial_learning_rate": 0.01, "decay_steps": 20,
                     "warmup_target": 0.1, "warmup_steps": 0}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1,
                             "first_decay_steps": 5}),
    ("CosineDecayRestarts", {"initial_learning_rate": 0.1,
                             "first_decay_steps": 6, "t_mul": 1.0,
                             "m_mul": 0.5, "alpha": 0.1}),
]
_STEPS = [0, 1, 2, 3, 5, 7, 8, 10, 12, 13, 19, 20, 21, 28, 30, 31, 45, 60]


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _keras_np(keras, x):
    if hasattr(x, "detach"):  # torch: skip NumPy's `__array__` path
        return x.detach().cpu().numpy()
    return np.asarray(keras.ops.convert_to_numpy(x))


@pytest.mark.parametrize(("name", "kwargs"), CASES,
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_values_match_keras(name, kwargs):
    keras = import_keras()
    ours = getattr(schedules, name)(**kwargs)
    theirs = getattr(keras.optimizers.schedules, name)(**kwargs)
    for step in _STEPS:
        np.testing.assert_allclose(
            _np(ours(step)), _keras_np(keras, theirs(step)),
            rtol=1e-5, atol=1e-7, err_msg=f"step={step}",
        )


@pytest.mark.parametrize(("name", "kwargs"), CASES,
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_config_round_trip_matches_keras(name, kwargs):
    keras = import_keras()
    ours = getattr(schedules, name)(**kwargs)
    theirs = getattr(keras.optimizers.schedules, name)(**kwargs)
    assert ours.get_config() == theirs.get_config()
    config = schedules.serialize(ours)
    assert config == keras.optimizers.schedules.serialize(theirs)
    clone = schedules.deserialize(config)
    assert type(clone) is type(ours)
    assert clone.get_config() == ours.get_config()


def test_step_may_be_an_integer_variable():
    schedule = schedules.ExponentialDecay(0.1, 2, 0.5)
    step = Variable(4, dtype="int32")
    np.testing.assert_allclose(_np(schedule(step.value)), 0.025, rtol=1e-6)


@pytest.mark.parametrize(("cls", "kwargs", "arg"), [
    (schedules.ExponentialDecay, {"initial_learning_rate": 0.1,
                                  "decay_steps": 0, "decay_rate": 0.5},
     "decay_steps"),
    (schedules.InverseTimeDecay, {"initial_learning_rate": 0.1,
                                  "decay_steps": -1, "decay_rate": 0.5},
     "decay_steps"),
    (schedules.PolynomialDecay, {"initial_learning_rate": 0.1,
                                 "decay_steps": 0}, "decay_steps"),
    (schedules.CosineDecay, {"initial_learning_rate": 0.1,
                             "decay_steps": 0}, "decay_steps"),
    (schedules.CosineDecayRestarts, {"initial_learning_rate": 0.1,
                                     "first_decay_steps": 0},
     "first_decay_steps"),
    (schedules.PiecewiseConstantDecay, {"boundaries": [1, 2],
                                        "values": [1.0]}, "boundaries"),
])
def test_invalid_arguments_raise(cls, kwargs, arg):
    with pytest.raises(ValueError, match=arg):
        cls(**kwargs)


def test_base_class_must_be_overridden():
    schedule = schedules.LearningRateSchedule()
    with pytest.raises(NotImplementedError, match="__call__"):
        schedule(0)
    with pytest.raises(NotImplementedError, match="get_config"):
        schedule.get_config()


def test_deserialize_unknown_raises():
    with pytest.raises(ValueError, match="Nope"):
        schedules.deserialize({"class_name": "Nope", "config": {}})
