"""Key-based random numbers on torch.

`seed` is a `uint32[2]` key; it seeds a fresh `torch.Generator` on the
engine's device, so the same key gives the same numbers. `seed=None` draws
from torch's global generator.
"""

from __future__ import annotations

import numpy as np
import torch

from cornu.backend.torch.core import DEVICE, to_torch_dtype
from cornu.backend.torch.core import convert_to_tensor as _t

_MASK64 = (1 << 64) - 1


def _mix(z: int) -> int:
    """splitmix64's finalizer: spreads every input bit over all 64 bits."""
    z = (z + 0x9E3779B97F4A7C15) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def _generator(seed):
    if seed is None:
        return None
    if isinstance(seed, torch.Tensor):
        words = seed.reshape(-1).tolist()
    else:
        words = np.asarray(seed).reshape(-1).tolist()
    if not words or len(words) > 2:
        raise ValueError(
            "random: `seed` must be a uint32[2] key (or one integer). "
            f"Received: seed={seed!r}."
        )
    value = 0
    for w in words:
        value = (value << 32) | (int(w) & 0xFFFFFFFF)
    g = torch.Generator(device=DEVICE)
    g.manual_seed(_mix(value))
    return g


_ADVANCE: dict = {}  # device -> the int32 [0, 1] step of a seed's state


def advance_seed(state):
    """`SeedGenerator.next()` outside a `StatelessScope`: the key, read to
    the host (each random op seeds a host-side `torch.Generator` from it
    anyway), and the state's counter advanced in place: one op instead of
    five (copy, constant, add, assign)."""
    value = state.value
    key = np.array(value.tolist(), dtype=np.int32)
    step = _ADVANCE.get(value.device)
    if step is None:
        step = _ADVANCE[value.device] = torch.tensor(
            [0, 1], dtype=torch.int32, device=value.device)
    value.add_(step)  # (an int32 tensor: autograd never records it)
    return key


def _shape(shape):
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(d) for d in shape)


def _float_dtype(dtype, op):
    d = to_torch_dtype(dtype)
    if not d.is_floating_point:
        raise ValueError(
            f"{op}: `dtype` must be a float dtype. Received: dtype={dtype!r}."
        )
    return d


def _sample_dtype(d):
    # Draw half precision in float32, then cast: same stream for all floats.
    return torch.float64 if d is torch.float64 else torch.float32


def _param(v, d):
    return v if isinstance(v, (int, float)) else _t(v, d)


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Uniform in `[minval, maxval)`."""
    d = _float_dtype(dtype, "random_uniform")
    s = _sample_dtype(d)
    u = torch.rand(_shape(shape), generator=_generator(seed), dtype=s,
                   device=DEVICE)
    if _is_unit_interval(minval, maxval):
        # `u * 1.0 + 0.0` is `u` exactly: skip two passes (dropout masks).
        return u if s is d else u.to(d)
    out = u * (_param(maxval, s) - _param(minval, s)) + _param(minval, s)
    return out.to(d)


def _is_unit_interval(minval, maxval) -> bool:
    return (type(minval) in (int, float) and type(maxval) in (int, float)
            and minval == 0 and maxval == 1)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal with the given mean and standard deviation."""
    d = _float_dtype(dtype, "random_normal")
    s = _sample_dtype(d)
    z = torch.randn(_shape(shape), generator=_generator(seed), dtype=s,
                    device=DEVICE)
    return (z * _param(stddev, s) + _param(mean, s)).to(d)


def random_truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None,
                            seed=None):
    """Normal, with values more than two standard deviations from the mean
    redrawn."""
    d = _float_dtype(dtype, "random_truncated_normal")
    s = _sample_dtype(d)
    g = _generator(seed)
    shape = _shape(shape)
    z = torch.randn(shape, generator=g, dtype=s, device=DEVICE)
    bad = z.abs() > 2.0
    n = int(bad.sum())
    while n:
        z[bad] = torch.randn(n, generator=g, dtype=s, device=DEVICE)
        bad = z.abs() > 2.0
        n = int(bad.sum())
    return (z * _param(stddev, s) + _param(mean, s)).to(d)


def random_randint(shape, minval, maxval, dtype="int32", seed=None):
    """Integers uniform in `[minval, maxval)`."""
    d = to_torch_dtype(dtype)
    out = torch.randint(int(minval), int(maxval), _shape(shape),
                        generator=_generator(seed), dtype=torch.int64,
                        device=DEVICE)
    return out.to(d)


def random_categorical(logits, num_samples, dtype="int32", seed=None):
    """`num_samples` class indices per row of `(batch, classes)` logits."""
    logits = _t(logits)
    if logits.ndim != 2:
        raise ValueError(
            "random_categorical: `logits` must be (batch, classes). "
            f"Received: logits.shape={tuple(logits.shape)}."
        )
    probs = torch.softmax(logits.to(torch.float64 if logits.dtype is
                                    torch.float64 else torch.float32), -1)
    out = torch.multinomial(probs, int(num_samples), replacement=True,
                            generator=_generator(seed))
    return out.to(to_torch_dtype(dtype))


def random_shuffle(x, axis=0, seed=None):
    """`x` with its entries along `axis` randomly permuted."""
    x = _t(x)
    axis = int(axis)
    perm = torch.randperm(x.shape[axis], generator=_generator(seed),
                          device=x.device)
    return torch.index_select(x, axis, perm)


def seed_global(seed: int) -> None:
    """Seeds torch's own global generator (`set_random_seed`)."""
    torch.manual_seed(seed)
