"""`VarianceScaling` and its named presets: Glorot (Xavier), He and LeCun,
each in a uniform and a (truncated) normal form."""

from __future__ import annotations

import math
import numbers
from typing import Any

from cornu import random
from cornu.initializers.initializer import _float_dtype, _standardize_shape
from cornu.initializers.random_initializers import (
    RandomInitializer,
    _draw,
    _serialize_seed,
)
from cornu.random import SeedGenerator

__all__ = [
    "compute_fans", "VarianceScaling", "GlorotUniform", "GlorotNormal",
    "HeUniform", "HeNormal", "LecunUniform", "LecunNormal",
]

# The standard deviation of N(0, 1) truncated to [-2, 2].
_TRUNCATION_STDDEV = 0.87962566103423978
_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("uniform", "truncated_normal", "untruncated_normal")


def compute_fans(shape: Any, input_axes: Any = None,
                 output_axes: Any = None) -> tuple[int, int]:
    """`(fan_in, fan_out)` of a weight shape, as Keras computes them.

    A 1-D shape gives `(n, n)`, a 2-D one `(rows, cols)`; a convolution
    kernel `(*spatial, in, out)` gives `in` and `out` times the receptive
    field size. Explicit `input_axes` and `output_axes` override this.

    Args:
        shape: the weight shape.
        input_axes: axes whose sizes multiply into `fan_in`.
        output_axes: axes whose sizes multiply into `fan_out`.

    Example:
        >>> from cornu.initializers.variance_scaling import compute_fans
        >>> compute_fans((3, 3, 16, 32))
        (144, 288)
    """
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        fan_in = math.prod(shape[axis] for axis in input_axes)
        fan_out = math.prod(shape[axis] for axis in output_axes)
        return int(fan_in), int(fan_out)
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return int(shape[0]), int(shape[0])
    if len(shape) == 2:
        return int(shape[0]), int(shape[1])
    receptive_field = math.prod(shape[:-2])
    return int(shape[-2] * receptive_field), int(shape[-1] * receptive_field)


