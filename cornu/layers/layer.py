"""`Layer`: the building block every layer and model derives from.

`__init__` stores configuration, `build(input_shape)` creates weights with
`add_weight`, `call(inputs, training=None, mask=None)` computes, and
`get_config` returns what `__init__` needs. `__call__` does the rest, once for
every layer: converts inputs, builds on first call, checks `input_spec`,
routes `training` and `mask`, handles symbolic inputs (recording a graph
node), and tracks sublayers and variables set as attributes.

After the first call, the per-call work of `__call__` is a handful of type
checks (see `tests/layers/test_layer.py::test_call_overhead_is_constant`).
"""

from __future__ import annotations

import inspect
from typing import Any

from numpy import ndarray as _ndarray

from cornu import tree
from cornu.backend import engine
from cornu.backend.common import call_context, dtypes
from cornu.backend.common.primitives import shape_of
from cornu.backend.common.scopes import current_stateless_scope
from cornu.backend.common.symbolic import SymbolicTensor, has_symbolic
from cornu.backend.common.variables import VariableBase
from cornu.layers.call_signature import _signature, _signatures
from cornu.layers.dtype_policy import _policy_config, _standardize_policy
from cornu.layers.input_spec import InputSpec, check_input_spec
from cornu.layers.masks import _mask_of, _mask_state, _set_mask
from cornu.layers.naming import reset_names, to_snake_case, unique_name
from cornu.layers.node import Node
from cornu.layers.tracking import TrackedDict, TrackedList

_E = engine()
# On the NumPy engine a NumPy array *is* an engine tensor; float64 arrays
# still get cast to the compute dtype, as on the other engines.
_ALWAYS_CONVERT = _E.name == "numpy"

# ---------------------------------------------------------------------------
# call context: `training` flows from the outermost call to nested layers
# ---------------------------------------------------------------------------
_ctx = call_context.state
_context_training = call_context.training


_NESTED = (list, tuple, dict)
# How many times a layer attribute was set or deleted, in any layer: a
# cached compiled call (`_call_cache`) re-checks its model when it moves.
_mutations = [0]
# Keys the base `get_config` writes itself.
_BASE_CONFIG_KEYS = frozenset({
    "name", "trainable", "dtype", "activity_regularizer",
    "batch_input_shape", "input_shape", "batch_size", "input_dim",
})

_BASE_KWARGS = (
    "input_shape", "batch_input_shape", "batch_size", "input_dim",
    "weights", "input_length",
)


