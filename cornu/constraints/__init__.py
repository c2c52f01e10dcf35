"""`cornu.constraints`: Keras 3's `keras.constraints`.

Classes and their lowercase aliases (`max_norm`, `min_max_norm`, `non_neg`,
`unit_norm`, and tf.keras 2's `maxnorm`, `min_max_norm`, `nonneg`,
`unitnorm`); `get` accepts a name, a config dict, a class, an instance or a
callable.
"""

from __future__ import annotations

import inspect
from typing import Any

from cornu.constraints.constraints import (
    Constraint,
    MaxNorm,
    MinMaxNorm,
    NonNeg,
    UnitNorm,
)

constraint = Constraint
max_norm = MaxNorm
maxnorm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
nonneg = NonNeg
unit_norm = UnitNorm
unitnorm = UnitNorm

ALL_OBJECTS_DICT: dict[str, type] = {
    name: value for name, value in globals().items()
    if isinstance(value, type) and issubclass(value, Constraint)
}

__all__ = [*sorted(ALL_OBJECTS_DICT), "get", "serialize", "deserialize"]


def _unknown(identifier: Any) -> ValueError:
    names = sorted(n for n in ALL_OBJECTS_DICT
                   if n.islower() and n != "constraint")
    return ValueError(
        f"Could not interpret constraint identifier: {identifier!r}. "
        "Expected None, a callable, a config dict or a name: "
        f"{', '.join(names)} (or a class name such as "
        f"{ALL_OBJECTS_DICT[names[0]].__name__!r})."
    )


def serialize(constraint: Any) -> dict | None:
    """Returns Keras 3's config dict for `constraint`.

    Args:
        constraint: a constraint or `None`.

    Example:
        >>> from cornu import constraints
        >>> constraints.serialize(constraints.MaxNorm(3))["config"]
        {'max_value': 3, 'axis': 0}
    """
    if constraint is None:
        return None
    from cornu.saving import serialization

    return serialization.serialize_keras_object(constraint)


def deserialize(config: str | dict,
                custom_objects: dict[str, Any] | None = None) -> Any:
    """Builds the constraint that `serialize` (or a name) describes.

    Args:
        config: a name such as `"max_norm"` or a config dict.
        custom_objects: extra names for custom constraints.

    Raises:
        ValueError: if the name is unknown.

    Example:
        >>> from cornu import constraints
        >>> constraints.deserialize("unit_norm").get_config()
        {'axis': 0}
    """
    custom = custom_objects or {}
    if isinstance(config, str):
        found = custom.get(config) or ALL_OBJECTS_DICT.get(config)
        if found is None:
            raise _unknown(config)
        return found() if inspect.isclass(found) else found
    if not isinstance(config, dict) or "class_name" not in config:
        raise _unknown(config)
    name = config["class_name"]
    if (name in ALL_OBJECTS_DICT and name not in custom
            and config.get("registered_name") is None):
        return ALL_OBJECTS_DICT[name].from_config(config.get("config") or {})
    from cornu.saving import serialization

    return serialization.deserialize_keras_object(config, custom)


def get(identifier: Any) -> Any:
    """Returns a constraint for `identifier`.

    Args:
        identifier: `None` (returned as is), a name such as `"non_neg"`, a
            config dict, a constraint class (instantiated with its
            defaults), an instance or any callable `fn(w)`.

    Raises:
        ValueError: if `identifier` is none of these.

    Example:
        >>> from cornu import constraints
        >>> constraints.get("max_norm").get_config()
        {'max_value': 2, 'axis': 0}
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise _unknown(identifier)
