"""`OpCase` rows: one call of one op, its NumPy reference and how to check it.

Each op family's test file keeps its own table of rows (PyTorch's `OpInfo`
style); this module only runs them. A row's NumPy arrays become engine
tensors for the eager call and `SymbolicTensor`s of the same shape and dtype
for the symbolic call; everything else (Python scalars, shapes, axes,
callables) is passed as is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import cornu.ops as ops
from cornu.backend import SymbolicTensor


@dataclass
class OpCase:
    """One call of `op`.

    Args:
        op: the public name in `cornu.ops`.
        args, kwargs: the call's arguments, with tensors as NumPy arrays.
        ref: NumPy reference taking the same arguments (NumPy arrays);
            `None` means values are not compared (only shape and dtype).
        id: the case's name in the test id.
        rtol, atol: tolerances for the value comparison.
        out_dtype: the dtype every tensor output must have (beyond agreeing
            with the symbolic call).
        symbolic: whether to check the symbolic call's shape and dtype.
        oracle: whether to compare with `keras.ops.<op>`; a dict
            `{keras_backend: reason}` compares except on those Keras
            backends (a known Keras bug, stated in `reason`).
        check: extra assertions, called as `check(out, *args, **kwargs)`
            with the outputs as NumPy.
    """

    op: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    ref: Callable | None = None
    id: str = ""
    rtol: float = 1e-5
    atol: float = 1e-6
    out_dtype: str | None = None
    symbolic: bool = True
    oracle: bool | dict = True
    check: Callable | None = None

    def __repr__(self) -> str:
        return f"{self.op}-{self.id}" if self.id else self.op


def case(op, *args, id="", ref=None, **kwargs) -> OpCase:
    """Shorthand: `case("sum", x, axis=1, id="axis1", ref=np.sum)`.

    The keywords `tol=(rtol, atol)`, `out_dtype`, `symbolic`, `oracle` and
    `check` configure the row (no op takes them); the others go to the op.
    """
    opts = {k: kwargs.pop(k) for k in
            ("out_dtype", "symbolic", "oracle", "check") if k in kwargs}
    if "tol" in kwargs:
        opts["rtol"], opts["atol"] = kwargs.pop("tol")
    return OpCase(op, args, kwargs, ref=ref, id=id, **opts)


def ids(cases) -> list[str]:
    return [repr(c) for c in cases]


class Inputs:
    """Seeded NumPy inputs: `f32(2, 3)`, `i32(4, lo=0, hi=3)`, `bools(5)`."""

    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)

    def f32(self, *shape, lo=-2.0, hi=2.0):
        return self.rng.uniform(lo, hi, shape).astype(np.float32)

    def i32(self, *shape, lo=-5, hi=6):
        return self.rng.integers(lo, hi, shape).astype(np.int32)

    def bools(self, *shape):
        return self.rng.random(shape) < 0.5


# --------------------------------------------------------------------------
# converting nested arguments and outputs
# --------------------------------------------------------------------------


def map_nested(fn, x):
    if isinstance(x, tuple) and not hasattr(x, "_fields"):
        return tuple(map_nested(fn, v) for v in x)
    if isinstance(x, list):
        return [map_nested(fn, v) for v in x]
    if isinstance(x, dict):
        return {k: map_nested(fn, v) for k, v in x.items()}
    return fn(x)


def to_engine(x):
    """NumPy arrays (at any depth) become engine tensors of the same
    dtype."""
    return map_nested(
        lambda v: ops.convert_to_tensor(v) if isinstance(v, np.ndarray)
        else v, x)


def to_symbolic(x):
    """NumPy arrays (at any depth) become `SymbolicTensor`s."""
    return map_nested(
        lambda v: SymbolicTensor(v.shape, v.dtype)
        if isinstance(v, np.ndarray) else v, x)


def has_symbolic(x) -> bool:
    found = []
    map_nested(lambda v: found.append(isinstance(v, SymbolicTensor)), x)
    return any(found)


def is_tensor_leaf(x) -> bool:
    return ops.is_tensor(x) or isinstance(x, SymbolicTensor)


def to_numpy(x):
    """Engine tensors (at any depth) become NumPy arrays."""
    return map_nested(
        lambda v: np.asarray(ops.convert_to_numpy(v)) if ops.is_tensor(v)
        else v, x)


def leaves(x) -> list:
    out: list = []
    map_nested(out.append, x)
    return out


# --------------------------------------------------------------------------
# assertions
# --------------------------------------------------------------------------


def assert_close(got, want, rtol=1e-5, atol=1e-6, where=""):
    """Same structure, same shapes (no broadcasting), close values."""
    if isinstance(want, dict):
        assert isinstance(got, dict), f"{where}: expected a dict, got {got!r}"
        assert sorted(got) == sorted(want), where
        for k in want:
            assert_close(got[k], want[k], rtol, atol, f"{where}[{k!r}]")
        return
    if isinstance(want, (list, tuple)):
        assert isinstance(got, (list, tuple)), (
            f"{where}: expected a sequence, got {type(got).__name__}")
        assert len(got) == len(want), f"{where}: length {len(got)} != " \
            f"{len(want)}"
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            assert_close(g, w, rtol, atol, f"{where}[{i}]")
        return
    if want is None:
        assert got is None, f"{where}: expected None, got {got!r}"
        return
    if isinstance(want, str):
        assert got == want, f"{where}: {got!r} != {want!r}"
        return
    g, w = np.asarray(got), np.asarray(want)
    assert g.shape == w.shape, f"{where}: shape {g.shape} != {w.shape}"
    if w.dtype.kind == "b" or g.dtype.kind == "b":
        np.testing.assert_array_equal(g.astype(w.dtype), w, err_msg=where)
        return
    np.testing.assert_allclose(
        g.astype(np.float64), w.astype(np.float64), rtol=rtol, atol=atol,
        equal_nan=True, err_msg=where)


def assert_shapes_match(got, symbolic, where=""):
    """`got` (concrete outputs) has the shape and dtype of `symbolic`;
    `None` in a symbolic shape matches any size."""
    got_leaves, sym_leaves = leaves(got), leaves(symbolic)
    assert len(got_leaves) == len(sym_leaves), (
        f"{where}: {len(got_leaves)} outputs, symbolic gives "
        f"{len(sym_leaves)}")
    for i, (g, s) in enumerate(zip(got_leaves, sym_leaves, strict=True)):
        if not is_tensor_leaf(g):
            assert not isinstance(s, SymbolicTensor) and g == s, (
                f"{where}[{i}]: {g!r} != {s!r}")
            continue
        assert isinstance(s, SymbolicTensor) or ops.is_tensor(s), (
            f"{where}[{i}]: the symbolic call returned {s!r}")
        shape, sym_shape = ops.shape(g), tuple(ops.shape(s))
        assert len(shape) == len(sym_shape) and all(
            d is None or d == e
            for d, e in zip(sym_shape, shape, strict=True)), (
            f"{where}[{i}]: eager shape {shape}, symbolic {sym_shape}")
        assert ops.dtype(g) == ops.dtype(s), (
            f"{where}[{i}]: eager dtype {ops.dtype(g)}, symbolic "
            f"{ops.dtype(s)}")


def assert_dtype(got, dtype, where=""):
    for i, g in enumerate(leaves(got)):
        if is_tensor_leaf(g):
            assert ops.dtype(g) == dtype, (
                f"{where}[{i}]: dtype {ops.dtype(g)}, expected {dtype}")


# --------------------------------------------------------------------------
# running a case
# --------------------------------------------------------------------------


def call_eager(c: OpCase, fn: Callable | None = None) -> Any:
    fn = getattr(ops, c.op) if fn is None else fn
    return fn(*to_engine(c.args), **to_engine(c.kwargs))


def call_symbolic(c: OpCase, fn: Callable | None = None) -> Any:
    fn = getattr(ops, c.op) if fn is None else fn
    return fn(*to_symbolic(c.args), **to_symbolic(c.kwargs))


def check_values(c: OpCase, out) -> None:
    """Compares eager outputs with the reference and runs `check`."""
    got = to_numpy(out)
    if c.ref is not None:
        assert_close(got, c.ref(*c.args, **c.kwargs), c.rtol, c.atol, repr(c))
    if c.check is not None:
        c.check(got, *c.args, **c.kwargs)
    if c.out_dtype is not None:
        assert_dtype(out, c.out_dtype, repr(c))
    assert c.ref is not None or c.check is not None or c.out_dtype, (
        f"{c!r} checks nothing: give it a `ref`, a `check` or an "
        "`out_dtype`")


def check_symbolic(c: OpCase, fn: Callable | None = None) -> None:
    """The symbolic call's shapes and dtypes equal the eager call's."""
    eager = call_eager(c, fn)
    sym_args, sym_kwargs = to_symbolic(c.args), to_symbolic(c.kwargs)
    assert has_symbolic((sym_args, sym_kwargs)), (
        f"{c!r} has no tensor argument; mark it symbolic=False")
    sym = call_symbolic(c, fn)
    assert_shapes_match(eager, sym, repr(c))


def check_oracle(c: OpCase, fn: Callable | None = None,
                 keras_name: str | None = None) -> None:
    """Same numbers as `keras.ops.<keras_name or op>` on the same NumPy
    inputs."""
    import pytest

    from tests._oracle import import_keras, keras_call

    backend = import_keras().backend.backend()
    if isinstance(c.oracle, dict) and backend in c.oracle:
        pytest.skip(f"Keras's {backend} backend: {c.oracle[backend]}")
    want = keras_call(keras_name or c.op, *c.args, **c.kwargs)
    got = to_numpy(call_eager(c, fn))
    assert_close(got, want, rtol=max(c.rtol, 1e-5), atol=max(c.atol, 1e-5),
                 where=f"{c!r} vs keras")
