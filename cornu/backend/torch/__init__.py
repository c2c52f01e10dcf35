"""The torch engine: eager PyTorch tensors, `torch.nn.Parameter` variables
and torch's native kernels.

Importing it sets `OMP_WAIT_POLICY=PASSIVE` unless the environment already
sets a policy, so that torch's OpenMP threads sleep instead of spinning while
they wait. It takes effect only when cornu is the first to load torch (the
OpenMP runtime reads it once). Spinning threads made small torch steps 5 to
100 times slower on a machine whose cores are shared with other work; on idle
dedicated cores the passive policy costs little (docs/architecture.md).

It also flushes denormal floats to zero on the CPU for the whole process
(`torch.set_flush_denormal(True)`) unless `CORNU_FLUSH_DENORMAL=0`: x86
CPUs compute on denormals up to 100 times slower, XLA flushes them always,
and torch's intra-op threads take the mode only from the thread that
creates them (docs/architecture.md).
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from cornu.backend.torch.autodiff import gradients
from cornu.backend.torch.control_flow import cond, scan, while_loop
from cornu.backend.torch.core import (
    Variable,
    convert_to_numpy,
    convert_to_tensor,
    get_device,
    is_tensor,
    name,
    trainable,
)
from cornu.backend.torch.fused import fused
from cornu.backend.torch.layer import LayerBase
from cornu.backend.torch.nn import avg_pool, conv, conv_transpose, max_pool
from cornu.backend.torch.numpy import *  # noqa: F403
from cornu.backend.torch.random import (
    advance_seed,
    random_categorical,
    random_normal,
    random_randint,
    random_shuffle,
    random_truncated_normal,
    random_uniform,
)
from cornu.backend.torch.rnn import rnn_kernels

if os.environ.get("CORNU_FLUSH_DENORMAL", "1") != "0":
    # Process-wide, now: threads inherit the mode when they are created, so
    # only a mode set before torch starts its intra-op threads reaches them
    # (flushing at `fit` time left them on denormals: W1's second epoch ran
    # ~45% slower than with the mode set first). XLA flushes always.
    import torch as _torch

    _torch.set_flush_denormal(True)

# The names above; the NumPy-like primitives come in through the `*`.
__all__ = [
    "advance_seed", "gradients",
    "LayerBase", "Variable", "avg_pool", "cond", "conv", "conv_transpose",
    "convert_to_numpy", "convert_to_tensor", "fused", "get_device",
    "is_tensor", "max_pool", "name", "random_categorical", "random_normal",
    "random_randint", "random_shuffle", "random_truncated_normal",
    "random_uniform", "rnn_kernels", "scan", "trainable", "while_loop",
]
