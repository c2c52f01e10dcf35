"""Core ops: conversion, shapes and loops built on the primitives."""

from __future__ import annotations

from cornu.backend import engine
from cornu.backend.common import dtypes
from cornu.backend.common.primitives import shape_of
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.backend.common.variables import VariableBase

__all__ = [
    "convert_to_tensor", "convert_to_numpy", "is_tensor", "shape", "dtype",
    "fori_loop", "unstack", "map", "switch",
]

_E = engine()


def convert_to_tensor(x, dtype=None, sparse=None):
    """Converts `x` (array, list, scalar, Variable) to an engine tensor."""
    if isinstance(x, SymbolicTensor):
        if dtype is not None and dtypes.standardize_dtype(dtype) != x.dtype:
            from cornu.ops import cast

            return cast(x, dtype)
        return x
    if isinstance(x, VariableBase):
        x = x.value
        if dtype is None:
            return x
    return _E.convert_to_tensor(x, dtype)


def convert_to_numpy(x):
    """Converts a tensor or Variable to a NumPy array."""
    if isinstance(x, SymbolicTensor):
        x.__array__()  # raises the explanatory error
    return _E.convert_to_numpy(x)


def is_tensor(x) -> bool:
    """Whether `x` is a tensor of the current engine."""
    return _E.is_tensor(x)


def shape(x) -> tuple:
    """The shape as a tuple of ints (`None` for unknown symbolic dims)."""
    return shape_of(x)


def dtype(x) -> str:
    """The dtype of `x` as a canonical string."""
    return dtypes.standardize_dtype(x.dtype)


def fori_loop(lower, upper, body_fun, init_val):
    """`for i in range(lower, upper): val = body_fun(i, val)`."""
    from cornu.ops import while_loop

    def cond(i, val):
        return i < upper

    def body(i, val):
        return i + 1, body_fun(i, val)

    _, out = while_loop(cond, body, (lower, init_val))
    return out


def unstack(x, num=None, axis=0):
    """Splits `x` along `axis` into a list of tensors of one rank less."""
    from cornu.ops import split, squeeze

    n = shape_of(x)[axis] if num is None else num
    if n is None:
        raise ValueError(
            "unstack: the size of `axis` is unknown; pass `num`. "
            f"Received: shape={shape_of(x)}, axis={axis}."
        )
    return [squeeze(p, axis=axis) for p in split(x, n, axis=axis)]


def map(f, xs):
    """Applies `f` to each slice of `xs` along the first axis and stacks."""
    from cornu.ops import scan

    def body(carry, x):
        return carry, f(x)

    return scan(body, (), xs)[1]


def switch(index, branches, *operands):
    """Calls `branches[index](*operands)`."""
    from cornu.ops import cond

    index = int(convert_to_numpy(index)) if not isinstance(
        index, (int, SymbolicTensor)) else index
    if isinstance(index, SymbolicTensor):
        return cond(index == 0, lambda: branches[0](*operands),
                    lambda: branches[-1](*operands))
    index = max(0, min(index, len(branches) - 1))
    return branches[index](*operands)
