"""`Sequential`: a plain stack of layers, each with one input and one
output. Once the input shape is known (an `Input`, `input_shape=` on the
first layer, or the first call) it is a Functional graph underneath."""

from __future__ import annotations

from cornu.backend.common.primitives import shape_of
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.core.input_layer import InputLayer
from cornu.layers.layer import Layer
from cornu.models.model import Model


class Sequential(Model):
    """A linear stack of layers.

    Args:
        layers: the layers to add, in order.
        trainable: whether the model's weights are trainable.
        name: the model's name.

    Example:
    >>> model = cornu.Sequential()
    >>> model.add(cornu.layers.Dense(8, activation="relu", input_shape=(4,)))
    >>> model.add(cornu.layers.Dense(1))
    >>> model.output_shape
    (None, 1)
    """

    def __init__(self, layers=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self._stack: list = []
        self._input_layer = None
        object.__setattr__(self, "_functional", None)
        from cornu.models.functional import attach_call_cache

        attach_call_cache(self)
        for layer in layers or ():
            self.add(layer, rebuild=False)
        self._maybe_rebuild()

    # ------------------------------------------------------------------
    def add(self, layer, rebuild=True) -> None:
        """Adds a layer (or an `Input` tensor) on top of the stack."""
        if isinstance(layer, SymbolicTensor) and layer._history is not None:
            if isinstance(layer._history[0], InputLayer):
                layer = layer._history[0]
        if not isinstance(layer, Layer):
            raise TypeError(
                "Only instances of `cornu.layers.Layer` can be added to a "
                f"Sequential model. Received: {layer!r} "
                f"(of type {type(layer).__name__})."
            )
        if isinstance(layer, InputLayer):
            if self._input_layer is not None or self._stack:
                raise ValueError(
                    f"Sequential model {self.name!r}: an `Input` can only be "
                    "the first layer of the stack."
                )
            self._input_layer = layer
        else:
            if any(layer.name == other.name for other in self._stack):
                raise ValueError(
                    "All layers added to a Sequential model should have "
                    f"unique names. Name {layer.name!r} is already the name "
                    "of a layer in this model. Update the `name` argument "
                    "to pass a unique name."
                )
            self._stack.append(layer)
            self._track(layer.name, layer)
        if not rebuild:
            return
        functional = self._functional
        if functional is not None and not isinstance(layer, InputLayer):
            output = layer(functional.outputs[0])
            self._set_graph(functional.inputs[0], output)
        else:
            self._maybe_rebuild()

    def pop(self, rebuild=True):
        """Removes and returns the last layer."""
        if not self._stack:
            raise TypeError(f"Sequential model {self.name!r} has no layers "
                            "to pop.")
        layer = self._stack.pop()
        self._layers = [v for v in self._layers if v is not layer]
        if rebuild:
            self._maybe_rebuild()
        return layer

    @property
    def layers(self) -> list:
        return list(self._stack)

    # ------------------------------------------------------------------
    def _input_batch_shape(self):
        if self._input_layer is not None:
            return self._input_layer.batch_shape, self._input_layer.dtype
        if self._stack and self._stack[0]._batch_input_shape is not None:
            first = self._stack[0]
            return first._batch_input_shape, None
        return None, None

    def _maybe_rebuild(self) -> None:
        object.__setattr__(self, "_functional", None)
        self.built = False
        batch_shape, dtype = self._input_batch_shape()
        if batch_shape is None:
            return
        self._build_graph(batch_shape, dtype)

    def _build_graph(self, batch_shape, dtype=None) -> None:
        if self._input_layer is None:
            object.__setattr__(self, "_input_layer", InputLayer(
                batch_shape=batch_shape, dtype=dtype))
        x = self._input_layer.output
        for layer in self._stack:
            x = layer(x)
        self._set_graph(self._input_layer.output, x)

    def _set_graph(self, inputs, outputs) -> None:
        from cornu.models.functional import Functional

        functional = Functional(inputs=inputs, outputs=outputs,
                                name=f"{self.name}_graph")
        object.__setattr__(self, "_functional", functional)
        self._build_shapes = inputs.shape
        self.built = True

    def build(self, input_shape=None) -> None:
        """Builds the stack for inputs of `input_shape` (batch included)."""
        if input_shape is None:
            batch_shape, _ = self._input_batch_shape()
            if batch_shape is None:
                raise ValueError(
                    f"Sequential model {self.name!r} cannot be built: its "
                    "input shape is unknown. Pass `input_shape` to `build`, "
                    "add an `Input`, or call the model on data."
                )
            input_shape = batch_shape
        if self._functional is None:
            self._build_graph(tuple(input_shape))
        self.built = True

    def _maybe_build(self, args, kwargs) -> None:
        if self._functional is not None or not self._stack:
            self.built = True
            return
        shape = shape_of(args[0]) if args else None
        if shape is None:
            return
        try:
            # Keras keeps the first batch's size in the input shape; calls
            # with other batch sizes still work (the batch axis is free).
            self._build_graph(tuple(shape))
        except (ValueError, TypeError):
            # A layer that cannot run symbolically: run the stack eagerly.
            object.__setattr__(self, "_functional", None)
        self.built = True

    def call(self, inputs, training=None, mask=None):
        if self._functional is not None:
            return self._functional.call(inputs, training=training,
                                         mask=mask)
        x = inputs
        for layer in self._stack:
            x = layer(x)
        return x

    def compute_output_spec(self, *args, **kwargs):
        return self.call(args[0] if args else kwargs["inputs"])

    # ------------------------------------------------------------------
    @property
    def inputs(self) -> list:
        self._require_graph("inputs")
        return self._functional.inputs

    @property
    def outputs(self) -> list:
        self._require_graph("outputs")
        return self._functional.outputs

    @property
    def input(self):
        return self.inputs[0]

    @property
    def output(self):
        return self.outputs[0]

    @property
    def input_shape(self):
        return self.input.shape

    @property
    def output_shape(self):
        return self.output.shape

    def _require_graph(self, what):
        if self._functional is None:
            # RuntimeError, not AttributeError: on torch an AttributeError
            # from a property is swallowed by nn.Module.__getattr__.
            raise RuntimeError(
                f"Sequential model {self.name!r} has no defined {what} yet: "
                "its input shape is unknown. Add an `Input`, pass "
                "`input_shape` to the first layer, or call the model on "
                "data."
            )

    def get_config(self) -> dict:
        from cornu.saving.serialization import serialize_keras_object

        config = super().get_config()
        config.pop("batch_input_shape", None)
        layers = []
        if self._input_layer is not None and self._functional is not None:
            layers.append(serialize_keras_object(self._input_layer))
        layers.extend(serialize_keras_object(layer) for layer in self._stack)
        config["layers"] = layers
        if self._functional is not None:
            config["build_input_shape"] = self._input_layer.batch_shape
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from cornu.saving.serialization import deserialize_keras_object

        if isinstance(config, list):  # Keras 1/2 list form
            config = {"layers": config}
        config = dict(config)
        layer_configs = config.pop("layers")
        build_shape = config.pop("build_input_shape", None)
        kwargs = {k: config[k] for k in ("name", "trainable") if k in config}
        model = cls(**kwargs)
        for entry in layer_configs:
            layer = deserialize_keras_object(entry, custom_objects)
            model.add(layer, rebuild=False)
        model._maybe_rebuild()
        if not model.built and build_shape is not None:
            model.build(tuple(build_shape))
        return model
