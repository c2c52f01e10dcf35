"""Conformance of every engine primitive (`backend/common/primitives.py`).

One row per primitive (OpInfo style): argument generators and a NumPy
reference written here. Each case runs on the active engine twice, through
`cornu.backend.engine().<name>` and through `cornu.ops.<name>`, and checks
(a) the values against the reference, (b) the output dtype and shape against
the primitive's rule, and (c) that `cornu.ops.<name>` on `SymbolicTensor`s
of the same shapes and dtypes gives that shape and dtype.
"""

from __future__ import annotations

import numpy as np
import pytest

import cornu.backend
import cornu.ops as ops
from cornu.backend.common.primitives import PRIMITIVES
from tests._opcase import (
    OpCase,
    assert_close,
    assert_shapes_match,
    call_eager,
    case,
    check_oracle,
    check_symbolic,
    check_values,
    has_symbolic,
    ids,
    to_engine,
    to_numpy,
    to_symbolic,
)
from tests._oracle import import_keras
from tests._reference import (
    conv_ref,
    conv_transpose_ref,
    deconv_length,
    erf_ref,
    erfinv_ref,
    pool_ref,
)

_rng = np.random.default_rng(1234)


def f32(*shape, lo=-2.0, hi=2.0):
    return _rng.uniform(lo, hi, shape).astype(np.float32)


def i32(*shape, lo=-5, hi=6):
    return _rng.integers(lo, hi, shape).astype(np.int32)


def ints_as_f32(*shape, lo=-3, hi=4):
    return i32(*shape, lo=lo, hi=hi).astype(np.float32)


def bools(*shape):
    return _rng.random(shape) < 0.5


def arr(values, dtype="float32"):
    return np.asarray(values, dtype=dtype)


KEY = np.array([7, 42], np.uint32)
OTHER_KEY = np.array([7, 43], np.uint32)

ROWS: dict[str, list] = {}


def row(names, ref, cases, **opts):
    """Registers one row per name in `names`; `ref` may be a function of the
    name (for families) and `cases` a function of the name."""
    for name in names.split():
        r = ref(name) if isinstance(ref, _PerName) else ref
        cs = cases(name) if callable(cases) else cases
        ROWS[name] = [
            OpCase(name, c["args"], c["kwargs"], ref=c.get("ref", r),
                   id=c["id"], **{**opts, **c.get("opts", {})})
            for c in cs
        ]


class _PerName:
    """A row reference that depends on the primitive's name."""

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, name):
        return self.fn(name)


def s(*args, id, ref=None, opts=None, **kwargs):
    """One sample: the op's arguments, its id, and optionally its own `ref`
    and `OpCase` options (`opts`)."""
    out = {"args": args, "kwargs": kwargs, "id": id}
    if ref is not None:
        out["ref"] = ref
    if opts:
        out["opts"] = opts
    return out


# the reference of a family row whose names are NumPy's: np.<name>
NP_SAME_NAME = _PerName(lambda n: getattr(np, n))


# --------------------------------------------------------------------------
# elementwise
# --------------------------------------------------------------------------

_signed = arr([[-2.5, -1.0, -0.0, 0.0], [0.4, 1.5, 2.7, -3.2]])
row("abs negative sign floor ceil square trunc", NP_SAME_NAME, [
    s(_signed, id="f32"),
    s(f32(2, 3, 4) * 3, id="f32-3d"),
    s(i32(3, 4), id="i32"),
])
row("round", lambda x, decimals=0: np.round(x, decimals), [
    s(arr([0.5, 1.5, 2.5, -0.5, -1.5, 1.26, -2.74]), id="half-to-even"),
    s(arr([1.234, -0.678, 3.14159]), decimals=2, id="decimals2"),
    s(i32(3, 4), id="i32"),
])

_DOMAINS = {
    "sqrt": (0.1, 4.0), "log": (0.1, 4.0), "log1p": (-0.5, 4.0),
    "log2": (0.1, 4.0), "log10": (0.1, 4.0), "arcsin": (-0.9, 0.9),
    "arccos": (-0.9, 0.9), "arctanh": (-0.9, 0.9), "arccosh": (1.1, 4.0),
    "erfinv": (-0.9, 0.9), "tan": (-1.2, 1.2),
}
_INT_DOMAINS = {"arcsin": (-1, 2), "arccos": (-1, 2), "arctanh": (0, 1),
                "erfinv": (0, 1), "arccosh": (1, 4), "log": (1, 4),
                "log2": (1, 4), "log10": (1, 4), "sqrt": (0, 9)}
_FLOAT_REFS = {"erf": erf_ref, "erfinv": erfinv_ref}


def _float_unary_cases(name):
    lo, hi = _DOMAINS.get(name, (-2.0, 2.0))
    ilo, ihi = _INT_DOMAINS.get(name, (0, 4))
    return [
        s(f32(3, 5, lo=lo, hi=hi), id="f32"),
        s(i32(2, 3, lo=ilo, hi=ihi), id="i32-to-float32"),
    ]


row(
    "sqrt exp expm1 log log1p log2 log10 sin cos tan arcsin arccos arctan "
    "sinh cosh tanh arcsinh arccosh arctanh erf erfinv",
    _PerName(lambda n: _FLOAT_REFS.get(n, getattr(np, n, None))),
    _float_unary_cases, rtol=2e-5, atol=2e-6,
)

_special = arr([np.nan, np.inf, -np.inf, 0.0, -1.5])
row("isnan isinf isfinite", NP_SAME_NAME, [
    s(_special, id="f32"),
    s(i32(2, 3), id="i32"),
])
row("logical_not", np.logical_not, [
    s(bools(3, 4), id="bool"),
    s(arr([0.0, 1.5, -2.0, 0.0]), id="f32"),
])

# binary: broadcasting and promotion (Python scalars are weak)
_binary_cases = [
    s(f32(3, 1), f32(4), id="broadcast"),
    s(i32(3, 4), f32(4), id="i32-f32"),
    s(i32(2, 3), 2.5, id="i32-weak-float"),
    s(f32(2, 3), 3, id="f32-weak-int"),
    s(i32(2, 3), 3, id="i32-weak-int"),
    s(2, i32(2, 3), id="weak-int-i32"),
    s(i32(3, 4), i32(3, 4), id="i32"),
]
row("add subtract multiply maximum minimum", NP_SAME_NAME, _binary_cases,
    atol=1e-5)
