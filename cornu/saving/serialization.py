"""Keras's object serialization format, shared by `get_config`,
`to_json` and the `.keras` file:

    {"module": "keras.layers", "class_name": "Dense", "config": {...},
     "registered_name": None, "build_config": {"input_shape": [...]}}

Built-in classes are written with Keras's module names so files move between
cornu and Keras. Classes are found again by name among cornu's public
namespaces, the objects registered with `register_keras_serializable`, and
`custom_objects`; nothing else is imported or executed.
"""

from __future__ import annotations

import importlib
import inspect
import threading

from cornu.saving.errors import UnknownObjectError

_registry: dict[str, type] = {}
_scope = threading.local()

# Keras module name -> the cornu modules that hold its public classes.
_NAMESPACES = {
    "keras.layers": ("cornu.layers",),
    "keras.models": ("cornu.models",),
    "keras": ("cornu.models", "cornu.layers"),
    "keras.src.models.functional": ("cornu.models",),
    "keras.src.models.sequential": ("cornu.models",),
    "keras.initializers": ("cornu.initializers",),
    "keras.regularizers": ("cornu.regularizers",),
    "keras.constraints": ("cornu.constraints",),
    "keras.activations": ("cornu.activations",),
    "keras.losses": ("cornu.losses",),
    "keras.metrics": ("cornu.metrics",),
    "keras.optimizers": ("cornu.optimizers",),
    "keras.optimizers.schedules": ("cornu.optimizers.schedules",),
}
_SEARCH_ORDER = ("cornu.layers", "cornu.models", "cornu.initializers",
                 "cornu.regularizers", "cornu.constraints",
                 "cornu.activations", "cornu.losses", "cornu.metrics",
                 "cornu.optimizers")
_KERAS_MODULE = {
    "cornu.layers": "keras.layers",
    "cornu.initializers": "keras.initializers",
    "cornu.regularizers": "keras.regularizers",
    "cornu.constraints": "keras.constraints",
    "cornu.activations": "keras.activations",
    "cornu.losses": "keras.losses",
    "cornu.metrics": "keras.metrics",
    "cornu.optimizers": "keras.optimizers",
}


def register_keras_serializable(package="Custom", name=None):
    """Registers a class or function under `"package>name"` so files that
    name it can be loaded."""

    def decorator(obj):
        key = f"{package}>{name or obj.__name__}"
        _registry[key] = obj
        obj._registered_name = key
        return obj

    return decorator


register_serializable = register_keras_serializable


def get_registered_name(obj) -> str:
    return getattr(obj, "_registered_name", None) or obj.__name__


def get_custom_objects() -> dict:
    """The global dict of registered objects (`"package>name"` -> object).
    Adding `{"MyLayer": MyLayer}` to it makes `MyLayer` loadable, as
    `register_keras_serializable` does."""
    return _registry


def get_registered_object(name, custom_objects=None, module_objects=None):
    """The object registered or in scope under `name`, or None."""
    scoped = {**_scoped_objects(), **(custom_objects or {})}
    if name in scoped:
        return scoped[name]
    if name in _registry:
        return _registry[name]
    if module_objects and name in module_objects:
        return module_objects[name]
    return None


class CustomObjectScope:
    """`with CustomObjectScope({"MyLayer": MyLayer}):` makes names
    resolvable during deserialization."""

    def __init__(self, *custom_objects):
        self.objects = {}
        for mapping in custom_objects:
            self.objects.update(mapping or {})

    def __enter__(self):
        stack = getattr(_scope, "stack", None)
        if stack is None:
            stack = _scope.stack = []
        stack.append(self.objects)
        return self

    def __exit__(self, *exc):
        _scope.stack.pop()
        return False


custom_object_scope = CustomObjectScope


def _scoped_objects() -> dict:
    out = {}
    for mapping in getattr(_scope, "stack", None) or []:
        out.update(mapping)
    return out


def _module_name(obj) -> str:
    cls = obj if isinstance(obj, type) else type(obj)
    module = cls.__module__
    keras_module = cls.__dict__.get("_keras_module")
    if keras_module:
        return keras_module
    if cls.__dict__.get("_registered_name"):
        return module
    if cls.__name__ in ("Sequential", "Model"):
        return "keras"
    for cornu_module, keras_module in _KERAS_MODULE.items():
        if module.startswith(cornu_module):
            return keras_module
    return module