class VarianceScaling(RandomInitializer):
    """Draws with variance `scale / n`, `n` being the fan chosen by `mode`.

    `"truncated_normal"` (also spelled `"normal"`) uses a normal truncated
    at two standard deviations with `stddev = sqrt(scale / n) / .8796...`;
    `"untruncated_normal"` a plain normal with `stddev = sqrt(scale / n)`;
    `"uniform"` draws from `[-limit, limit]` with
    `limit = sqrt(3 * scale / n)`.

    Args:
        scale: the positive scaling factor.
        mode: `"fan_in"`, `"fan_out"` or `"fan_avg"` (their mean).
        distribution: `"truncated_normal"`, `"untruncated_normal"` or
            `"uniform"`.
        seed: an int, a `SeedGenerator` or `None`.
        input_axes: axes that make `fan_in` (with `output_axes`).
        output_axes: axes that make `fan_out` (with `input_axes`).

    Raises:
        ValueError: for a non-positive `scale` or an unknown `mode` or
            `distribution`.

    Example:
        >>> from cornu import initializers
        >>> init = initializers.VarianceScaling(2.0, "fan_in", "uniform")
        >>> init((4, 8)).shape
        (4, 8)
    """

    def __init__(self, scale: float = 1.0, mode: str = "fan_in",
                 distribution: str = "truncated_normal",
                 seed: int | SeedGenerator | None = None,
                 input_axes: Any = None, output_axes: Any = None) -> None:
        owner = type(self).__name__
        if not isinstance(scale, numbers.Real) or not scale > 0.0:
            raise ValueError(
                f"{owner}: `scale` must be a positive float. "
                f"Received: scale={scale!r}."
            )
        if mode not in _MODES:
            raise ValueError(
                f"{owner}: `mode` must be one of {_MODES}. "
                f"Received: mode={mode!r}."
            )
        name = str(distribution).lower()
        if name == "normal":
            name = "truncated_normal"
        if name not in _DISTRIBUTIONS:
            raise ValueError(
                f"{owner}: `distribution` must be one of {_DISTRIBUTIONS} "
                f"(or 'normal'). Received: distribution={distribution!r}."
            )
        self.scale = scale
        self.mode = mode
        self.distribution = name
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        owner = type(self).__name__
        shape = _standardize_shape(shape, owner)
        dtype = _float_dtype(dtype, owner)
        fan_in, fan_out = compute_fans(shape, self.input_axes,
                                       self.output_axes)
        scale = self.scale
        if self.mode == "fan_in":
            scale /= max(1.0, fan_in)
        elif self.mode == "fan_out":
            scale /= max(1.0, fan_out)
        else:
            scale /= max(1.0, (fan_in + fan_out) / 2.0)
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(scale) / _TRUNCATION_STDDEV
            return _draw(random.truncated_normal, shape, 0.0, stddev,
                         dtype=dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return _draw(random.normal, shape, 0.0, math.sqrt(scale),
                         dtype=dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return _draw(random.uniform, shape, -limit, limit, dtype=dtype,
                     seed=self.seed)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


class _Preset(VarianceScaling):
    """A `VarianceScaling` whose scale, mode and distribution are fixed."""

    _scale = 1.0
    _mode = "fan_in"
    _distribution = "truncated_normal"

    def __init__(self, seed: int | SeedGenerator | None = None,
                 input_axes: Any = None, output_axes: Any = None) -> None:
        super().__init__(
            scale=self._scale, mode=self._mode,
            distribution=self._distribution, seed=seed,
            input_axes=input_axes, output_axes=output_axes,
        )

    def get_config(self) -> dict:
        return {
            "seed": _serialize_seed(self._init_seed),
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


class GlorotUniform(_Preset):
    """Glorot (Xavier) uniform: `[-limit, limit]` with
    `limit = sqrt(6 / (fan_in + fan_out))` (Glorot & Bengio, 2010).

    Args:
        seed: an int, a `SeedGenerator` or `None`.
        input_axes: axes that make `fan_in` (with `output_axes`).
        output_axes: axes that make `fan_out` (with `input_axes`).

    Example:
        >>> from cornu import initializers
        >>> initializers.GlorotUniform(seed=0)((2, 3)).shape
        (2, 3)
    """

    _mode = "fan_avg"
    _distribution = "uniform"


class GlorotNormal(_Preset):
    """Glorot (Xavier) normal: truncated normal with
    `stddev = sqrt(2 / (fan_in + fan_out))`.

    Args:
        seed: an int, a `SeedGenerator` or `None`.
        input_axes: axes that make `fan_in` (with `output_axes`).
        output_axes: axes that make `fan_out` (with `input_axes`).

    Example:
        >>> from cornu import initializers
        >>> initializers.GlorotNormal(seed=0)((2, 3)).shape
        (2, 3)
    """

    _mode = "fan_avg"


class HeUniform(_Preset):
    """He uniform: `[-limit, limit]` with `limit = sqrt(6 / fan_in)`
    (He et al., 2015).

    Args:
        seed: an int, a `SeedGenerator` or `None`.
        input_axes: axes that make `fan_in` (with `output_axes`).
        output_axes: axes that make `fan_out` (with `input_axes`).

    Example:
        >>> from cornu import initializers
        >>> initializers.HeUniform(seed=0)((2, 3)).shape
        (2, 3)
    """

    _scale = 2.0
    _distribution = "uniform"


class HeNormal(_Preset):
    """He normal: truncated normal with `stddev = sqrt(2 / fan_in)`.

    Args:
        seed: an int, a `SeedGenerator` or `None`.
        input_axes: axes that make `fan_in` (with `output_axes`).
        output_axes: axes that make `fan_out` (with `input_axes`).

    Example:
        >>> from cornu import initializers
        >>> initializers.HeNormal(seed=0)((2, 3)).shape
        (2, 3)
    """

    _scale = 2.0


class LecunUniform(_Preset):
    """LeCun uniform: `[-limit, limit]` with `limit = sqrt(3 / fan_in)`.

    Args:
        seed: an int, a `SeedGenerator` or `None`.
        input_axes: axes that make `fan_in` (with `output_axes`).
        output_axes: axes that make `fan_out` (with `input_axes`).

    Example:
        >>> from cornu import initializers
        >>> initializers.LecunUniform(seed=0)((2, 3)).shape
        (2, 3)
    """

    _distribution = "uniform"


class LecunNormal(_Preset):
    """LeCun normal: truncated normal with `stddev = sqrt(1 / fan_in)`.

    Args:
        seed: an int, a `SeedGenerator` or `None`.
        input_axes: axes that make `fan_in` (with `output_axes`).
        output_axes: axes that make `fan_out` (with `input_axes`).

    Example:
        >>> from cornu import initializers
        >>> initializers.LecunNormal(seed=0)((2, 3)).shape
        (2, 3)
    """
