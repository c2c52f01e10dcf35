"""The numeric preprocessing layers inside models: augmentation acts in
`fit` (inside the engine's compiled step, with the seed generator's state
threaded through) and not in `predict`, the lookups and normalization run
in Functional models, and a small task is learned through them."""

from __future__ import annotations

import numpy as np
import pytest

import cornu
from cornu import layers, ops

RNG = np.random.default_rng(0)


def _image_model():
    inputs = layers.Input((6, 6, 1))
    x = layers.Rescaling(1 / 10)(inputs)
    x = layers.RandomFlip("horizontal", seed=1)(x)
    x = layers.RandomTranslation(0.1, 0.1, seed=2)(x)
    x = layers.RandomRotation(0.05, seed=3)(x)
    x = layers.RandomZoom(0.1, seed=4)(x)
    x = layers.RandomContrast(0.1, value_range=(0, 1), seed=5)(x)
    x = layers.RandomBrightness(0.05, value_range=(0, 1), seed=6)(x)
    x = layers.RandomCrop(4, 4, seed=7)(x)
    x = layers.Resizing(3, 3)(x)
    x = layers.Flatten()(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return cornu.Model(inputs, outputs)


@pytest.mark.trainable
def test_augmented_image_model_learns():
    # Bright images are class 1: every augmentation keeps that learnable.
    y = (RNG.random(64) < 0.5).astype("float32")
    x = (RNG.random((64, 6, 6, 1)) * 3 + y[:, None, None, None] * 6).astype(
        "float32")
    model = _image_model()
    model.compile(optimizer=cornu.optimizers.Adam(0.05),
                  loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=8, batch_size=16, verbose=0)
    assert history.history["accuracy"][-1] > 0.9
    seeds = [g.state for g in (model.layers[2].seed_generator,)]
    assert all(s is not None for s in seeds)
    # predict is inference: the augmentation layers are identities, so two
    # calls agree.
    np.testing.assert_array_equal(model.predict(x[:8], verbose=0),
                                  model.predict(x[:8], verbose=0))


def test_predict_with_augmentation_is_deterministic():
    model = _image_model()
    x = RNG.random((4, 6, 6, 1)).astype("float32") * 10
    a = model.predict(x, verbose=0)
    b = ops.convert_to_numpy(model(x))
    np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@pytest.mark.trainable
def test_normalized_and_encoded_features_learn():
    numeric = (RNG.standard_normal((128, 2)) * [5, 0.1] + [10, -3]).astype(
        "float32")
    codes = RNG.integers(0, 4, size=(128, 1))
    y = ((numeric[:, 0] > 10) ^ (codes[:, 0] >= 2)).astype("float32")
    norm = layers.Normalization()
    norm.adapt(numeric)
    num_in = layers.Input((2,))
    cat_in = layers.Input((1,), dtype="int32")
    hot = layers.IntegerLookup(vocabulary=[0, 1, 2, 3],
                               output_mode="one_hot")(cat_in)
    x = layers.Concatenate()([norm(num_in), hot])
    x = layers.Dense(16, activation="relu")(x)
    out = layers.Dense(1, activation="sigmoid")(x)
    model = cornu.Model([num_in, cat_in], out)
    model.compile(optimizer=cornu.optimizers.Adam(0.05),
                  loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit([numeric, codes], y, epochs=30, batch_size=32,
                        verbose=0)
    assert history.history["accuracy"][-1] > 0.9
