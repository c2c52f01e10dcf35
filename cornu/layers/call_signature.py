"""What `Layer.__call__` needs to know about a class's `call` (does it take
`training`, `mask`?), computed once per class, and the symbolic-input check
of the call path."""

from __future__ import annotations

import inspect


class _CallSignature:
    """What `__call__` needs to know about a class's `call`, computed once."""

    __slots__ = ("training", "mask", "n_positional", "var_kwargs",
                 "computes_mask")

    def __init__(self, cls):
        params = inspect.signature(cls.call).parameters
        from cornu.layers.layer import Layer

        self.computes_mask = cls.compute_mask is not Layer.compute_mask
        self.training = "training" in params
        self.mask = "mask" in params
        self.var_kwargs = any(
            p.kind is p.VAR_KEYWORD for p in params.values()
        )
        self.n_positional = sum(
            1 for p in params.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        )


_signatures: dict[type, _CallSignature] = {}


def _signature(cls) -> _CallSignature:
    sig = _signatures.get(cls)
    if sig is None:
        sig = _signatures[cls] = _CallSignature(cls)
    return sig
