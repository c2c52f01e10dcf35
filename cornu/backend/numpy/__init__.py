"""The NumPy engine: inference only (load a model and predict with nothing
but NumPy installed)."""

from cornu.backend.numpy.autodiff import gradients
from cornu.backend.numpy.control_flow import cond, scan, while_loop
from cornu.backend.numpy.core import (
    LayerBase,
    Variable,
    convert_to_numpy,
    convert_to_tensor,
    is_tensor,
    name,
    trainable,
)
from cornu.backend.numpy.nn import avg_pool, conv, conv_transpose, max_pool
from cornu.backend.numpy.numpy import *  # noqa: F403
from cornu.backend.numpy.random import (
    random_categorical,
    random_normal,
    random_randint,
    random_shuffle,
    random_truncated_normal,
    random_uniform,
)

fused: dict = {}

__all__ = [  # noqa: F405 - the primitives come in through `numpy.*`
    "LayerBase", "Variable", "avg_pool", "cond", "conv", "conv_transpose",
    "convert_to_numpy", "convert_to_tensor", "fused", "gradients",
    "is_tensor", "max_pool", "name", "random_categorical", "random_normal",
    "random_randint", "random_shuffle", "random_truncated_normal",
    "random_uniform", "scan", "trainable", "while_loop",
]
