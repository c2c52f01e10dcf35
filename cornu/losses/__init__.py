"""`cornu.losses`: Keras 3's `keras.losses`.

Loss classes (reduced, configurable) and loss functions (one value per
sample), with Keras's aliases (`mse`, `MAE`, `kld`, ...). `get` accepts a
name, a config dict, a class (instantiated), a loss or any callable.
"""

from __future__ import annotations

from typing import Any

from cornu.losses.categorical_generalized_cross_entropy import (
    CategoricalGeneralizedCrossEntropy,
    categorical_generalized_cross_entropy,
)
from cornu.losses.circle import Circle, circle
from cornu.losses.ctc import CTC, ctc
from cornu.losses.hinge import (
    CategoricalHinge,
    Hinge,
    SquaredHinge,
    categorical_hinge,
    hinge,
    squared_hinge,
)
from cornu.losses.loss import Loss, LossFunctionWrapper
from cornu.losses.probabilistic import (
    BinaryCrossentropy,
    BinaryFocalCrossentropy,
    CategoricalCrossentropy,
    CategoricalFocalCrossentropy,
    KLDivergence,
    Poisson,
    SparseCategoricalCrossentropy,
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    kl_divergence,
    poisson,
    sparse_categorical_crossentropy,
)
from cornu.losses.regression import (
    CosineSimilarity,
    Huber,
    LogCosh,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    cosine_similarity,
    huber,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
)
from cornu.losses.segmentation import Dice, Tversky, dice, tversky
from cornu.saving.object_family import ObjectFamily

mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
bce = BCE = binary_crossentropy
logcosh = log_cosh

_CLASSES = (
    CTC,
    BinaryCrossentropy,
    BinaryFocalCrossentropy,
    CategoricalCrossentropy,
    CategoricalFocalCrossentropy,
    CategoricalGeneralizedCrossEntropy,
    CategoricalHinge,
    Circle,
    CosineSimilarity,
    Dice,
    Hinge,
    Huber,
    KLDivergence,
    LogCosh,
    Loss,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    Poisson,
    SparseCategoricalCrossentropy,
    SquaredHinge,
    Tversky,
)
_FUNCTIONS = (
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    categorical_generalized_cross_entropy,
    categorical_hinge,
    circle,
    cosine_similarity,
    ctc,
    dice,
    hinge,
    huber,
    kl_divergence,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    poisson,
    sparse_categorical_crossentropy,
    squared_hinge,
    tversky,
)
_ALIASES = {
    "mse": mse,
    "MSE": MSE,
    "mae": mae,
    "MAE": MAE,
    "mape": mape,
    "MAPE": MAPE,
    "msle": msle,
    "MSLE": MSLE,
    "kld": kld,
    "KLD": KLD,
    "kullback_leibler_divergence": kullback_leibler_divergence,
    "bce": bce,
    "BCE": BCE,
    "logcosh": logcosh,
}

ALL_OBJECTS_DICT: dict[str, Any] = {
    **{cls.__name__: cls for cls in _CLASSES},
    **{fn.__name__: fn for fn in _FUNCTIONS},
    **_ALIASES,
}

__all__ = [
    *sorted(ALL_OBJECTS_DICT),
    "LossFunctionWrapper",
    "get",
    "serialize",
    "deserialize",
]


class _LossFamily(ObjectFamily):
    def unknown(self, identifier: Any) -> ValueError:
        names = sorted(n for n in self.objects if n != "Loss")
        return ValueError(
            f"Could not interpret loss identifier: {identifier!r}. "
            "Expected None, a callable, a config dict or one of these "
            f"names: {', '.join(names)}."
        )


_FAMILY = _LossFamily("loss", ALL_OBJECTS_DICT, "loss")


def serialize(loss: Any) -> dict | None:
    """Returns Keras 3's config dict for `loss`.

    Args:
        loss: a loss, a named loss function or `None`.

    Returns:
        `{"module", "class_name", "config", "registered_name"}`; functions
        are written as `{"class_name": "function", "config": name, ...}`.

    Example:
        >>> from cornu import losses
        >>> losses.serialize(losses.Huber())["config"]
        {'name': 'huber_loss', 'reduction': 'sum_over_batch_size', 'delta': 1.0}
    """
    return _FAMILY.serialize(loss)


def deserialize(
    config: str | dict, custom_objects: dict[str, Any] | None = None
) -> Any:
    """Builds the loss that `serialize` (or a name) describes.

    A class name gives an instance with default arguments; a function name
    gives the function.

    Args:
        config: a name such as `"mse"` or `"Huber"`, or a config dict.
        custom_objects: extra names for custom losses.

    Raises:
        ValueError: if the name is unknown.

    Example:
        >>> from cornu import losses
        >>> losses.deserialize("Huber").get_config()["delta"]
        1.0
    """
    return _FAMILY.deserialize(config, custom_objects)


def get(identifier: Any) -> Any:
    """Returns the loss that `identifier` names.

    Args:
        identifier: `None` (returned as is), a name (`"mse"` gives the
            function, `"MeanSquaredError"` an instance), a config dict, a
            loss class (instantiated), a loss or a callable.

    Raises:
        ValueError: if `identifier` is none of these.

    Example:
        >>> from cornu import losses
        >>> losses.get("mse") is losses.mean_squared_error
        True
    """
    return _FAMILY.get(identifier)
