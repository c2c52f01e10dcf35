"""`Lambda`: wraps a Python function as a layer.

A Python lambda has no importable name, so `get_config` stores its
bytecode (base64 of `marshal`, as Keras does). Loading bytecode runs code
from the file, so `from_config` refuses it unless the caller opts in with
`safe_mode=False` or `cornu.config.enable_unsafe_deserialization()`.
Named functions are stored by name and found again among registered and
custom objects and cornu's built-in functions; nothing is imported.
"""

from __future__ import annotations

import binascii
import codecs
import inspect
import marshal
import types
from collections.abc import Callable
from typing import Any

from cornu import tree
from cornu.layers.layer import Layer

_BUILTIN_FUNCTION_MODULES = ("cornu.activations", "cornu.losses",
                             "cornu.metrics")


class Lambda(Layer):
    """Wraps an expression as a layer: `Lambda(lambda x: x ** 2)`.

    Prefer a `Layer` subclass for anything you want to save: a Python
    lambda is saved as bytecode, which only loads on the same Python
    version and only with `safe_mode=False` (loading runs the code).

    Args:
        function: the function to apply; its first argument is the input.
            If it has `mask` or `training` parameters, they are passed.
        output_shape: the output shape without the batch axis, or a
            function of the full input shape returning the full output
            shape. `None` infers it by calling `function` symbolically.
        mask: `None` (no output mask), a function
            `mask(inputs, previous_mask)`, or a fixed mask returned as is.
        arguments: extra keyword arguments for `function`.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        Whatever `function` accepts.

    Output shape:
        `output_shape`, or what `function` returns.

    Example:
    >>> layer = cornu.layers.Lambda(lambda x: x ** 2)
    >>> layer(np.array([[1.0, 2.0]], dtype="float32"))
    array([[1., 4.]], dtype=float32)
    """

    def __init__(self, function: Callable, output_shape: Any = None,
                 mask: Any = None, arguments: dict | None = None,
                 **kwargs: Any) -> None:
        if not callable(function):
            raise TypeError(
                "Lambda: `function` must be callable. Received: "
                f"function={function!r}."
            )
        if arguments is not None and not isinstance(arguments, dict):
            raise TypeError(
                "Lambda: `arguments` must be a dict of keyword arguments or "
                f"None. Received: arguments={arguments!r}."
            )
        super().__init__(**kwargs)
        self.arguments = arguments or {}
        self.function = function
        self.supports_masking = mask is not None
        self.mask = mask
        self._output_shape = output_shape
        try:
            params = inspect.signature(function).parameters
        except (TypeError, ValueError):  # some builtins have none
            params = {}
        self._fn_expects_training_arg = "training" in params
        self._fn_expects_mask_arg = "mask" in params
        self.built = True

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._fn_expects_mask_arg:
            kwargs["mask"] = mask
        if self._fn_expects_training_arg:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        batch = tree.flatten(input_shape)[0] if input_shape else None
        return _add_batch(self._output_shape, batch)

    def compute_output_spec(self, *args, **kwargs):
        if self._output_shape is None:
            return self._call_with_context(args, kwargs)
        return super().compute_output_spec(*args, **kwargs)

    def compute_mask(self, inputs, mask=None):
        if callable(self.mask):
            return self.mask(inputs, mask)
        return self.mask

    def get_config(self) -> dict:
        config = super().get_config()
        config["function"] = _serialize_function(self.function)
        if self._output_shape is not None:
            config["output_shape"] = (
                _serialize_function(self._output_shape)
                if callable(self._output_shape) else self._output_shape)
        if self.mask is not None:
            if callable(self.mask):
                config["mask"] = _serialize_function(self.mask)
            else:
                from cornu.saving import serialization

                config["mask"] = serialization.serialize_keras_object(
                    self.mask)
        config["arguments"] = dict(self.arguments)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None,
                    safe_mode: bool | None = None) -> Lambda:
        """Rebuilds the layer from `get_config()`.

        Args:
            config: the dict `get_config` returned.
            custom_objects: `{name: function}` for functions stored by name.
            safe_mode: `False` allows loading a Python lambda's bytecode
                (this runs code from the config). `None` follows
                `cornu.config.enable_unsafe_deserialization()`.

        Raises:
            ValueError: for bytecode while in safe mode.
            TypeError: for a function name that cannot be found.
        """
        config = dict(config)
        unsafe_ok = _unsafe_allowed(safe_mode)
        # Keras 2 (tf.keras) layout: `function_type` + a bytecode tuple.
        function_type = config.pop("function_type", None)
        output_shape_type = config.pop("output_shape_type", None)
        mask_type = config.pop("mask_type", None)
        for key in ("module", "output_shape_module", "mask_module"):
            config.pop(key, None)
        config["function"] = _deserialize_function(
            config["function"], function_type, custom_objects, unsafe_ok)
        if config.get("output_shape") is not None:
            shape = config["output_shape"]
            if output_shape_type in ("lambda", "function") or isinstance(
                    shape, dict) or isinstance(shape, str):
                config["output_shape"] = _deserialize_function(
                    shape, output_shape_type, custom_objects, unsafe_ok)
            else:
                config["output_shape"] = _shape_lists_to_tuples(shape)
        mask = config.get("mask")
        if mask_type in ("lambda", "function") or (
                isinstance(mask, dict)
                and mask.get("class_name") in ("__lambda__", "function")):
            config["mask"] = _deserialize_function(
                mask, mask_type, custom_objects, unsafe_ok)
        return super().from_config(config)


# ---------------------------------------------------------------------------
# functions <-> config
# ---------------------------------------------------------------------------
def _is_lambda(fn) -> bool:
    return isinstance(fn, types.LambdaType) and fn.__name__ == "<lambda>"


