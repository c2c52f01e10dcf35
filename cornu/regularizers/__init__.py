"""`cornu.regularizers`: Keras 3's `keras.regularizers`.

Classes and their lowercase aliases (`l1`, `l2`, `l1_l2`, `l1l2`,
`orthogonal_regularizer`); `get` accepts a name, a config dict, a class, an
instance or a callable.
"""

from __future__ import annotations

from typing import Any

from cornu.regularizers.regularizers import (
    L1,
    L1L2,
    L2,
    OrthogonalRegularizer,
    Regularizer,
)
from cornu.saving.object_family import ObjectFamily

l1 = L1
l2 = L2
l1_l2 = L1L2
l1l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer
regularizer = Regularizer

ALL_OBJECTS_DICT: dict[str, type] = {
    name: value
    for name, value in globals().items()
    if isinstance(value, type) and issubclass(value, Regularizer)
}

__all__ = [*sorted(ALL_OBJECTS_DICT), "get", "serialize", "deserialize"]

_FAMILY = ObjectFamily("regularizer", ALL_OBJECTS_DICT, "regularizer")


def serialize(regularizer: Any) -> dict | None:
    """Returns Keras 3's config dict for `regularizer`.

    Args:
        regularizer: a regularizer or `None`.

    Example:
        >>> from cornu import regularizers
        >>> regularizers.serialize(regularizers.L2(0.1))["config"]
        {'l2': 0.1}
    """
    return _FAMILY.serialize(regularizer)


def deserialize(
    config: str | dict, custom_objects: dict[str, Any] | None = None
) -> Any:
    """Builds the regularizer that `serialize` (or a name) describes.

    Args:
        config: a name such as `"l2"` or a config dict.
        custom_objects: extra names for custom regularizers.

    Raises:
        ValueError: if the name is unknown.

    Example:
        >>> from cornu import regularizers
        >>> regularizers.deserialize("l1_l2").get_config()
        {'l1': 0.0, 'l2': 0.0}
    """
    return _FAMILY.deserialize(config, custom_objects)


def get(identifier: Any) -> Any:
    """Returns a regularizer for `identifier`.

    Args:
        identifier: `None` (returned as is), a name such as `"l2"`, a
            config dict, a regularizer class (instantiated with its
            defaults), an instance or any callable `fn(x)`.

    Raises:
        ValueError: if `identifier` is none of these.

    Example:
        >>> from cornu import regularizers
        >>> regularizers.get("l2").get_config()
        {'l2': 0.01}
    """
    return _FAMILY.get(identifier)