class Layer(_E.LayerBase):
    """The base class of all layers.

    Args:
        activity_regularizer: a regularizer applied to the layer's output;
            its value is added to `losses`.
        trainable: whether the layer's weights are updated by training.
        dtype: the dtype of the weights and computations (default
            `floatx()`); a string or a `DTypePolicy`-style dict.
        autocast: whether floating inputs are cast to the compute dtype.
        name: the layer's name; unique names (`dense_1`, ...) are made
            from the class name when omitted.
        input_shape: (Keras 2 style, first layer of a `Sequential`) the
            shape of one sample; also `batch_input_shape`, `batch_size`,
            `input_dim`.

    Example:
    >>> class Scale(cornu.layers.Layer):
    ...     def build(self, input_shape):
    ...         self.w = self.add_weight(shape=(input_shape[-1],),
    ...                                  initializer="ones")
    ...     def call(self, x):
    ...         return x * self.w
    >>> Scale()(np.ones((2, 3))).shape
    (2, 3)
    """

    def __new__(cls, *args, **kwargs):
        obj = super().__new__(cls)
        object.__setattr__(obj, "_init_args", args)
        object.__setattr__(obj, "_init_kwargs", kwargs)
        return obj

    def __init__(self, *, activity_regularizer=None, trainable=True,
                 dtype=None, autocast=True, name=None, **kwargs):
        unknown = set(kwargs) - set(_BASE_KWARGS)
        if unknown:
            raise TypeError(
                f"{type(self).__name__}: unexpected keyword argument(s) "
                f"{sorted(unknown)}."
            )
        _E.LayerBase.__init__(self)
        self._tracking = True
        if name is None:
            name = unique_name(to_snake_case(type(self).__name__))
        elif not isinstance(name, str):
            raise TypeError(
                f"{type(self).__name__}: `name` must be a string. "
                f"Received: name={name!r}."
            )
        self.name = name
        self._trainable = bool(trainable)
        self._dtype_name = _standardize_policy(dtype)
        self._compute_dtype = self.compute_dtype
        self.autocast = autocast
        from cornu import regularizers

        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.built = False
        self.input_spec = None
        self.supports_masking = False
        self._own_trainable: list = []
        self._own_non_trainable: list = []
        self._regularized: list = []
        self._layers: list = []
        self._seed_generators: list = []
        self._losses: list = []
        self._inbound_nodes: list = []
        self._outbound_nodes: list = []
        self._build_shapes = None
        self._initial_weights = kwargs.get("weights")
        self._batch_input_shape = _batch_shape_from_kwargs(kwargs)

    # ------------------------------------------------------------------
    # attribute tracking
    # ------------------------------------------------------------------
    # An engine's cache of compiled calls, set on models where the engine
    # has one (jax: `backend/jax/call_cache.py`); None: always eager.
    _call_cache = None

    def __setattr__(self, name: str, value: Any) -> None:
        _mutations[0] += 1
        if getattr(self, "_tracking", False) and not name.startswith("__"):
            value = self._track(name, value)
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        value = self.__dict__.get(name)
        if isinstance(value, Layer) and value in self._layers:
            self._layers.remove(value)
        _mutations[0] += 1
        object.__delattr__(self, name)

    def _track(self, name, value):
        from cornu.random.seed_generator import SeedGenerator

        if isinstance(value, Layer):
            if value is not self and not any(v is value for v in self._layers):
                self._layers.append(value)
                self._engine_track_layer(name, value)
        elif isinstance(value, VariableBase):
            if not self._owns(value):
                (self._own_trainable if value.trainable
                 else self._own_non_trainable).append(value)
                self._engine_track_variable(name, value)
        elif isinstance(value, SeedGenerator):
            if value not in self._seed_generators:
                self._seed_generators.append(value)
        elif isinstance(value, list) and not isinstance(value, TrackedList):
            if not name.startswith("_"):
                value = TrackedList(value, self, name)
        elif isinstance(value, dict) and not isinstance(value, TrackedDict):
            if not name.startswith("_"):
                value = TrackedDict(value, self, name)
        elif isinstance(value, tuple):
            for i, v in enumerate(value):
                self._track(f"{name}_{i}", v)
        return value

    def _owns(self, variable) -> bool:
        return any(v is variable for v in self._own_trainable) or any(
            v is variable for v in self._own_non_trainable)

    # ------------------------------------------------------------------
    # weights
    # ------------------------------------------------------------------
    def add_weight(self, shape=None, initializer=None, dtype=None,
                   trainable=True, autocast=True, regularizer=None,
                   constraint=None, aggregation="none",
                   overwrite_with_gradient=False, name=None, **kwargs):
        """Creates a variable owned by this layer and returns it.

        Also accepts the Keras 2 order `add_weight(name, shape, ...)`.
        """
        if isinstance(shape, str) and name is None:
            # Keras 2: add_weight(name, shape, dtype, initializer, ...)
            name, shape = shape, initializer
            initializer = kwargs.pop("initializer", None)
        if "use_resource" in kwargs or "synchronization" in kwargs:
            kwargs.pop("use_resource", None)
            kwargs.pop("synchronization", None)
        if kwargs:
            raise TypeError(
                f"{self.name}.add_weight: unexpected keyword argument(s) "
                f"{sorted(kwargs)}."
            )
        from cornu import constraints, initializers, regularizers

        shape = () if shape is None else tuple(
            int(d) if d is not None else d for d in shape)
        if any(d is None for d in shape):
            raise ValueError(
                f"Layer {self.name!r}: cannot create weight {name!r} with an "
                f"unknown dimension. Received: shape={shape}."
            )
        dtype = dtypes.standardize_dtype(dtype or self.variable_dtype)
        if initializer is None:
            initializer = ("glorot_uniform" if dtypes.is_float(dtype)
                           else "zeros")
        initializer = initializers.get(initializer)
        variable = _E.Variable(
            initializer, shape=shape, dtype=dtype, trainable=trainable,
            name=name, constraint=constraints.get(constraint),
            autocast=autocast, aggregation=aggregation,
        )
        variable.path = f"{self.name}/{variable.name}"
        variable.overwrite_with_gradient = overwrite_with_gradient
        (self._own_trainable if trainable else
         self._own_non_trainable).append(variable)
        self._engine_track_variable(variable.name, variable)
        regularizer = regularizers.get(regularizer)
        if regularizer is not None:
            self._regularized.append((variable, regularizer))
        return variable

    def add_variable(self, shape, initializer, dtype=None, trainable=True,
                     autocast=True, regularizer=None, constraint=None,
                     name=None):
        return self.add_weight(shape=shape, initializer=initializer,
                               dtype=dtype, trainable=trainable,
                               autocast=autocast, regularizer=regularizer,
                               constraint=constraint, name=name)

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        value = bool(value)
        self._trainable = value
        for v in self._own_trainable:
            v.trainable = value
        for layer in self._layers:
            layer.trainable = value

    def _all_weights(self) -> list:
        out, seen = [], set()
        for v in self._own_trainable + self._own_non_trainable:
            if id(v) not in seen:
                seen.add(id(v))
                out.append(v)
        for layer in self._layers:
            for v in layer._all_weights():
                if id(v) not in seen:
                    seen.add(id(v))
                    out.append(v)
        return out

    @property
    def weights(self) -> list:
        """All weights, as Keras orders them: this layer's own (trainable at
        creation, then non-trainable), then each sublayer's."""
        return self._all_weights()

    @property
    def trainable_weights(self) -> list:
        if not self._trainable:
            return []
        return [v for v in self._all_weights() if v.trainable]

    @property
    def non_trainable_weights(self) -> list:
        if not self._trainable:
            return self._all_weights()
        return [v for v in self._all_weights() if not v.trainable]

    @property
    def trainable_variables(self) -> list:
        return self.trainable_weights

    @property
    def non_trainable_variables(self) -> list:
        return self.non_trainable_weights + [
            g.state for g in self._all_seed_generators()]

    @property
    def variables(self) -> list:
        return self.trainable_variables + self.non_trainable_variables

    def _all_seed_generators(self) -> list:
        out = list(self._seed_generators)
        for layer in self._layers:
            out.extend(g for g in layer._all_seed_generators()
                       if g not in out)
        return out

    def get_weights(self) -> list:
        """The weights as a list of NumPy arrays (order of `weights`)."""
        return [v.numpy() for v in self.weights]

    def set_weights(self, weights) -> None:
        """Sets the weights from a list of arrays (order of `weights`)."""
        own = self.weights
        if len(weights) != len(own):
            raise ValueError(
                f"Layer {self.name!r} expects {len(own)} weight arrays "
                f"(shapes {[tuple(v.shape) for v in own]}), but "
                f"{len(weights)} were given."
            )
        for v, w in zip(own, weights):
            w_shape = tuple(shape_of(w))
            if w_shape != tuple(v.shape):
                raise ValueError(
                    f"Layer {self.name!r}: weight {v.path!r} has shape "
                    f"{tuple(v.shape)}; the array given has shape {w_shape}."
                )
            v.assign(w)

    def count_params(self) -> int:
        """The number of scalars in the layer's weights."""
        if not self.built:
            raise ValueError(
                f"Layer {self.name!r} has no weights yet: it is not built. "
                "Call it on data or call `build(input_shape)` first."
            )
        total = 0
        for v in self.weights:
            n = 1
            for d in v.shape:
                n *= d
            total += n
        return total

    # ------------------------------------------------------------------
    # losses
    # ------------------------------------------------------------------
    def add_loss(self, loss) -> None:
        """Adds a scalar loss (regularization) collected in `losses`."""
        scope = current_stateless_scope()
        if scope is not None and scope.collect_losses:
            scope.losses.append(loss)
        else:
            self._losses.append(loss)

    @property
    def losses(self) -> list:
        """Losses added during the last call plus weight regularization."""
        out = list(self._losses)
        for variable, regularizer in self._regularized:
            out.append(regularizer(variable.value))
        for layer in self._layers:
            out.extend(layer.losses)
        return out

    # ------------------------------------------------------------------
    # dtype
    # ------------------------------------------------------------------
    @property
    def dtype(self) -> str:
        """The dtype of the layer's weights."""
        return "float32" if self._dtype_name.startswith("mixed_") else (
            self._dtype_name)

    @property
    def compute_dtype(self) -> str:
        if self._dtype_name.startswith("mixed_"):
            return self._dtype_name[len("mixed_"):]
        return self._dtype_name

    @property
    def variable_dtype(self) -> str:
        return self.dtype

    @property
    def dtype_policy(self) -> dict:
        return {"name": self._dtype_name}

    # ------------------------------------------------------------------
    # building
    # ------------------------------------------------------------------
    def build(self, input_shape=None) -> None:
        """Creates the layer's weights; override it. The default creates
        none."""
        self.built = True

    build._is_default_build = True

    def _maybe_build(self, args, kwargs) -> None:
        if self.built:
            return
        first = args[0] if args else next(iter(kwargs.values()), None)
        shapes = tree.map_structure(
            lambda t: None if t is None else shape_of(t), first)
        self._build_shapes = shapes
        if not getattr(type(self).build, "_is_default_build", False):
            self.build(shapes)
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def get_build_config(self):
        """`{"input_shape": ...}` once built, so a loader can rebuild the
        weights before setting them."""
        if self._build_shapes is None:
            return None
        return {"input_shape": self._build_shapes}

    def build_from_config(self, config) -> None:
        shape = config.get("input_shape")
        if shape is not None and not self.built:
            shape = _shape_lists_to_tuples(shape)
            self._build_shapes = shape
            if not getattr(type(self).build, "_is_default_build", False) or (
                    getattr(self, "_is_model", False)):
                self.build(shape)
        self.built = True

    def compute_output_shape(self, *args, **kwargs):
        """The output shape for an input shape; by default the call is
        run on symbolic tensors to find it."""
        inputs = tree.map_structure(
            lambda s: SymbolicTensor(s, self.compute_dtype), args[0])
        out = self.compute_output_spec(inputs, *args[1:], **kwargs)
        return tree.map_structure(lambda t: t.shape, out)

    def compute_output_spec(self, *args, **kwargs):
        """Symbolic outputs for symbolic inputs. Uses `compute_output_shape`
        when the class defines one, otherwise runs `call` symbolically."""
        if type(self).compute_output_shape is not Layer.compute_output_shape:
            first = args[0] if args else next(iter(kwargs.values()))
            shapes = tree.map_structure(lambda t: t.shape, first)
            out_shape = self.compute_output_shape(shapes)
            return _shapes_to_spec(out_shape, self.compute_dtype)
        return self._call_with_context(args, kwargs)

    def compute_mask(self, inputs, mask=None):
        """The output mask; by default the input mask passes through when
        `supports_masking` is set, and is dropped otherwise."""
        if not self.supports_masking:
            return None
        return mask

    # ------------------------------------------------------------------
    # calling
    # ------------------------------------------------------------------
    def call(self, *args, **kwargs):
        raise NotImplementedError(
            f"Layer {type(self).__name__} has no `call` method. Subclasses "
            "of Layer must implement `call(self, inputs, ...)`."
        )

    def __call__(self, *args, **kwargs):
        cache = self._call_cache
        if cache is not None and not _ctx.active:
            outputs = cache(args, kwargs)
            if outputs is not None:  # None: the cache does not apply
                return outputs
        if kwargs or len(args) != 1 or isinstance(args[0], _NESTED):
            if has_symbolic(args, kwargs):
                return self._symbolic_call(args, kwargs)
        elif isinstance(args[0], SymbolicTensor):
            return self._symbolic_call(args, kwargs)
        if args:
            first = args[0]
            if _ALWAYS_CONVERT:
                if getattr(first, "dtype", None) != self._compute_dtype:
                    args = (self._convert_input(first), *args[1:])
            elif not _E.is_tensor(first):
                args = (self._convert_input(first), *args[1:])
        if self.input_spec is not None:
            check_input_spec(self, self.input_spec, args[0] if args else None)
        if not self.built:
            self._maybe_build(args, kwargs)
        return self._call_with_context(args, kwargs)

    def _convert_input(self, x):
        if type(x) is _ndarray and x.dtype.kind in "fiub":
            # The common case first: one NumPy array.
            if x.dtype.kind == "f" and self.autocast:
                return _E.convert_to_tensor(x, self._compute_dtype)
            return _E.convert_to_tensor(x)
        if x is None or isinstance(x, VariableBase):
            return x
        if isinstance(x, (list, tuple, dict)):
            return tree.map_structure(self._convert_input, x)
        if _E.is_tensor(x) and not _ALWAYS_CONVERT:
            return x
        if _ALWAYS_CONVERT and getattr(x, "dtype", None) == (
                self._compute_dtype):
            return x
        if hasattr(x, "shape") and hasattr(x, "dtype"):
            name = dtypes.standardize_dtype(x.dtype)
            if self.autocast and dtypes.is_float(name):
                return _E.convert_to_tensor(x, self._compute_dtype)
            return _E.convert_to_tensor(x)
        if isinstance(x, (int, float, bool)):
            return x
        return _E.convert_to_tensor(x)

    def _call_with_context(self, args, kwargs):
        sig = _signatures.get(type(self)) or _signature(type(self))
        outer = not _ctx.active
        if sig.training:
            training = kwargs.get("training")
            if training is None:
                training = _context_training()
                if training is not None:
                    kwargs = {**kwargs, "training": training}
        else:
            training = kwargs.pop("training", None) if (
                "training" in kwargs and not sig.var_kwargs) else None
        in_mask = kwargs.get("mask")
        if in_mask is None and _mask_state.in_use and args:
            in_mask = _mask_of(args[0])
            if in_mask is not None and sig.mask:
                kwargs = {**kwargs, "mask": in_mask}
        if self._losses:
            self._losses.clear()
        if outer:
            _ctx.active = True
            _ctx.training = training
            try:
                outputs = self.call(*args, **kwargs)
            finally:
                _ctx.active = False
                _ctx.training = None
        else:
            previous = _ctx.training
            if training is not None:
                _ctx.training = training
            try:
                outputs = self.call(*args, **kwargs)
            finally:
                _ctx.training = previous
        if self.activity_regularizer is not None:
            for out in tree.flatten(outputs):
                if not isinstance(out, SymbolicTensor):
                    self.add_loss(_activity_loss(self.activity_regularizer,
                                                 out))
        if (in_mask is not None or sig.computes_mask) and args and (
                not isinstance(outputs, SymbolicTensor)):
            _set_mask(outputs, self.compute_mask(args[0], in_mask))
        return outputs

    def _symbolic_call(self, args, kwargs):
        if self.input_spec is not None and args:
            check_input_spec(self, self.input_spec, args[0])
        if not self.built:
            self._maybe_build(args, kwargs)
        outputs = self.compute_output_spec(*args, **kwargs)
        # Every output is a new tensor of this node, even when `call`
        # returned one of its inputs (an identity layer).
        outputs = tree.map_structure(_fresh_output, outputs)
        Node(self, args, kwargs, outputs)
        return outputs

    def stateless_call(self, trainable_variables, non_trainable_variables,
                       *args, return_losses=False, **kwargs):
        """Calls the layer as a pure function of the given variable values.

        Returns `(outputs, non_trainable_variables)` with the updated
        non-trainable values (for example batch-norm statistics), plus the
        losses when `return_losses=True`. Nothing on the layer changes, so
        this can run under `jax.jit`.
        """
        trainable = self.trainable_variables
        non_trainable = self.non_trainable_variables
        if len(trainable_variables) != len(trainable) or len(
                non_trainable_variables) != len(non_trainable):
            raise ValueError(
                f"{self.name}.stateless_call: expected "
                f"{len(trainable)} trainable and {len(non_trainable)} "
                "non-trainable values. Received "
                f"{len(trainable_variables)} and "
                f"{len(non_trainable_variables)}."
            )
        from cornu.backend.common.scopes import StatelessScope

        mapping = list(zip(trainable, trainable_variables)) + list(
            zip(non_trainable, non_trainable_variables))
        with StatelessScope(mapping, collect_losses=return_losses) as scope:
            outputs = self(*args, **kwargs)
            losses = list(scope.losses)
            if return_losses:
                losses.extend(
                    reg(var.value) for layer in _walk(self)
                    for var, reg in layer._regularized)
        new_values = []
        for variable, value in zip(non_trainable, non_trainable_variables):
            updated = scope.get_update(variable)
            new_values.append(value if updated is None else updated)
        if return_losses:
            return outputs, new_values, losses
        return outputs, new_values

    # ------------------------------------------------------------------
    # graph
    # ------------------------------------------------------------------
    def _single_node_attr(self, attr: str, kind: str):
        # RuntimeError, not AttributeError: on torch an AttributeError from
        # a property is swallowed by nn.Module.__getattr__.
        if not self._inbound_nodes:
            raise RuntimeError(
                f"Layer {self.name!r} has no defined {kind}: it was never "
                "called on a symbolic input (`Input`)."
            )
        if len(self._inbound_nodes) > 1:
            raise RuntimeError(
                f"Layer {self.name!r} has been called several times, so its "
                f"{kind} is ambiguous. Use `get_{kind}_at(node_index)`."
            )
        return self._get_node_attr(attr, 0)

    def _get_node_attr(self, attr, index):
        values = getattr(self._inbound_nodes[index], attr)
        return values[0] if len(values) == 1 else values

    @property
    def input(self):
        return self._single_node_attr("input_tensors", "input")

    @property
    def output(self):
        return self._single_node_attr("outputs", "output")

    def get_input_at(self, node_index):
        return self._get_node_attr("input_tensors", node_index)

    def get_output_at(self, node_index):
        return self._get_node_attr("outputs", node_index)

    @property
    def input_shape(self):
        return tree.map_structure(lambda t: t.shape, self.input)

    @property
    def output_shape(self):
        return tree.map_structure(lambda t: t.shape, self.output)

    @property
    def layers(self) -> list:
        return list(self._layers)

    # ------------------------------------------------------------------
    # configuration
    # ------------------------------------------------------------------
    def get_config(self) -> dict:
        """The arguments `__init__` needs to rebuild this layer."""
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": _policy_config(self._dtype_name),
        }
        if self._batch_input_shape is not None:
            config["batch_input_shape"] = self._batch_input_shape
        if self.activity_regularizer is not None:
            from cornu import regularizers

            config["activity_regularizer"] = regularizers.serialize(
                self.activity_regularizer)
        cls = type(self)
        if cls.get_config is Layer.get_config and not _is_builtin(cls):
            config.update(self._auto_config())
        return config

    def _auto_config(self) -> dict:
        try:
            bound = inspect.signature(type(self).__init__).bind(
                self, *self._init_args, **self._init_kwargs)
        except TypeError:
            return {}
        out = {}
        for key, value in bound.arguments.items():
            if key == "self":
                continue
            if key == "kwargs" and isinstance(value, dict):
                out.update({k: v for k, v in value.items()
                            if k not in _BASE_CONFIG_KEYS})
                continue
            if key in _BASE_CONFIG_KEYS:
                continue
            if not _is_serializable(value):
                raise NotImplementedError(
                    f"Layer {type(self).__name__} has an argument "
                    f"{key!r} of type {type(value).__name__} that cannot be "
                    "saved automatically. Override `get_config()` to return "
                    "the arguments `__init__` needs."
                )
            out[key] = value
        return out

    @classmethod
    def from_config(cls, config: dict):
        """Creates a layer from the dict `get_config` returns."""
        config = dict(config)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = _standardize_policy(config["dtype"])
        try:
            return cls(**config)
        except TypeError as err:
            raise TypeError(
                f"Error when deserializing class {cls.__name__!r} using "
                f"config={config}. Exception: {err}. If the layer has custom "
                "`__init__` arguments, override `get_config` and "
                "`from_config`."
            ) from err

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"

    def __str__(self) -> str:
        return self.__repr__()


