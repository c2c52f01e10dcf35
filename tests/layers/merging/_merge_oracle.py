"""Shared by the merging-layer tests: random input lists, and Keras 3's
output and mask for the same inputs and masks."""

from __future__ import annotations

import numpy as np

from tests._oracle import import_keras

# name -> (input shapes, expected output shape) for elementwise merges.
ELEMENTWISE_CASES = {
    "two": ([(2, 3), (2, 3)], (2, 3)),
    "three_3d": ([(2, 3, 4)] * 3, (2, 3, 4)),
    "broadcast_size_1": ([(2, 3, 4), (2, 1, 4)], (2, 3, 4)),
    "lower_rank": ([(2, 3, 4), (2, 4)], (2, 3, 4)),
}


def random_inputs(shapes, seed=0, dtype="float32"):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s).astype(dtype) for s in shapes]


def expand_to_rank(xs):
    """Keras's rule for inputs of different ranks: axes of size 1 after
    the batch axis."""
    rank = max(x.ndim for x in xs)
    return [x.reshape(x.shape[:1] + (1,) * (rank - x.ndim) + x.shape[1:])
            for x in xs]


def keras_merge(class_name, init_kwargs, xs, masks=None):
    """Keras's `(output, output_mask)` as NumPy (mask `None` if none)."""
    keras = import_keras()
    from keras.src.backend import get_keras_mask, set_keras_mask

    tensors = [keras.ops.convert_to_tensor(x) for x in xs]
    for t, m in zip(tensors, masks or [None] * len(xs), strict=True):
        if m is not None:
            set_keras_mask(t, keras.ops.convert_to_tensor(m))
    layer = getattr(keras.layers, class_name)(**init_kwargs)
    out = layer(tensors)
    mask = get_keras_mask(out)
    return (np.asarray(keras.ops.convert_to_numpy(out)),
            None if mask is None else np.asarray(
                keras.ops.convert_to_numpy(mask)))


def keras_config(class_name, init_kwargs):
    keras = import_keras()
    return getattr(keras.layers, class_name)(**init_kwargs).get_config()
