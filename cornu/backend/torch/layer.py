"""On torch every cornu Layer is a `torch.nn.Module`.

This mixin only mirrors cornu's tracking into torch's registries: each
variable's `torch.nn.Parameter` goes into `_parameters` and each sublayer
into `_modules`, so `parameters()`, `state_dict()`, `.to(device)`,
`torch.compile` and DDP see them. Attribute reads stay plain instance
attribute reads: nothing goes through `nn.Module.__getattr__` or
`__setattr__` on the call path.
"""

from __future__ import annotations

import torch


def _free_key(registry, name, value):
    key = name
    i = 1
    while key in registry and registry[key] is not value:
        key = f"{name}_{i}"
        i += 1
    return key


class LayerBase(torch.nn.Module):
    def __init__(self):
        torch.nn.Module.__init__(self)

    def _engine_track_variable(self, name, variable) -> None:
        params = self.__dict__.get("_parameters")
        if params is None:
            return
        value = variable._value
        if isinstance(value, torch.nn.Parameter):
            params[_free_key(params, variable.name, value)] = value

    def _engine_track_layer(self, name, layer) -> None:
        modules = self.__dict__.get("_modules")
        if modules is None:
            return
        modules[_free_key(modules, name, layer)] = layer

    def forward(self, *args, **kwargs):
        return self.call(*args, **kwargs)
