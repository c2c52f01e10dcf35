"""Every metric over three `update_state` batches, with and without
`sample_weight`, against a NumPy formula and against Keras 3."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import cornu.ops as ops
from cornu import metrics
from tests._oracle import import_keras
from tests.metrics._cases import (
    PER_SAMPLE,
    auc_reference,
    batches,
    confusion_counts,
    exact_roc_auc,
    fbeta_reference,
    iou_reference,
    r2_reference,
    rate_at_constraint_reference,
    weighted_mean,
)


def _count(key):
    return lambda data, weighted: confusion_counts(data, weighted)[key]


def _ratio(key):
    def ref(data, weighted):
        c = confusion_counts(data, weighted)
        return c["tp"] / (c["tp"] + c[key])

    return ref


def _rmse(data, weighted):
    return np.sqrt(weighted_mean(PER_SAMPLE["mse"])(data, weighted))


W = weighted_mean
CASES = [
    ("Accuracy", {}, "labels", W(PER_SAMPLE["accuracy"])),
    ("BinaryAccuracy", {}, "binary", W(PER_SAMPLE["binary_accuracy"])),
    ("BinaryAccuracy", {"threshold": 0.7}, "binary",
     W(PER_SAMPLE["binary_accuracy_0.7"])),
    ("CategoricalAccuracy", {}, "categorical",
     W(PER_SAMPLE["categorical_accuracy"])),
    ("SparseCategoricalAccuracy", {}, "sparse",
     W(PER_SAMPLE["sparse_categorical_accuracy"])),
    ("SparseCategoricalAccuracy", {}, "sparse_col",
     W(PER_SAMPLE["sparse_categorical_accuracy"])),
    ("TopKCategoricalAccuracy", {"k": 2}, "categorical",
     W(PER_SAMPLE["top_2"])),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, "sparse",
     W(PER_SAMPLE["sparse_top_2"])),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, "sparse_col",
     W(PER_SAMPLE["sparse_top_2"])),
    ("MeanSquaredError", {}, "regression", W(PER_SAMPLE["mse"])),
    ("MeanAbsoluteError", {}, "regression", W(PER_SAMPLE["mae"])),
    ("RootMeanSquaredError", {}, "regression", _rmse),
    ("MeanAbsolutePercentageError", {}, "regression",
     W(PER_SAMPLE["mape"])),
    ("MeanSquaredLogarithmicError", {}, "positive", W(PER_SAMPLE["msle"])),
    ("CosineSimilarity", {}, "regression", W(PER_SAMPLE["cosine"])),
    ("LogCoshError", {}, "regression", W(PER_SAMPLE["logcosh"])),
    ("BinaryCrossentropy", {}, "binary", W(PER_SAMPLE["bce"])),
    ("BinaryCrossentropy", {"from_logits": True}, "logits",
     W(PER_SAMPLE["bce_logits"])),
    ("BinaryCrossentropy", {"label_smoothing": 0.2}, "binary",
     W(PER_SAMPLE["bce_smooth"])),
    ("CategoricalCrossentropy", {}, "categorical", W(PER_SAMPLE["cce"])),
    ("CategoricalCrossentropy", {"label_smoothing": 0.1}, "categorical",
     W(PER_SAMPLE["cce_smooth"])),
    ("SparseCategoricalCrossentropy", {}, "sparse", W(PER_SAMPLE["scce"])),
    ("SparseCategoricalCrossentropy", {}, "sparse_col",
     W(PER_SAMPLE["scce"])),
    ("TruePositives", {}, "binary", _count("tp")),
    ("FalsePositives", {}, "binary", _count("fp")),
    ("TrueNegatives", {}, "binary", _count("tn")),
    ("FalseNegatives", {}, "binary", _count("fn")),
    ("Precision", {}, "binary", _ratio("fp")),
    ("Recall", {}, "binary", _ratio("fn")),
    ("R2Score", {}, "regression", r2_reference),
    ("AUC", {}, "binary", auc_reference()),
    ("AUC", {"num_thresholds": 50, "summation_method": "majoring"},
     "binary", auc_reference(summation="majoring", n=50)),
    ("AUC", {"curve": "PR", "summation_method": "minoring"}, "binary",
     auc_reference("PR", "minoring")),
    ("IoU", {"num_classes": 4, "target_class_ids": [0, 2]}, "iou",
     iou_reference(4, [0, 2])),
    ("MeanIoU", {"num_classes": 4}, "iou", iou_reference(4)),
    ("MeanIoU", {"num_classes": 4, "ignore_class": 1}, "iou",
     iou_reference(4, ignore_class=1)),
    ("BinaryIoU", {}, "binary_flat", iou_reference(2, threshold=0.5)),
    ("BinaryIoU", {"target_class_ids": [1], "threshold": 0.3},
     "binary_flat", iou_reference(2, [1], threshold=0.3)),
    ("F1Score", {"threshold": 0.5, "average": "micro"}, "binary",
     fbeta_reference(threshold=0.5, average="micro")),
    ("F1Score", {"average": "macro"}, "categorical",
     fbeta_reference(average="macro")),
    ("FBetaScore", {"beta": 2.0, "threshold": 0.4, "average": "weighted"},
     "binary", fbeta_reference(2.0, 0.4, "weighted")),
    ("Hinge", {}, "binary", W(PER_SAMPLE["hinge"])),
    ("SquaredHinge", {}, "binary", W(PER_SAMPLE["squared_hinge"])),
    ("CategoricalHinge", {}, "categorical",
     W(PER_SAMPLE["categorical_hinge"])),
    ("KLDivergence", {}, "categorical", W(PER_SAMPLE["kld"])),
    ("Poisson", {}, "positive", W(PER_SAMPLE["poisson"])),
    ("PearsonCorrelation", {}, "regression", W(PER_SAMPLE["pearson"])),
    ("ConcordanceCorrelation", {}, "regression",
     W(PER_SAMPLE["concordance"])),
    ("SensitivityAtSpecificity", {"specificity": 0.7}, "binary",
     rate_at_constraint_reference("specificity", "sensitivity", 0.7)),
    ("SpecificityAtSensitivity", {"sensitivity": 0.35}, "binary",
     rate_at_constraint_reference("sensitivity", "specificity", 0.35)),
    ("PrecisionAtRecall", {"recall": 0.65, "num_thresholds": 20}, "binary",
     rate_at_constraint_reference("sensitivity", "precision", 0.65, 20)),
    ("RecallAtPrecision", {"precision": 0.55}, "binary",
     rate_at_constraint_reference("precision", "sensitivity", 0.55)),
    ("RecallAtPrecision", {"precision": 0.99}, "binary",
     rate_at_constraint_reference("precision", "sensitivity", 0.99)),
]
# Metrics whose result has one value per class.
VECTOR_CASES = [
    ("F1Score", {}, "categorical", fbeta_reference()),
    ("FBetaScore", {"beta": 0.5, "threshold": 0.3}, "binary",
     fbeta_reference(0.5, 0.3)),
]
IDS = [f"{name}-{kwargs}-{kind}" for name, kwargs, kind, _ in CASES]

# Keras-only cases: options whose NumPy formula adds nothing beyond the
# oracle.
ORACLE_ONLY = [
    ("CategoricalCrossentropy", {"from_logits": True}, "logits"),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, "sparse"),
    ("SparseCategoricalCrossentropy", {"ignore_class": 2}, "sparse"),
    ("TruePositives", {"thresholds": [0.2, 0.5, 0.8]}, "binary"),
    ("FalseNegatives", {"thresholds": [0.0, 0.3, 1.0]}, "binary"),
    ("Precision", {"thresholds": [0.3, 0.6]}, "binary"),
    ("Precision", {"top_k": 2}, "binary"),
    ("Precision", {"class_id": 1}, "binary"),
    ("Precision", {"top_k": 1, "class_id": 2}, "categorical"),
    ("Recall", {"thresholds": [0.3, 0.6]}, "binary"),
    ("Recall", {"top_k": 2}, "categorical"),
    ("Recall", {"class_id": 0, "thresholds": 0.4}, "binary"),
    ("R2Score", {"class_aggregation": None}, "regression"),
    ("R2Score", {"class_aggregation": "variance_weighted_average"},
     "regression"),
    ("R2Score", {"num_regressors": 2}, "regression"),
    *[c[:3] for c in VECTOR_CASES],
    ("AUC", {"curve": "PR"}, "binary"),
    ("AUC", {"curve": "PRGAIN"}, "binary"),
    ("AUC", {"from_logits": True}, "logits"),
    ("AUC", {"thresholds": [0.2, 0.45, 0.7]}, "binary"),
    ("AUC", {"multi_label": True}, "binary"),
    ("AUC", {"multi_label": True, "curve": "PR",
             "label_weights": [1.0, 2.0, 0.5]}, "binary"),
    ("AUC", {"label_weights": [1.0, 0.0, 3.0]}, "binary"),
    ("AUC", {"multi_label": True, "num_labels": 3, "num_thresholds": 20},
     "binary"),
    ("OneHotIoU", {"num_classes": 4, "target_class_ids": [1, 3],
                   "dtype": "float32"}, "categorical"),
    ("OneHotMeanIoU", {"num_classes": 4, "dtype": "float32"},
     "categorical"),
    ("OneHotMeanIoU", {"num_classes": 4, "sparse_y_pred": True},
     "onehot_ids"),
    ("SensitivityAtSpecificity", {"specificity": 0.4, "class_id": 1},
     "binary"),
    ("SensitivityAtSpecificity", {"specificity": 0.5, "num_thresholds": 1},
     "binary"),
    ("SpecificityAtSensitivity", {"sensitivity": 0.8, "num_thresholds": 7,
                                  "class_id": 2}, "categorical"),
    ("PrecisionAtRecall", {"recall": 0.3}, "binary"),
    ("PrecisionAtRecall", {"recall": 1.0, "num_thresholds": 2}, "binary"),
    ("RecallAtPrecision", {"precision": 0.45, "class_id": 0}, "binary"),
]


def _np(x):
    return np.asarray(ops.convert_to_numpy(x), dtype="float64")


def _run(metric, data, weighted):
    for y_true, y_pred, w in data:
        metric.update_state(y_true, y_pred,
                            sample_weight=w if weighted else None)
    return metric.result()


def _keras_result(name, kwargs, data, weighted):
    keras = import_keras()
    # Keras's ignore_class divides 0 / 0; its IoU asks jax for int64.
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = _run(getattr(keras.metrics, name)(**kwargs), data, weighted)
    if hasattr(out, "detach"):  # torch: skip NumPy's `__array__` path
        return out.detach().cpu().numpy().astype("float64")
    return np.asarray(keras.ops.convert_to_numpy(out), dtype="float64")


@pytest.mark.parametrize("weighted", [False, True], ids=["plain", "weighted"])
@pytest.mark.parametrize("name,kwargs,kind,ref", CASES, ids=IDS)
def test_matches_numpy_formula(name, kwargs, kind, ref, weighted):
    data = batches(kind)
    out = _run(getattr(metrics, name)(**kwargs), data, weighted)
    assert tuple(ops.shape(out)) == ()
    assert ops.dtype(out) == "float32"
    np.testing.assert_allclose(_np(out), ref(data, weighted),
                               rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("weighted", [False, True], ids=["plain", "weighted"])
@pytest.mark.parametrize(
    "name,kwargs,kind",
    [c[:3] for c in CASES] + ORACLE_ONLY,
    ids=IDS + [f"{n}-{k}-{d}" for n, k, d in ORACLE_ONLY],
)
def test_matches_keras(name, kwargs, kind, weighted):
    data = batches(kind, seed=1)
    expected = _keras_result(name, kwargs, data, weighted)
    out = _np(_run(getattr(metrics, name)(**kwargs), data, weighted))
    assert out.shape == expected.shape
    np.testing.assert_allclose(out, expected, rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("name,kwargs,kind,ref", CASES, ids=IDS)
def test_reset_state_starts_over(name, kwargs, kind, ref):
    metric = getattr(metrics, name)(**kwargs)
    _run(metric, batches(kind, seed=2), weighted=True)
    metric.reset_state()
    data = batches(kind)
    np.testing.assert_allclose(_np(_run(metric, data, weighted=False)),
                               ref(data, False), rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("weighted", [False, True], ids=["plain", "weighted"])
@pytest.mark.parametrize("name,kwargs,kind,ref", VECTOR_CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in VECTOR_CASES])
def test_per_class_results_match_numpy_formula(name, kwargs, kind, ref,
                                               weighted):
    data = batches(kind)
    out = _np(_run(getattr(metrics, name)(**kwargs), data, weighted))
    expected = ref(data, weighted)
    assert out.shape == expected.shape
    np.testing.assert_allclose(out, expected, rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("weighted", [False, True], ids=["plain", "weighted"])
def test_auc_approaches_the_exact_roc_auc(weighted):
    data = batches("binary", seed=3)
    out = _np(_run(metrics.AUC(num_thresholds=1000), data, weighted))
    np.testing.assert_allclose(out, exact_roc_auc(data, weighted),
                               atol=2e-3)
