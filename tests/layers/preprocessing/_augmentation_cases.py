"""Shared checks for the random augmentation layers: identity at
inference, seeded repeatability, a moving seed generator and both data
formats."""

from __future__ import annotations

import numpy as np

from cornu import layers, ops

IMAGES = ((np.arange(2 * 5 * 6 * 2, dtype="float32").reshape(2, 5, 6, 2)
           * 1.7) % 13)


def to_numpy(x):
    return ops.convert_to_numpy(x)


def check_inference_is_identity(cls, kwargs):
    layer = cls(**kwargs)
    np.testing.assert_array_equal(to_numpy(layer(IMAGES, training=False)),
                                  IMAGES)
    # cornu's documented difference from Keras 3: a bare call is inference.
    np.testing.assert_array_equal(to_numpy(layer(IMAGES)), IMAGES)
    model = layers.Input(IMAGES.shape[1:])
    assert layer(model).shape == (None, *IMAGES.shape[1:])


def check_seeded_repeatability(cls, kwargs):
    a = to_numpy(cls(seed=5, **kwargs)(IMAGES, training=True))
    b = to_numpy(cls(seed=5, **kwargs)(IMAGES, training=True))
    np.testing.assert_array_equal(a, b)
    layer = cls(seed=5, **kwargs)
    draws = [to_numpy(layer(IMAGES, training=True)) for _ in range(4)]
    assert any(not np.array_equal(draws[0], d) for d in draws[1:])


def check_channels_first_matches_last(cls, kwargs):
    last = to_numpy(cls(seed=3, data_format="channels_last", **kwargs)(
        IMAGES, training=True))
    first = to_numpy(cls(seed=3, data_format="channels_first", **kwargs)(
        np.transpose(IMAGES, (0, 3, 1, 2)), training=True))
    np.testing.assert_allclose(np.transpose(first, (0, 2, 3, 1)), last,
                               rtol=1e-5, atol=1e-5)

