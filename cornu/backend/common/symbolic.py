"""`SymbolicTensor`: a shape and a dtype standing for a tensor not computed.

Calling a layer on a `SymbolicTensor` builds the layer and returns new
symbolic tensors without computing anything; each primitive computes its
output from its shape rule (`primitives.py`). `_history` records the layer,
node and output index that produced the tensor, which is how `Input` ->
layers -> `Model(inputs, outputs)` finds its graph.
"""

from __future__ import annotations

from cornu.backend.common import dtypes
from cornu.backend.common.tensor_operators import TensorOperators


class SymbolicTensor(TensorOperators):
    """A tensor known only by its `shape` (with `None` for unknown
    dimensions) and `dtype`."""

    __slots__ = ("shape", "dtype", "name", "_history", "sparse", "__weakref__")

    def __init__(self, shape, dtype="float32", name=None, sparse=False):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = dtypes.standardize_dtype(dtype)
        self.name = name
        self.sparse = sparse
        self._history = None

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __repr__(self) -> str:
        name = f", name={self.name}" if self.name else ""
        return (
            f"<SymbolicTensor shape={self.shape}, dtype={self.dtype}{name}>"
        )

    def __len__(self):
        if not self.shape or self.shape[0] is None:
            raise TypeError(
                "len() of a symbolic tensor is unknown: its first dimension "
                f"is not fixed. Received: shape={self.shape}."
            )
        return self.shape[0]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __bool__(self):
        raise TypeError(
            "A symbolic tensor has no value, so it cannot be used as a Python "
            "bool (in an `if` or `while`). Use `cornu.ops.cond` or "
            "`cornu.ops.where` inside `call`, or call the layer on real data."
        )

    def __array__(self, dtype=None, copy=None):
        raise TypeError(
            "A symbolic tensor has no value and cannot be converted to a NumPy "
            "array. It only describes the shape and dtype of a layer's output; "
            "call the model on data to get values."
        )

    def __hash__(self):
        return id(self)


def is_symbolic(x) -> bool:
    return isinstance(x, SymbolicTensor)


def has_symbolic(args, kwargs) -> bool:
    """Whether a call's arguments hold a `SymbolicTensor`, at any depth of
    lists, tuples and dicts."""
    from cornu import tree

    for group in (args, kwargs.values()):
        for a in group:
            if isinstance(a, SymbolicTensor):
                return True
            if isinstance(a, (list, tuple, dict)) and any(
                    isinstance(v, SymbolicTensor) for v in tree.flatten(a)):
                return True
    return False
