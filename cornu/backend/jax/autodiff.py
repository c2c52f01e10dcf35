"""Gradients on JAX: `jax.grad` of a function that reads the variables
through a `StatelessScope` (the mechanism behind `Layer.stateless_call`)."""

from __future__ import annotations

import jax

from cornu.backend.common.scopes import StatelessScope


def gradients(fn, variables) -> list:
    """Gradients of `sum(fn())` with respect to `variables` (cornu
    Variables); nothing on the variables changes."""
    variables = list(variables)

    def total(values):
        with StatelessScope(list(zip(variables, values, strict=True))):
            return fn().sum()

    return list(jax.grad(total)([v.value for v in variables]))
