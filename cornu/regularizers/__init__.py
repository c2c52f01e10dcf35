"""`cornu.regularizers`: Keras 3's `keras.regularizers`.

Classes and their lowercase aliases (`l1`, `l2`, `l1_l2`, `l1l2`,
`orthogonal_regularizer`); `get` accepts a name, a config dict, a class, an
instance or a callable.
"""

from __future__ import annotations

import inspect
from typing import Any

from cornu.regularizers.regularizers import (
    L1,
    L1L2,
    L2,
    OrthogonalRegularizer,
    Regularizer,
)

l1 = L1
l2 = L2
l1_l2 = L1L2
l1l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer
regularizer = Regularizer

ALL_OBJECTS_DICT: dict[str, type] = {
    name: value for name, value in globals().items()
    if isinstance(value, type) and issubclass(value, Regularizer)
}

__all__ = [*sorted(ALL_OBJECTS_DICT), "get", "serialize", "deserialize"]


def _unknown(identifier: Any) -> ValueError:
    names = sorted(n for n in ALL_OBJECTS_DICT
                   if n.islower() and n != "regularizer")
    return ValueError(
        f"Could not interpret regularizer identifier: {identifier!r}. "
        "Expected None, a callable, a config dict or a name: "
        f"{', '.join(names)} (or a class name such as "
        f"{ALL_OBJECTS_DICT[names[0]].__name__!r})."
    )


def serialize(regularizer: Any) -> dict | None:
    """Returns Keras 3's config dict for `regularizer`.

    Args:
        regularizer: a regularizer or `None`.

    Example:
        >>> from cornu import regularizers
        >>> regularizers.serialize(regularizers.L2(0.1))["config"]
        {'l2': 0.1}
    """
    if regularizer is None:
        return None
    from cornu.saving import serialization

    return serialization.serialize_keras_object(regularizer)


def deserialize(config: str | dict,
                custom_objects: dict[str, Any] | None = None) -> Any:
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
