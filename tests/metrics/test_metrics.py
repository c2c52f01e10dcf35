"""`cornu.metrics`: the `Metric` base, `Sum`/`Mean`/`MeanMetricWrapper`,
configs, lookup (`get`/`serialize`/`deserialize`) and error messages."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
import cornu.ops as ops
from cornu import metrics
from tests._oracle import import_keras

CONFIG_CASES = [
    ("Mean", {}), ("Sum", {"name": "total"}),
    ("Accuracy", {}), ("BinaryAccuracy", {"threshold": 0.3}),
    ("CategoricalAccuracy", {}), ("SparseCategoricalAccuracy", {}),
    ("TopKCategoricalAccuracy", {"k": 3}),
    ("SparseTopKCategoricalAccuracy", {"k": 2}),
    ("SparseTopKCategoricalAccuracy", {"from_sorted_ids": True}),
    ("MeanSquaredError", {}), ("MeanAbsoluteError", {}),
    ("RootMeanSquaredError", {}), ("MeanAbsolutePercentageError", {}),
    ("MeanSquaredLogarithmicError", {}), ("CosineSimilarity", {"axis": 1}),
    ("LogCoshError", {}),
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1}),
    ("CategoricalCrossentropy", {"axis": 1}),
    ("SparseCategoricalCrossentropy", {"ignore_class": 0}),
    ("TruePositives", {"thresholds": [0.2, 0.7]}), ("FalsePositives", {}),
    ("TrueNegatives", {}), ("FalseNegatives", {"thresholds": 0.3}),
    ("Precision", {"top_k": 2, "class_id": 1, "name": "p"}),
    ("Recall", {"thresholds": [0.1, 0.9]}),
    ("R2Score", {"class_aggregation": None, "num_regressors": 1}),
    ("AUC", {"num_thresholds": 20, "curve": "PR", "from_logits": True}),
    ("AUC", {"thresholds": [0.2, 0.6], "multi_label": True,
             "num_labels": 2, "summation_method": "minoring"}),
    ("IoU", {"num_classes": 3, "target_class_ids": [0, 2],
             "ignore_class": 1}),
    ("MeanIoU", {"num_classes": 3, "sparse_y_pred": False}),
    ("BinaryIoU", {"threshold": 0.7}),
    ("OneHotIoU", {"num_classes": 3, "target_class_ids": [1]}),
    ("OneHotMeanIoU", {"num_classes": 2, "axis": 1}),
    ("F1Score", {"average": "macro", "threshold": 0.4}),
    ("FBetaScore", {"beta": 0.5, "average": "weighted"}),
    ("Hinge", {}), ("SquaredHinge", {"name": "sq"}), ("CategoricalHinge", {}),
    ("KLDivergence", {}), ("Poisson", {"dtype": "float16"}),
    ("PearsonCorrelation", {"axis": 1}), ("ConcordanceCorrelation", {}),
    ("SensitivityAtSpecificity", {"specificity": 0.3}),
    ("SpecificityAtSensitivity", {"sensitivity": 0.6, "num_thresholds": 7,
                                  "class_id": 1}),
    ("PrecisionAtRecall", {"recall": 1.0, "num_thresholds": 1}),
    ("RecallAtPrecision", {"precision": 0.0, "name": "rap"}),
]
CONFIG_IDS = [f"{n}-{k}" for n, k in CONFIG_CASES]


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


# -- Mean / Sum / MeanMetricWrapper ------------------------------------------
def test_mean_weighted_over_batches():
    m = metrics.Mean()
    m.update_state([1.0, 2.0, 3.0], sample_weight=[1.0, 0.0, 2.0])
    m.update_state(np.array([[4.0, 6.0]]), sample_weight=[0.5])
    # [[4, 6]] with a (1,) weight: averaged over the last axis first.
    expected = (1 + 6 + 5 * 0.5) / 3.5
    np.testing.assert_allclose(_np(m.result()), expected, rtol=1e-6)


def test_mean_of_a_weighted_scalar_equals_the_general_path(monkeypatch):
    """A scalar tensor with a Python-number weight (the trainer's loss
    tracker) takes a short path with the general path's numbers."""
    from cornu.metrics import reduction_metrics

    general_path = reduction_metrics.reduce_to_samplewise_values
    calls = []
    monkeypatch.setattr(reduction_metrics, "reduce_to_samplewise_values",
                        lambda *a, **k: calls.append(1) or general_path(
                            *a, **k))
    fast, general = metrics.Mean(), metrics.Mean()
    for value, weight in [(0.3, 128), (1.7, 96), (2.0 / 3.0, 1.5)]:
        fast.update_state(ops.convert_to_tensor(np.float32(value)), weight)
        assert not calls
        general.update_state(ops.convert_to_tensor(np.float32(value)),
                             np.float32(weight))
        assert calls == [1]
        calls.clear()
    for a, b in [(fast.total, general.total), (fast.count, general.count),
                 (fast.result(), general.result())]:
        np.testing.assert_array_equal(ops.convert_to_numpy(a),
                                      ops.convert_to_numpy(b))
    np.testing.assert_allclose(
        float(fast.result()),
        (0.3 * 128 + 1.7 * 96 + 1.5 * 2 / 3) / (128 + 96 + 1.5), rtol=1e-6)


