"""`Functional`: a model defined by a graph of layer calls on `Input`s.

The graph is found by walking back from the outputs through each symbolic
tensor's history; nodes are then replayed in order of decreasing depth, as
Keras orders them, so `layers`, `weights` and `summary()` list things in the
order Keras does.
"""

from __future__ import annotations

from collections import defaultdict

from cornu import tree
from cornu.backend import engine
from cornu.backend.common.call_context import state as _ctx
from cornu.backend.common.call_context import training as _context_training
from cornu.backend.common.primitives import shape_of
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.call_signature import _signature
from cornu.layers.core.input_layer import InputLayer
from cornu.layers.input_spec import check_input_spec
from cornu.layers.layer import Layer, _mutations
from cornu.layers.masks import _mask_state
from cornu.models.model import Model

_E = engine()
_is_tensor = _E.is_tensor
# On the NumPy engine `Layer.__call__` casts inputs of another dtype.
_ALWAYS_CONVERT = _E.name == "numpy"
# The engine's cache of compiled direct calls, if it has one (jax).
_call_cache = getattr(_E, "make_call_cache", None)


def attach_call_cache(model) -> None:
    """Gives `model` the engine's cache of compiled calls, if any."""
    if _call_cache is not None:
        object.__setattr__(model, "_call_cache",
                           _call_cache(model, _mutations))


def map_graph(inputs, outputs):
    """Returns `(nodes_by_depth, layers)` for the graph between the flat
    lists of symbolic `inputs` and `outputs`."""
    input_ids = {id(t) for t in inputs}
    finished, in_progress = set(), set()
    ordered_nodes = []
    layer_indices: dict = {}

    def visit(tensor):
        history = tensor._history
        if history is None:
            raise ValueError(
                f"Output tensor {tensor} was not produced by a layer call on "
                "an `Input`. Every model output must be computed from the "
                "model inputs by calling layers."
            )
        layer, node_index, _ = history
        node = layer._inbound_nodes[node_index]
        if id(node) in finished:
            return
        if id(node) in in_progress:
            raise ValueError(
                f"The graph has a cycle through layer {layer.name!r}."
            )
        layer_indices.setdefault(layer, len(layer_indices))
        in_progress.add(id(node))
        if not node.is_input and id(tensor) not in input_ids:
            for t in node.input_tensors:
                visit(t)
        finished.add(id(node))
        in_progress.discard(id(node))
        ordered_nodes.append(node)

    for t in outputs:
        visit(t)

    node_depth: dict = {}
    layer_depth: dict = {}
    for node in reversed(ordered_nodes):
        depth = max(node_depth.setdefault(node, 0),
                    layer_depth.get(node.layer, 0))
        layer_depth[node.layer] = depth
        node_depth[node] = depth
        for parent in node.parent_nodes:
            node_depth[parent] = max(depth + 1, node_depth.get(parent, 0))
    for t in inputs:
        layer = t._history[0]
        if layer not in layer_depth:
            layer_depth[layer] = 0
            layer_indices[layer] = -1
            node_depth[layer._inbound_nodes[0]] = 0

    nodes_by_depth = defaultdict(list)
    for node, depth in node_depth.items():
        nodes_by_depth[depth].append(node)
    layers_by_depth = defaultdict(list)
    for layer, depth in layer_depth.items():
        layers_by_depth[depth].append(layer)
    layers = []
    for depth in sorted(layers_by_depth, reverse=True):
        group = layers_by_depth[depth]
        group.sort(key=lambda x: layer_indices[x])
        layers.extend(group)

    # Every tensor a node consumes must be computable from the inputs.
    available = set(input_ids)
    order = []
    for depth in sorted(nodes_by_depth, reverse=True):
        for node in nodes_by_depth[depth]:
            if node.is_input:
                if id(node.outputs[0]) not in input_ids:
                    raise ValueError(
                        "Graph disconnected: cannot obtain value for tensor "
                        f"{node.outputs[0]} at layer {node.layer.name!r}. "
                        "Pass it in the model's `inputs`."
                    )
                continue
            if all(id(t) in input_ids for t in node.outputs):
                continue
            for t in node.input_tensors:
                if id(t) not in available:
                    raise ValueError(
                        "Graph disconnected: cannot obtain value for tensor "
                        f"{t} needed by layer {node.layer.name!r}. The "
                        "following inputs were given: "
                        f"{[i.name for i in inputs]}."
                    )
            available.update(id(t) for t in node.outputs)
            order.append(node)
    return order, layers


