"""Engine-native fast paths for composite ops: op name -> function with the
composite's exact signature (each is checked against the composite)."""

from __future__ import annotations

fused: dict = {}