def test_mean_of_scalar_and_unweighted_matrix():
    m = metrics.Mean()
    m.update_state(5.0)
    m.update_state(np.array([[1.0, 3.0], [2.0, 2.0]]))
    np.testing.assert_allclose(_np(m.result()), (5 + 2 + 2) / 3)


def test_mean_with_per_entry_weights():
    values = np.array([[1.0, 2.0], [3.0, 4.0]], "float32")
    weights = np.array([[1.0, 0.0], [1.0, 1.0]], "float32")
    m = metrics.Mean()
    m.update_state(values, sample_weight=weights)
    # Per-sample: mean(v * w) over axis 1, weight mean(w) over axis 1.
    expected = (0.5 + 3.5) / (0.5 + 1.0)
    np.testing.assert_allclose(_np(m.result()), expected, rtol=1e-6)
    keras = import_keras()
    k = keras.metrics.Mean()
    k.update_state(values, sample_weight=weights)
    np.testing.assert_allclose(_np(m.result()),
                               np.asarray(keras.ops.convert_to_numpy(
                                   k.result())), rtol=1e-6)


def test_sum_weighted():
    m = metrics.Sum()
    m.update_state([1.0, 3.0, 5.0, 7.0], sample_weight=[1, 1, 0, 2])
    m.update_state(np.ones((2, 3)))
    np.testing.assert_allclose(_np(m.result()), 1 + 3 + 14 + 6)


def test_empty_mean_is_zero_and_result_is_float32():
    m = metrics.Mean()
    out = m.result()
    assert ops.dtype(out) == "float32"
    assert float(_np(out)) == 0.0


def test_call_updates_then_returns_result():
    m = metrics.Mean()
    assert float(_np(m([2.0, 4.0]))) == 3.0
    assert float(_np(m([6.0]))) == 4.0


def test_mean_metric_wrapper_passes_kwargs():
    m = metrics.MeanMetricWrapper(metrics.binary_accuracy, threshold=0.7)
    m.update_state([[1.0], [0.0], [1.0]], [[0.6], [0.1], [0.9]])
    np.testing.assert_allclose(_np(m.result()), 2 / 3, rtol=1e-6)


def test_mean_metric_wrapper_with_custom_fn():
    def abs_diff(y_true, y_pred):
        return ops.abs(ops.convert_to_tensor(y_true)
                       - ops.convert_to_tensor(y_pred))

    m = metrics.MeanMetricWrapper(abs_diff, name="abs_diff")
    m.update_state([1.0, 2.0], [2.0, 4.0], sample_weight=[3.0, 1.0])
    assert m.name == "abs_diff"
    np.testing.assert_allclose(_np(m.result()), (3 + 2) / 4)


