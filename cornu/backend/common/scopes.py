"""Scopes that change how variables are read and written.

Inside a `StatelessScope`, reading a variable returns the value given in the
scope's mapping and `assign` records the new value in the scope instead of
changing the variable. This is what lets an imperative `Layer.call` run as a
pure function (under `jax.jit`, for example).
"""

from __future__ import annotations

import threading


class _State(threading.local):
    def __init__(self):
        # Runs once per thread, so `stack` always exists: reads are plain
        # attribute reads on the hot path (no AttributeError fallback).
        self.stack: list = []


_state = _State()


def _stack() -> list:
    return _state.stack


def current_stateless_scope() -> StatelessScope | None:
    stack = _state.stack
    return stack[-1] if stack else None


class StatelessScope:
    """Reads come from `state_mapping`; writes are recorded.

    Args:
        state_mapping: pairs `(variable, value)` (a dict or a list of pairs).
        collect_losses: collect the losses that layers add during the call
            (regularization) in `losses` instead of on the layers.
    """

    def __init__(self, state_mapping=None, collect_losses=False):
        if state_mapping is None:
            state_mapping = ()
        elif isinstance(state_mapping, dict):
            state_mapping = state_mapping.items()
        self._values = {}
        for variable, value in state_mapping:
            self._values[id(variable)] = value
        self._updates: dict[int, tuple] = {}
        self.collect_losses = collect_losses
        self.losses: list = []

    def get_current_value(self, variable):
        key = id(variable)
        if key in self._updates:
            return self._updates[key][1]
        return self._values.get(key)

    def add_update(self, variable, value) -> None:
        self._updates[id(variable)] = (variable, value)

    def get_update(self, variable):
        entry = self._updates.get(id(variable))
        return None if entry is None else entry[1]

    @property
    def updates(self) -> list:
        return list(self._updates.values())

    def __enter__(self):
        _stack().append(self)
        return self

    def __exit__(self, *exc):
        _stack().pop()
        return False
