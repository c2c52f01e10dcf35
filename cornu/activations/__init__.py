"""`cornu.activations`: Keras 3's `keras.activations`.

Every activation is a function of a tensor, found by name with `get`.
Built-ins serialize to their name (`"relu"`); other callables to Keras's
`{"class_name": "function", ...}` dict, or their class config.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from cornu.activations.piecewise import (
    hard_shrink,
    hard_sigmoid,
    hard_silu,
    hard_tanh,
    soft_shrink,
    sparse_sigmoid,
    sparsemax,
)
from cornu.activations.rectifiers import (
    celu,
    elu,
    leaky_relu,
    relu,
    relu6,
    selu,
    softplus,
    sparse_plus,
    squareplus,
    threshold,
)
from cornu.activations.smooth import (
    exponential,
    gelu,
    glu,
    linear,
    log_sigmoid,
    log_softmax,
    mish,
    sigmoid,
    silu,
    softmax,
    softsign,
    swish,
    tanh,
    tanh_shrink,
)

hard_swish = hard_silu

__all__ = [
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink",
    "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "leaky_relu",
    "linear", "log_sigmoid", "log_softmax", "mish", "relu", "relu6", "selu",
    "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign",
    "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish",
    "tanh", "tanh_shrink", "threshold", "get", "serialize", "deserialize",
]

ALL_OBJECTS = (
    celu, elu, exponential, gelu, glu, hard_shrink, hard_sigmoid, hard_silu,
    hard_tanh, leaky_relu, linear, log_sigmoid, log_softmax, mish, relu,
    relu6, selu, sigmoid, silu, soft_shrink, softmax, softplus, softsign,
    sparse_plus, sparse_sigmoid, sparsemax, squareplus, tanh, tanh_shrink,
    threshold,
)
ALL_OBJECTS_DICT: dict[str, Callable] = {fn.__name__: fn for fn in
                                         ALL_OBJECTS}
ALL_OBJECTS_DICT["swish"] = silu
ALL_OBJECTS_DICT["hard_swish"] = hard_silu


def _unknown(identifier: Any) -> ValueError:
    return ValueError(
        "Could not interpret activation function identifier: "
        f"{identifier!r}. Expected None, a callable, a config dict or one "
        f"of: {', '.join(sorted(ALL_OBJECTS_DICT))}."
    )


def _is_builtin(fn: Any) -> bool:
    name = getattr(fn, "__name__", None)
    return name is not None and ALL_OBJECTS_DICT.get(name) is fn


def serialize(activation: Callable) -> str | dict:
    """Returns the name of a built-in activation, or a Keras config dict for
    any other callable.

    Args:
        activation: the activation to serialize.

    Returns:
        The name string for built-ins (the canonical one: `swish` gives
        `"silu"`); for other functions Keras's
        `{"module", "class_name": "function", "config", "registered_name"}`
        dict; for objects with `get_config`, their class config dict.

    Raises:
        ValueError: for a lambda or an object that cannot be serialized.

    Example:
        >>> from cornu import activations
        >>> activations.serialize(activations.swish)
        'silu'
    """
    if _is_builtin(activation):
        return activation.__name__
    from cornu.saving import serialization

    if hasattr(activation, "get_config"):
        return serialization.serialize_keras_object(activation)
    name = getattr(activation, "__name__", None)
    if isinstance(activation, types.FunctionType) and name != "<lambda>":
        return {
            "module": activation.__module__,
            "class_name": "function",
            "config": name,
            "registered_name": serialization.get_registered_name(activation),
        }
    raise ValueError(
        f"Unknown activation function {activation!r} cannot be serialized: "
        "use a built-in name, a named function or an object with "
        "`get_config`, registered with "
        "`@cornu.saving.register_keras_serializable()`."
    )


def deserialize(config: str | dict,
                custom_objects: dict[str, Any] | None = None) -> Callable:
    """Returns the activation that `serialize` described.

    Args:
        config: a name or a config dict.
        custom_objects: extra names for custom activations.

    Raises:
        ValueError: if the name is unknown.

    Example:
        >>> from cornu import activations
        >>> activations.deserialize("relu") is activations.relu
        True
    """
    custom = custom_objects or {}
    if isinstance(config, dict):
        if config.get("class_name") != "function":
            inner_name = config.get("class_name")
            if inner_name in ALL_OBJECTS_DICT and inner_name not in custom:
                return ALL_OBJECTS_DICT[inner_name]
            from cornu.saving import serialization

            return serialization.deserialize_keras_object(config, custom)
        names = (config.get("registered_name"), config.get("config"))
    elif isinstance(config, str):
        names = (config,)
    elif callable(config):
        return config
    else:
        raise _unknown(config)
    names = tuple(n for n in names if isinstance(n, str))
    for name in names:
        if name in custom:
            return custom[name]
    for name in names:
        if name in ALL_OBJECTS_DICT:
            return ALL_OBJECTS_DICT[name]
    from cornu.saving import serialization

    for name in names:
        found = serialization.deserialize_keras_object(name, custom)
        if callable(found):
            return found
    raise _unknown(config)


def get(identifier: Any) -> Callable:
    """Returns the activation function for `identifier`.

    Args:
        identifier: `None` (gives `linear`), a name such as `"relu"`, a
            config dict from `serialize`, or a callable (returned as is).

    Raises:
        ValueError: if `identifier` is none of these.

    Example:
        >>> from cornu import activations
        >>> activations.get("swish") is activations.silu
        True
    """
    if identifier is None:
        return linear
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj
    raise _unknown(identifier)
