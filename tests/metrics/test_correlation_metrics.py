"""`PearsonCorrelation` and `ConcordanceCorrelation` (and their functions)
along other axes, against Keras 3 and NumPy; edge cases and errors (the
default-axis values are checked in `test_metric_values.py`)."""

from __future__ import annotations

import numpy as np
import pytest

import cornu.ops as ops
from cornu import metrics
from tests._oracle import import_keras
from tests.metrics._cases import PER_SAMPLE

_RNG = np.random.RandomState(7)
_T = _RNG.normal(size=(3, 4, 5)).astype("float32")
_P = (_T + _RNG.normal(size=(3, 4, 5))).astype("float32")
_W = np.array([0.5, 2.0, 1.0], "float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x), dtype="float64")


def _keras_np(x):
    if hasattr(x, "detach"):
        return x.detach().cpu().numpy()
    return np.asarray(import_keras().ops.convert_to_numpy(x))


@pytest.mark.parametrize("fn", ["pearson_correlation",
                                "concordance_correlation"])
@pytest.mark.parametrize("axis", [-1, 1, (1, 2)])
def test_functions_match_keras(fn, axis):
    keras = import_keras()
    ours = _np(getattr(metrics, fn)(_T, _P, axis=axis))
    theirs = _keras_np(getattr(keras.metrics, fn)(
        keras.ops.convert_to_tensor(_T), keras.ops.convert_to_tensor(_P),
        axis=axis))
    np.testing.assert_allclose(ours, theirs, rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("name,key", [("PearsonCorrelation", "pearson"),
                                      ("ConcordanceCorrelation",
                                       "concordance")])
def test_classes_with_axis_1_match_keras_and_numpy(name, key):
    keras = import_keras()
    ours = getattr(metrics, name)(axis=1)
    theirs = getattr(keras.metrics, name)(axis=1)
    for m in (ours, theirs):
        m.update_state(_T, _P, sample_weight=_W)
        m.update_state(_T[:2], _P[:2])
    ref_fn = PER_SAMPLE[key]
    values = [ref_fn(np.moveaxis(t, 0, -1).astype("float64"),
                     np.moveaxis(p, 0, -1).astype("float64")).mean()
              for t, p in zip(_T, _P, strict=True)]
    expected = (np.dot(values, _W) + sum(values[:2])) / (_W.sum() + 2)
    np.testing.assert_allclose(_np(ours.result()), expected, rtol=2e-5)
    np.testing.assert_allclose(_np(ours.result()),
                               _keras_np(theirs.result()), rtol=2e-5)


def test_perfect_and_anti_correlation():
    t = np.array([[0.0, 1.0, 2.0, 3.0]], "float32")
    np.testing.assert_allclose(_np(metrics.pearson_correlation(t, 2 * t + 1)),
                               [1.0], rtol=1e-6)
    np.testing.assert_allclose(_np(metrics.pearson_correlation(t, -t)),
                               [-1.0], rtol=1e-6)
    np.testing.assert_allclose(_np(metrics.concordance_correlation(t, t)),
                               [1.0], rtol=1e-6)
    # Concordance also penalizes a shift: 2 var / (2 var + 1), var = 1.25.
    np.testing.assert_allclose(
        _np(metrics.concordance_correlation(t, t + 1)), [2.5 / 3.5],
        rtol=1e-6)


def test_constant_inputs():
    ones = np.ones((2, 3), "float32")
    assert float(_np(metrics.concordance_correlation(ones, ones))[0]) == 0.0
    with np.errstate(invalid="ignore"):
        assert np.isnan(_np(metrics.pearson_correlation(ones, ones))).all()


@pytest.mark.parametrize("axis", [1.5, "x", True, ()])
def test_bad_axis_raises(axis):
    with pytest.raises(ValueError, match="PearsonCorrelation: `axis`"):
        metrics.PearsonCorrelation(axis=axis)