_f16 = f32(3, 4).astype(np.float16)
_nan = arr([np.nan, 1.0, -np.inf, 2.0])
for _name in ("add", "multiply", "maximum", "minimum"):
    _ref = getattr(np, _name)
    ROWS[_name] += [
        case(_name, _f16, f32(4), ref=_ref, id="f16-f32", tol=(1e-3, 1e-3)),
        case(_name, _f16, 1.5, ref=_ref, id="f16-weak-float",
             tol=(1e-3, 1e-3)),
        case(_name, bools(3, 1), bools(4), ref=_ref, id="bool"),
        case(_name, _nan, arr([0.0, np.nan, 1.0, 2.0]), ref=_ref,
             id="nan-inf"),
    ]
ROWS["add"].append(case(
    "add", _rng.integers(0, 200, (4,)).astype(np.uint8),
    _rng.integers(-100, 100, (4,)).astype(np.int8), id="u8-i8-to-i16",
    ref=lambda a, b: a.astype(np.int16) + b.astype(np.int16)))


def _nonzero_i32(*shape):
    return (_rng.integers(1, 4, shape) * _rng.choice([-1, 1], shape)).astype(
        np.int32)


row("floor_divide mod", NP_SAME_NAME, [
    s(i32(3, 4, lo=-7, hi=8), _nonzero_i32(3, 4), id="i32-negative"),
    s(f32(3, 4, lo=-5, hi=5), _nonzero_i32(4).astype(np.float32),
      id="f32-broadcast"),
    s(i32(2, 3, lo=-7, hi=8), 3, id="i32-weak-int"),
    s(i32(2, 3, lo=-7, hi=8), 2.5, id="i32-weak-float"),
], atol=1e-5)
row("power", np.power, [
    s(f32(3, 4, lo=0.5, hi=2.0), f32(3, 4), id="f32"),
    s(i32(3, 4, lo=-3, hi=4), i32(3, 4, lo=0, hi=4), id="i32"),
    s(f32(2, 3), 2, id="f32-weak-int"),
    s(2.0, f32(2, 3), id="weak-float-f32"),
    s(i32(2, 3, lo=0, hi=9), 0.5, id="i32-weak-float"),
], atol=1e-5)
row("divide", np.true_divide, [
    s(f32(3, 1), f32(4, lo=0.5, hi=2.0), id="broadcast"),
    s(i32(3, 4), _nonzero_i32(3, 4), id="i32-to-float32"),
    s(i32(2, 3), 2, id="i32-weak-int-to-float32"),
    s(1.0, f32(2, 3, lo=0.5, hi=2.0), id="weak-float"),
])
row("arctan2", np.arctan2, [
    s(f32(3, 1), f32(4), id="broadcast"),
    s(i32(3, 4), i32(3, 4), id="i32-to-float32"),
])
_compare_cases = [
    s(ints_as_f32(3, 1), ints_as_f32(4), id="broadcast"),
    s(i32(3, 4, lo=-2, hi=3), ints_as_f32(4, lo=-2, hi=3), id="i32-f32"),
    s(ints_as_f32(2, 3), 1, id="weak-int"),
    s(i32(2, 3, lo=0, hi=3), 1.5, id="i32-weak-float"),
]
row("equal not_equal less less_equal greater greater_equal", NP_SAME_NAME,
    _compare_cases)
row("logical_and logical_or logical_xor", NP_SAME_NAME, [
    s(bools(3, 1), bools(4), id="bool-broadcast"),
    s(arr([[0.0, 1.5], [-2.0, 0.0]]), arr([[1, 0], [1, 0]], "int32"),
      id="f32-i32"),
])
row("where", lambda c, a, b: np.where(c, a, b), [
    s(bools(3, 1), f32(3, 4), f32(4), id="broadcast"),
    s(bools(2, 3), i32(2, 3), 0.5, id="i32-weak-float"),
    s(bools(2, 3), i32(2, 3), 0, id="i32-weak-int"),
    s(i32(2, 3, lo=0, hi=2), f32(2, 3), f32(2, 3), id="int-condition"),
    s(bools(2, 3), 1.0, 0, id="weak-scalars"),
])
row("clip", lambda x, lo, hi: np.clip(x, lo, hi), [
    s(f32(3, 4), -0.5, 0.7, id="f32"),
    s(i32(3, 4), -2, 3, id="i32"),
    s(f32(3, 4), 0, 1, id="f32-int-bounds"),
    s(bools(5), 0, 1, id="bool-to-i32"),
])

# --------------------------------------------------------------------------
# reductions
# --------------------------------------------------------------------------


def _reduce_cases(x, xi):
    return [
        s(x, id="all"),
        s(x, axis=1, id="axis1"),
        s(x, axis=-1, id="axis-neg"),
        s(x, axis=(0, 2), id="axis-tuple"),
        s(x, axis=(0, 2), keepdims=True, id="axis-tuple-keepdims"),
        s(x, keepdims=True, id="all-keepdims"),
        s(xi, axis=0, id="i32"),
    ]


row("max min", NP_SAME_NAME, _reduce_cases(f32(2, 3, 4), i32(3, 4)) + [
    s(arr([[1.0, np.nan], [2.0, 3.0]]), axis=1, id="nan-propagates"),
    s(f32(3, 4).astype(np.float16), axis=0, id="f16"),
])
row("prod", np.prod, _reduce_cases(f32(2, 3, 4, lo=0.5, hi=1.5),
                                   i32(3, 4, lo=-2, hi=3)), rtol=1e-5,
    atol=1e-5)
row("sum", np.sum, _reduce_cases(f32(2, 3, 4), i32(3, 4)) + [
    s(bools(3, 4), axis=1, id="bool-to-i32"),
    s(bools(3, 4), id="bool-all"),
], atol=1e-5)
row("mean var std", NP_SAME_NAME,
    _reduce_cases(f32(2, 3, 4), i32(3, 4)), atol=1e-5)