def _serialize_function(fn: Callable) -> dict:
    """Keras 3's layout: `{"class_name": "__lambda__", "config": {"code",
    "defaults", "closure"}}` for a lambda, `{"class_name": "function",
    "config": name, ...}` for a named function."""
    if _is_lambda(fn):
        code = getattr(fn, "_serialized_code", None)
        if code is None:  # re-marshalling a loaded lambda changes bytes
            code = codecs.encode(marshal.dumps(fn.__code__),
                                 "base64").decode("ascii")
        closure = (tuple(c.cell_contents for c in fn.__closure__)
                   if fn.__closure__ else None)
        return {
            "class_name": "__lambda__",
            "config": {"code": code, "defaults": fn.__defaults__,
                       "closure": closure},
        }
    from cornu.saving import serialization

    if hasattr(fn, "get_config"):
        return serialization.serialize_keras_object(fn)
    name = getattr(fn, "__name__", None)
    if name is None:
        raise ValueError(
            f"Lambda: cannot serialize {fn!r}: it is neither a named "
            "function, a lambda, nor an object with `get_config`."
        )
    return {
        "module": "builtins",
        "class_name": "function",
        "config": serialization.get_registered_name(fn),
        "registered_name": "function",
    }


def _unsafe_allowed(safe_mode: bool | None) -> bool:
    if safe_mode is not None:
        return safe_mode is False
    from cornu import config

    # Keras's `in_safe_mode()`: None (default, safe), False after
    # `enable_unsafe_deserialization()`.
    in_safe_mode = getattr(config, "in_safe_mode", None)
    return in_safe_mode is not None and in_safe_mode() is False


def _refuse_bytecode() -> ValueError:
    return ValueError(
        "Requested the deserialization of a `Lambda` layer whose `function` "
        "is a Python lambda, stored as bytecode. Loading it runs that code, "
        "so it is refused by default. If you trust the source, pass "
        "`safe_mode=False` to the loading function (`from_config`, "
        "`load_model`, ...), or call "
        "`cornu.config.enable_unsafe_deserialization()`."
    )


def _deserialize_function(config: Any, function_type: str | None,
                          custom_objects: dict | None,
                          unsafe_ok: bool) -> Callable:
    if callable(config):
        return config
    if function_type == "lambda" or (
            isinstance(config, dict)
            and config.get("class_name") == "__lambda__"):
        if not unsafe_ok:
            raise _refuse_bytecode()
        if isinstance(config, dict):
            inner = config["config"]
            if "value" in inner:  # serialize_keras_object's lambda layout
                return _load_bytecode(*inner["value"])
            return _load_bytecode(inner["code"], inner.get("defaults"),
                                  inner.get("closure"))
        return _load_bytecode(*config)
    if isinstance(config, dict) and config.get("class_name") != "function":
        from cornu.saving import serialization

        return serialization.deserialize_keras_object(config, custom_objects)
    name = config["config"] if isinstance(config, dict) else config
    return _find_function(name, custom_objects, config)


def _find_function(name: str, custom_objects: dict | None,
                   full_config: Any) -> Callable:
    """A function stored by name: custom objects, registered objects, then
    cornu's built-in activations, losses and metrics (as Keras)."""
    import importlib

    from cornu.saving import serialization

    # `cornu.saving` has no public `get_registered_object` (Keras's
    # lookup of custom and registered objects), so this reads its tables.
    scoped = {**serialization._scoped_objects(), **(custom_objects or {})}
    short = name.split(">", 1)[-1]
    for key in (name, short):
        if key in scoped:
            return scoped[key]
    if name in serialization._registry:
        return serialization._registry[name]
    for module_name in _BUILTIN_FUNCTION_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        fn = getattr(module, short, None)
        if callable(fn) and not isinstance(fn, type):
            return fn
    raise TypeError(
        f"Lambda: could not locate function {name!r}. Decorate it with "
        "`@cornu.saving.register_keras_serializable()` or pass "
        f"`custom_objects={{{short!r}: {short}}}`. Full config: "
        f"{full_config}"
    )


def _load_bytecode(code: str, defaults=None, closure=None) -> Callable:
    """The inverse of `_serialize_function` for a lambda (Keras's
    `func_load`)."""
    try:
        raw = codecs.decode(code.encode("ascii"), "base64")
    except (UnicodeEncodeError, binascii.Error):
        raw = code.encode("raw_unicode_escape")
    code_obj = marshal.loads(raw)  # noqa: S302 - opt-in only, see above
    if defaults is not None:
        defaults = tuple(defaults)
    if closure is not None:
        closure = tuple(types.CellType(v) for v in closure)
    fn = types.FunctionType(code_obj, globals(), name=code_obj.co_name,
                            argdefs=defaults, closure=closure)
    fn._serialized_code = code
    return fn


def _add_batch(shape: Any, batch: int | None) -> Any:
    if isinstance(shape, (list, tuple)) and all(
            d is None or isinstance(d, int) for d in shape):
        return (batch, *shape)
    if isinstance(shape, dict):
        return {k: _add_batch(v, batch) for k, v in shape.items()}
    return [_add_batch(s, batch) for s in shape]


def _shape_lists_to_tuples(shape: Any) -> Any:
    if isinstance(shape, (list, tuple)) and all(
            d is None or isinstance(d, int) for d in shape):
        return tuple(shape)
    if isinstance(shape, dict):
        return {k: _shape_lists_to_tuples(v) for k, v in shape.items()}
    return [_shape_lists_to_tuples(s) for s in shape]