def _activity_loss(regularizer, output):
    """The activity regularization of `output`, per sample (divided by the
    batch size, as Keras does)."""
    from cornu import ops

    loss = regularizer(output)
    shape = ops.shape(output)
    if shape and shape[0]:
        loss = ops.divide(loss, ops.cast(shape[0], ops.dtype(loss)))
    return loss


def _walk(layer):
    yield layer
    for sub in layer._layers:
        yield from _walk(sub)


def _is_builtin(cls) -> bool:
    return cls.__module__.startswith("cornu.")


def _is_serializable(value) -> bool:
    if value is None or isinstance(value, (str, int, float, bool)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_serializable(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_serializable(v)
                   for k, v in value.items())
    return False


def _batch_shape_from_kwargs(kwargs):
    if kwargs.get("batch_input_shape") is not None:
        return tuple(kwargs["batch_input_shape"])
    shape = kwargs.get("input_shape")
    if shape is None and kwargs.get("input_dim") is not None:
        shape = (kwargs["input_dim"],)
        if kwargs.get("input_length") is not None:
            shape = (kwargs["input_length"],)
    if shape is None:
        return None
    if isinstance(shape, int):
        shape = (shape,)
    return (kwargs.get("batch_size"), *tuple(shape))


def _shapes_to_spec(shape, dtype):
    if isinstance(shape, tuple) and all(
            d is None or isinstance(d, int) for d in shape):
        return SymbolicTensor(shape, dtype)
    if isinstance(shape, list) and shape and all(
            d is None or isinstance(d, int) for d in shape):
        return SymbolicTensor(tuple(shape), dtype)
    if isinstance(shape, dict):
        return {k: _shapes_to_spec(v, dtype) for k, v in shape.items()}
    return type(shape)(_shapes_to_spec(s, dtype) for s in shape)


def _fresh_output(t):
    if isinstance(t, SymbolicTensor) and t._history is not None:
        return SymbolicTensor(t.shape, t.dtype, sparse=t.sparse)
    return t


def _shape_lists_to_tuples(shape):
    if isinstance(shape, (list, tuple)) and all(
            d is None or isinstance(d, int) for d in shape):
        return tuple(shape)
    if isinstance(shape, dict):
        return {k: _shape_lists_to_tuples(v) for k, v in shape.items()}
    return [_shape_lists_to_tuples(s) for s in shape]


__all__ = ["InputSpec", "Layer", "reset_names", "to_snake_case",
           "unique_name"]
