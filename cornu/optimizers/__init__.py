"""`cornu.optimizers`: Keras 3's `keras.optimizers`.

Optimizers are looked up by lowercase name (`"adam"`, `"sgd"`,
`"rmsprop"`), by class name (tf.keras 2's `"Adam"`), or by config dict;
`get` also passes an `Optimizer` instance through.
"""

from __future__ import annotations

from typing import Any

from cornu.optimizers import schedules
from cornu.optimizers.adadelta import Adadelta
from cornu.optimizers.adagrad import Adagrad
from cornu.optimizers.adam import Adam
from cornu.optimizers.adamax import Adamax
from cornu.optimizers.adamw import AdamW
from cornu.optimizers.ftrl import Ftrl
from cornu.optimizers.lamb import Lamb
from cornu.optimizers.lion import Lion
from cornu.optimizers.nadam import Nadam
from cornu.optimizers.optimizer import Optimizer
from cornu.optimizers.rmsprop import RMSprop
from cornu.optimizers.sgd import SGD
from cornu.saving.object_family import ObjectFamily

ALL_OBJECTS = (Optimizer, Adam, SGD, RMSprop, Adadelta, AdamW, Adagrad,
               Adamax, Nadam, Ftrl, Lion, Lamb)
ALL_OBJECTS_DICT: dict[str, type] = {
    **{cls.__name__: cls for cls in ALL_OBJECTS},
    **{cls.__name__.lower(): cls for cls in ALL_OBJECTS},
}

__all__ = [
    *sorted(cls.__name__ for cls in ALL_OBJECTS),
    "schedules", "get", "serialize", "deserialize",
]

_FAMILY = ObjectFamily("optimizer", ALL_OBJECTS_DICT, "optimizer")


def _normalize(config: Any) -> Any:
    """Keras matches class names case-insensitively (`"ADAM"`)."""
    if isinstance(config, str):
        return config.lower() if config.lower() in ALL_OBJECTS_DICT else config
    if isinstance(config, dict) and isinstance(config.get("class_name"), str):
        lower = config["class_name"].lower()
        if lower in ALL_OBJECTS_DICT and config.get("registered_name") in (
            None, config["class_name"], lower
        ):
            config = {**config, "class_name": lower, "registered_name": None}
    return config


def serialize(optimizer: Optimizer | None) -> dict | None:
    """Returns Keras 3's config dict for `optimizer`.

    Example:
        >>> from cornu import optimizers
        >>> optimizers.serialize(optimizers.SGD())["class_name"]
        'SGD'
    """
    return _FAMILY.serialize(optimizer)


def deserialize(config: str | dict,
                custom_objects: dict[str, Any] | None = None) -> Optimizer:
    """Builds the optimizer that `serialize` (or a name) describes.

    Args:
        config: a name such as `"adam"` or a config dict.
        custom_objects: extra names for custom optimizers.

    Raises:
        ValueError: if the name is unknown.

    Example:
        >>> from cornu import optimizers
        >>> type(optimizers.deserialize("Adam")).__name__
        'Adam'
    """
    return _FAMILY.deserialize(_normalize(config), custom_objects)


def get(identifier: Any) -> Optimizer | None:
    """Returns an optimizer for `identifier`.

    Args:
        identifier: `None` (returned as is), a name such as `"rmsprop"`, a
            config dict or an `Optimizer`.

    Raises:
        ValueError: if `identifier` cannot be interpreted.

    Example:
        >>> from cornu import optimizers
        >>> optimizers.get("sgd").get_config()["learning_rate"]
        0.009999999776482582
    """
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        try:
            obj = _FAMILY.deserialize(_normalize(identifier))
        except ValueError as err:
            raise _FAMILY.unknown(identifier) from err
    else:
        obj = identifier
    if isinstance(obj, Optimizer):
        return obj
    raise _FAMILY.unknown(identifier)
