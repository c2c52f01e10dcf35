"""`cornu.initializers`: Keras 3's `keras.initializers`.

Classes and their lowercase aliases (`glorot_uniform` is `GlorotUniform`),
plus the tf.keras 2 names `normal`, `uniform`, `zero`, `one`,
`IdentityInitializer` and `OrthogonalInitializer`. `get` accepts a name, a
config dict, a class, an instance, a callable `fn(shape, dtype=None)` or an
array.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from typing import Any

import numpy as np

import cornu.ops as o
from cornu.backend.common import dtypes
from cornu.initializers.constant_initializers import (
    Constant,
    Identity,
    Ones,
    Zeros,
)
from cornu.initializers.initializer import Initializer
from cornu.initializers.random_initializers import (
    Orthogonal,
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
)
from cornu.initializers.variance_scaling import (
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    VarianceScaling,
)

constant = Constant
glorot_normal = GlorotNormal
glorot_uniform = GlorotUniform
he_normal = HeNormal
he_uniform = HeUniform
identity = Identity
IdentityInitializer = Identity
lecun_normal = LecunNormal
lecun_uniform = LecunUniform
ones = Ones
one = Ones
orthogonal = Orthogonal
OrthogonalInitializer = Orthogonal
random_normal = RandomNormal
normal = RandomNormal
random_uniform = RandomUniform
uniform = RandomUniform
truncated_normal = TruncatedNormal
variance_scaling = VarianceScaling
zeros = Zeros
zero = Zeros

ALL_OBJECTS_DICT: dict[str, type] = {
    name: value for name, value in globals().items()
    if isinstance(value, type) and issubclass(value, Initializer)
}
# Keras's snake-case name of the base class (the attribute is the module).
ALL_OBJECTS_DICT["initializer"] = Initializer

__all__ = [*sorted(n for n in ALL_OBJECTS_DICT if n != "initializer"),
           "get", "serialize", "deserialize"]


def _unknown(identifier: Any) -> ValueError:
    names = sorted(n for n in ALL_OBJECTS_DICT
                   if n.islower() and n != "initializer")
    return ValueError(
        f"Could not interpret initializer identifier: {identifier!r}. "
        "Expected None, a callable, a config dict or a name: "
        f"{', '.join(names)} (or a class name such as "
        f"{ALL_OBJECTS_DICT[names[0]].__name__!r})."
    )


def serialize(initializer: Any) -> dict | None:
    """Returns Keras 3's config dict for `initializer`.

    Args:
        initializer: an initializer, a named function or `None`.

    Returns:
        `{"module": "keras.initializers", "class_name", "config",
        "registered_name": None}` for built-ins (custom classes keep their
        own module and registered name); `None` for `None`.

    Example:
        >>> from cornu import initializers
        >>> initializers.serialize(initializers.Constant(2.0))["config"]
        {'value': 2.0}
    """
    if initializer is None:
        return None
    from cornu.saving import serialization

    if isinstance(initializer, types.FunctionType):
        return {
            "module": initializer.__module__,
            "class_name": "function",
            "config": initializer.__name__,
            "registered_name": serialization.get_registered_name(
                initializer),
        }
    return serialization.serialize_keras_object(initializer)


def deserialize(config: str | dict,
                custom_objects: dict[str, Any] | None = None) -> Any:
    """Builds the initializer that `serialize` (or a name) describes.

    Args:
        config: a name such as `"he_normal"` or a config dict (Keras 3's
            layout or tf.keras 2's `{"class_name", "config"}`).
        custom_objects: extra names for custom initializers.

    Raises:
        ValueError: if the name is unknown.

    Example:
        >>> from cornu import initializers
        >>> init = initializers.deserialize("he_normal")
        >>> type(init).__name__
        'HeNormal'
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
    from cornu.saving import serialization

    if name == "function":
        for key in (config.get("registered_name"), config.get("config")):
            if isinstance(key, str):
                fn = custom.get(key) or serialization.deserialize_keras_object(
                    key, custom)
                if callable(fn):
                    return fn
        raise _unknown(config)
    if (name in ALL_OBJECTS_DICT and name not in custom
            and config.get("registered_name") is None):
        return ALL_OBJECTS_DICT[name].from_config(config.get("config") or {})
    return serialization.deserialize_keras_object(config, custom)


def _from_array(value: Any) -> Callable:
    def initialize(shape: Any, dtype: Any = None) -> Any:
        if tuple(int(d) for d in shape) != tuple(value.shape):
            raise ValueError(
                "An array used as initializer needs the weight to have its "
                f"shape {tuple(value.shape)}. Received: shape={shape}."
            )
        return o.cast(o.convert_to_tensor(value),
                      dtypes.standardize_dtype(dtype))

    return initialize


def get(identifier: Any) -> Any:
    """Returns an initializer for `identifier`.

    Args:
        identifier: `None` (returned as is), a name such as
            `"glorot_uniform"`, a config dict, an initializer class
            (instantiated with its defaults), an initializer instance, a
            callable `fn(shape, dtype=None)` or an array to copy.

    Raises:
        ValueError: if `identifier` is none of these.

    Example:
        >>> from cornu import initializers
        >>> type(initializers.get("zeros")).__name__
        'Zeros'
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier)
        if obj is None:
            raise _unknown(identifier)
    elif o.is_tensor(identifier) or isinstance(identifier,
                                               (np.ndarray, np.generic)):
        obj = _from_array(identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise _unknown(identifier)