def test_mean_metric_wrapper_config_round_trip():
    m = metrics.MeanMetricWrapper(metrics.binary_accuracy, name="acc",
                                  threshold=0.3)
    config = m.get_config()
    assert config == {
        "name": "acc", "dtype": "float32",
        "fn": {"module": "builtins", "class_name": "function",
               "config": "binary_accuracy", "registered_name": "function"},
        "threshold": 0.3,
    }
    keras = import_keras()
    keras_config = keras.metrics.MeanMetricWrapper(
        keras.metrics.binary_accuracy, name="acc", threshold=0.3
    ).get_config()
    assert config == keras_config
    clone = metrics.MeanMetricWrapper.from_config(config)
    assert clone._fn is metrics.binary_accuracy
    clone.update_state([[1.0], [0.0]], [[0.4], [0.1]])
    assert float(_np(clone.result())) == 1.0


# -- the Metric base ---------------------------------------------------------
class _CountPositive(metrics.Metric):
    def __init__(self, name="count_positive", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.count = self.add_variable((), "zeros", name="count")

    def update_state(self, values, sample_weight=None):
        positive = ops.cast(ops.greater(ops.convert_to_tensor(values), 0),
                            self.dtype)
        self.count.assign_add(ops.sum(positive))

    def result(self):
        return ops.convert_to_tensor(self.count)


def test_subclass_variables_are_non_trainable_engine_variables():
    m = _CountPositive()
    assert len(m.variables) == 1
    v = m.variables[0]
    assert isinstance(v, cornu.backend.engine().Variable)
    assert not v.trainable and v.name == "count" and v.dtype == "float32"
    assert v.aggregation == "sum"
    m.update_state([1.0, -1.0, 2.0])
    assert float(_np(m.result())) == 2.0
    m.reset_state()
    assert float(_np(m.result())) == 0.0


def test_nested_metrics_share_variables():
    class _Pair(metrics.Metric):
        def __init__(self):
            super().__init__(name="pair")
            self.mean = metrics.Mean()
            self.total = metrics.Sum()

        def update_state(self, values):
            self.mean.update_state(values)
            self.total.update_state(values)

        def result(self):
            return self.total.result() - self.mean.result()

    m = _Pair()
    assert len(m.variables) == 3
    m.update_state([1.0, 3.0])
    assert float(_np(m.result())) == 2.0
    m.reset_state()
    assert float(_np(m.total.result())) == 0.0


def test_stateless_update_leaves_variables_alone():
    m = metrics.Mean()
    m.update_state([1.0])
    state = [ops.convert_to_tensor(v) for v in m.variables]
    state = m.stateless_update_state(state, [3.0, 5.0])
    assert float(_np(m.result())) == 1.0
    assert float(_np(m.stateless_result(state))) == 3.0
    zeros = m.stateless_reset_state()
    assert [float(_np(z)) for z in zeros] == [0.0, 0.0]
    assert float(_np(m.result())) == 1.0


def test_stateless_update_checks_the_variable_count():
    with pytest.raises(ValueError, match="metric_variables"):
        metrics.Mean().stateless_update_state([0.0], [1.0])


def test_missing_super_init_is_explained():
    class _Broken(metrics.Metric):
        def __init__(self):
            self.v = self.add_variable((), "zeros")

    with pytest.raises(RuntimeError, match="super"):
        _Broken()


def test_default_names_are_unique_snake_case():
    first, second = metrics.Precision(), metrics.Precision()
    assert first.name.startswith("precision")
    assert second.name != first.name
    assert metrics.MeanMetricWrapper(metrics.accuracy).name.startswith(
        "mean_metric_wrapper")


def test_dtype_argument():
    m = metrics.Mean(dtype="float16")
    m.update_state([1.0, 2.0])
    assert m.dtype == "float16"
    assert ops.dtype(m.result()) == "float16"
    assert float(_np(m.result())) == 1.5
    assert m.get_config() == {"name": "mean", "dtype": "float16"}


# -- configs -----------------------------------------------------------------
@pytest.mark.parametrize("name,kwargs", CONFIG_CASES, ids=CONFIG_IDS)
def test_config_round_trip_and_matches_keras(name, kwargs):
    metric = getattr(metrics, name)(**kwargs)
    config = metric.get_config()
    clone = type(metric).from_config(config)
    assert clone.get_config() == config
    assert len(clone.variables) == len(metric.variables)
    keras = import_keras()
    keras_config = getattr(keras.metrics, name)(**kwargs).get_config()
    if "name" not in kwargs:  # both add a counter to repeated default names
        config.pop("name")
        keras_config.pop("name")
    assert config == keras_config


@pytest.mark.parametrize("name,kwargs", CONFIG_CASES, ids=CONFIG_IDS)
def test_serialize_deserialize(name, kwargs):
    metric = getattr(metrics, name)(**kwargs)
    config = metrics.serialize(metric)
    assert config["module"] == "keras.metrics"
    assert config["class_name"] == name
    clone = metrics.deserialize(config)
    assert type(clone) is type(metric)
    assert clone.get_config() == metric.get_config()


def test_deserialize_reads_a_keras_config():
    keras = import_keras()
    config = keras.metrics.serialize(keras.metrics.Precision(thresholds=0.3))
    clone = metrics.deserialize(config)
    assert isinstance(clone, metrics.Precision)
    assert clone.thresholds == [0.3]


# -- lookup ------------------------------------------------------------------
@pytest.mark.parametrize("identifier,cls", [
    ("accuracy", "Accuracy"), ("mse", "MeanSquaredError"),
    ("MSE", "MeanSquaredError"), ("mae", "MeanAbsoluteError"),
    ("mape", "MeanAbsolutePercentageError"),
    ("msle", "MeanSquaredLogarithmicError"), ("bce", "BinaryCrossentropy"),
    ("binary_accuracy", "BinaryAccuracy"),
    ("categorical_crossentropy", "CategoricalCrossentropy"),
    ("log_cosh_error", "LogCoshError"), ("Precision", "Precision"),
    ("recall", "Recall"), ("r2_score", "R2Score"), ("f1_score", "F1Score"),
    ("auc", "AUC"),
])

def test_get_by_name_matches_keras(identifier, cls):
    assert type(metrics.get(identifier)).__name__ == cls
    keras = import_keras()
    assert type(keras.metrics.get(identifier)).__name__ == cls


@pytest.mark.parametrize("identifier,cls", [
    ("mean_io_u", "MeanIoU"), ("binary_io_u", "BinaryIoU"),
])
def test_get_iou_by_name(identifier, cls):
    assert metrics.ALL_OBJECTS_DICT[identifier].__name__ == cls


def test_get_passes_through_objects_and_callables():
    m = metrics.Recall()
    assert metrics.get(m) is m
    assert metrics.get(None) is None
    assert metrics.get(metrics.binary_accuracy) is metrics.binary_accuracy
    assert isinstance(metrics.get(metrics.Sum), metrics.Sum)
    config = {"class_name": "BinaryAccuracy", "config": {"threshold": 0.2}}
    assert metrics.get(config).threshold == 0.2


def test_serialize_a_function():
    config = metrics.serialize(metrics.binary_accuracy)
    assert config["class_name"] == "function"
    assert metrics.deserialize(config) is metrics.binary_accuracy


@pytest.mark.parametrize("identifier", ["foo", 3, {"class_name": "Nope"}])
def test_unknown_identifier_is_named(identifier):
    with pytest.raises(ValueError, match="metric identifier"):
        metrics.get(identifier)


def test_unknown_name_names_it():
    with pytest.raises(ValueError, match="'not_a_metric'"):
        metrics.deserialize("not_a_metric")


# -- errors ------------------------------------------------------------------
@pytest.mark.parametrize("thresholds", [1.5, [0.2, -0.1], [None]])
def test_thresholds_out_of_range(thresholds):
    with pytest.raises(ValueError, match="thresholds"):
        metrics.Precision(thresholds=thresholds)


def test_class_id_needs_two_axes():
    with pytest.raises(ValueError, match="class_id"):
        metrics.Recall(class_id=1).update_state([1, 0], [0.6, 0.2])


def test_r2_score_arguments_and_shapes():
    with pytest.raises(ValueError, match="class_aggregation"):
        metrics.R2Score(class_aggregation="median")
    with pytest.raises(ValueError, match="num_regressors"):
        metrics.R2Score(num_regressors=-1)
    with pytest.raises(ValueError, match="2D"):
        metrics.R2Score().update_state(np.ones((2, 2, 2)),
                                       np.ones((2, 2, 2)))
    with pytest.raises(RuntimeError, match="update_state"):
        metrics.R2Score().result()


def test_r2_score_warns_without_enough_samples():
    m = metrics.R2Score(num_regressors=3)
    m.update_state([[1.0], [2.0], [4.0]], [[1.5], [2.0], [3.0]])
    with pytest.warns(UserWarning, match="regressors"):
        m.result()


def test_categorical_crossentropy_rejects_boolean_axis():
    with pytest.raises(ValueError, match="axis"):
        metrics.categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]],
                                         axis=True)


