"""`set_random_seed`: one call that makes a program's randomness repeat."""

from __future__ import annotations

import random

import numpy as np


def set_random_seed(seed: int) -> None:
    """Seeds every source of randomness a cornu program draws from.

    That is Python's `random`, NumPy's global generator (data shuffling),
    the engine's own generator (torch) and cornu's global `SeedGenerator`
    (random ops called with `seed=None`). Two runs of the same program on
    the same engine after `set_random_seed(s)` give identical weights.

    Args:
        seed: a non-negative integer.

    Example:
        >>> from cornu.utils import set_random_seed
        >>> import numpy as np
        >>> set_random_seed(7); a = np.random.rand()
        >>> set_random_seed(7); b = np.random.rand()
        >>> a == b
        True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) \
            or seed < 0:
        raise ValueError(
            "set_random_seed: `seed` must be a non-negative integer. "
            f"Received: seed={seed!r} (of type {type(seed).__name__})."
        )
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    import importlib

    from cornu import backend
    from cornu.random.seed_generator import set_global_seed

    engine_random = importlib.import_module(
        f"cornu.backend.{backend.backend()}.random")
    seed_engine = getattr(engine_random, "seed_global", None)
    if seed_engine is not None:  # torch: its own global generator
        seed_engine(seed)
    set_global_seed(seed)
