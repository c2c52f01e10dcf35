"""THE closed list of what an engine must provide.

Every entry names a function that `cornu/backend/<engine>/` implements with
NumPy semantics (its docstring line says which), plus a pure-Python rule that
gives the output shape and dtype from input shapes and dtypes. The rules are
how `SymbolicTensor`s flow through ops: inference never allocates and gives
the same answer on every engine.

Engines receive converted arguments: tensors of their own kind (or Python
scalars where the signature allows), dtypes as canonical strings, axes as
ints or tuples, and for `conv`/pooling a resolved `data_format`.

Adding an entry needs one line in each engine and a row in
`tests/backend/test_primitives.py`; everything else is a composite in
`cornu/ops/`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# The helpers are re-exported: callers import them from here.
from cornu.backend.common.shape_rules import (  # noqa: F401
    _arg_reduce,
    _argsort,
    _axes,
    _binary,
    _bool_unary,
    _broadcast_to,
    _cast,
    _clip,
    _compare,
    _concatenate,
    _cond,
    _conv,
    _conv_out,
    _conv_transpose,
    _creation,
    _cumulative,
    _einsum,
    _expand_dims,
    _float_binary,
    _float_unary,
    _full,
    _full_like,
    _getitem,
    _is_index_array,
    _like,
    _matmul,
    _no_symbolic,
    _out,
    _pad,
    _pool,
    _prod,
    _randint,
    _random,
    _reduce_bool,
    _reduce_float,
    _reduce_same,
    _reduce_sum,
    _reduced_shape,
    _repeat,
    _reshape,
    _round,
    _same,
    _scan,
    _scatter,
    _scatter_update,
    _slice,
    _slice_length,
    _slice_update,
    _sort,
    _sorted_shape,
    _split,
    _squeeze,
    _stack,
    _take,
    _take_along_axis,
    _tensordot,
    _tile,
    _top_k,
    _transpose,
    _tri,
    _tuple,
    _where,
    _while_loop,
    accumulate_dtype,
    broadcast_shapes,
    canonical_axis,
    deconv_length,
    dtype_of,
    getitem_shape,
    reshape_shape,
    shape_of,
)


@dataclass(frozen=True)
class Primitive:
    name: str
    semantics: str
    rule: Callable
    seq: bool = False  # the first argument is a sequence of tensors


PRIMITIVES: dict[str, Primitive] = {}


def _register(names, semantics, rule, seq=False):
    for name in names.split():
        PRIMITIVES[name] = Primitive(name, semantics, rule, seq)


# --------------------------------------------------------------------------
# the list
# --------------------------------------------------------------------------

_register(
    "abs negative sign floor ceil square trunc",
    "elementwise, same dtype as the input (np.<name>)",
    _same,
)
_register("round", "np.round(x, decimals)", _round)
_register(
    "sqrt exp expm1 log log1p log2 log10 sin cos tan arcsin arccos arctan "
    "sinh cosh tanh arcsinh arccosh arctanh erf erfinv",
    "elementwise; integer inputs give floatx (np.<name>, scipy erf/erfinv)",
    _float_unary,
)
_register(
    "isnan isinf isfinite logical_not", "elementwise predicate -> bool",
    _bool_unary,
)
_register(
    "add subtract multiply floor_divide mod power maximum minimum",
    "broadcasting binary op on result_type-promoted inputs",
    _binary,
)
_register("divide arctan2", "true division / arctan2 -> float", _float_binary)
_register(
    "equal not_equal less less_equal greater greater_equal "
    "logical_and logical_or logical_xor",
    "broadcasting comparison -> bool",
    _compare,
)
_register("where", "np.where(condition, x1, x2)", _where)
_register("clip", "np.clip(x, x_min, x_max)", _clip)
_register("max min", "reduction (axis=None, keepdims=False)", _reduce_same)
_register("prod", "np.prod(x, axis, keepdims, dtype); accumulates as sum",
          _prod)
_register("sum", "np.sum; bool/int8/int16 sum to int32", _reduce_sum)
_register("mean var std", "float reduction (axis, keepdims)", _reduce_float)
_register("any all", "boolean reduction", _reduce_bool)
_register("argmax argmin", "index reduction -> int32", _arg_reduce)
_register("cumsum cumprod", "np.cumsum(x, axis)", _cumulative)
_register("sort", "np.sort(x, axis=-1)", _sort)
_register("argsort", "np.argsort(x, axis=-1) -> int32 (stable)", _argsort)
_register("top_k", "(values, indices) of the k largest along the last axis",
          _top_k)
_register("matmul", "np.matmul", _matmul)
_register("einsum", "np.einsum(subscripts, *operands)", _einsum)
_register("tensordot", "np.tensordot(x1, x2, axes)", _tensordot)
_register("reshape", "np.reshape(x, newshape)", _reshape)
_register("transpose", "np.transpose(x, axes)", _transpose)
_register("expand_dims", "np.expand_dims(x, axis)", _expand_dims)
_register("squeeze", "np.squeeze(x, axis)", _squeeze)
_register("broadcast_to", "np.broadcast_to(x, shape)", _broadcast_to)
_register("concatenate", "np.concatenate(xs, axis)", _concatenate, seq=True)
_register("stack", "np.stack(xs, axis)", _stack, seq=True)
_register("split", "np.split(x, indices_or_sections, axis) -> list", _split)
_register("tile", "np.tile(x, repeats)", _tile)
_register("repeat", "np.repeat(x, repeats, axis)", _repeat)
_register("pad", "np.pad(x, pad_width, mode, constant_values) for "
          "mode in constant/reflect/symmetric/edge", _pad)
_register("flip", "np.flip(x, axis)", _same)
_register("roll", "np.roll(x, shift, axis)", _same)
_register("take", "np.take(x, indices, axis)", _take)
_register("take_along_axis", "np.take_along_axis(x, indices, axis)",
          _take_along_axis)
_register("getitem", "x[key] with NumPy basic indexing", _getitem)
_register("slice", "x[start:start+shape] along every axis", _slice)
_register("slice_update", "x with x[start:start+updates.shape] = updates",
          _slice_update)
_register("scatter", "zeros(shape) with values added at indices (N, ndim)",
          _scatter)
_register("scatter_update", "x with x[indices] = updates", _scatter_update)
_register("tril triu", "np.tril/np.triu(x, k)", _tri)
_register("cast", "x.astype(dtype)", _cast)
_register("zeros ones empty", "np.<name>(shape, dtype)", _creation)
_register("full", "np.full(shape, fill_value, dtype)", _full)
_register("zeros_like ones_like", "np.<name>(x, dtype)", _like)
_register("full_like", "np.full_like(x, fill_value, dtype)", _full_like)
_register("arange eye linspace", "np.<name> (eager only)", _no_symbolic)
_register("stop_gradient", "identity whose gradient is zero", _same)
_register(
    "conv",
    "N-d cross-correlation; kernel (*spatial, in_channels/groups, filters)",
    _conv,
)
_register(
    "conv_transpose",
    "gradient of conv; kernel (*spatial, filters, in_channels)",
    _conv_transpose,
)
_register("max_pool avg_pool",
          "N-d pooling; 'same' averages exclude padding", _pool)
_register(
    "random_uniform random_normal random_truncated_normal",
    "random_<name>(shape, a, b, dtype, seed); seed is an int32[2] key tensor",
    _random,
)
_register("random_randint",
          "random_randint(shape, minval, maxval, dtype, seed)", _randint)
_register("random_categorical",
          "random_categorical(logits, num_samples, dtype, seed)",
          lambda logits, num_samples, dtype="int32", seed=None: _out(
              (shape_of(logits)[0], num_samples), dtype))
_register("random_shuffle", "random_shuffle(x, axis, seed)", _same)
_register("cond", "true_fn() if pred else false_fn()", _cond)
_register("while_loop", "loop_vars = body(*loop_vars) while cond(*loop_vars)",
          _while_loop)
_register("scan", "carry, ys = scan(f, init, xs, length, reverse, unroll)",
          _scan)