row("any all", NP_SAME_NAME, [
    s(bools(3, 4), id="all"),
    s(bools(3, 4), axis=1, id="axis1"),
    s(bools(2, 3, 4), axis=(0, 2), keepdims=True, id="axis-tuple-keepdims"),
    s(arr([[0.0, 1.0], [0.0, 0.0]]), axis=0, id="f32"),
])
_ties = arr([[1, 3, 3, 0], [2, 2, 1, 2]])
row("argmax argmin", NP_SAME_NAME, [
    s(f32(3, 4), id="all"),
    s(f32(3, 4), axis=0, id="axis0"),
    s(f32(3, 4), axis=-1, keepdims=True, id="keepdims"),
    s(f32(3, 4), keepdims=True, id="all-keepdims"),
    s(_ties, axis=1, id="ties-first"),
    s(i32(2, 5), axis=1, id="i32"),
])
row("cumsum cumprod", NP_SAME_NAME, [
    s(f32(3, 4, lo=0.5, hi=1.5), id="flat"),
    s(f32(3, 4, lo=0.5, hi=1.5), axis=1, id="axis1"),
    s(f32(3, 4, lo=0.5, hi=1.5), axis=0, id="axis0"),
    s(i32(3, 4, lo=-2, hi=3), axis=-1, id="i32"),
    s(f32(2, 3, 2, lo=0.5, hi=1.5), axis=-2, id="axis-neg"),
    s(bools(3, 4), axis=0, id="bool-to-i32"),
], atol=1e-5)
row("sort", np.sort, [
    s(arr([[3.0, np.nan, -1.0, np.inf], [0.0, -np.inf, 2.0, 1.0]]),
      id="nan-last"),
    s(f32(3, 5), id="last"),
    s(f32(3, 5), axis=0, id="axis0"),
    s(i32(4, 3), id="i32"),
])
row("argsort", lambda x, axis=-1: np.argsort(x, axis=axis, kind="stable"), [
    s(f32(3, 5), id="last"),
    s(i32(3, 6, lo=0, hi=3), id="ties-stable"),
    s(i32(6, 3, lo=0, hi=3), axis=0, id="ties-stable-axis0"),
])


def _top_k_ref(x, k, sorted=True):
    idx = np.argsort(-x, axis=-1, kind="stable")[..., :k]
    return np.take_along_axis(x, idx, axis=-1), idx


row("top_k", _top_k_ref, [
    s(f32(3, 6), 2, id="2d"),
    s(f32(2, 3, 5), 3, id="3d"),
    s(_rng.permutation(12).reshape(2, 6).astype(np.int32), 4, id="i32"),
])

# --------------------------------------------------------------------------
# linear algebra
# --------------------------------------------------------------------------

row("matmul", np.matmul, [
    s(f32(3, 4), f32(4, 5), id="2d"),
    s(f32(2, 1, 3, 4), f32(5, 4, 2), id="batch-broadcast"),
    s(f32(4), f32(4, 5), id="vector-matrix"),
    s(f32(3, 4), f32(4), id="matrix-vector"),
    s(i32(3, 4), f32(4, 2), id="i32-f32"),
    s(i32(3, 4), i32(4, 2), id="i32"),
], atol=1e-5)
row("einsum", np.einsum, [
    s("ij,jk->ik", f32(3, 4), f32(4, 5), id="matmul"),
    s("bij,bjk->bik", f32(2, 3, 4), f32(2, 4, 5), id="batched"),
    s("...ij,...jk->...ik", f32(2, 3, 4), f32(4, 2), id="ellipsis"),
    s("ij,jk", f32(3, 4), f32(4, 5), id="implicit"),
    s("ij->j", f32(3, 4), id="reduce"),
    s("ij,ij->ij", i32(2, 3), f32(2, 3), id="i32-f32"),
], atol=1e-5)
row("tensordot", np.tensordot, [
    s(f32(2, 3, 4), f32(3, 4, 5), id="axes2"),
    s(f32(3, 4), f32(4, 5), axes=1, id="axes1"),
    s(f32(2, 3, 4), f32(4, 3, 5), axes=([1, 2], [1, 0]), id="axes-pairs"),
    s(i32(3, 4), f32(4, 2), axes=1, id="i32-f32"),
], atol=1e-5)

# --------------------------------------------------------------------------
# shapes
# --------------------------------------------------------------------------

row("reshape", np.reshape, [
    s(f32(2, 3, 4), (6, 4), id="2d"),
    s(f32(2, 3, 4), (-1,), id="flat"),
    s(f32(2, 3, 4), (4, -1), id="infer"),
    s(i32(2, 3), 6, id="int-shape"),
])
row("transpose", np.transpose, [
    s(f32(2, 3, 4), id="reverse"),
    s(f32(2, 3, 4), (1, 0, 2), id="axes"),
    s(f32(2, 3, 4), (-1, 0, 1), id="negative-axes"),
    s(i32(2, 3), id="i32"),
])
row("expand_dims", np.expand_dims, [
    s(f32(2, 3), 0, id="front"),
    s(f32(2, 3), -1, id="back"),
    s(f32(2, 3), (0, 2), id="tuple"),
    s(i32(2, 3), (0, -1), id="tuple-negative"),
])
row("squeeze", np.squeeze, [
    s(f32(1, 3, 1, 2), id="all"),
    s(f32(1, 3, 1, 2), 2, id="axis"),
    s(f32(1, 3, 1, 2), (0, 2), id="tuple"),
    s(i32(3, 1, 2), -2, id="negative"),
])
row("broadcast_to", np.broadcast_to, [
    s(f32(3, 1), (2, 3, 4), id="3d"),
    s(i32(4), (3, 4), id="i32"),
    s(arr(2.5), (2, 2), id="scalar"),
])
row("concatenate", np.concatenate, [
    s([bools(2, 2), i32(2, 1)], axis=1, id="bool-i32"),
    s([f32(2, 3), f32(4, 3)], id="axis0"),
    s([f32(2, 3), i32(2, 2)], axis=-1, id="i32-f32"),
    s([f32(1, 2), f32(1, 2), f32(1, 2)], axis=1, id="three"),
])
row("stack", np.stack, [
    s([f32(2, 3), f32(2, 3), f32(2, 3)], id="axis0"),
    s([f32(2, 3), f32(2, 3)], axis=-1, id="axis-last"),
    s([i32(2, 3), f32(2, 3)], axis=1, id="i32-f32"),
])
row("split", np.split, [
    s(f32(6, 4), 3, id="sections"),
    s(f32(6, 4), [1, 4], id="indices"),
    s(f32(6, 4), 2, axis=1, id="axis1"),
    s(i32(4, 6), [2], axis=-1, id="i32"),
])
row("tile", np.tile, [
    s(f32(2, 3), 2, id="int"),
    s(f32(2, 3), (2, 1, 2), id="longer"),
    s(i32(2, 3), (1, 3), id="i32"),
])
row("repeat", np.repeat, [
    s(f32(2, 3), 2, id="flat"),
    s(f32(2, 3), 3, axis=1, id="axis1"),
    s(f32(2, 3), [1, 2], axis=0, id="per-element"),
])


