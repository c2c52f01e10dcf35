"""Whether code runs inside a layer's `call`, and with which `training`.

`Layer.__call__` sets it for the outermost call; nested layers read
`training` from it when not given one. Ops read `active` to tell a user's
op on symbolic tensors in a Functional graph (which must become a node)
from the same op inside a layer's symbolic call (which must not).
"""

from __future__ import annotations

import threading

state = threading.local()
state.active = False
state.training = None


def in_layer_call() -> bool:
    return getattr(state, "active", False)


def training():
    return getattr(state, "training", None)
