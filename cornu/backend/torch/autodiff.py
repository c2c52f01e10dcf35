"""Gradients on torch: autograd through the variables' Parameters."""

from __future__ import annotations

import torch


def gradients(fn, variables) -> list:
    """Gradients of `sum(fn())` with respect to `variables` (cornu
    Variables); `None` where the output does not depend on one."""
    params = [v.value for v in variables]
    for v, p in zip(variables, params, strict=True):
        if not p.requires_grad:
            raise ValueError(
                f"gradients: variable {v.path!r} is not trainable, so torch "
                "records no gradient for it. Pass trainable variables only."
            )
    with torch.enable_grad():
        total = fn().sum()
    if not total.requires_grad:
        return [None] * len(params)
    return list(torch.autograd.grad(total, params, allow_unused=True))
