"""`cornu.constraints`: Keras 3's `keras.constraints`.

Classes and their lowercase aliases (`max_norm`, `min_max_norm`, `non_neg`,
`unit_norm`, and tf.keras 2's `maxnorm`, `min_max_norm`, `nonneg`,
`unitnorm`); `get` accepts a name, a config dict, a class, an instance or a
callable.
"""

from __future__ import annotations

from typing import Any

from cornu.constraints.constraints import (
    Constraint,
    MaxNorm,
    MinMaxNorm,
    NonNeg,
    UnitNorm,
)
from cornu.saving.object_family import ObjectFamily

constraint = Constraint
max_norm = MaxNorm
maxnorm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
nonneg = NonNeg
unit_norm = UnitNorm
unitnorm = UnitNorm

ALL_OBJECTS_DICT: dict[str, type] = {
    name: value
    for name, value in globals().items()
    if isinstance(value, type) and issubclass(value, Constraint)
}

__all__ = [*sorted(ALL_OBJECTS_DICT), "get", "serialize", "deserialize"]

_FAMILY = ObjectFamily("constraint", ALL_OBJECTS_DICT, "constraint")


def serialize(constraint: Any) -> dict | None:
    """Returns Keras 3's config dict for `constraint`.

    Args:
        constraint: a constraint or `None`.

    Example:
        >>> from cornu import constraints
        >>> constraints.serialize(constraints.MaxNorm(3))["config"]
        {'max_value': 3, 'axis': 0}
    """
    return _FAMILY.serialize(constraint)


def deserialize(
    config: str | dict, custom_objects: dict[str, Any] | None = None
) -> Any:
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
    return _FAMILY.deserialize(config, custom_objects)


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
    return _FAMILY.get(identifier)