def _pad_ref(x, pad_width, mode="constant", constant_values=None):
    if mode == "constant":
        return np.pad(x, pad_width, constant_values=constant_values or 0)
    return np.pad(x, pad_width, mode=mode)


row("pad", _pad_ref, [
    s(f32(3, 4), ((1, 2), (0, 1)), id="constant"),
    s(f32(3, 4), ((1, 1), (2, 0)), constant_values=1.5, id="constant-value"),
    s(f32(3, 4), ((1, 1), (2, 2)), mode="reflect", id="reflect"),
    s(f32(3, 4), ((2, 1), (1, 2)), mode="symmetric", id="symmetric"),
    s(f32(3, 4), ((1, 2), (2, 1)), mode="edge", id="edge"),
    s(i32(2, 3, 4), ((0, 0), (1, 1), (0, 0)), id="i32-3d"),
])
row("flip", np.flip, [
    s(f32(2, 3, 4), id="all"),
    s(f32(2, 3, 4), 0, id="axis0"),
    s(f32(2, 3, 4), (0, 2), id="tuple"),
    s(i32(2, 3), -1, id="i32"),
])
row("roll", np.roll, [
    s(f32(3, 4), 2, id="flat"),
    s(f32(3, 4), -1, axis=1, id="axis"),
    s(f32(3, 4), (1, 2), axis=(0, 1), id="tuple"),
])
row("take", np.take, [
    s(f32(3, 4), arr([[0, 2], [11, 5]], "int32"), id="flat"),
    s(f32(3, 4), arr([3, 0, 3], "int32"), axis=1, id="axis1"),
    s(f32(3, 4), arr([-1, 0], "int32"), axis=0, id="negative-indices"),
    s(i32(2, 3, 4), arr([[1], [0]], "int32"), axis=-1, id="2d-indices"),
])
row("take_along_axis", np.take_along_axis, [
    s(f32(3, 4), i32(3, 2, lo=0, hi=4), axis=1, id="axis1"),
    s(f32(3, 4), i32(2, 4, lo=0, hi=3), axis=0, id="axis0"),
    s(f32(3, 4), i32(1, 2, lo=0, hi=4), axis=1, id="broadcast"),
    s(f32(3, 4), i32(5, lo=0, hi=12), axis=None, id="flat"),
])

_x345 = f32(3, 4, 5)
_getitem_keys = {
    "int": 1,
    "negative-int": -1,
    "slice": slice(1, 3),
    "step": (slice(None), slice(None, None, 2)),
    "negative-step": (slice(None, None, -1), slice(3, 0, -2)),
    "none": (None, slice(0, 2)),
    "ellipsis": (Ellipsis, 0),
    "int-ellipsis-none": (0, Ellipsis, None),
    "index-array": arr([2, 0, 2], "int32"),
    "negative-index-array": arr([-1, 0], "int32"),
    "0d-index-tensor": arr(1, "int32"),
    "slice-index-array": (slice(None), arr([3, 1], "int32")),
    "index-array-2d": arr([[0, 1], [2, 2]], "int32"),
    "bool-mask": _x345 > 0,
    "bool-mask-axis0": arr([True, False, True], "bool"),
    "mixed": (1, slice(None), None, slice(1, 4)),
}
row("getitem", lambda x, key: x[key], [
    s(_x345, key, id=name) for name, key in _getitem_keys.items()
])

row("slice", lambda x, start, shape: x[tuple(
    slice(int(a), int(a) + int(n))
    for a, n in zip(start, shape, strict=True))], [
    s(f32(4, 5), (1, 2), (2, 3), id="2d"),
    s(f32(3, 4, 5), (0, 1, 2), (3, 2, 1), id="3d"),
    s(i32(4, 5), arr([2, 0], "int32"), (2, 5), id="tensor-start"),
])


def _slice_update_ref(x, start, updates):
    x = x.copy()
    x[tuple(slice(int(a), int(a) + n)
            for a, n in zip(start, updates.shape, strict=True))] = updates
    return x


row("slice_update", _slice_update_ref, [
    s(f32(4, 5), arr([2, 1], "int32"), f32(2, 2), id="tensor-start"),
    s(f32(4, 5), (1, 2), f32(2, 3), id="2d"),
    s(i32(3, 4, 5), (1, 0, 3), i32(2, 4, 2), id="i32-3d"),
])


def _scatter_ref(indices, values, shape):
    out = np.zeros(shape, values.dtype)
    np.add.at(out, tuple(indices.T), values)
    return out


row("scatter", _scatter_ref, [
    s(arr([[0, 1], [2, 3], [0, 1]], "int32"), arr([1.0, 2.0, 3.0]), (3, 4),
      id="duplicates-add"),
    s(arr([[1], [3]], "int32"), arr([5, 7], "int32"), (5,), id="1d-i32"),
    s(arr([[2], [0]], "int32"), f32(2, 4), (3, 4), id="partial-index"),
])


def _scatter_update_ref(x, indices, updates):
    x = x.copy()
    x[tuple(indices.T)] = updates
    return x


row("scatter_update", _scatter_update_ref, [
    s(f32(3, 4), arr([[0, 1], [2, 3]], "int32"), arr([9.0, -9.0]),
      id="full-index"),
    s(i32(3, 4), arr([[2], [0]], "int32"), i32(2, 4), id="partial-index"),
])
row("tril triu", NP_SAME_NAME, [
    s(f32(4, 5), id="k0"),
    s(f32(4, 5), 1, id="k1"),
    s(f32(4, 5), -2, id="k-2"),
    s(i32(2, 3, 3), id="batched"),
])
row("cast", lambda x, dtype: x.astype(dtype), [
    s(arr([-1.7, -0.2, 0.0, 0.6, 2.9]), "int32", id="f32-to-i32"),
    s(i32(2, 3), "float32", id="i32-to-f32"),
    s(arr([0.0, 0.5, -2.0]), "bool", id="f32-to-bool"),
    s(bools(4), "float32", id="bool-to-f32"),
    s(i32(2, 3, lo=0, hi=200), "uint8", id="i32-to-u8"),
    s(f32(3), "float16", id="f32-to-f16", opts={"rtol": 1e-3}),
])

# --------------------------------------------------------------------------
# creation
# --------------------------------------------------------------------------

