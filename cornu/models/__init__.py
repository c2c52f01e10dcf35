"""`cornu.models`: Model, Sequential, Functional and model (de)serialization."""

from cornu.models.functional import Functional
from cornu.models.model import Model
from cornu.models.sequential import Sequential
from cornu.saving.saving_api import load_model, save_model

__all__ = ["Functional", "Model", "Sequential", "model_from_json",
           "model_from_yaml", "model_from_config", "clone_model",
           "load_model", "save_model"]


def model_from_config(config, custom_objects=None):
    """Builds a model from `{"class_name": ..., "config": ...}`."""
    from cornu.saving.serialization import deserialize_keras_object

    return deserialize_keras_object(config, custom_objects)


def model_from_json(json_string, custom_objects=None):
    """Builds a model from `Model.to_json()`'s string."""
    import json

    return model_from_config(json.loads(json_string), custom_objects)


def model_from_yaml(yaml_string, custom_objects=None):
    """Builds a model from `Model.to_yaml()`'s string (Keras 2 API; needs
    PyYAML). Uses `yaml.safe_load`: no code in the file runs."""
    try:
        import yaml
    except ImportError as err:
        raise ImportError(
            "model_from_yaml needs PyYAML: `pip install pyyaml`."
        ) from err
    return model_from_config(yaml.safe_load(yaml_string), custom_objects)


def clone_model(model, input_tensors=None, clone_function=None):
    """A new model with the same architecture and freshly initialized
    weights."""
    from cornu.saving.serialization import (
        deserialize_keras_object,
        serialize_keras_object,
    )

    return deserialize_keras_object(serialize_keras_object(model))