def _match_rank(x, got, want):
    """`x` with a trailing axis of size 1 added or removed so that its rank
    is `want`'s, or None when that does not apply."""
    if isinstance(x, SymbolicTensor):
        return None
    from cornu import ops

    if len(got) == len(want) - 1 and want[-1] == 1:
        return ops.expand_dims(x, -1)
    if len(got) == len(want) + 1 and got[-1] == 1:
        return ops.squeeze(x, -1)
    return None


class _Step:
    """A node prepared for replay: where its tensors come from."""

    __slots__ = ("node", "layer", "single", "args", "kwargs", "out_ids",
                 "in_ids", "mask", "computes_mask", "direct", "training",
                 "in_id", "out_id")

    def __init__(self, node):
        self.node = node
        self.layer = node.layer
        args, kwargs = node.arguments
        self.args, self.kwargs = args, kwargs
        self.in_ids = [id(t) for t in node.input_tensors]
        self.out_ids = [id(t) for t in node.outputs]
        self.single = (
            len(args) == 1 and isinstance(args[0], SymbolicTensor)
            and not any(isinstance(v, SymbolicTensor)
                        for v in tree.flatten(kwargs))
        )
        cls = type(node.layer)
        sig = _signature(cls)
        self.mask = sig.mask
        self.computes_mask = cls.compute_mask is not Layer.compute_mask
        self.training = sig.training
        # Whether replay may run `layer.call` itself (see `_replay_direct`):
        # one tensor in, one out, no recorded keyword, no mask logic, and
        # the class keeps `Layer`'s call machinery.
        self.direct = (
            self.single and not kwargs and len(self.out_ids) == 1
            and not self.computes_mask
            and cls.__call__ is Layer.__call__
            and cls._call_with_context is Layer._call_with_context
        )
        self.in_id = self.in_ids[0] if self.in_ids else None
        self.out_id = self.out_ids[0]


def _substitute(structure, values):
    def sub(x):
        if isinstance(x, SymbolicTensor):
            return values[id(x)]
        return x

    return tree.map_structure(sub, structure)


