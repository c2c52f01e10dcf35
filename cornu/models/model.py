"""`Model`: a `Layer` with the training API, and the entry point of the
three ways to build a model. `Model(inputs, outputs)` returns a
`Functional`; subclasses define `__init__` and `call`."""

from __future__ import annotations

from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.layer import Layer
from cornu.trainers.trainer import Trainer


def _is_functional_call(args, kwargs) -> bool:
    return (len(args) == 2 or (len(args) == 1 and "outputs" in kwargs)
            or ("inputs" in kwargs and "outputs" in kwargs))


class Model(Trainer, Layer):
    """Groups layers into an object with training and inference features.

    `Model(inputs, outputs)` builds a Functional model from symbolic
    tensors; subclassing `Model` and defining `call` builds a model in
    Python.

    Example:
    >>> class MLP(cornu.Model):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.hidden = cornu.layers.Dense(8, activation="relu")
    ...         self.out = cornu.layers.Dense(1)
    ...     def call(self, x):
    ...         return self.out(self.hidden(x))
    >>> MLP()(np.ones((2, 3))).shape
    (2, 1)
    """

    _is_model = True

    def __new__(cls, *args, **kwargs):
        if cls is Model and _is_functional_call(args, kwargs):
            from cornu.models.functional import Functional

            return Functional.__new__(Functional, *args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        if args or "inputs" in kwargs:
            raise TypeError(
                f"{type(self).__name__}.__init__ got positional arguments "
                f"{args!r}. A subclassed Model's `super().__init__()` takes "
                "only keyword arguments such as `name`; to build a model from "
                "tensors use `cornu.Model(inputs, outputs)`."
            )
        super().__init__(**kwargs)

    def build(self, input_shape=None) -> None:
        """Builds the model's weights by running `call` on symbolic inputs
        of `input_shape` (a shape, or a list/dict of shapes)."""
        if input_shape is None:
            raise ValueError(
                f"Model {self.name!r}: `build` needs `input_shape`, e.g. "
                "model.build(input_shape=(None, 28, 28, 1))."
            )
        inputs = _shapes_to_symbolic(input_shape, self.compute_dtype)
        try:
            self._call_with_context((inputs,), {})
        except Exception as err:
            raise ValueError(
                f"Model {self.name!r} could not be built by calling `call` on "
                f"symbolic inputs of shape {input_shape}: {err}. If `call` "
                "needs real values, call the model on data instead of "
                "calling `build`."
            ) from err
        self._build_shapes = input_shape
        self.built = True

    build._is_default_build = True

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Builds a model from its config; a Functional graph's config (with
        `layers`, `input_layers`, `output_layers`) gives a Functional model
        even through `Model.from_config`, as in Keras."""
        if cls is Model and isinstance(config, dict) and all(
                k in config for k in ("layers", "input_layers",
                                      "output_layers")):
            from cornu.models.functional import Functional

            return Functional.from_config(config,
                                          custom_objects=custom_objects)
        return super().from_config(config)

    def get_layer(self, name=None, index=None):
        """Returns a layer by `name` or by `index` in `layers`."""
        if index is not None and name is not None:
            raise ValueError(
                "get_layer: pass `name` or `index`, not both. Received: "
                f"name={name!r}, index={index!r}."
            )
        layers = self.layers
        if index is not None:
            if not -len(layers) <= index < len(layers):
                raise ValueError(
                    f"get_layer: model {self.name!r} has {len(layers)} "
                    f"layers. Received: index={index}."
                )
            return layers[index]
        if name is not None:
            for layer in layers:
                if layer.name == name:
                    return layer
            raise ValueError(
                f"No such layer: {name}. Existing layers are: "
                f"{[layer.name for layer in layers]}."
            )
        raise ValueError("get_layer: pass a layer `name` or `index`.")

    def summary(self, line_length=None, positions=None, print_fn=None,
                expand_nested=False, show_trainable=False,
                layer_range=None):
        """Prints a table of the model's layers, output shapes and
        parameter counts, in Keras's layout."""
        from cornu.models.summary import print_summary

        print_summary(self, line_length=line_length, positions=positions,
                      print_fn=print_fn, expand_nested=expand_nested,
                      show_trainable=show_trainable, layer_range=layer_range)

    def to_json(self, **kwargs) -> str:
        """The model's architecture as a JSON string (Keras layout)."""
        import json

        from cornu.saving.serialization import serialize_keras_object

        return json.dumps(serialize_keras_object(self), **kwargs)

    def to_yaml(self, **kwargs) -> str:
        """The model's architecture as YAML (the Keras 2 API; needs
        PyYAML)."""
        try:
            import yaml
        except ImportError as err:
            raise ImportError(
                "to_yaml needs PyYAML: `pip install pyyaml`."
            ) from err
        from cornu.saving.serialization import serialize_keras_object

        return yaml.dump(_jsonable(serialize_keras_object(self)), **kwargs)

    def save(self, filepath, overwrite=True, **kwargs) -> None:
        """Saves the model to a `.keras` archive (or a tf.keras `.h5`
        file); see `cornu.saving.save_model`."""
        from cornu.saving import saving_api

        saving_api.save_model(self, filepath, overwrite=overwrite, **kwargs)

    def save_weights(self, filepath, overwrite=True) -> None:
        """Saves the weights to a `.weights.h5` file in Keras 3's layout."""
        from cornu.saving import saving_api

        saving_api.save_weights(self, filepath, overwrite=overwrite)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs) -> None:
        """Loads weights from a `.weights.h5`, `.keras` or tf.keras `.h5`
        file; see `cornu.saving.load_weights`."""
        from cornu.saving import saving_api

        saving_api.load_weights(self, filepath, skip_mismatch=skip_mismatch,
                                **kwargs)


def _jsonable(x):
    import json

    return json.loads(json.dumps(x))


def _shapes_to_symbolic(shape, dtype):
    if isinstance(shape, dict):
        return {k: _shapes_to_symbolic(v, dtype) for k, v in shape.items()}
    if isinstance(shape, (list, tuple)) and shape and all(
            isinstance(s, (list, tuple)) for s in shape):
        return [_shapes_to_symbolic(s, dtype) for s in shape]
    return SymbolicTensor(tuple(shape), dtype)


__all__ = ["Model"]
