"""Control flow on NumPy: plain Python."""

from __future__ import annotations

import numpy as np

from cornu import tree


def cond(pred, true_fn, false_fn):
    return true_fn() if bool(pred) else false_fn()


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    is_tuple = isinstance(loop_vars, (list, tuple))
    state = tuple(loop_vars) if is_tuple else (loop_vars,)
    i = 0
    while bool(cond(*state)):
        if maximum_iterations is not None and i >= maximum_iterations:
            break
        out = body(*state)
        state = tuple(out) if isinstance(out, (list, tuple)) else (out,)
        i += 1
    if not is_tuple:
        return state[0]
    return type(loop_vars)(state)


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    if xs is None:
        n = int(length)
    else:
        n = int(np.shape(tree.flatten(xs)[0])[0])
    carry = init
    ys = []
    order = range(n - 1, -1, -1) if reverse else range(n)
    for i in order:
        x = None if xs is None else tree.map_structure(
            lambda t, i=i: t[i], xs)
        carry, y = f(carry, x)
        ys.append(y)
    if reverse:
        ys.reverse()
    if not ys:
        return carry, None
    stacked = tree.map_structure(lambda *vals: np.stack(vals), *ys)
    return carry, stacked
