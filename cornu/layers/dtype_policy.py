"""A layer's dtype policy: a dtype name (`"float32"`) or a mixed policy
(`"mixed_float16"`), written in Keras's `DTypePolicy` config layout."""

from __future__ import annotations

from cornu.backend.common import dtypes


def _standardize_policy(dtype) -> str:
    if dtype is None:
        from cornu import config

        return config.floatx()
    if isinstance(dtype, dict):
        if "config" in dtype:
            return str(dtype["config"]["name"])
        return str(dtype.get("name"))
    name = getattr(dtype, "name", None)
    if isinstance(name, str) and name.startswith("mixed_"):
        return name
    if isinstance(dtype, str) and dtype.startswith("mixed_"):
        return dtype
    return dtypes.standardize_dtype(dtype)


def _policy_config(name: str) -> dict:
    return {
        "module": "keras",
        "class_name": "DTypePolicy",
        "config": {"name": name},
        "registered_name": None,
    }
