"""`OpLayer`: an op called on symbolic tensors in a Functional graph.

`x = cornu.ops.relu(inputs)` or `y = a + b` between layers records a node
of an `OpLayer` that replays the op on real values, so ops work in
Functional models as in Keras 3.
"""

from __future__ import annotations

from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.layer import Layer
from cornu.saving.serialization import register_keras_serializable


@register_keras_serializable(package="cornu")
class OpLayer(Layer):
    """Wraps the public op `cornu.ops.<op_name>` as a layer.

    Args:
        op_name: the name of the op in `cornu.ops`.
        name: the layer's name (default: the op's name, made unique).
    """

    def __init__(self, op_name, name=None, **kwargs):
        super().__init__(name=name or _unique_op_name(op_name), **kwargs)
        self.op_name = op_name
        import cornu.ops as ops

        fn = getattr(ops, op_name, None)
        if fn is None:
            raise ValueError(
                f"OpLayer: unknown op. Expected a name in `cornu.ops`. "
                f"Received: op_name={op_name!r}."
            )
        self._fn = fn
        self.built = True

    def call(self, *args, **kwargs):
        # Inside a layer call, so a symbolic call runs the op's shape rules
        # instead of recording another node.
        return self._fn(*args, **kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), "op_name": self.op_name}


# The names Keras 3 gives these ops' nodes, where they differ from the op
# name (`x[i]` is `get_item`, `x / y` is `true_divide`).
_KERAS_NODE_NAMES = {"getitem": "get_item", "divide": "true_divide",
                     "abs": "absolute"}


def _unique_op_name(op_name):
    from cornu.layers.layer import unique_name

    return unique_name(_KERAS_NODE_NAMES.get(op_name, op_name))


def record_op(op_name, args, kwargs):
    """Records `cornu.ops.<op_name>(*args, **kwargs)` as an `OpLayer` node
    and returns its symbolic outputs."""
    return OpLayer(op_name)(*args, **kwargs)


def needs_node(args, kwargs) -> bool:
    """Whether a symbolic op call happens in a Functional graph (some input
    comes from a layer) rather than inside a layer's symbolic `call`."""
    from cornu import tree

    for x in tree.flatten((args, kwargs)):
        if isinstance(x, SymbolicTensor) and x._history is not None:
            return True
    return False