@pytest.mark.parametrize("kwargs,arg", [
    ({"average": "mean"}, "average"), ({"beta": 2}, "beta"),
    ({"beta": -1.0}, "beta"), ({"threshold": 1}, "threshold"),
    ({"threshold": 1.5}, "threshold"),
])
def test_fbeta_arguments(kwargs, arg):
    with pytest.raises(ValueError, match=arg):
        metrics.FBetaScore(**kwargs)


def test_fbeta_needs_2d_inputs_and_an_update():
    with pytest.raises(ValueError, match="2D"):
        metrics.F1Score().update_state([1.0, 0.0], [0.3, 0.2])
    with pytest.raises(RuntimeError, match="update_state"):
        metrics.F1Score().result()


def test_auc_label_weights_config_is_a_list():
    config = metrics.AUC(label_weights=[1.0, 2.0]).get_config()
    assert config["label_weights"] == [1.0, 2.0]
    clone = metrics.AUC.from_config(config)
    assert clone.get_config() == config


@pytest.mark.parametrize("kwargs,arg", [
    ({"num_thresholds": 1}, "num_thresholds"), ({"curve": "DET"}, "curve"),
    ({"summation_method": "trapezoid"}, "summation_method"),
    ({"num_labels": 3}, "num_labels"),
    ({"multi_label": True, "num_labels": 0, "thresholds": [2.0]},
     "thresholds"),
])
def test_auc_arguments(kwargs, arg):
    with pytest.raises(ValueError, match=arg):
        metrics.AUC(**kwargs)


def test_auc_multi_label_needs_rank_2_and_an_update():
    with pytest.raises(ValueError, match="rank 2"):
        metrics.AUC(multi_label=True).update_state([1, 0], [0.3, 0.6])
    with pytest.raises(RuntimeError, match="num_labels"):
        metrics.AUC(multi_label=True).result()
    thresholds = metrics.AUC(num_thresholds=3).thresholds
    np.testing.assert_allclose(thresholds, [-1e-7, 0.5, 1 + 1e-7])


def test_iou_arguments_and_float_weights():
    with pytest.raises(ValueError, match="target_class_ids"):
        metrics.IoU(num_classes=2, target_class_ids=[0, 2])
    m = metrics.MeanIoU(num_classes=2)
    assert m.dtype == "int32"
    with pytest.warns(UserWarning, match="sample_weight"):
        m.update_state([0, 1], [0, 1], sample_weight=np.array([0.5, 1.5]))
    # Weights truncate to [0, 1]: class 0 drops out, class 1 scores 1.
    assert float(_np(m.result())) == pytest.approx(1.0, abs=1e-6)
