"""The base class `Layer` inherits on engines with no module system of
their own (jax, numpy). The torch engine replaces it with a
`torch.nn.Module` subclass that overrides the two hooks."""

from __future__ import annotations


class LayerBase:
    def _engine_track_variable(self, name: str, variable) -> None:
        """Called when `variable` becomes owned by this layer."""

    def _engine_track_layer(self, name: str, layer) -> None:
        """Called when `layer` becomes a sublayer of this layer."""
