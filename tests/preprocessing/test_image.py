"""Keras 2 image augmentation: the warp against SciPy through Keras 3's
legacy copy, seeded augmentation equal to tf.keras 2's, hand-computed
transforms, and `fit` on the iterators."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from cornu.preprocessing.image import (
    ImageDataGenerator,
    apply_affine_transform,
    apply_brightness_shift,
    img_to_array,
)
from cornu.utils import PyDataset
from tests._oracle import import_keras

RNG = np.random.RandomState(0)
IMAGES = RNG.rand(6, 5, 7, 3).astype("float32") * 255
LABELS = np.array([0, 1, 0, 1, 0, 1])


def _legacy():
    import_keras()
    pytest.importorskip("scipy")
    return importlib.import_module("keras.src.legacy.preprocessing.image")


def test_shift_by_hand_follows_tf_keras_axis_order():
    x = np.arange(9, dtype="float32").reshape(3, 3, 1)
    # tf.keras 2 swaps the transform's axes: `tx` moves the columns.
    out = apply_affine_transform(x, tx=1, row_axis=0, col_axis=1,
                                 channel_axis=2)
    assert out[:, :, 0].tolist() == [[1, 2, 2], [4, 5, 5], [7, 8, 8]]
    out = apply_affine_transform(x, ty=-1, row_axis=0, col_axis=1,
                                 channel_axis=2, fill_mode="constant",
                                 cval=-1)
    assert out[:, :, 0].tolist() == [[-1, -1, -1], [0, 1, 2], [3, 4, 5]]
    rotated = apply_affine_transform(x, theta=90, row_axis=0, col_axis=1,
                                     channel_axis=2)
    # a positive angle turns the image counter-clockwise
    np.testing.assert_allclose(rotated[:, :, 0], np.rot90(x[:, :, 0]),
                               atol=1e-5)
    assert apply_affine_transform(x) is x


@pytest.mark.parametrize("params", [
    {"theta": 23.0}, {"tx": 1.5, "ty": -2.25}, {"shear": 17.0},
    {"zx": 0.7, "zy": 1.3}, {"theta": -40, "tx": 2, "shear": 5, "zx": 1.2},
])
@pytest.mark.parametrize("fill_mode", ["nearest", "constant", "reflect",
                                       "wrap"])
@pytest.mark.parametrize("order", [0, 1])
def test_affine_transform_matches_keras_legacy(params, fill_mode, order):
    legacy = _legacy()
    x = IMAGES[0]
    kwargs = dict(row_axis=0, col_axis=1, channel_axis=2,
                  fill_mode=fill_mode, cval=-7.0, order=order, **params)
    np.testing.assert_allclose(apply_affine_transform(x, **kwargs),
                               legacy.apply_affine_transform(x, **kwargs),
                               rtol=1e-5, atol=1e-3)
    xc = np.moveaxis(x, 2, 0)
    kwargs.update(row_axis=1, col_axis=2, channel_axis=0)
    np.testing.assert_allclose(apply_affine_transform(xc, **kwargs),
                               legacy.apply_affine_transform(xc, **kwargs),
                               rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize("order", [0, 1])
def test_warp_matches_scipy_on_every_boundary_rule(order):
    ndimage = pytest.importorskip("scipy.ndimage")
    from cornu.preprocessing._affine import FILL_MODES, warp

    for n in (1, 2, 5):
        image = np.arange(1.0, n + 1)[None, :] * 1.7
        for mode in FILL_MODES:
            for shift in np.arange(-13, 14, 0.25):  # ties included
                expected = ndimage.affine_transform(
                    image, np.eye(2), [0, shift], output_shape=(1, 1),
                    order=order, mode=mode, cval=-9)
                actual = warp(image, np.eye(2), [0, shift], order, mode, -9)
                assert actual[0, 0] == pytest.approx(expected[0, 0]), (
                    n, mode, shift)


AUGMENT = dict(rotation_range=30, width_shift_range=0.2,
               height_shift_range=[1, 2], shear_range=10, zoom_range=0.2,
               channel_shift_range=15.0, horizontal_flip=True,
               vertical_flip=True, fill_mode="reflect")


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_seeded_random_transform_matches_keras_legacy(data_format):
    legacy = _legacy()
    ours = ImageDataGenerator(data_format=data_format, **AUGMENT)
    theirs = legacy.ImageDataGenerator(data_format=data_format, **AUGMENT)
    x = IMAGES[1] if data_format == "channels_last" \
        else np.moveaxis(IMAGES[1], 2, 0)
    for seed in (1, 2, 3):
        p_ours = ours.get_random_transform(x.shape, seed=seed)
        p_theirs = theirs.get_random_transform(x.shape, seed=seed)
        assert p_ours.keys() == p_theirs.keys()
        for key in p_ours:
            assert p_ours[key] == pytest.approx(p_theirs[key]), key
        np.testing.assert_allclose(ours.random_transform(x, seed=seed),
                                   theirs.random_transform(x, seed=seed),
                                   rtol=1e-5, atol=1e-3)


def test_seeded_flow_matches_keras_legacy():
    legacy = _legacy()
    kwargs = dict(rescale=1 / 255, samplewise_center=True, **AUGMENT)
    ours = ImageDataGenerator(**kwargs).flow(IMAGES, LABELS, batch_size=4,
                                             seed=11)
    theirs = legacy.ImageDataGenerator(**kwargs).flow(
        IMAGES, LABELS, batch_size=4, seed=11)
    assert isinstance(ours, PyDataset) and len(ours) == len(theirs) == 2
    for i in range(2):
        (xa, ya), (xb, yb) = ours[i], theirs[i]
        np.testing.assert_array_equal(ya, yb)
        np.testing.assert_allclose(xa, xb, rtol=1e-4, atol=1e-4)
    xa, ya = next(iter(ours))
    xb, yb = next(iter(theirs))
    np.testing.assert_array_equal(ya, yb)


@pytest.mark.parametrize("kwargs", [
    {"featurewise_center": True},
    {"featurewise_center": True, "featurewise_std_normalization": True},
    {"zca_whitening": True, "zca_epsilon": 0.1},
])
def test_fit_and_standardize_match_keras_legacy(kwargs):
    legacy = _legacy()
    images = RNG.rand(8, 3, 4, 3).astype("float32")
    ours, theirs = ImageDataGenerator(**kwargs), legacy.ImageDataGenerator(
        **kwargs)
    ours.fit(images)
    theirs.fit(images)
    for name in ("mean", "std", "zca_whitening_matrix"):
        a, b = getattr(ours, name), getattr(theirs, name)
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(ours.standardize(images.copy()),
                               theirs.standardize(images.copy()),
                               rtol=1e-4, atol=1e-4)


def test_standardize_by_hand_and_unfitted_warning():
    gen = ImageDataGenerator(rescale=0.5, samplewise_center=True,
                             preprocessing_function=lambda x: x + 1)
    x = np.array([[[1.0], [3.0]]], dtype="float32")  # (1, 2, 1)
    np.testing.assert_allclose(gen.standardize(x.copy()), [[[-0.5], [0.5]]])
    with pytest.warns(UserWarning, match="fit"):
        ImageDataGenerator(featurewise_center=True).standardize(x.copy())


def test_flips_and_channel_shift_by_hand():
    x = np.arange(12, dtype="float32").reshape(2, 3, 2)
    gen = ImageDataGenerator()
    out = gen.apply_transform(x, {"flip_horizontal": True,
                                  "channel_shift_intensity": 5.0})
    expected = np.clip(x[:, ::-1, :] + 5, 0, 11)
    np.testing.assert_array_equal(out, expected)
    out = gen.apply_transform(x, {"flip_vertical": True})
    np.testing.assert_array_equal(out, x[::-1])


def test_brightness_by_hand():
    x = np.array([[[10.0], [100.0], [250.0]]], dtype="float32")
    # values inside 0..255 and scale=False: 8-bit, times 1.5, clipped
    np.testing.assert_array_equal(apply_brightness_shift(x, 1.5, False),
                                  [[[15.0], [150.0], [255.0]]])
    # scale=True stretches 10..250 to 0..255 first (100 -> 95.625 -> 95)
    np.testing.assert_array_equal(apply_brightness_shift(x, 0.5, True),
                                  [[[0.0], [47.0], [127.0]]])


def test_validation_subset_and_sample_weight():
    gen = ImageDataGenerator(validation_split=0.34)
    val = gen.flow(IMAGES, LABELS, batch_size=10, shuffle=False,
                   subset="validation")
    train = gen.flow(IMAGES, LABELS, sample_weight=np.arange(6.0),
                     batch_size=10, shuffle=False, subset="training")
    assert val[0][1].tolist() == [0, 1]  # the first int(6 * 0.34) samples
    x, y, w = train[0]
    assert y.tolist() == [0, 1, 0, 1] and w.tolist() == [2, 3, 4, 5]
    np.testing.assert_array_equal(x, IMAGES[2:])


@pytest.mark.parametrize("kwargs, match", [
    ({"fill_mode": "edge"}, "fill_mode"),
    ({"zoom_range": [1, 2, 3]}, "zoom_range"),
    ({"brightness_range": 0.5}, "brightness_range"),
    ({"validation_split": 1.5}, "validation_split"),
    ({"data_format": "nhwc"}, "data_format"),
    ({"interpolation_order": 3}, "interpolation_order"),
    ({"rotation_range": -5}, "rotation_range"),
])
def test_constructor_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ImageDataGenerator(**kwargs)


def test_flow_errors():
    gen = ImageDataGenerator()
    with pytest.raises(ValueError, match="same length"):
        gen.flow(IMAGES, LABELS[:3])
    with pytest.raises(ValueError, match="4-D"):
        gen.flow(IMAGES[0], None)
    with pytest.raises(ValueError, match="subset"):
        gen.flow(IMAGES, LABELS, subset="test")
    with pytest.raises(IndexError):
        gen.flow(IMAGES, LABELS, batch_size=4)[2]


def test_flow_from_directory_lists_classes_and_needs_pillow(tmp_path):
    for name in ("cat", "dog"):
        (tmp_path / name).mkdir()
        for i in range(2):
            (tmp_path / name / f"{i}.png").write_bytes(b"not decoded yet")
    (tmp_path / "dog" / "readme.txt").write_text("skipped")
    it = ImageDataGenerator().flow_from_directory(
        tmp_path, target_size=(4, 4), batch_size=3, shuffle=False)
    assert it.class_indices == {"cat": 0, "dog": 1}
    assert it.filenames == ["cat/0.png", "cat/1.png", "dog/0.png",
                            "dog/1.png"]
    assert it.classes.tolist() == [0, 0, 1, 1] and len(it) == 2
    try:
        import PIL  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match=r"cornu\[image\]"):
            it[0]


def test_img_to_array_layouts():
    assert img_to_array(np.zeros((2, 3))).shape == (2, 3, 1)
    assert img_to_array(np.zeros((2, 3, 4)), "channels_first").shape == (
        4, 2, 3)
    assert img_to_array(np.zeros((2, 3)), dtype="uint8").dtype == np.uint8
    with pytest.raises(ValueError, match="2 or 3 axes"):
        img_to_array(np.zeros((2, 3, 4, 5)))


@pytest.mark.trainable
def test_fit_accepts_a_flow():
    import cornu as keras

    gen = ImageDataGenerator(horizontal_flip=True, rescale=1 / 255)
    model = keras.Sequential([keras.Input((5, 7, 3)), keras.layers.Flatten(),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    history = model.fit(gen.flow(IMAGES, LABELS, batch_size=3, seed=0),
                        epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