row("zeros ones", _PerName(lambda n: lambda shape, dtype=None: getattr(
    np, n)(shape)), [
    s((2, 3), id="floatx"),
    s((4,), dtype="int32", id="i32"),
    s((2, 3), "int32", id="positional-dtype"),
    s((), dtype="bool", id="scalar-bool"),
])
row("empty", None, [
    s((2, 3), id="floatx", opts={"out_dtype": "float32"}),
    s((4,), dtype="int32", id="i32", opts={"out_dtype": "int32"}),
])
row("full", lambda shape, fill_value, dtype=None: np.full(shape, fill_value), [
    s((2, 3), 1.5, id="floatx"),
    s((2,), 7, dtype="int32", id="i32"),
    s((3,), True, dtype="bool", id="bool"),
    s((2, 2), 4, "int32", id="positional-dtype"),
])
row("zeros_like ones_like", _PerName(lambda n: lambda x, dtype=None: getattr(
    np, n)(x)), [
    s(i32(2, 3), id="keep-dtype"),
    s(f32(2, 3), dtype="int32", id="dtype"),
])
row("full_like", lambda x, fill_value, dtype=None: np.full_like(
    x, fill_value), [
    s(f32(2, 3), 2, id="keep-dtype"),
    s(i32(2, 3), 3, dtype="float32", id="dtype"),
])
row("arange", lambda start, stop=None, step=1, dtype=None: np.arange(
    start, stop, step), [
    s(5, id="stop", opts={"out_dtype": "int32"}),
    s(1, 7, 2, id="start-stop-step", opts={"out_dtype": "int32"}),
    s(5, 0, -1, id="negative-step", opts={"out_dtype": "int32"}),
    s(0.0, 1.0, 0.25, id="float", opts={"out_dtype": "float32"}),
    s(4, dtype="float32", id="dtype", opts={"out_dtype": "float32"}),
])
row("eye", lambda N, M=None, k=0, dtype=None: np.eye(N, M, k), [
    s(3, id="square", opts={"out_dtype": "float32"}),
    s(2, 4, id="rect", opts={"out_dtype": "float32"}),
    s(3, 4, 1, id="k", opts={"out_dtype": "float32"}),
    s(3, None, -1, "int32", id="i32", opts={"out_dtype": "int32"}),
    s(2, 3, 5, id="k-beyond", opts={"out_dtype": "float32"}),
])
row("linspace", lambda start, stop, num=50, endpoint=True, dtype=None:
    np.linspace(start, stop, num, endpoint=endpoint), [
    s(0, 1, 5, id="ints", opts={"out_dtype": "float32"}),
    s(0.0, 2.0, 4, False, id="no-endpoint", opts={"out_dtype": "float32"}),
    s(2.0, 5.0, 1, id="num1", opts={"out_dtype": "float32"}),
    s(1.0, 3.0, dtype="float32", id="default-num",
      opts={"out_dtype": "float32"}),
])
row("stop_gradient", lambda x: x, [
    s(f32(2, 3), id="f32"),
    s(i32(2, 3), id="i32"),
])

# --------------------------------------------------------------------------
# convolution and pooling
# --------------------------------------------------------------------------

CL, CF = "channels_last", "channels_first"


def _conv(x, k, strides, padding, fmt, dil, id):
    return s(x, k, strides, padding, fmt, dil, id=id)


row("conv", conv_ref, [
    _conv(f32(2, 9, 3), f32(3, 3, 4), 1, "valid", CL, 1, "1d-valid"),
    _conv(f32(2, 9, 3), f32(3, 3, 4), 2, "same", CL, 1, "1d-same-s2"),
    _conv(f32(2, 9, 3), f32(3, 3, 4), 1, "valid", CL, 2, "1d-dilated"),
    _conv(f32(2, 10, 3), f32(4, 3, 2), 3, "same", CL, 1, "1d-same-even-k"),
    _conv(f32(2, 9, 3), f32(2, 3, 4), 1, "same", CL, 2, "1d-same-dilated"),
    _conv(f32(2, 9, 4), f32(3, 2, 6), 1, "same", CL, 1, "1d-groups2"),
    _conv(f32(2, 3, 9), f32(3, 3, 4), 2, "valid", CF, 1, "1d-cf"),
    _conv(f32(2, 7, 8, 3), f32(3, 2, 3, 4), (2, 1), "valid", CL, 1,
          "2d-valid-strides"),
    _conv(f32(2, 7, 8, 3), f32(3, 3, 3, 4), 2, "same", CL, 1, "2d-same-s2"),
    _conv(f32(1, 7, 8, 3), f32(3, 2, 3, 2), 1, "same", CL, (2, 1),
          "2d-same-dilated"),
    _conv(f32(1, 6, 6, 3), f32(3, 3, 1, 6), 1, "valid", CL, 1,
          "2d-depthwise"),
    _conv(f32(2, 4, 7, 6), f32(2, 3, 2, 6), (1, 2), "same", CF, 1,
          "2d-cf-groups3"),
    _conv(f32(1, 4, 5, 6, 2), f32(2, 3, 2, 2, 3), 1, "valid", CL, 1,
          "3d-valid"),
    _conv(f32(1, 4, 5, 4, 6), f32(2, 2, 3, 2, 4), (2, 1, 2), "same", CF, 1,
          "3d-cf-same-groups2"),
], rtol=1e-4, atol=1e-5)


def _deconv(y, k, strides, padding, outpad, fmt, dil, id):
    return s(y, k, strides, padding, outpad, fmt, dil, id=id)


TRANSPOSE_CASES = [
    _deconv(f32(2, 5, 4), f32(3, 3, 4), 1, "valid", None, CL, 1, "1d-valid"),
    _deconv(f32(2, 5, 4), f32(3, 3, 4), 2, "valid", None, CL, 1,
            "1d-valid-s2"),
    _deconv(f32(2, 5, 4), f32(3, 3, 4), 2, "same", None, CL, 1,
            "1d-same-s2"),
    _deconv(f32(2, 5, 4), f32(2, 3, 4), 3, "same", None, CL, 1,
            "1d-same-k-lt-s"),
    _deconv(f32(2, 5, 4), f32(3, 3, 4), 2, "valid", 1, CL, 1,
            "1d-valid-outpad"),
    _deconv(f32(2, 5, 4), f32(3, 3, 4), 2, "same", 1, CL, 1,
            "1d-same-outpad"),
    _deconv(f32(2, 5, 4), f32(3, 3, 4), 1, "valid", None, CL, 2,
            "1d-dilated"),
    _deconv(f32(2, 4, 5), f32(3, 3, 4), 2, "same", None, CF, 1, "1d-cf"),
    _deconv(f32(2, 4, 5, 3), f32(3, 3, 2, 3), 2, "same", None, CL, 1,
            "2d-same-s2"),
    _deconv(f32(2, 4, 5, 3), f32(3, 2, 2, 3), (2, 3), "valid", None, CL, 1,
            "2d-valid-strides"),
    _deconv(f32(1, 3, 4, 3), f32(4, 4, 2, 3), 2, "same", None, CF, 1,
            "2d-cf-even-k"),
    _deconv(f32(1, 3, 4, 2), f32(3, 3, 2, 2), 2, "same", (1, 0), CL, 1,
            "2d-same-outpad"),
    _deconv(f32(1, 3, 2, 3, 2), f32(2, 2, 3, 3, 2), 2, "valid", None, CL, 1,
            "3d-valid-s2"),
    _deconv(f32(1, 2, 3, 2, 3), f32(3, 2, 2, 2, 2), (1, 2, 2), "same", None,
            CF, 1, "3d-cf-same"),
]
row("conv_transpose", conv_transpose_ref, TRANSPOSE_CASES, rtol=1e-4,
    atol=1e-5)


