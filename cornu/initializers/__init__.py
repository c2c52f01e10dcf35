"""`cornu.initializers`: Keras 3's `keras.initializers`.

Classes and their lowercase aliases (`glorot_uniform` is `GlorotUniform`),
plus the tf.keras 2 names `normal`, `uniform`, `zero`, `one`,
`IdentityInitializer` and `OrthogonalInitializer`. `get` accepts a name, a
config dict, a class, an instance, a callable `fn(shape, dtype=None)` or an
array.
"""

from __future__ import annotations

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
from cornu.saving.object_family import ObjectFamily

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
    name: value
    for name, value in globals().items()
    if isinstance(value, type) and issubclass(value, Initializer)
}
# Keras's snake-case name of the base class (the attribute is the module).
ALL_OBJECTS_DICT["initializer"] = Initializer

__all__ = [
    *sorted(n for n in ALL_OBJECTS_DICT if n != "initializer"),
    "get",
    "serialize",
    "deserialize",
]

_FAMILY = ObjectFamily("initializer", ALL_OBJECTS_DICT, "initializer")


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
    return _FAMILY.serialize(initializer)


def deserialize(
    config: str | dict, custom_objects: dict[str, Any] | None = None
) -> Any:
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
    return _FAMILY.deserialize(config, custom_objects)


def _from_array(value: Any) -> Callable:
    def initialize(shape: Any, dtype: Any = None) -> Any:
        if tuple(int(d) for d in shape) != tuple(value.shape):
            raise ValueError(
                "An array used as initializer needs the weight to have its "
                f"shape {tuple(value.shape)}. Received: shape={shape}."
            )
        return o.cast(
            o.convert_to_tensor(value), dtypes.standardize_dtype(dtype)
        )

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
    if not isinstance(identifier, (str, dict)) and (
        o.is_tensor(identifier)
        or isinstance(identifier, (np.ndarray, np.generic))
    ):
        return _from_array(identifier)
    return _FAMILY.get(identifier)
