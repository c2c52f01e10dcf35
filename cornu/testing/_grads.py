"""`gradients(fn, variables)`: autodiff for the conformance harness.

cornu never implements autodiff (SPEC: it comes from the engine), and
engine-specific code lives under `cornu/backend/<engine>/`. This module is
the one deliberate exception: `cornu.testing` is test tooling, and the
harness must differentiate a layer on whichever engine runs the suite before
the engines' trainers exist. So the two functions below import torch or jax
lazily, inside themselves, and only when that engine is the active one;
importing `cornu.testing` imports no engine. Nothing in the library proper
calls this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cornu.backend import backend, engine


def gradients(fn: Callable[[], object], variables: Sequence) -> list:
    """Gradients of `sum(fn())` with respect to `variables`.

    `fn` takes no arguments and reads the variables the way layers do
    (through `cornu.ops` or `variable.value`). On torch the gradient comes
    from `torch.autograd.grad` on the variables' `torch.nn.Parameter`s; on
    jax, `fn` runs under `jax.grad` inside a `StatelessScope` that maps each
    variable to a traced value (the mechanism behind `Layer.stateless_call`),
    so nothing on the variables changes.

    Args:
        fn: a function of no arguments returning a float tensor.
        variables: the variables to differentiate with respect to.

    Returns:
        A list with one engine tensor per variable, or `None` where the
        output does not depend on that variable.

    Raises:
        NotImplementedError: on the NumPy engine, which cannot compute
            gradients.

    Example:
    >>> v = cornu.Variable(np.ones((2,)))
    >>> g = cornu.testing.gradients(lambda: v * 3.0, [v])  # doctest: +SKIP
    """
    variables = list(variables)
    name = backend()
    if not engine().trainable:
        raise NotImplementedError(
            f"The {name} engine is inference-only and cannot compute "
            "gradients. Set CORNU_BACKEND=torch or jax to train."
        )
    if name == "torch":
        return _torch_gradients(fn, variables)
    if name == "jax":
        return _jax_gradients(fn, variables)
    raise NotImplementedError(
        f"`cornu.testing.gradients` does not know how to differentiate on "
        f"the {name!r} engine. Supported engines: 'torch', 'jax'."
    )


def _torch_gradients(fn, variables) -> list:
    import torch  # test tooling only: see the module docstring

    params = [v.value for v in variables]
    for v, p in zip(variables, params, strict=True):
        if not p.requires_grad:
            raise ValueError(
                f"`gradients`: variable {v.path!r} is not trainable, so "
                "torch records no gradient for it. Pass trainable "
                "variables only."
            )
    with torch.enable_grad():
        total = fn().sum()
    if not total.requires_grad:
        return [None] * len(params)
    grads = torch.autograd.grad(total, params, allow_unused=True)
    return list(grads)


def _jax_gradients(fn, variables) -> list:
    import jax  # test tooling only: see the module docstring

    from cornu import ops
    from cornu.backend.common.scopes import StatelessScope

    def total(values):
        with StatelessScope(list(zip(variables, values, strict=True))):
            return ops.sum(fn())

    values = [v.value for v in variables]
    return list(jax.grad(total)(values))
