"""`cornu.optimizers.schedules`: Keras 3's learning rate schedules."""

from __future__ import annotations

from typing import Any

from cornu.optimizers.schedules.learning_rate_schedule import (
    CosineDecay,
    CosineDecayRestarts,
    ExponentialDecay,
    InverseTimeDecay,
    LearningRateSchedule,
    PiecewiseConstantDecay,
    PolynomialDecay,
)

__all__ = [
    "LearningRateSchedule", "ExponentialDecay", "PiecewiseConstantDecay",
    "PolynomialDecay", "InverseTimeDecay", "CosineDecay",
    "CosineDecayRestarts", "serialize", "deserialize",
]

_SCHEDULES = {
    cls.__name__: cls
    for cls in (CosineDecay, CosineDecayRestarts, ExponentialDecay,
                InverseTimeDecay, LearningRateSchedule,
                PiecewiseConstantDecay, PolynomialDecay)
}


def serialize(learning_rate_schedule: LearningRateSchedule) -> dict:
    """Returns Keras 3's config dict for a schedule.

    Example:
        >>> from cornu.optimizers import schedules
        >>> s = schedules.ExponentialDecay(0.1, 10, 0.5)
        >>> schedules.serialize(s)["class_name"]
        'ExponentialDecay'
    """
    from cornu.saving import serialization

    return serialization.serialize_keras_object(learning_rate_schedule)


def deserialize(config: dict,
                custom_objects: dict[str, Any] | None = None) -> Any:
    """Builds the schedule that `serialize` describes.

    Raises:
        ValueError: if the class is unknown.

    Example:
        >>> from cornu.optimizers import schedules
        >>> config = {"class_name": "InverseTimeDecay",
        ...           "config": {"initial_learning_rate": 1.0,
        ...                      "decay_steps": 1, "decay_rate": 1.0}}
        >>> type(schedules.deserialize(config)).__name__
        'InverseTimeDecay'
    """
    if isinstance(config, dict):
        name = config.get("class_name")
        if name in _SCHEDULES and not (custom_objects or {}).get(name):
            return _SCHEDULES[name].from_config(config.get("config") or {})
    from cornu.saving import serialization

    try:
        return serialization.deserialize_keras_object(config, custom_objects)
    except TypeError as err:
        raise ValueError(
            f"Could not interpret learning rate schedule: {config!r}."
        ) from err