class Functional(Model):
    """A model built from `inputs` and `outputs` symbolic tensors.

    Args:
        inputs: an `Input` tensor, or a list or dict of them.
        outputs: a tensor computed from the inputs, or a list or dict.
        name: the model's name.
        trainable: whether the model's weights are trainable.

    Example:
    >>> a = cornu.Input(shape=(32,))
    >>> b = cornu.layers.Dense(32)(a)
    >>> model = cornu.Model(inputs=a, outputs=b)
    """

    # How Keras 3 names this class in configs (`to_json`, `.keras` files).
    _keras_module = "keras.src.models.functional"
    _registered_name = "Functional"

    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        self._tracking = False
        self._inputs_struct = _normalize_io(inputs, "inputs")
        self._outputs_struct = _normalize_io(outputs, "outputs")
        self._flat_inputs = tree.flatten(self._inputs_struct)
        self._flat_outputs = tree.flatten(self._outputs_struct)
        for t in self._flat_inputs:
            if t._history is None or not isinstance(t._history[0],
                                                    InputLayer):
                raise ValueError(
                    "All `inputs` of a Functional model must come from "
                    f"`Input()`. Received: {t}."
                )
        order, layers = map_graph(self._flat_inputs, self._flat_outputs)
        self._steps = [_Step(node) for node in order]
        # Every node qualifies for the direct replay (single tensor input).
        self._direct = len(self._flat_inputs) == 1 and all(
            step.direct for step in self._steps)
        self._graph_layers = layers
        self._layers = list(layers)
        for layer in layers:
            self._engine_track_layer(layer.name, layer)
        self._tracking = True
        self.built = True
        self._input_names = [t._history[0].name for t in self._flat_inputs]
        self._input_id = id(self._flat_inputs[0]) if self._flat_inputs else (
            None)
        self._single_output = isinstance(self._outputs_struct, SymbolicTensor)
        self._output_id = id(self._flat_outputs[0])
        attach_call_cache(self)
        # Per input, the (axis, size) pairs its shape fixes, batch axis
        # excluded as Keras does: what each call checks.
        self._fixed = [
            tuple((a, d) for a, d in enumerate(t.shape)
                  if d is not None and a > 0)
            for t in self._flat_inputs
        ]

    @property
    def layers(self) -> list:
        """The graph's layers in Keras's order. Ops recorded on symbolic
        tensors (`OpLayer`s) are left out, as Keras leaves out operations."""
        from cornu.layers.core.op_layer import OpLayer

        return [layer for layer in self._graph_layers
                if not isinstance(layer, OpLayer)]

    @property
    def inputs(self) -> list:
        return list(self._flat_inputs)

    @property
    def outputs(self) -> list:
        return list(self._flat_outputs)

    @property
    def input(self):
        return self._inputs_struct

    @property
    def output(self):
        return self._outputs_struct

    @property
    def input_shape(self):
        return tree.map_structure(lambda t: t.shape, self._inputs_struct)

    @property
    def output_shape(self):
        return tree.map_structure(lambda t: t.shape, self._outputs_struct)

    def _flatten_call_inputs(self, inputs):
        struct = self._inputs_struct
        if isinstance(struct, dict):
            if not isinstance(inputs, dict):
                raise ValueError(
                    f"Model {self.name!r} expects a dict of inputs with keys "
                    f"{sorted(struct)}. Received: {type(inputs).__name__}."
                )
            missing = set(struct) - set(inputs)
            if missing:
                raise ValueError(
                    f"Model {self.name!r} is missing inputs "
                    f"{sorted(missing)}; it expects keys {sorted(struct)}."
                )
            return [inputs[k] for k in sorted(struct)]
        if isinstance(inputs, dict):
            try:
                return [inputs[n] for n in self._input_names]
            except KeyError as err:
                raise ValueError(
                    f"Model {self.name!r} expects inputs named "
                    f"{self._input_names}. Received keys {sorted(inputs)}."
                ) from err
        flat = tree.flatten(inputs) if isinstance(
            inputs, (list, tuple)) else [inputs]
        if len(flat) != len(self._flat_inputs):
            raise ValueError(
                f"Model {self.name!r} expects {len(self._flat_inputs)} "
                f"input(s), but it received {len(flat)} input tensors."
            )
        return flat

    def _check_shapes(self, flat):
        """Checks each input against its `Input`'s shape; an input that
        misses (or has an extra) trailing axis of size 1 is adjusted, as
        Keras does (a vector fed to `Input((1,))`). Returns the inputs."""
        for i, (sym, x) in enumerate(zip(self._flat_inputs, flat)):
            got = shape_of(x)
            want = sym.shape
            if len(got) != len(want):
                x = _match_rank(x, got, want)
                if x is not None:
                    flat = [*flat[:i], x, *flat[i + 1:]]
                    got = shape_of(x)
            if len(got) != len(want) or not _fits(got, self._fixed[i]):
                raise ValueError(
                    f"Input {i} of layer {self.name!r} is incompatible with "
                    f"the layer: expected shape={want}, found shape={got}."
                )
        return flat

    def call(self, inputs, training=None, mask=None):
        if (self._direct and mask is None and _ctx.active
                and not _mask_state.in_use and _is_tensor(inputs)):
            return self._replay_direct(inputs)
        flat = self._flatten_call_inputs(inputs)
        flat = self._check_shapes(flat)
        values = {id(t): x for t, x in zip(self._flat_inputs, flat)}
        masks = {}
        if mask is not None:
            flat_masks = tree.flatten(mask) if isinstance(
                mask, (list, tuple, dict)) else [mask]
            for t, m in zip(self._flat_inputs, flat_masks):
                if m is not None:
                    masks[id(t)] = m
        if training is None:
            training = _context_training()
        for step in self._steps:
            layer = step.layer
            in_mask = None
            if masks:
                in_masks = [masks.get(i) for i in step.in_ids]
                if any(m is not None for m in in_masks):
                    in_mask = in_masks[0] if len(in_masks) == 1 else in_masks
            if step.single:
                x = values[id(step.args[0])]
                kwargs = step.kwargs
                if training is not None and "training" in kwargs:
                    # The caller's mode wins over the one recorded in the
                    # node (Keras saves `training=True` for augmentation).
                    kwargs = {**kwargs, "training": training}
                if in_mask is not None and step.mask:
                    kwargs = {**kwargs, "mask": in_mask}
                out = layer(x, **kwargs)
                args0 = x
            else:
                args = _substitute(step.args, values)
                kwargs = _substitute(step.kwargs, values)
                if training is not None and "training" in kwargs:
                    kwargs["training"] = training
                if in_mask is not None and step.mask and "mask" not in kwargs:
                    kwargs["mask"] = in_mask
                out = layer(*args, **kwargs)
                args0 = args[0] if args else None
            flat_out = [out] if len(step.out_ids) == 1 else tree.flatten(out)
            for oid, value in zip(step.out_ids, flat_out):
                values[oid] = value
            if in_mask is not None or step.computes_mask:
                out_mask = layer.compute_mask(args0, in_mask)
                if out_mask is not None:
                    out_masks = out_mask if isinstance(
                        out_mask, (list, tuple)) else [out_mask] * len(
                            step.out_ids)
                    for oid, m in zip(step.out_ids, out_masks):
                        if m is not None:
                            masks[oid] = m
        outputs = [values[id(t)] for t in self._flat_outputs]
        return tree.pack_sequence_as(self._outputs_struct, outputs)

    def _replay_direct(self, x):
        """`call` for one eager tensor through a graph of single-input
        nodes, inside an outer layer call, with no masks anywhere: each
        node runs `layer.call` after the checks `Layer.__call__` would make
        (input spec, cleared losses, `training` from the call context), so
        the numbers and side effects are those of the general path. A node
        whose layer is unbuilt, has an activity regularizer or receives a
        non-tensor takes `layer(x)` as usual."""
        (x,) = self._check_shapes([x])
        values = {self._input_id: x}
        training = _ctx.training
        for step in self._steps:
            layer = step.layer
            x = values[step.in_id]
            if (layer.built and layer.activity_regularizer is None
                    and _is_tensor(x) and not (
                        _ALWAYS_CONVERT and x.dtype != layer._compute_dtype)):
                spec = layer.input_spec
                if spec is not None:
                    check_input_spec(layer, spec, x)
                if layer._losses:
                    layer._losses.clear()
                if step.training and training is not None:
                    out = layer.call(x, training=training)
                else:
                    out = layer.call(x)
            else:
                out = layer(x)
            values[step.out_id] = out
        if self._single_output:
            return values[self._output_id]
        outputs = [values[id(t)] for t in self._flat_outputs]
        return tree.pack_sequence_as(self._outputs_struct, outputs)

    def compute_output_spec(self, *args, **kwargs):
        inputs = args[0] if args else kwargs["inputs"]
        return self.call(inputs)

    def get_config(self) -> dict:
        from cornu.models.functional_config import functional_config

        return functional_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from cornu.models.functional_config import functional_from_config

        return functional_from_config(cls, config, custom_objects)


def _fits(shape, fixed) -> bool:
    """Whether `shape` has the size of each `(axis, size)` in `fixed`."""
    for axis, size in fixed:
        if shape[axis] != size:
            return False
    return True


def _normalize_io(x, what):
    if isinstance(x, SymbolicTensor):
        return x
    if isinstance(x, dict):
        for v in x.values():
            _check_symbolic(v, what)
        return dict(x)
    if isinstance(x, (list, tuple)):
        for v in tree.flatten(x):
            _check_symbolic(v, what)
        return list(x)
    _check_symbolic(x, what)
    return x


def _check_symbolic(x, what):
    if not isinstance(x, SymbolicTensor):
        raise TypeError(
            f"Functional model `{what}` must be symbolic tensors (from "
            f"`Input()` and layer calls). Received: {type(x).__name__}."
        )