def _pool_cases(kind):
    return [
        s(f32(2, 7, 3), 2, None, "valid", CL, id="1d-valid"),
        s(f32(2, 7, 3), 3, 2, "same", CL, id="1d-same"),
        s(f32(2, 3, 8), 2, 3, "same", CF, id="1d-cf-same"),
        s(f32(2, 5, 6, 3), (2, 2), (1, 2), "valid", CL, id="2d-valid"),
        s(f32(2, 5, 6, 3), 3, 2, "same", CL, id="2d-same"),
        s(f32(1, 2, 5, 7), (2, 3), None, "same", CF, id="2d-cf-same"),
        s(f32(1, 4, 5, 3, 2), 2, None, "same", CL, id="3d-same"),
        s(f32(1, 2, 4, 5, 3), (2, 2, 1), (1, 2, 1), "valid", CF,
          id="3d-cf-valid"),
        s(f32(1, 3, 2), 4, None, "same", CL, id="window-beyond-input"),
        s(f32(1, 5, 5, 2), 3, 1, "same", CL, id="same-stride1"),
    ]


row("max_pool", lambda *a: pool_ref(*a, kind="max"), _pool_cases("max"))
row("avg_pool", lambda *a: pool_ref(*a, kind="avg"), _pool_cases("avg"),
    rtol=1e-5, atol=1e-6)

# --------------------------------------------------------------------------
# random: properties instead of values
# --------------------------------------------------------------------------


