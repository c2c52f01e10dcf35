"""The NumPy engine computes no gradients."""

from __future__ import annotations


def gradients(fn, variables) -> list:
    raise NotImplementedError(
        "The NumPy engine is inference-only and cannot compute gradients. "
        "Set CORNU_BACKEND=torch or jax to train."
    )
