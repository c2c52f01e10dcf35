"""Random initializers: `RandomNormal`, `RandomUniform`, `TruncatedNormal`
and `Orthogonal`, and the seed handling they share.

Seeding follows Keras 3: an int seed makes every call return the same
values; a `SeedGenerator` gives new values on each call; `seed=None` draws
a seed from cornu's global generator once, when the initializer is made, so
resetting the global seed makes it reproducible and repeated calls of one
instance return the same values, as in Keras (whose default seed comes from
Python's `random`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import cornu.ops as o
from cornu import random
from cornu.initializers.initializer import (
    Initializer,
    _float_dtype,
    _standardize_shape,
)
from cornu.random import SeedGenerator, draw_seed
from cornu.random.seed_generator import host_generator

__all__ = [
    "RandomInitializer", "RandomNormal", "RandomUniform", "TruncatedNormal",
    "Orthogonal",
]


def _default_seed() -> int:
    """An int seed taken from cornu's global random generator: its next
    key `[seed, counter]`, folded into one int (cheaper than a random op)."""
    seed, counter = (int(k) for k in o.convert_to_numpy(draw_seed(None)))
    return (seed * 1_000_003 + counter) % (2**31 - 1)


def _draw(sample: Any, shape: tuple[int, ...], *args: Any, dtype: str,
          seed: Any) -> Any:
    """`sample(shape, *args, dtype, seed)` (`cornu.random.normal`, `uniform`
    or `truncated_normal`), drawn on the host by NumPy from the op's key.

    Initializers run eagerly, when weights are created. Drawing on the host
    costs no engine compilation (jax compiles a kernel per shape: seconds
    per layer on a CPU), and the same seed gives the same initial weights
    on every engine.
    """
    rng = host_generator(seed)
    a, b = args
    if sample is random.uniform:
        out = rng.uniform(a, b, size=shape)
    elif sample is random.normal:
        out = rng.normal(a, b, size=shape)
    else:  # truncated normal: redraw beyond two standard deviations
        out = rng.standard_normal(size=shape)
        bad = np.abs(out) > 2.0
        while bad.any():
            out[bad] = rng.standard_normal(size=int(bad.sum()))
            bad = np.abs(out) > 2.0
        out = out * b + a
    work = "float64" if dtype == "float64" else "float32"
    return o.cast(o.convert_to_tensor(out.astype(work)), dtype)


def _serialize_seed(seed: Any) -> Any:
    if isinstance(seed, SeedGenerator):
        config = dict(seed.get_config())
        config.setdefault("name", seed.name)
        return {
            "module": "keras.random",
            "class_name": "SeedGenerator",
            "config": config,
            "registered_name": None,
        }
    return seed


class RandomInitializer(Initializer):
    """Base class of the random initializers: checks and stores `seed`.

    Args:
        seed: an int, a `SeedGenerator`, a serialized `SeedGenerator` dict,
            or `None` (see the module docstring).

    Example:
        >>> from cornu import initializers
        >>> init = initializers.RandomNormal(seed=1)
        >>> bool((init((3,)) == init((3,))).all())
        True
    """

    def __init__(self, seed: int | SeedGenerator | dict | None = None
                 ) -> None:
        self._init_seed = seed
        if seed is None:
            seed = _default_seed()
        elif isinstance(seed, dict):
            if seed.get("class_name") != "SeedGenerator":
                raise ValueError(
                    f"{type(self).__name__}: a dict `seed` must be a "
                    "serialized `SeedGenerator`. "
                    f"Received: seed={seed!r}."
                )
            seed = SeedGenerator(**seed.get("config", {}))
        elif not isinstance(seed, (int, np.integer, SeedGenerator)):
            raise ValueError(
                f"{type(self).__name__}: `seed` must be an int, a "
                "`cornu.random.SeedGenerator` or None. "
                f"Received: seed={seed!r}."
            )
        self.seed = int(seed) if isinstance(seed, np.integer) else seed

    def get_config(self) -> dict:
        return {"seed": _serialize_seed(self._init_seed)}


class RandomNormal(RandomInitializer):
    """Draws from a normal distribution `N(mean, stddev ** 2)`.

    Args:
        mean: the mean.
        stddev: the standard deviation.
        seed: an int, a `SeedGenerator` or `None`.

    Example:
        >>> from cornu import initializers
        >>> initializers.RandomNormal(stddev=1.0, seed=7)((2, 3)).shape
        (2, 3)
    """

    def __init__(self, mean: float = 0.0, stddev: float = 0.05,
                 seed: int | SeedGenerator | None = None) -> None:
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        return _draw(
            random.normal, _standardize_shape(shape, "RandomNormal"),
            self.mean, self.stddev,
            dtype=_float_dtype(dtype, "RandomNormal"), seed=self.seed,
        )

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean,
                "stddev": self.stddev}


class TruncatedNormal(RandomInitializer):
    """Draws from `N(mean, stddev ** 2)`, redrawing values more than two
    standard deviations from the mean.

    Args:
        mean: the mean.
        stddev: the standard deviation before truncation.
        seed: an int, a `SeedGenerator` or `None`.

    Example:
        >>> from cornu import initializers
        >>> w = initializers.TruncatedNormal(stddev=1.0, seed=7)((100,))
        >>> bool((abs(w) <= 2.0).all())
        True
    """

    def __init__(self, mean: float = 0.0, stddev: float = 0.05,
                 seed: int | SeedGenerator | None = None) -> None:
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        return _draw(
            random.truncated_normal,
            _standardize_shape(shape, "TruncatedNormal"), self.mean,
            self.stddev, dtype=_float_dtype(dtype, "TruncatedNormal"),
            seed=self.seed,
        )

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean,
                "stddev": self.stddev}


class RandomUniform(RandomInitializer):
    """Draws uniformly from `[minval, maxval)`.

    Args:
        minval: the lower bound.
        maxval: the upper bound (excluded).
        seed: an int, a `SeedGenerator` or `None`.

    Example:
        >>> from cornu import initializers
        >>> w = initializers.RandomUniform(0.0, 1.0, seed=7)((100,))
        >>> bool(((w >= 0.0) & (w < 1.0)).all())
        True
    """

    def __init__(self, minval: float = -0.05, maxval: float = 0.05,
                 seed: int | SeedGenerator | None = None) -> None:
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        return _draw(
            random.uniform, _standardize_shape(shape, "RandomUniform"),
            self.minval, self.maxval,
            dtype=_float_dtype(dtype, "RandomUniform"), seed=self.seed,
        )

    def get_config(self) -> dict:
        return {**super().get_config(), "minval": self.minval,
                "maxval": self.maxval}


class Orthogonal(RandomInitializer):
    """A random orthogonal matrix, times `gain` (Saxe et al., 2014).

    The shape is flattened to `(prod(shape[:-1]), shape[-1])`; a normal
    draw of that size is QR-factorized and `Q` (with the signs of `R`'s
    diagonal) is returned, so the rows or the columns, whichever are fewer,
    are orthonormal.

    Args:
        gain: the factor applied to the orthogonal matrix.
        seed: an int, a `SeedGenerator` or `None`.

    Example:
        >>> import numpy as np
        >>> from cornu import initializers
        >>> w = initializers.Orthogonal(seed=3)((3, 3))
        >>> bool(abs(w @ w.T - np.eye(3)).max() < 1e-5)
        True
    """

    def __init__(self, gain: float = 1.0,
                 seed: int | SeedGenerator | None = None) -> None:
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        shape = _standardize_shape(shape, "Orthogonal")
        if len(shape) < 2:
            raise ValueError(
                "Orthogonal: the tensor to initialize must be at least 2-D. "
                f"Received: shape={shape} of rank {len(shape)}."
            )
        dtype = _float_dtype(dtype, "Orthogonal")
        n_rows = math.prod(shape[:-1])
        n_cols = shape[-1]
        flat_shape = (max(n_rows, n_cols), min(n_rows, n_cols))
        work = "float64" if dtype == "float64" else "float32"
        a = _draw(random.normal, flat_shape, 0.0, 1.0, dtype=work,
                  seed=self.seed)
        # `cornu.ops` has no `qr` yet: factorize on the host (initializers
        # run eagerly, at build time).
        q, r = np.linalg.qr(o.convert_to_numpy(a).astype("float64"))
        q = q * np.sign(np.diag(r))
        if n_rows < n_cols:
            q = q.T
        q = (self.gain * q).reshape(shape).astype(work)
        return o.cast(o.convert_to_tensor(q), dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "gain": self.gain}
