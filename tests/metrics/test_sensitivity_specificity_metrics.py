"""`SensitivityAtSpecificity`, `SpecificityAtSensitivity`,
`PrecisionAtRecall` and `RecallAtPrecision`: thresholds, argument errors,
edge cases and the stateless API (values are checked in
`test_metric_values.py`)."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.ops as ops
from cornu import metrics
from tests._oracle import import_keras

_TARGETS = {
    "SensitivityAtSpecificity": "specificity",
    "SpecificityAtSensitivity": "sensitivity",
    "PrecisionAtRecall": "recall",
    "RecallAtPrecision": "precision",
}
_Y_TRUE = np.array([0, 0, 0, 1, 1], "float32")
_Y_PRED = np.array([0.0, 0.3, 0.8, 0.3, 0.8], "float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x), dtype="float64")


@pytest.mark.parametrize("name", sorted(_TARGETS))
@pytest.mark.parametrize("value", [-0.1, 1.5, "0.5", None, True])
def test_target_out_of_range_raises(name, value):
    arg = _TARGETS[name]
    with pytest.raises(ValueError, match=f"{name}: `{arg}`.*{arg}="):
        getattr(metrics, name)(value)


@pytest.mark.parametrize("name", sorted(_TARGETS))
@pytest.mark.parametrize("num_thresholds", [0, -3, 2.5])
def test_bad_num_thresholds_raises(name, num_thresholds):
    with pytest.raises(ValueError, match=f"num_thresholds={num_thresholds}"):
        getattr(metrics, name)(0.5, num_thresholds=num_thresholds)


@pytest.mark.parametrize("n,expected", [
    (1, [0.5]), (2, [0.0, 1.0]), (5, [0.0, 0.25, 0.5, 0.75, 1.0]),
])
def test_thresholds_are_spread_evenly_with_both_ends(n, expected):
    m = metrics.PrecisionAtRecall(0.5, num_thresholds=n)
    np.testing.assert_allclose(m.thresholds, expected)
    assert [tuple(v.shape) for v in m.variables] == [(n,)] * 4
    keras = import_keras()
    np.testing.assert_allclose(
        keras.metrics.PrecisionAtRecall(0.5, num_thresholds=n).thresholds,
        expected)


@pytest.mark.parametrize("name,expected", [
    ("SensitivityAtSpecificity", 0.5), ("SpecificityAtSensitivity", 2 / 3),
    ("PrecisionAtRecall", 0.5), ("RecallAtPrecision", 1.0),
])
def test_small_example_by_hand(name, expected):
    # thresholds 0, .25, .5, .75, 1: (sensitivity, specificity, precision)
    # = (1, 1/3, 1/2) twice, (1/2, 2/3, 1/2) twice, then (0, 1, 0).
    m = getattr(metrics, name)(0.5, num_thresholds=5)
    m.update_state(_Y_TRUE, _Y_PRED)
    np.testing.assert_allclose(_np(m.result()), expected, rtol=1e-6)


def test_numpy_scalars_are_accepted():
    m = metrics.RecallAtPrecision(np.float32(0.5),
                                  num_thresholds=np.int64(5))
    assert m.num_thresholds == 5
    assert m.get_config()["precision"] == 0.5
    assert type(m.get_config()["num_thresholds"]) is int


def test_unreached_constraint_gives_zero():
    m = metrics.RecallAtPrecision(1.0, num_thresholds=5)
    m.update_state([1, 0], [0.3, 0.9])
    assert float(_np(m.result())) == 0.0
    empty = metrics.SensitivityAtSpecificity(0.5)
    assert float(_np(empty.result())) == 0.0


def test_class_id_reads_one_column():
    y_true = np.array([[0, 1], [1, 0], [0, 1], [1, 1]], "float32")
    y_pred = np.array([[0.1, 0.9], [0.8, 0.2], [0.4, 0.6], [0.3, 0.7]],
                      "float32")
    m = metrics.PrecisionAtRecall(1.0, num_thresholds=11, class_id=1)
    m.update_state(y_true, y_pred)
    # Column 1 separates perfectly: precision 1 at full recall.
    assert float(_np(m.result())) == 1.0
    with pytest.raises(ValueError, match="class_id"):
        metrics.PrecisionAtRecall(0.5, class_id=0).update_state(
            [0, 1], [0.2, 0.7])


def test_reset_and_stateless_update():
    m = metrics.SpecificityAtSensitivity(0.5, num_thresholds=5)
    m.update_state(_Y_TRUE, _Y_PRED)
    before = [_np(v) for v in m.variables]
    state = m.stateless_update_state(
        [ops.zeros_like(v) for v in m.variables], _Y_TRUE, _Y_PRED)
    for v, b in zip(m.variables, before, strict=True):
        np.testing.assert_array_equal(_np(v), b)
    np.testing.assert_allclose(_np(m.stateless_result(state)), 2 / 3,
                               rtol=1e-6)
    m.reset_state()
    assert all(not _np(v).any() for v in m.variables)
