"""The torch engine: eager PyTorch tensors, `torch.nn.Parameter` variables
and torch's native kernels.

Importing it sets `OMP_WAIT_POLICY=PASSIVE` unless the environment already
sets a policy, so that torch's OpenMP threads sleep instead of spinning while
they wait. It takes effect only when cornu is the first to load torch (the
OpenMP runtime reads it once). Spinning threads made small torch steps 5 to
100 times slower on a machine whose cores are shared with other work; on idle
dedicated cores the passive policy costs little (docs/architecture.md).
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
    random_categorical,
    random_normal,
    random_randint,
    random_shuffle,
    random_truncated_normal,
    random_uniform,
)
from cornu.backend.torch.rnn import rnn_kernels

# The names above; the NumPy-like primitives come in through the `*`.
__all__ = [
    "gradients",
    "LayerBase", "Variable", "avg_pool", "cond", "conv", "conv_transpose",
    "convert_to_numpy", "convert_to_tensor", "fused", "get_device",
    "is_tensor", "max_pool", "name", "random_categorical", "random_normal",
    "random_randint", "random_shuffle", "random_truncated_normal",
    "random_uniform", "rnn_kernels", "scan", "trainable", "while_loop",
]
