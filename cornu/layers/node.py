"""`Node`: one call of a layer on symbolic tensors, the unit a Functional
model's graph is made of."""

from __future__ import annotations

from cornu import tree
from cornu.backend.common.symbolic import SymbolicTensor


class Node:
    """Records `layer(*args, **kwargs) -> outputs` on symbolic tensors.

    Attributes:
        layer: the layer called.
        arguments: `(args, kwargs)` as given, symbolic tensors included.
        input_tensors: the symbolic tensors among the arguments, flattened.
        outputs: the symbolic outputs, flattened.
        parent_nodes: the nodes that produced `input_tensors`.
    """

    def __init__(self, layer, args=(), kwargs=None, outputs=None):
        self.layer = layer
        self.arguments = (tuple(args), dict(kwargs or {}))
        self.input_tensors = [
            t for t in tree.flatten(self.arguments)
            if isinstance(t, SymbolicTensor)
        ]
        self.output_structure = outputs
        self.outputs = [] if outputs is None else tree.flatten(outputs)
        self.parent_nodes = []
        for t in self.input_tensors:
            history = t._history
            if history is not None:
                parent = history[0]._inbound_nodes[history[1]]
                if parent not in self.parent_nodes:
                    self.parent_nodes.append(parent)
                parent.layer._outbound_nodes.append(self)
        index = len(layer._inbound_nodes)
        layer._inbound_nodes.append(self)
        for i, t in enumerate(self.outputs):
            if isinstance(t, SymbolicTensor):
                t._history = (layer, index, i)

    @property
    def is_input(self) -> bool:
        return not self.input_tensors

    def __repr__(self):
        n = len(self.input_tensors)
        return f"<Node layer={self.layer.name}, inputs={n}>"
