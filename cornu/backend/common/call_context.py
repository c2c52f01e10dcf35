"""Whether code runs inside a layer's `call`, and with which `training`.

`Layer.__call__` sets it for the outermost call; nested layers read
`training` from it when not given one. Ops read `active` to tell a user's
op on symbolic tensors in a Functional graph (which must become a node)
from the same op inside a layer's symbolic call (which must not).
"""

from __future__ import annotations

import threading


class _State(threading.local):
    def __init__(self):
        # Runs once per thread: the attributes always exist.
        self.active = False
        self.training = None


state = _State()


def in_layer_call() -> bool:
    return state.active


def training():
    return state.training
