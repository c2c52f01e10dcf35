"""`cornu.saving`: the `.keras`, `.weights.h5` and tf.keras `.h5` formats,
and the object (de)serialization they are built on."""

from cornu.saving.errors import (
    InvalidFileError,
    UnknownObjectError,
    WeightMismatchError,
)
from cornu.saving.saving_api import (
    load_model,
    load_weights,
    save_model,
    save_weights,
)
from cornu.saving.serialization import (
    CustomObjectScope,
    custom_object_scope,
    deserialize_keras_object,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
    serialize_keras_object,
)

__all__ = [
    "CustomObjectScope", "InvalidFileError", "UnknownObjectError",
    "WeightMismatchError",
    "custom_object_scope", "deserialize_keras_object", "get_custom_objects",
    "get_registered_name", "get_registered_object", "load_model",
    "load_weights", "register_keras_serializable", "save_model",
    "save_weights", "serialize_keras_object",
]
