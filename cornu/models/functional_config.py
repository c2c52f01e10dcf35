"""A Functional model's config in Keras 3's JSON layout, and back.

Each layer entry carries its serialized config plus `name` and
`inbound_nodes`; a node lists its call `args`/`kwargs` with every symbolic
tensor written as `{"class_name": "__keras_tensor__", "config": {"shape",
"dtype", "keras_history": [layer_name, node_index, tensor_index]}}`. Node
indices count only the nodes that belong to this model, as Keras does.
"""

from __future__ import annotations

from cornu import tree
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.core.input_layer import InputLayer


def _kept_nodes(model) -> dict:
    """`{id(node): new_index}` for the nodes of each layer in the model."""
    kept = {id(step.node) for step in model._steps}
    for t in model._flat_inputs:
        kept.add(id(t._history[0]._inbound_nodes[0]))
    reindex = {}
    for layer in model._graph_layers:
        i = 0
        for node in layer._inbound_nodes:
            if id(node) in kept:
                reindex[id(node)] = i
                i += 1
    return reindex


def functional_config(model) -> dict:
    from cornu.saving.serialization import serialize_keras_object

    reindex = _kept_nodes(model)

    def history(t):
        layer, node_index, tensor_index = t._history
        node = layer._inbound_nodes[node_index]
        return [layer.name, reindex[id(node)], tensor_index]

    def encode(x):
        if isinstance(x, SymbolicTensor):
            return {
                "class_name": "__keras_tensor__",
                "config": {
                    "shape": list(x.shape),
                    "dtype": x.dtype,
                    "keras_history": history(x),
                },
            }
        if isinstance(x, (list, tuple)):
            return [encode(v) for v in x]
        if isinstance(x, dict):
            return {k: encode(v) for k, v in x.items()}
        return serialize_keras_object(x)

    layers = []
    for layer in model._graph_layers:
        entry = serialize_keras_object(layer)
        entry["name"] = layer.name
        nodes = []
        if not isinstance(layer, InputLayer):
            for node in layer._inbound_nodes:
                if id(node) in reindex:
                    args, kwargs = node.arguments
                    nodes.append({"args": encode(list(args)),
                                  "kwargs": encode(kwargs)})
        entry["inbound_nodes"] = nodes
        layers.append(entry)

    def io(struct):
        if isinstance(struct, SymbolicTensor):
            return history(struct)
        if isinstance(struct, dict):
            return {k: history(v) for k, v in struct.items()}
        return [history(t) for t in struct]

    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layers,
        "input_layers": io(model._inputs_struct),
        "output_layers": io(model._outputs_struct),
    }


def _is_history(x) -> bool:
    return (isinstance(x, (list, tuple)) and len(x) == 3
            and isinstance(x[0], str) and isinstance(x[1], int))


def functional_from_config(cls, config, custom_objects=None):
    """Rebuilds the graph by calling each layer on the tensors its nodes
    name, in an order where every input already exists."""
    from cornu.saving.serialization import deserialize_keras_object

    created = {}
    pending = []
    for entry in config["layers"]:
        layer = deserialize_keras_object(entry, custom_objects)
        name = entry.get("name", layer.name)
        created[name] = layer
        pending.append((layer, list(entry.get("inbound_nodes", []))))
    outputs_of: dict = {}

    def add_outputs(layer_name, outputs):
        outputs_of.setdefault(layer_name, []).append(tree.flatten(outputs))

    for name, layer in created.items():
        if isinstance(layer, InputLayer):
            add_outputs(name, layer.output)

    def lookup(hist):
        name, node_index, tensor_index = hist[0], hist[1], hist[2]
        nodes = outputs_of.get(name, [])
        if node_index >= len(nodes):
            raise LookupError(name)
        return nodes[node_index][tensor_index]

    def decode(x):
        if isinstance(x, dict) and x.get("class_name") == "__keras_tensor__":
            return lookup(x["config"]["keras_history"])
        if isinstance(x, dict):
            return {k: decode(v) for k, v in x.items()}
        if isinstance(x, list):
            if _is_history(x) and len(x) in (3, 4):
                return lookup(x)
            return [decode(v) for v in x]
        return x

    progress = True
    while progress and any(nodes for _, nodes in pending):
        progress = False
        for layer, nodes in pending:
            while nodes:
                node = nodes[0]
                try:
                    if isinstance(node, dict):
                        args = decode(node.get("args", []))
                        kwargs = decode(node.get("kwargs", {}))
                    else:  # Keras 2: [[name, node, tensor, kwargs], ...]
                        args = [[lookup(h) for h in node]]
                        if len(args[0]) == 1:
                            args = [args[0][0]]
                        kwargs = node[0][3] if len(node[0]) > 3 else {}
                except LookupError:
                    break
                add_outputs(layer.name, layer(*args, **kwargs))
                nodes.pop(0)
                progress = True
    stuck = [layer.name for layer, nodes in pending if nodes]
    if stuck:
        raise ValueError(
            f"Cannot rebuild the Functional model: the inputs of layers "
            f"{stuck} are never produced. The config is inconsistent."
        )

    def io(spec):
        if isinstance(spec, dict):
            return {k: lookup(v) for k, v in spec.items()}
        if _is_history(spec):
            return lookup(spec)
        return [lookup(v) for v in spec]

    inputs = io(config["input_layers"])
    outputs = io(config["output_layers"])
    return cls(inputs=inputs, outputs=outputs, name=config.get("name"),
               trainable=config.get("trainable", True))
