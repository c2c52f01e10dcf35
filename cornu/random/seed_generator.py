"""`SeedGenerator`: the state behind reproducible random ops."""

from __future__ import annotations

import random as _py_random

import numpy as np

from cornu.backend import engine
from cornu.backend.common.scopes import current_stateless_scope


class SeedGenerator:
    """Holds a random state (an int32[2] variable: seed, counter).

    Each `next()` returns a key for one random op and advances the counter,
    so a generator made with the same seed replays the same numbers. Inside a
    `StatelessScope` the advance is recorded, which keeps jit-compiled steps
    pure.

    Args:
        seed: an int, or `None` for a seed drawn from Python's `random`.
        name: the variable's name.

    Example:
    >>> gen = SeedGenerator(1337)
    >>> a = cornu.random.normal((2,), seed=gen)
    """

    def __init__(self, seed=None, name=None, **kwargs):
        if seed is None:
            seed = _py_random.randint(1, 2**31 - 1)
        elif not isinstance(seed, (int, np.integer)):
            raise ValueError(
                "SeedGenerator: `seed` must be an integer or None. "
                f"Received: seed={seed!r}."
            )
        self._initial_seed = int(seed)
        start = np.array([int(seed) % (2**31 - 1), 0], dtype="int32")
        self.name = name or "seed_generator"
        self.state = engine().Variable(
            start, dtype="int32", trainable=False, name="seed_generator_state"
        )

    def next(self, ordered=True):
        """Returns the current key and advances the state."""
        import cornu.ops as o

        advance = getattr(engine(), "advance_seed", None)
        if advance is not None and current_stateless_scope() is None:
            # (torch: the same key and state in one in-place op)
            return advance(self.state)

        # A copy: on torch `state.value` is the Parameter that `assign`
        # updates in place.
        key = o.multiply(self.state.value, 1)
        self.state.assign(o.add(key, np.array([0, 1], dtype="int32")))
        return key

    def get_config(self) -> dict:
        return {"seed": self._initial_seed}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


_global: SeedGenerator | None = None


def global_seed_generator() -> SeedGenerator:
    global _global
    if current_stateless_scope() is not None and _global is None:
        raise RuntimeError(
            "A random op was called with `seed=None` inside a jit-compiled "
            "or stateless function. Pass a `SeedGenerator` as `seed` (create "
            "it in the layer's `__init__`)."
        )
    if _global is None:
        _global = SeedGenerator()
    return _global


def set_global_seed(seed: int | None) -> None:
    global _global
    _global = None if seed is None else SeedGenerator(seed)


def draw_seed(seed):
    """The key for one random op: from a `SeedGenerator`, a fixed int, or
    the global generator when `seed` is None."""
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if seed is None:
        return global_seed_generator().next()
    if isinstance(seed, (int, np.integer)):
        return np.array([int(seed) % (2**31 - 1), 0], dtype="int32")
    raise ValueError(
        "`seed` must be an int, a `SeedGenerator` or None. "
        f"Received: seed={seed!r}."
    )


def host_generator(seed) -> np.random.Generator:
    """A NumPy generator keyed by the op's key (`draw_seed(seed)`): for
    draws made on the host, which give the same numbers on every engine."""
    from cornu import ops

    key = ops.convert_to_numpy(draw_seed(seed)).ravel()
    return np.random.default_rng([int(k) & 0xFFFFFFFF for k in key])
