"""`ObjectFamily`: the `get`/`serialize`/`deserialize` trio that
`cornu.initializers`, `cornu.regularizers` and `cornu.constraints` share.

Each family module keeps its own public functions (and their docstrings)
and delegates the lookup rules here, so the three behave identically: names
resolve to classes instantiated with their defaults, Keras 3 config dicts
(and tf.keras 2's `{"class_name", "config"}`) resolve through the family's
classes, then through registered and custom objects, and anything else is a
`ValueError` that lists the valid names.
"""

from __future__ import annotations

import inspect
from typing import Any


class ObjectFamily:
    """Lookup rules for one family of serializable objects.

    Args:
        kind: the singular noun used in errors (`"constraint"`).
        objects: name -> class (or function) for the family's built-ins,
            lowercase aliases included.
        base_name: the lowercase name of the base class, left out of the
            names that errors list.
    """

    def __init__(self, kind: str, objects: dict, base_name: str):
        self.kind = kind
        self.objects = objects
        self.base_name = base_name

    def unknown(self, identifier: Any) -> ValueError:
        names = sorted(n for n in self.objects
                       if n.islower() and n != self.base_name)
        return ValueError(
            f"Could not interpret {self.kind} identifier: {identifier!r}. "
            "Expected None, a callable, a config dict or a name: "
            f"{', '.join(names)} (or a class name such as "
            f"{self.objects[names[0]].__name__!r})."
        )

    def serialize(self, obj: Any) -> dict | None:
        if obj is None:
            return None
        from cornu.saving import serialization

        if inspect.isfunction(obj):
            return {
                "module": obj.__module__,
                "class_name": "function",
                "config": obj.__name__,
                "registered_name": serialization.get_registered_name(obj),
            }
        return serialization.serialize_keras_object(obj)

    def deserialize(self, config: str | dict,
                    custom_objects: dict | None = None) -> Any:
        custom = custom_objects or {}
        if isinstance(config, str):
            found = custom.get(config) or self.objects.get(config)
            if found is None:
                raise self.unknown(config)
            return found() if inspect.isclass(found) else found
        if not isinstance(config, dict) or "class_name" not in config:
            raise self.unknown(config)
        name = config["class_name"]
        if (name in self.objects and name not in custom
                and config.get("registered_name") is None):
            return self.objects[name].from_config(config.get("config") or {})
        from cornu.saving import serialization

        try:
            return serialization.deserialize_keras_object(config, custom)
        except TypeError as err:
            raise self.unknown(config) from err

    def get(self, identifier: Any) -> Any:
        if identifier is None:
            return None
        if isinstance(identifier, dict):
            obj = self.deserialize(identifier)
        elif isinstance(identifier, str):
            obj = self.objects.get(identifier)
        else:
            obj = identifier
        if callable(obj):
            return obj() if inspect.isclass(obj) else obj
        raise self.unknown(identifier)