def _check_uniform(lo, hi, n_sigma=6):
    def check(out, shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
        assert out.shape == tuple(shape)
        assert out.min() >= lo and out.max() < hi
        if out.size >= 10000:
            tol = n_sigma * (hi - lo) / np.sqrt(12 * out.size)
            assert abs(out.mean() - (lo + hi) / 2) < tol
            assert abs(out.std() - (hi - lo) / np.sqrt(12)) < 0.02 * (hi - lo)
    return check


def _check_normal(mean, std, truncated=False):
    def check(out, *args, **kwargs):
        assert np.isfinite(out).all()
        spread = std * (0.8796 if truncated else 1.0)
        tol = 6 * spread / np.sqrt(out.size)
        assert abs(out.mean() - mean) < tol, out.mean()
        assert abs(out.std() - spread) < 0.03 * spread, out.std()
        if truncated:
            assert np.abs(out - mean).max() <= 2 * std + 1e-5
    return check


def _check_randint(lo, hi):
    def check(out, *args, **kwargs):
        assert out.min() >= lo and out.max() < hi
        assert set(np.unique(out).tolist()) == set(range(lo, hi))
        assert abs(out.mean() - (lo + hi - 1) / 2) < 0.1
    return check


_LOG_P = np.log(arr([[0.2, 0.3, 0.5], [1e-9, 1e-9, 1.0]]))


def _check_categorical(out, logits, num_samples, dtype="int32", seed=None):
    assert out.shape == (2, num_samples)
    freq = np.bincount(out[0], minlength=3) / num_samples
    np.testing.assert_allclose(freq, [0.2, 0.3, 0.5], atol=0.03)
    assert (out[1] == 2).all()


def _check_shuffle(out, x, axis=0, seed=None):
    moved, orig = np.moveaxis(out, axis, 0), np.moveaxis(x, axis, 0)
    # the slices along `axis` are the same set, each slice intact
    assert sorted(r.tobytes() for r in moved) == sorted(
        r.tobytes() for r in orig)
    assert not np.array_equal(out, x)


_shuffle_x = np.arange(40, dtype=np.float32).reshape(10, 4)
row("random_uniform", None, [
    s((20000,), 2.0, 4.0, seed=KEY, id="large",
      opts={"check": _check_uniform(2.0, 4.0)}),
    s((3, 4), dtype="float32", seed=KEY, id="default-range",
      opts={"check": _check_uniform(0.0, 1.0)}),
    s((2, 5), -1.0, 1.0, "float16", KEY, id="positional-float16",
      opts={"check": _check_uniform(-1.0, 1.0)}),
    s((100,), seed=KEY.astype(np.int32), id="int32-key",
      opts={"check": _check_uniform(0.0, 1.0)}),
])
row("random_normal", None, [
    s((20000,), 1.0, 2.0, seed=KEY, id="large",
      opts={"check": _check_normal(1.0, 2.0)}),
    s((4, 5), dtype="float32", seed=KEY, id="shape",
      opts={"check": lambda out, *a, **k: np.isfinite(out).all()}),
])
row("random_truncated_normal", None, [
    s((20000,), 0.5, 2.0, seed=KEY, id="large",
      opts={"check": _check_normal(0.5, 2.0, truncated=True)}),
    s((3, 4), seed=KEY, id="default", opts={
        "check": lambda out, *a, **k: np.abs(out).max() <= 2.0 + 1e-6}),
])
row("random_randint", None, [
    s((20000,), -3, 5, seed=KEY, id="large",
      opts={"check": _check_randint(-3, 5)}),
    s((3, 4), 0, 2, dtype="int32", seed=KEY, id="binary",
      opts={"check": lambda out, *a, **k: set(np.unique(out)) <= {0, 1}}),
])
row("random_categorical", None, [
    s(_LOG_P, 5000, seed=KEY, id="frequencies",
      opts={"check": _check_categorical}),
])
row("random_shuffle", None, [
    s(_shuffle_x, seed=KEY, id="axis0", opts={"check": _check_shuffle}),
    s(_shuffle_x.T.copy(), axis=1, seed=KEY, id="axis1",
      opts={"check": _check_shuffle}),
])

# --------------------------------------------------------------------------
# control flow
# --------------------------------------------------------------------------

_A, _B = f32(3), f32(3)


def _branch(value):
    return lambda: (ops.multiply(value, 2.0), {"k": ops.sum(value)})


def _cond_ref(pred, true_fn, false_fn):
    v = _A if pred else _B
    return (v * 2.0, {"k": v.sum()})


row("cond", _cond_ref, [
    s(arr(True, "bool"), _branch(_A), _branch(_B), id="true"),
    s(arr(False, "bool"), _branch(_A), _branch(_B), id="false"),
    s(True, _branch(_A), _branch(_B), id="python-bool",
      opts={"symbolic": False}),
], atol=1e-5)


def _counter(i, x):
    return ops.add(i, 1), ops.multiply(x, 2.0)


def _nested_body(i, d):
    return ops.add(i, 1), {"a": ops.add(d["a"], 1.0),
                           "b": ops.multiply(d["b"], 2)}


_X3, _D = f32(3), {"a": f32(2), "b": i32(2)}


def _is_list(out, *args, **kwargs):
    assert isinstance(out, list), type(out)


row("while_loop", None, [
    s(lambda i, x: ops.less(i, 5), _counter, (arr(0, "int32"), _X3),
      id="tuple", ref=lambda c, b, lv: (5, _X3 * 32)),
    s(lambda i, x: ops.less(i, 5), _counter, (arr(0, "int32"), _X3),
      maximum_iterations=3, id="maximum-iterations",
      ref=lambda c, b, lv, maximum_iterations: (3, _X3 * 8)),
    s(lambda i, x: ops.less(i, 5), _counter, [arr(0, "int32"), _X3],
      id="list", ref=lambda c, b, lv: [5, _X3 * 32],
      opts={"check": _is_list}),
    s(lambda i, d: ops.less(i, 3), _nested_body, (arr(0, "int32"), _D),
      id="nested", ref=lambda c, b, lv: (
          3, {"a": _D["a"] + 3.0, "b": _D["b"] * 8})),
    s(lambda i, x: ops.less(i, 0), _counter, (arr(0, "int32"), _X3),
      id="no-iteration", ref=lambda c, b, lv: (0, _X3)),
    s(lambda i, x: ops.less(i, 5), _counter, (arr(0, "int32"), _X3),
      maximum_iterations=0, id="zero-iterations",
      ref=lambda c, b, lv, maximum_iterations: (0, _X3)),
])


def _scan_ref(f_np, init, xs, length=None, reverse=False):
    if xs is None:
        n = length
    elif isinstance(xs, dict):
        n = len(next(iter(xs.values())))
    else:
        n = len(xs)
    order = range(n - 1, -1, -1) if reverse else range(n)
    carry, ys = init, {}
    for i in order:
        x = None if xs is None else (
            {k: v[i] for k, v in xs.items()} if isinstance(xs, dict)
            else xs[i])
        carry, y = f_np(carry, x)
        ys[i] = y
    stacked = [ys[i] for i in range(n)]
    if isinstance(stacked[0], dict):
        return carry, {k: np.stack([y[k] for y in stacked])
                       for k in stacked[0]}
    return carry, np.stack(stacked)


def _cumulate(c, x):
    return ops.add(c, x), ops.multiply(c, 2.0)


def _cumulate_np(c, x):
    return c + x, c * 2.0


def _nested_step(c, x):
    return ((ops.add(c[0], x["u"]), ops.add(c[1], x["v"])),
            {"c": c[0], "s": ops.sum(x["u"])})


def _nested_step_np(c, x):
    return (c[0] + x["u"], c[1] + x["v"]), {"c": c[0], "s": x["u"].sum()}


def _double(c, x):
    return ops.multiply(c, 2.0), c


_XS, _INIT = f32(5, 3), f32(3)
_NXS = {"u": f32(4, 2), "v": i32(4)}
_NINIT = (f32(2), arr(0, "int32"))
row("scan", None, [
    s(_cumulate, _INIT, _XS, id="basic",
      ref=lambda f, init, xs: _scan_ref(_cumulate_np, init, xs)),
    s(_cumulate, _INIT, _XS, reverse=True, id="reverse",
      ref=lambda f, init, xs, reverse: _scan_ref(
          _cumulate_np, init, xs, reverse=True)),
    s(_nested_step, _NINIT, _NXS, id="nested",
      ref=lambda f, init, xs: _scan_ref(_nested_step_np, init, xs)),
    s(_nested_step, _NINIT, _NXS, reverse=True, id="nested-reverse",
      ref=lambda f, init, xs, reverse: _scan_ref(
          _nested_step_np, init, xs, reverse=True)),
    s(_double, _INIT, None, length=4, id="length",
      ref=lambda f, init, xs, length: _scan_ref(
          lambda c, x: (c * 2.0, c), init, None, length=4)),
    s(_cumulate, _INIT, _XS, unroll=2, id="unroll",
      ref=lambda f, init, xs, unroll: _scan_ref(_cumulate_np, init, xs)),
], atol=1e-5)

# --------------------------------------------------------------------------
# the tests
# --------------------------------------------------------------------------

EAGER_ONLY = ("arange", "eye", "linspace")
CASES = [c for name in PRIMITIVES for c in ROWS.get(name, [])]
SYMBOLIC_CASES = [c for c in CASES if c.symbolic and has_symbolic(
    (to_symbolic(c.args), to_symbolic(c.kwargs)))]


def test_every_primitive_has_a_row():
    missing = sorted(set(PRIMITIVES) - set(ROWS))
    extra = sorted(set(ROWS) - set(PRIMITIVES))
    assert not missing, f"primitives without a conformance row: {missing}"
    assert not extra, f"rows for names that are not primitives: {extra}"
    assert all(ROWS[name] for name in PRIMITIVES)


def test_the_engine_implements_every_primitive():
    eng = cornu.backend.engine()
    missing = [n for n in PRIMITIVES if not callable(getattr(eng, n, None))]
    assert not missing, f"{eng.name} lacks {missing}"


@pytest.mark.parametrize("via", ["engine", "ops"])
@pytest.mark.parametrize("c", CASES, ids=ids(CASES))
def test_primitive(c, via):
    fn = getattr(cornu.backend.engine() if via == "engine" else ops, c.op)
    out = call_eager(c, fn)
    check_values(c, out)
    if c.op in EAGER_ONLY:
        return
    # (b) the dtype and shape the primitive's rule gives for these inputs
    rule = PRIMITIVES[c.op].rule
    assert_shapes_match(out, rule(*to_symbolic(c.args),
                                  **to_symbolic(c.kwargs)), f"{c!r} rule")


@pytest.mark.parametrize("c", SYMBOLIC_CASES, ids=ids(SYMBOLIC_CASES))
def test_primitive_symbolic(c):
    # (c) cornu.ops on SymbolicTensors gives the eager shape and dtype
    check_symbolic(c)


def test_symbolic_calls_compute_nothing():
    x = cornu.backend.SymbolicTensor((None, 3), "float32")
    out = ops.add(ops.exp(x), 1)
    assert isinstance(out, cornu.backend.SymbolicTensor)
    assert out.shape == (None, 3) and out.dtype == "float32"
    with pytest.raises(TypeError, match="symbolic"):
        np.asarray(out)


@pytest.mark.parametrize("name", EAGER_ONLY)
def test_eager_only_primitives_refuse_symbolic(name):
    with pytest.raises(TypeError, match="symbolic tensor"):
        PRIMITIVES[name].rule(3)


@pytest.mark.parametrize("name", ["add", "sum", "conv", "getitem"])
def test_primitives_accept_numpy_arrays(name):
    # the contract: engines convert NumPy inputs themselves
    c = ROWS[name][0]
    out = getattr(cornu.backend.engine(), name)(*c.args, **c.kwargs)
    assert ops.is_tensor(out)
    assert_close(to_numpy(out), c.ref(*c.args, **c.kwargs), 1e-4, 1e-5)


# conv_transpose is the adjoint of conv ------------------------------------


def _adjoint_pairs():
    for c in TRANSPOSE_CASES:
        y, k, strides, padding, outpad, fmt, dil = c["args"]
        n = y.ndim - 2

        def tup(v, n=n):
            return (v,) * n if np.ndim(v) == 0 or v is None else v

        m = y.shape[1:-1] if fmt == CL else y.shape[2:]
        size = [deconv_length(a, st, kk, padding, op, d)
                for a, st, kk, op, d in zip(m, tup(strides), k.shape[:n],
                                            tup(outpad), tup(dil),
                                            strict=True)]
        x_shape = ((y.shape[0], *size, k.shape[-2]) if fmt == CL
                   else (y.shape[0], k.shape[-2], *size))
        yield pytest.param(c, x_shape, id=c["id"])


@pytest.mark.parametrize("c, x_shape", list(_adjoint_pairs()))
def test_conv_transpose_is_the_adjoint_of_conv(c, x_shape):
    y, k, strides, padding, outpad, fmt, dil = c["args"]
    x = f32(*x_shape)
    fwd = ops.conv(*to_engine((x, k)), strides, padding, fmt, dil)
    if tuple(ops.shape(fwd)) != y.shape:
        pytest.skip("conv does not map this size back onto y's shape")
    back = ops.conv_transpose(*to_engine((y, k)), strides, padding, outpad,
                              fmt, dil)
    assert tuple(ops.shape(back)) == x_shape
    lhs = float(np.sum(to_numpy(fwd).astype(np.float64) * y))
    rhs = float(np.sum(x.astype(np.float64) * to_numpy(back)))
    assert lhs == pytest.approx(rhs, rel=1e-4, abs=1e-4)


# Keras 3 as oracle for the convolution family ---------------------------

_KERAS_NAMES = {"avg_pool": "average_pool"}
ORACLE_CASES = [c for name in ("conv", "conv_transpose", "max_pool",
                               "avg_pool") for c in ROWS[name]]


@pytest.mark.oracle
@pytest.mark.parametrize("c", ORACLE_CASES, ids=ids(ORACLE_CASES))
def test_conv_family_matches_keras(c):
    keras = import_keras()
    if (keras.backend.backend() == "torch" and c.op == "avg_pool"
            and c.args[3] == "same"):
        pytest.skip("Keras's torch backend places 'same' average-pooling "
                    "padding unlike TensorFlow, the reference here")
    if c.op in ("max_pool", "avg_pool") and c.args[2] is None:
        # Keras's NumPy backend mishandles strides=None (pool_size is the
        # same thing, spelled out)
        c = OpCase(c.op, (*c.args[:2], c.args[1], *c.args[3:]), c.kwargs,
                   c.ref, c.id, c.rtol, c.atol)
    check_oracle(c, keras_name=_KERAS_NAMES.get(c.op, c.op))


# random ---------------------------------------------------------------------

RANDOM_CALLS = {
    "random_uniform": lambda seed: ops.random_uniform((64,), seed=seed),
    "random_normal": lambda seed: ops.random_normal((64,), seed=seed),
    "random_truncated_normal": lambda seed: ops.random_truncated_normal(
        (64,), seed=seed),
    "random_randint": lambda seed: ops.random_randint((64,), 0, 1000,
                                                      seed=seed),
    "random_categorical": lambda seed: ops.random_categorical(
        np.zeros((2, 50), np.float32), 64, seed=seed),
    "random_shuffle": lambda seed: ops.random_shuffle(
        np.arange(64, dtype=np.float32), seed=seed),
}


def test_random_calls_cover_every_random_primitive():
    assert set(RANDOM_CALLS) == {n for n in PRIMITIVES
                                 if n.startswith("random_")}


@pytest.mark.parametrize("name", sorted(RANDOM_CALLS))
def test_random_same_key_same_values(name):
    draw = RANDOM_CALLS[name]
    first = to_numpy(draw(ops.convert_to_tensor(KEY)))
    np.testing.assert_array_equal(to_numpy(draw(ops.convert_to_tensor(KEY))),
                                  first)
    # a NumPy key works too and means the same key
    np.testing.assert_array_equal(to_numpy(draw(KEY.copy())), first)
    other = to_numpy(draw(ops.convert_to_tensor(OTHER_KEY)))
    assert not np.array_equal(other, first)


@pytest.mark.parametrize("dtype", ["float16", "float32"])
@pytest.mark.parametrize("name", ["random_uniform", "random_normal",
                                  "random_truncated_normal"])
def test_random_float_dtypes(name, dtype):
    out = getattr(ops, name)((3, 2), dtype=dtype, seed=KEY)
    assert ops.dtype(out) == dtype and tuple(ops.shape(out)) == (3, 2)
