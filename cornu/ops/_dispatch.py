"""Turns each primitive into a public op.

An op's eager path hands its arguments straight to the engine; only when an
argument is a `Variable` (read its value) or a `SymbolicTensor` (apply the
shape rule, compute nothing) does it take the slow path. The check is one
`isinstance` per positional argument.
"""

from __future__ import annotations

from cornu.backend import engine
from cornu.backend.common.call_context import in_layer_call
from cornu.backend.common.primitives import PRIMITIVES
from cornu.backend.common.symbolic import has_symbolic
from cornu.backend.common.tensor_operators import TensorOperators
from cornu.backend.common.variables import VariableBase

_E = engine()


def _unwrap(x):
    if isinstance(x, VariableBase):
        return x.value
    if isinstance(x, (list, tuple)):
        return type(x)(_unwrap(v) for v in x)
    return x


# Primitives whose tensors sit inside nested structures (loop variables,
# scan carries and inputs): every call checks the whole structure.
_NESTED = ("cond", "while_loop", "scan")


def _make(name: str):
    spec = PRIMITIVES[name]
    impl = getattr(_E, name)
    rule = spec.rule

    def slow(args, kwargs):
        if has_symbolic(args, kwargs):
            if not in_layer_call() and _graph_op(name, args, kwargs):
                return _record(name, args, kwargs)
            return rule(*args, **kwargs)
        values = [a.value if isinstance(a, VariableBase) else
                  _unwrap(a) if isinstance(a, (list, tuple)) else a
                  for a in args]
        if kwargs:
            kwargs = {k: _unwrap(v) for k, v in kwargs.items()}
        return impl(*values, **kwargs)

    if name in _NESTED:

        def op(*args, **kwargs):
            if has_symbolic(args, kwargs):
                return rule(*args, **kwargs)
            return impl(*args, **kwargs)

    elif spec.seq:

        def op(xs, *args, **kwargs):
            for x in xs:
                if isinstance(x, TensorOperators):
                    return slow((xs, *args), kwargs)
            return impl(xs, *args, **kwargs)

    else:

        def op(*args, **kwargs):
            for a in args:
                if isinstance(a, TensorOperators):
                    return slow(args, kwargs)
            if kwargs:
                for a in kwargs.values():
                    if isinstance(a, TensorOperators):
                        return slow(args, kwargs)
            return impl(*args, **kwargs)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"`{name}`: {spec.semantics}."
    op.__module__ = "cornu.ops"
    return op


def _graph_op(name, args, kwargs) -> bool:
    from cornu.layers.core.op_layer import needs_node

    return needs_node(args, kwargs)


def _record(name, args, kwargs):
    from cornu.layers.core.op_layer import record_op

    return record_op(name, args, kwargs)


def primitive_ops() -> dict:
    return {name: _make(name) for name in PRIMITIVES}




def composite(fn):
    """Marks `fn` as a composite op written over primitives.

    If the engine registers a native kernel under the same name in its
    `fused` table, eager calls go there (with `Variable`s read); symbolic
    calls always run `fn`, whose shape follows from the primitives' rules.
    `fn` stays reachable as `op.composite`, the oracle the fast path is
    tested against.
    """
    name = fn.__name__
    fast = _E.fused.get(name)

    def op(*args, **kwargs):
        for a in args:
            if isinstance(a, TensorOperators):
                if has_symbolic(args, kwargs):
                    if not in_layer_call() and _graph_op(name, args, kwargs):
                        return _record(name, args, kwargs)
                    return fn(*args, **kwargs)
                if fast is None:
                    break
                args = tuple(_unwrap(v) for v in args)
                break
        if fast is None:
            return fn(*args, **kwargs)
        return fast(*args, **kwargs)

    op.__name__ = op.__qualname__ = fn.__name__
    op.__doc__ = fn.__doc__
    op.__module__ = fn.__module__
    op.__wrapped__ = fn
    op.composite = fn
    return op
