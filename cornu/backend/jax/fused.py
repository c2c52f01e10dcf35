"""Engine-native fast paths for composite ops (none yet on jax)."""

from __future__ import annotations

fused: dict = {}
