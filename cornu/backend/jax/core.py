"""The jax engine's tensors, conversions, `Variable` and control flow."""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from cornu import config, tree
from cornu.backend.common import dtypes
from cornu.backend.common.layer_base import LayerBase  # noqa: F401
from cornu.backend.common.variables import VariableBase

name = "jax"
trainable = True


@functools.cache
def _jax_dtype(dtype):
    return jax.dtypes.canonicalize_dtype(
        jnp.dtype(dtypes.standardize_dtype(dtype))
    )


def jax_dtype(dtype):
    """The jax dtype for any dtype spelling (`None` is `floatx()`).

    64-bit types become their 32-bit versions unless jax x64 is enabled.
    """
    return _jax_dtype(config.floatx() if dtype is None else dtype)


@functools.cache
def dtype_name(dtype) -> str:
    """The canonical name of an array's dtype (cached: `np.dtype.name` is
    slow)."""
    return dtypes.standardize_dtype(dtype)


def is_tensor(x) -> bool:
    """Whether `x` is a jax array (tracers included)."""
    return isinstance(x, jax.Array)


def _has_array(x) -> bool:
    if isinstance(x, (list, tuple)):
        return any(_has_array(v) for v in x)
    return isinstance(x, jax.Array)


def _python_dtype(x):
    """The default dtype name of a Python scalar or (nested) list."""
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, int):
        return "int32"
    if isinstance(x, float):
        return config.floatx()
    kind = np.asarray(x).dtype.kind
    if kind == "b":
        return "bool"
    if kind in "iu":
        return "int32"
    if kind == "f":
        return config.floatx()
    return dtypes.standardize_dtype(np.asarray(x).dtype)


def convert_to_tensor(x, dtype=None):
    """A jax array from a tensor, Variable, NumPy array, list or scalar."""
    if isinstance(x, VariableBase):
        x = x.value
    if dtype is not None:
        dtype = _jax_dtype(dtype)
    if isinstance(x, jax.Array):
        if dtype is None or x.dtype == dtype:
            return x
        return x.astype(dtype)
    if isinstance(x, (np.ndarray, np.generic)):
        if dtype is None:
            dtype = _jax_dtype(x.dtype)
        return jnp.asarray(x, dtype=dtype)
    if isinstance(x, (list, tuple)) and _has_array(x):
        out = jnp.asarray(
            [convert_to_tensor(v) if not _has_array(v) else v for v in x]
        )
        return out if dtype is None else out.astype(dtype)
    if x is None:
        raise ValueError("convert_to_tensor: cannot convert None to a tensor.")
    if dtype is None:
        dtype = jax_dtype(_python_dtype(x))
    return jnp.asarray(x, dtype=dtype)


def convert_to_numpy(x) -> np.ndarray:
    """An `np.ndarray` holding the value of `x`."""
    if isinstance(x, VariableBase):
        x = x.value
    return np.asarray(x)


class Variable(VariableBase):
    """A variable whose value is a `jax.Array`; `assign` replaces it."""

    def _to_storage(self, value):
        return convert_to_tensor(value, self._dtype)

    def _write(self, value) -> None:
        self._value = value

    def _convert(self, value):
        return convert_to_tensor(value, self._dtype)


# --------------------------------------------------------------------------
# control flow
# --------------------------------------------------------------------------


def _is_traced(x) -> bool:
    return isinstance(x, jax.core.Tracer)


def _as_carry(x):
    if x is None or isinstance(x, jax.Array):
        return x
    return convert_to_tensor(x)


def _like_carry(out, ref):
    """Converts a non-jax body output to the carry's dtype."""
    if out is None or isinstance(out, jax.Array) or ref is None:
        return out
    return jnp.asarray(out, dtype=ref.dtype)


def cond(pred, true_fn, false_fn):
    """`true_fn()` if `pred` else `false_fn()`; `lax.cond` when traced."""
    if isinstance(pred, VariableBase):
        pred = pred.value
    if _is_traced(pred):
        return lax.cond(jnp.asarray(pred).astype(bool).reshape(()),
                        true_fn, false_fn)
    return true_fn() if bool(pred) else false_fn()


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """`loop_vars = body(*loop_vars)` while `cond(*loop_vars)`."""
    is_seq = isinstance(loop_vars, (list, tuple))
    init = tuple(loop_vars) if is_seq else (loop_vars,)
    init = tree.map_structure(_as_carry, init)

    def step(args):
        out = body(*args)
        out = tuple(out) if isinstance(out, (list, tuple)) else (out,)
        if len(out) != len(args):
            raise ValueError(
                "while_loop: `body` must return as many values as there are "
                f"loop variables ({len(args)}). Received {len(out)}."
            )
        return tree.map_structure(_like_carry, out, args)

    if maximum_iterations is None:
        out = lax.while_loop(lambda a: _scalar_bool(cond(*a)), step, init)
    else:
        def limited_cond(a):
            return jnp.logical_and(
                _scalar_bool(cond(*a[0])), a[1] < maximum_iterations
            )

        def limited_body(a):
            return step(a[0]), a[1] + 1

        out, _ = lax.while_loop(
            limited_cond, limited_body, (init, jnp.asarray(0, jnp.int32))
        )
    if not is_seq:
        return out[0]
    return list(out) if isinstance(loop_vars, list) else out


def _scalar_bool(x):
    return jnp.asarray(x).astype(bool).reshape(())


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """`jax.lax.scan`: returns `(carry, stacked_ys)`."""
    init = tree.map_structure(_as_carry, init)

    def step(carry, x):
        new, y = f(carry, x)
        return tree.map_structure(_like_carry, new, carry), y

    return lax.scan(step, init, xs, length=length, reverse=reverse,
                    unroll=unroll)
