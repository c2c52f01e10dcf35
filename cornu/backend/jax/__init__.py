"""The jax engine: jax arrays, traceable under `jax.jit`, trainable."""

from cornu.backend.jax.autodiff import gradients
from cornu.backend.jax.call_cache import make_call_cache
from cornu.backend.jax.core import (
    LayerBase,
    Variable,
    cond,
    convert_to_numpy,
    convert_to_tensor,
    is_tensor,
    name,
    scan,
    trainable,
    while_loop,
)
from cornu.backend.jax.fused import fused
from cornu.backend.jax.indexing import (
    getitem,
    scatter,
    scatter_update,
    slice,
    slice_update,
    take,
    take_along_axis,
)
from cornu.backend.jax.nn import avg_pool, conv, conv_transpose, max_pool
from cornu.backend.jax.numpy import *  # noqa: F403
from cornu.backend.jax.random import (
    random_categorical,
    random_normal,
    random_randint,
    random_shuffle,
    random_truncated_normal,
    random_uniform,
)
from cornu.backend.jax.rnn import rnn_kernels

# The names above; the NumPy-like primitives come in through the `*`.
__all__ = [
    "gradients", "make_call_cache",
    "LayerBase", "Variable", "avg_pool", "cond", "conv", "conv_transpose",
    "convert_to_numpy", "convert_to_tensor", "fused", "is_tensor", "max_pool",
    "name", "random_categorical", "random_normal", "random_randint",
    "random_shuffle", "random_truncated_normal", "random_uniform",
    "rnn_kernels", "scan",
    "trainable", "while_loop", "getitem", "scatter", "scatter_update",
    "slice", "slice_update", "take", "take_along_axis",
]
