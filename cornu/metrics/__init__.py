"""`cornu.metrics`: Keras 3's stateful `keras.metrics`.

Metric classes (and the per-sample metric functions they wrap); `get`
accepts a name (`"accuracy"`, `"mse"`, `"mae"`, ... or a class name), a
config dict, a class, an instance or a callable.
"""

from __future__ import annotations

from typing import Any

from cornu.layers.naming import to_snake_case
from cornu.losses.hinge import categorical_hinge, hinge, squared_hinge
from cornu.losses.probabilistic import (
    binary_focal_crossentropy,
    categorical_focal_crossentropy,
    kl_divergence,
    poisson,
)
from cornu.losses.regression import huber
from cornu.metrics.accuracy_metrics import (
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    TopKCategoricalAccuracy,
    accuracy,
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy,
    top_k_categorical_accuracy,
)
from cornu.metrics.auc import AUC
from cornu.metrics.confusion_metrics import (
    FalseNegatives,
    FalsePositives,
    Precision,
    Recall,
    TrueNegatives,
    TruePositives,
)
from cornu.metrics.correlation_metrics import (
    ConcordanceCorrelation,
    PearsonCorrelation,
    concordance_correlation,
    pearson_correlation,
)
from cornu.metrics.f_score_metrics import F1Score, FBetaScore
from cornu.metrics.hinge_metrics import CategoricalHinge, Hinge, SquaredHinge
from cornu.metrics.iou_metrics import (
    BinaryIoU,
    IoU,
    MeanIoU,
    OneHotIoU,
    OneHotMeanIoU,
)
from cornu.metrics.metric import Metric
from cornu.metrics.probabilistic_metrics import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    KLDivergence,
    Poisson,
    SparseCategoricalCrossentropy,
    binary_crossentropy,
    categorical_crossentropy,
    sparse_categorical_crossentropy,
)
from cornu.metrics.reduction_metrics import Mean, MeanMetricWrapper, Sum
from cornu.metrics.regression_metrics import (
    CosineSimilarity,
    LogCoshError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    R2Score,
    RootMeanSquaredError,
    cosine_similarity,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
)
from cornu.metrics.sensitivity_specificity_metrics import (
    PrecisionAtRecall,
    RecallAtPrecision,
    SensitivityAtSpecificity,
    SpecificityAtSensitivity,
)
from cornu.saving.object_family import ObjectFamily

_CLASSES = [
    value for value in list(globals().values())
    if isinstance(value, type) and issubclass(value, Metric)
]
ALL_OBJECTS_DICT: dict[str, type] = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls
                         for cls in _CLASSES})
ALL_OBJECTS_DICT.update({
    "bce": BinaryCrossentropy,
    "BCE": BinaryCrossentropy,
    "mse": MeanSquaredError,
    "MSE": MeanSquaredError,
    "mae": MeanAbsoluteError,
    "MAE": MeanAbsoluteError,
    "mape": MeanAbsolutePercentageError,
    "MAPE": MeanAbsolutePercentageError,
    "msle": MeanSquaredLogarithmicError,
    "MSLE": MeanSquaredLogarithmicError,
    # Not in Keras 3's lookup table; tf.keras 2's names, kept working.
    "acc": Accuracy,
    "ACC": Accuracy,
    "kld": KLDivergence,
    "KLD": KLDivergence,
    "kullback_leibler_divergence": KLDivergence,
    "logcosh": LogCoshError,
})

__all__ = [
    "AUC",
    "Accuracy",
    "BinaryAccuracy",
    "BinaryCrossentropy",
    "BinaryIoU",
    "CategoricalAccuracy",
    "CategoricalCrossentropy",
    "CategoricalHinge",
    "ConcordanceCorrelation",
    "CosineSimilarity",
    "F1Score",
    "FBetaScore",
    "FalseNegatives",
    "FalsePositives",
    "Hinge",
    "IoU",
    "KLDivergence",
    "LogCoshError",
    "Mean",
    "MeanAbsoluteError",
    "MeanAbsolutePercentageError",
    "MeanIoU",
    "MeanMetricWrapper",
    "MeanSquaredError",
    "MeanSquaredLogarithmicError",
    "Metric",
    "OneHotIoU",
    "OneHotMeanIoU",
    "PearsonCorrelation",
    "Poisson",
    "Precision",
    "PrecisionAtRecall",
    "R2Score",
    "Recall",
    "RecallAtPrecision",
    "RootMeanSquaredError",
    "SensitivityAtSpecificity",
    "SparseCategoricalAccuracy",
    "SparseCategoricalCrossentropy",
    "SparseTopKCategoricalAccuracy",
    "SpecificityAtSensitivity",
    "SquaredHinge",
    "Sum",
    "TopKCategoricalAccuracy",
    "TrueNegatives",
    "TruePositives",
    "accuracy",
    "binary_accuracy",
    "binary_crossentropy",
    "binary_focal_crossentropy",
    "categorical_accuracy",
    "categorical_crossentropy",
    "categorical_focal_crossentropy",
    "categorical_hinge",
    "concordance_correlation",
    "cosine_similarity",
    "deserialize",
    "get",
    "hinge",
    "huber",
    "kl_divergence",
    "log_cosh",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "mean_squared_logarithmic_error",
    "pearson_correlation",
    "poisson",
    "serialize",
    "sparse_categorical_accuracy",
    "sparse_categorical_crossentropy",
    "sparse_top_k_categorical_accuracy",
    "squared_hinge",
    "top_k_categorical_accuracy",
]

_FAMILY = ObjectFamily("metric", ALL_OBJECTS_DICT, "metric")


def serialize(metric: Any) -> dict | None:
    """Returns Keras 3's config dict for a metric or metric function.

    Example:
        >>> from cornu import metrics
        >>> metrics.serialize(metrics.MeanSquaredError())["config"]
        {'name': 'mean_squared_error', 'dtype': 'float32'}
    """
    return _FAMILY.serialize(metric)


def deserialize(config: str | dict,
                custom_objects: dict[str, Any] | None = None) -> Any:
    """Builds the metric that `serialize` (or a name) describes.

    Args:
        config: a name such as `"mse"` or a config dict.
        custom_objects: extra names for custom metrics.

    Raises:
        ValueError: if the name is unknown.

    Example:
        >>> from cornu import metrics
        >>> metrics.deserialize("mae").name
        'mean_absolute_error'
    """
    return _FAMILY.deserialize(config, custom_objects)


def get(identifier: Any) -> Any:
    """Returns a metric for `identifier`.

    Names are those Keras 3 resolves (class names, their snake case and
    `mse`, `mae`, `mape`, `msle`, `bce`, upper-case forms included), plus
    tf.keras 2's `acc`, `kld`, `kullback_leibler_divergence` and `logcosh`.
    `"accuracy"` and `"acc"` give the generic `Accuracy`; choosing the
    accuracy that suits a loss is `Model.compile`'s job.

    Args:
        identifier: `None` (returned as is), a name such as `"accuracy"`
            or `"mse"`, a config dict, a metric class (instantiated with
            its defaults), an instance or any callable
            `fn(y_true, y_pred)`.

    Raises:
        ValueError: if `identifier` cannot be interpreted.

    Example:
        >>> from cornu import metrics
        >>> type(metrics.get("accuracy")).__name__
        'Accuracy'
    """
    return _FAMILY.get(identifier)
