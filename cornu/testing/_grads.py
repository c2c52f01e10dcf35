"""`gradients(fn, variables)` for the conformance harness: the engine's
own autodiff (`cornu.backend.<engine>.autodiff`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cornu.backend import engine


def gradients(fn: Callable[[], object], variables: Sequence) -> list:
    """Gradients of `sum(fn())` with respect to `variables`.

    `fn` takes no arguments and reads the variables the way layers do. On
    torch the gradients come from autograd, on JAX from `jax.grad` through a
    `StatelessScope`, so nothing on the variables changes.

    Returns:
        One engine tensor per variable; `None` (torch) or zeros (JAX) where
        the output does not depend on it.

    Raises:
        NotImplementedError: on the NumPy engine, which cannot compute
            gradients.
    """
    return engine().gradients(fn, list(variables))