def serialize_keras_object(obj):
    """Returns the Keras-layout dict for `obj` (or a plain value as is)."""
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(v) for v in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if not hasattr(obj, "get_config"):
        if callable(obj) and hasattr(obj, "__name__"):
            return obj.__name__
        raise TypeError(
            f"Cannot serialize {obj!r}: it has no `get_config` method."
        )
    cls = type(obj)
    registered = cls.__dict__.get("_registered_name")
    out = {
        "module": _module_name(obj),
        "class_name": cls.__name__,
        "config": obj.get_config(),
        "registered_name": registered,
    }
    if hasattr(obj, "get_build_config"):
        build_config = obj.get_build_config()
        if build_config is not None:
            out["build_config"] = build_config
    return out


def _find_class(class_name, module, registered_name, custom_objects):
    scoped = {**_scoped_objects(), **(custom_objects or {})}
    for key in (registered_name, class_name):
        if key and key in scoped:
            return scoped[key]
    if registered_name and registered_name in _registry:
        return _registry[registered_name]
    for key, value in _registry.items():
        if key.split(">", 1)[-1] == class_name:
            return value
    candidates = _NAMESPACES.get(module, ()) + _SEARCH_ORDER
    for name in candidates:
        try:
            namespace = importlib.import_module(name)
        except ImportError:
            continue
        cls = getattr(namespace, class_name, None)
        if cls is not None:
            return cls
    return None


def deserialize_keras_object(config, custom_objects=None, safe_mode=None,
                             **kwargs):
    """Rebuilds an object from `serialize_keras_object`'s dict (or the
    Keras 2 `{"class_name", "config"}` form).

    `safe_mode=False` allows Python bytecode (Lambda layers) to load;
    `None` keeps the setting in force (safe unless
    `cornu.config.enable_unsafe_deserialization()` was called, or an outer
    loader said otherwise)."""
    from cornu import config as cornu_config

    with cornu_config.SafeModeScope(safe_mode):
        return _deserialize(config, custom_objects)


def _deserialize(config, custom_objects):
    if config is None or isinstance(config, (int, float, bool)):
        return config
    if isinstance(config, str):
        cls = _find_class(config, None, None, custom_objects)
        return cls if cls is not None else config
    if isinstance(config, list):
        return [_deserialize(c, custom_objects) for c in config]
    if not isinstance(config, dict) or "class_name" not in config:
        raise TypeError(
            f"Cannot deserialize {config!r}: expected a dict with "
            "'class_name' and 'config'."
        )
    class_name = config["class_name"]
    if class_name == "function":
        # Keras 3 writes a function as {"class_name": "function",
        # "config": name, "registered_name": name}.
        name = config.get("registered_name") or config.get("config")
        fn = get_registered_object(name, custom_objects)
        if fn is None:
            fn = _find_class(config.get("config"), config.get("module"),
                             None, custom_objects)
        if fn is None:
            raise UnknownObjectError(
                f"Could not locate function {name!r}. Register it with "
                "`@cornu.saving.register_keras_serializable()` or pass it "
                "in `custom_objects`."
            )
        return fn
    cls = _find_class(class_name, config.get("module"),
                      config.get("registered_name"), custom_objects)
    if cls is None:
        raise UnknownObjectError(
            f"Could not locate class {class_name!r}. Make sure custom "
            "classes are decorated with "
            "`@cornu.saving.register_keras_serializable()` or passed in "
            f"`custom_objects`. Full object config: {config}"
        )
    inner = config.get("config", {})
    from_config = getattr(cls, "from_config", None)
    if from_config is None:
        obj = cls(**inner)
    elif "custom_objects" in inspect.signature(from_config).parameters:
        obj = from_config(inner, custom_objects=custom_objects)
    else:
        obj = from_config(inner)
    build_config = config.get("build_config")
    if build_config and hasattr(obj, "build_from_config") and not getattr(
            obj, "built", True):
        obj.build_from_config(build_config)
    return obj
