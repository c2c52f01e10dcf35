"""Control flow on eager torch: plain Python loops."""

from __future__ import annotations

import torch

from cornu import tree
from cornu.backend.torch.core import convert_to_tensor


def _to_tensor(x):
    return x if x is None or isinstance(x, torch.Tensor) else (
        convert_to_tensor(x)
    )


def cond(pred, true_fn, false_fn):
    """`true_fn()` if `pred` else `false_fn()`."""
    return true_fn() if bool(pred) else false_fn()


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """Runs `loop_vars = body(*loop_vars)` while `cond(*loop_vars)`."""
    is_tuple = isinstance(loop_vars, (list, tuple))
    state = tuple(loop_vars) if is_tuple else (loop_vars,)
    state = tree.map_structure(_to_tensor, state)
    i = 0
    while maximum_iterations is None or i < maximum_iterations:
        if not bool(cond(*state)):
            break
        out = body(*state)
        state = tuple(out) if isinstance(out, (list, tuple)) else (out,)
        i += 1
    if not is_tuple:
        return state[0]
    return type(loop_vars)(state) if not hasattr(loop_vars, "_fields") else (
        type(loop_vars)(*state)
    )


def _stack(*values):
    if values[0] is None:
        return None
    return torch.stack([_to_tensor(v) for v in values])


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """`jax.lax.scan`: returns `(carry, ys)` with `ys` stacked along a new
    leading axis in the order of `xs` (also when `reverse=True`)."""
    if xs is None:
        if length is None:
            raise ValueError(
                "scan: `length` is required when `xs` is None. "
                f"Received: xs={xs}, length={length}."
            )
        n = int(length)
    else:
        xs = tree.map_structure(_to_tensor, xs)
        leaves = tree.flatten(xs)
        n = int(leaves[0].shape[0]) if leaves else int(length or 0)
        if length is not None and int(length) != n:
            raise ValueError(
                "scan: `length` does not match the leading axis of `xs`. "
                f"Received: length={length}, leading axis={n}."
            )
    carry = tree.map_structure(_to_tensor, init)
    if n == 0:
        return carry, _empty_ys(f, carry, xs)
    ys = []
    order = range(n - 1, -1, -1) if reverse else range(n)
    for i in order:
        x = None if xs is None else tree.map_structure(
            lambda t, i=i: t[i], xs
        )
        carry, y = f(carry, x)
        ys.append(y)
    if reverse:
        ys.reverse()
    return carry, tree.map_structure(_stack, *ys)


def _empty_ys(f, carry, xs):
    # Zero steps: run `f` once on zeros only to learn the shape of `y`.
    x = None
    if xs is not None:
        x = tree.map_structure(
            lambda t: torch.zeros(t.shape[1:], dtype=t.dtype, device=t.device),
            xs,
        )
    _, y = f(carry, x)
    return tree.map_structure(
        lambda t: None if t is None else torch.zeros(
            (0, *_to_tensor(t).shape), dtype=_to_tensor(t).dtype,
            device=_to_tensor(t).device,
        ),
        y,
    )
