"""`ImageDataGenerator`: tf.keras 2's real-time image augmentation.

Transforms are drawn from NumPy's global generator in tf.keras 2's order
(rotation, height shift, width shift, shear, zoom, flips, channel shift,
brightness), so a seeded run repeats exactly; the warp is
`cornu.preprocessing.image.apply_affine_transform`, which reproduces
SciPy's resampling without needing SciPy.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from cornu import config
from cornu.preprocessing._affine import FILL_MODES, apply_affine_transform
from cornu.preprocessing._dataframe_iterator import DataFrameIterator
from cornu.preprocessing._image_iterators import (
    DirectoryIterator,
    NumpyArrayIterator,
)


def flip_axis(x: np.ndarray, axis: int) -> np.ndarray:
    """`x` reversed along `axis`."""
    return np.flip(np.asarray(x), axis)


def apply_channel_shift(x, intensity: float, channel_axis: int = 0):
    """Adds `intensity` to every channel, clipped to `x`'s value range."""
    x = np.asarray(x)
    low, high = np.min(x), np.max(x)
    return np.clip(x + intensity, low, high)


def apply_brightness_shift(x, brightness: float, scale: bool = True):
    """Scales the brightness as Pillow's `ImageEnhance.Brightness` does.

    The image is turned into 8-bit values (stretched to 0..255 when `scale`
    or when its values leave 0..255, truncated otherwise), multiplied by
    `brightness`, truncated and clipped to 0..255; values stretched only
    because they left 0..255 are mapped back to the original range unless
    `scale`.
    """
    x = np.asarray(x, dtype=config.floatx())
    low, high = float(np.min(x)), float(np.max(x))
    local_scale = low < 0 or high > 255
    if local_scale or scale:
        x = x - low
        if high - low != 0:
            x = x / (high - low)
        x = x * 255
    pixels = x.astype("uint8").astype("float64")
    out = np.clip(np.trunc(pixels * brightness), 0, 255).astype(
        config.floatx())
    if not scale and local_scale:
        out = out / 255 * (high - low) + low
    return out


def _check_range(name: str, value) -> None:
    if isinstance(value, (list, tuple, np.ndarray)):
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or value < 0:
        raise ValueError(
            f"ImageDataGenerator: `{name}` must be a non-negative number "
            f"or a list of values. Received: {name}={value!r}."
        )


def _is_set(value) -> bool:
    """Python truthiness, with an array counting as set when not empty."""
    if isinstance(value, np.ndarray):
        return value.size > 0
    return bool(value)


class ImageDataGenerator:
    """Batches of image data with real-time augmentation (tf.keras 2).

    Each sample is transformed by `apply_transform` with parameters from
    `get_random_transform`, then normalized by `standardize`
    (`preprocessing_function`, `rescale`, sample-wise then feature-wise
    centering and scaling, ZCA whitening; the feature-wise statistics come
    from `fit`).

    Args:
        featurewise_center: subtract the dataset mean (per channel).
        samplewise_center: subtract each sample's mean.
        featurewise_std_normalization: divide by the dataset std.
        samplewise_std_normalization: divide each sample by its std.
        zca_whitening: apply ZCA whitening (implies featurewise_center).
        zca_epsilon: the epsilon of ZCA whitening.
        rotation_range: the largest rotation, in degrees.
        width_shift_range: a float below 1 (fraction of the width), a
            number of pixels, or a list of allowed pixel shifts.
        height_shift_range: the same, for the height.
        brightness_range: `(low, high)` brightness factors.
        shear_range: the largest shear angle, in degrees.
        zoom_range: a float `z` (zoom in `[1 - z, 1 + z]`) or `[low, high]`.
        channel_shift_range: the largest channel shift.
        fill_mode: `"constant"`, `"nearest"`, `"reflect"` or `"wrap"` (and
            `"mirror"`): how points outside the image are filled.
        cval: the fill value for `fill_mode="constant"`.
        horizontal_flip: randomly flip left-right.
        vertical_flip: randomly flip up-down.
        rescale: a factor every sample is multiplied by (after
            `preprocessing_function`).
        preprocessing_function: a function applied to each sample first.
        data_format: `"channels_last"` or `"channels_first"`; `None` uses
            `cornu.config.image_data_format()`.
        validation_split: the fraction of samples kept for `subset=
            "validation"` in `flow`, `flow_from_directory` and
            `flow_from_dataframe`.
        interpolation_order: 0 (nearest) or 1 (linear).
        dtype: the dtype of the batches; `None` means `floatx()`.

    Example:
        >>> import numpy as np
        >>> from cornu.preprocessing.image import ImageDataGenerator
        >>> gen = ImageDataGenerator(rescale=1 / 255, horizontal_flip=True)
        >>> images = np.zeros((10, 8, 8, 3)); labels = np.arange(10)
        >>> x, y = gen.flow(images, labels, batch_size=4, shuffle=False)[0]
        >>> x.shape, y.tolist()
        ((4, 8, 8, 3), [0, 1, 2, 3])
    """

    def __init__(self, featurewise_center: bool = False,
                 samplewise_center: bool = False,
                 featurewise_std_normalization: bool = False,
                 samplewise_std_normalization: bool = False,
                 zca_whitening: bool = False, zca_epsilon: float = 1e-6,
                 rotation_range: float = 0, width_shift_range=0.0,
                 height_shift_range=0.0, brightness_range=None,
                 shear_range: float = 0.0, zoom_range=0.0,
                 channel_shift_range: float = 0.0,
                 fill_mode: str = "nearest", cval: float = 0.0,
                 horizontal_flip: bool = False, vertical_flip: bool = False,
                 rescale=None, preprocessing_function=None,
                 data_format: str | None = None,
                 validation_split: float = 0.0,
                 interpolation_order: int = 1, dtype=None):
        data_format = data_format or config.image_data_format()
        if data_format not in ("channels_last", "channels_first"):
            raise ValueError(
                "ImageDataGenerator: `data_format` must be 'channels_last' "
                f"or 'channels_first'. Received: data_format={data_format!r}."
            )
        if fill_mode not in FILL_MODES:
            raise ValueError(
                f"ImageDataGenerator: `fill_mode` must be one of "
                f"{FILL_MODES}. Received: fill_mode={fill_mode!r}."
            )
        if interpolation_order not in (0, 1):
            raise ValueError(
                "ImageDataGenerator: `interpolation_order` must be 0 or 1. "
                f"Received: interpolation_order={interpolation_order!r}."
            )
        if validation_split and not 0 < validation_split < 1:
            raise ValueError(
                "ImageDataGenerator: `validation_split` must be in (0, 1). "
                f"Received: validation_split={validation_split!r}."
            )
        for name, value in (("rotation_range", rotation_range),
                            ("width_shift_range", width_shift_range),
                            ("height_shift_range", height_shift_range),
                            ("shear_range", shear_range)):
            _check_range(name, value)
        if isinstance(zoom_range, (int, float)) and not isinstance(
                zoom_range, bool):
            zoom_range = [1 - zoom_range, 1 + zoom_range]
        elif isinstance(zoom_range, (list, tuple)) and len(zoom_range) == 2:
            zoom_range = [zoom_range[0], zoom_range[1]]
        else:
            raise ValueError(
                "ImageDataGenerator: `zoom_range` must be a float or two "
                f"floats [low, high]. Received: zoom_range={zoom_range!r}."
            )
        if brightness_range is not None and (
                not isinstance(brightness_range, (list, tuple))
                or len(brightness_range) != 2):
            raise ValueError(
                "ImageDataGenerator: `brightness_range` must be two floats "
                f"(low, high). Received: brightness_range="
                f"{brightness_range!r}."
            )
        self.featurewise_center = featurewise_center or zca_whitening \
            or featurewise_std_normalization
        self.samplewise_center = samplewise_center \
            or samplewise_std_normalization
        self.featurewise_std_normalization = featurewise_std_normalization \
            and not zca_whitening
        self.samplewise_std_normalization = samplewise_std_normalization
        self.zca_whitening = zca_whitening
        self.zca_epsilon = zca_epsilon
        self.rotation_range = rotation_range
        self.width_shift_range = width_shift_range
        self.height_shift_range = height_shift_range
        self.brightness_range = brightness_range
        self.shear_range = shear_range
        self.zoom_range = zoom_range
        self.channel_shift_range = channel_shift_range
        self.fill_mode = fill_mode
        self.cval = cval
        self.horizontal_flip = horizontal_flip
        self.vertical_flip = vertical_flip
        self.rescale = rescale
        self.preprocessing_function = preprocessing_function
        self.data_format = data_format
        self.interpolation_order = interpolation_order
        self.dtype = dtype or config.floatx()
        self._validation_split = validation_split
        if data_format == "channels_first":
            self.channel_axis, self.row_axis, self.col_axis = 1, 2, 3
        else:
            self.channel_axis, self.row_axis, self.col_axis = 3, 1, 2
        self.mean = None
        self.std = None
        self.zca_whitening_matrix = None

    def flow(self, x, y=None, batch_size: int = 32, shuffle: bool = True,
             sample_weight=None, seed: int | None = None, save_to_dir=None,
             save_prefix: str = "", save_format: str = "png",
             ignore_class_split: bool = False, subset: str | None = None):
        """Augmented batches from arrays: a `PyDataset` of `x`,
        `(x, y)` or `(x, y, sample_weight)` batches (`x` may be
        `(images, extra_arrays)`, whose extra arrays are batched as they
        are)."""
        return NumpyArrayIterator(
            x, y, self, batch_size=batch_size, shuffle=shuffle,
            sample_weight=sample_weight, seed=seed,
            data_format=self.data_format, save_to_dir=save_to_dir,
            save_prefix=save_prefix, save_format=save_format, subset=subset,
            ignore_class_split=ignore_class_split, dtype=self.dtype)

    def flow_from_directory(self, directory, target_size=(256, 256),
                            color_mode: str = "rgb", classes=None,
                            class_mode: str | None = "categorical",
                            batch_size: int = 32, shuffle: bool = True,
                            seed: int | None = None, save_to_dir=None,
                            save_prefix: str = "", save_format: str = "png",
                            follow_links: bool = False,
                            subset: str | None = None,
                            interpolation: str = "nearest",
                            keep_aspect_ratio: bool = False):
        """Augmented batches of the images under `directory` (one
        subfolder per class; needs Pillow). `class_mode` is
        `"categorical"` (one-hot), `"binary"`, `"sparse"` (integers),
        `"input"` (the images again, for autoencoders) or `None`."""
        return DirectoryIterator(
            directory, self, target_size=target_size, color_mode=color_mode,
            classes=classes, class_mode=class_mode, batch_size=batch_size,
            shuffle=shuffle, seed=seed, data_format=self.data_format,
            save_to_dir=save_to_dir, save_prefix=save_prefix,
            save_format=save_format, follow_links=follow_links,
            subset=subset, interpolation=interpolation,
            keep_aspect_ratio=keep_aspect_ratio, dtype=self.dtype)

    def flow_from_dataframe(self, dataframe, directory=None,
                            x_col: str = "filename", y_col="class",
                            weight_col: str | None = None,
                            target_size=(256, 256), color_mode: str = "rgb",
                            classes=None,
                            class_mode: str | None = "categorical",
                            batch_size: int = 32, shuffle: bool = True,
                            seed: int | None = None, save_to_dir=None,
                            save_prefix: str = "", save_format: str = "png",
                            subset: str | None = None,
                            interpolation: str = "nearest",
                            validate_filenames: bool = True):
        """Augmented batches of the image files listed in a pandas
        DataFrame (needs pandas and Pillow).

        Args:
            dataframe: a DataFrame whose `x_col` column holds file paths,
                relative to `directory` or absolute when `directory` is
                `None`.
            directory: the folder the paths are relative to.
            x_col: the column of file paths.
            y_col: the label column (a list of columns for
                `"multi_output"`, one column or a list for `"raw"`).
            weight_col: a column of sample weights, batched as a third
                element.
            target_size: `(height, width)` the images are resized to.
            color_mode: `"grayscale"`, `"rgb"` or `"rgba"`.
            classes: the classes to keep (rows of other classes are
                dropped), in index order; `None` takes every class in
                `y_col`, indexed in sorted order.
            class_mode: `"categorical"` (one-hot; a label may be a list of
                classes), `"binary"` or `"sparse"` (class indices),
                `"raw"` (the `y_col` values), `"multi_output"` (one array
                per column), `"input"` (the images again) or `None`.
            batch_size: samples per batch.
            shuffle: shuffle the order every epoch.
            seed: seeds the shuffling and the augmentation.
            save_to_dir: a folder the augmented images are also saved to.
            save_prefix: the saved files' name prefix.
            save_format: the saved files' format.
            subset: `"training"` or `"validation"`: with the generator's
                `validation_split`, the first part of the rows is the
                validation part.
            interpolation: the resampling used by the resize.
            validate_filenames: drop, with a warning, rows whose file is
                missing or not an image.

        Returns:
            A `DataFrameIterator` (a `PyDataset` that `fit` accepts).

        Example:
            ```python
            frame = pandas.DataFrame({"filename": ["a.png", "b.png"],
                                      "class": ["cat", "dog"]})
            flow = ImageDataGenerator(rescale=1 / 255).flow_from_dataframe(
                frame, "images/", target_size=(64, 64), batch_size=2)
            model.fit(flow, epochs=3)
            ```
        """
        return DataFrameIterator(
            dataframe, directory, self, x_col=x_col, y_col=y_col,
            weight_col=weight_col, target_size=target_size,
            color_mode=color_mode, classes=classes, class_mode=class_mode,
            batch_size=batch_size, shuffle=shuffle, seed=seed,
            data_format=self.data_format, save_to_dir=save_to_dir,
            save_prefix=save_prefix, save_format=save_format, subset=subset,
            interpolation=interpolation, dtype=self.dtype,
            validate_filenames=validate_filenames)

    def _warn_unfitted(self, what: str) -> None:
        warnings.warn(
            f"ImageDataGenerator: `{what}` is set but the generator was not "
            "fitted; call `.fit(images)` first. The step was skipped.",
            stacklevel=3)

    def standardize(self, x):
        """Applies the normalization settings to a sample or batch, in
        place where possible, and returns it."""
        if self.preprocessing_function:
            x = self.preprocessing_function(x)
        if self.rescale:
            x *= self.rescale
        if self.samplewise_center:
            x -= np.mean(x, keepdims=True)
        if self.samplewise_std_normalization:
            x /= np.std(x, keepdims=True) + 1e-6
        if self.featurewise_center:
            if self.mean is None:
                self._warn_unfitted("featurewise_center")
            else:
                x -= self.mean
        if self.featurewise_std_normalization:
            if self.std is None:
                self._warn_unfitted("featurewise_std_normalization")
            else:
                x /= self.std + 1e-6
        if self.zca_whitening:
            if self.zca_whitening_matrix is None:
                self._warn_unfitted("zca_whitening")
            else:
                flat = x.reshape(-1, math.prod(x.shape[-3:]))
                x = (flat @ self.zca_whitening_matrix).reshape(x.shape)
        return x

    def _draw_shift(self, value, size: int) -> float:
        if isinstance(value, (list, tuple, np.ndarray)) or (
                isinstance(value, int) and not isinstance(value, bool)):
            shift = np.random.choice(value)
            shift *= np.random.choice([-1, 1])
        else:
            shift = np.random.uniform(-value, value)
        if np.max(value) < 1:
            shift *= size
        return shift

    def get_random_transform(self, img_shape, seed: int | None = None
                             ) -> dict:
        """Random transform parameters for one image of shape `img_shape`
        (`seed` reseeds NumPy's global generator first)."""
        row_axis, col_axis = self.row_axis - 1, self.col_axis - 1
        if seed is not None:
            np.random.seed(seed)
        theta = np.random.uniform(-self.rotation_range, self.rotation_range) \
            if self.rotation_range else 0
        tx = self._draw_shift(self.height_shift_range, img_shape[row_axis]) \
            if _is_set(self.height_shift_range) else 0
        ty = self._draw_shift(self.width_shift_range, img_shape[col_axis]) \
            if _is_set(self.width_shift_range) else 0
        shear = np.random.uniform(-self.shear_range, self.shear_range) \
            if self.shear_range else 0
        if self.zoom_range[0] == 1 and self.zoom_range[1] == 1:
            zx, zy = 1, 1
        else:
            zx, zy = np.random.uniform(self.zoom_range[0],
                                       self.zoom_range[1], 2)
        flip_horizontal = (np.random.random() < 0.5) * self.horizontal_flip
        flip_vertical = (np.random.random() < 0.5) * self.vertical_flip
        channel_shift = np.random.uniform(-self.channel_shift_range,
                                          self.channel_shift_range) \
            if self.channel_shift_range != 0 else None
        brightness = np.random.uniform(*self.brightness_range) \
            if self.brightness_range is not None else None
        return {"theta": theta, "tx": tx, "ty": ty, "shear": shear,
                "zx": zx, "zy": zy, "flip_horizontal": flip_horizontal,
                "flip_vertical": flip_vertical,
                "channel_shift_intensity": channel_shift,
                "brightness": brightness}

    def apply_transform(self, x, transform_parameters: dict):
        """Applies the parameters from `get_random_transform` to one 3-D
        image: the affine warp, then the channel shift, the flips and the
        brightness."""
        row_axis, col_axis = self.row_axis - 1, self.col_axis - 1
        channel_axis = self.channel_axis - 1
        p = transform_parameters
        x = apply_affine_transform(
            x, p.get("theta", 0), p.get("tx", 0), p.get("ty", 0),
            p.get("shear", 0), p.get("zx", 1), p.get("zy", 1),
            row_axis=row_axis, col_axis=col_axis, channel_axis=channel_axis,
            fill_mode=self.fill_mode, cval=self.cval,
            order=self.interpolation_order)
        if p.get("channel_shift_intensity") is not None:
            x = apply_channel_shift(x, p["channel_shift_intensity"],
                                    channel_axis)
        if p.get("flip_horizontal", False):
            x = flip_axis(x, col_axis)
        if p.get("flip_vertical", False):
            x = flip_axis(x, row_axis)
        if p.get("brightness") is not None:
            x = apply_brightness_shift(x, p["brightness"], False)
        return x

    def random_transform(self, x, seed: int | None = None):
        """One image with a random transform applied."""
        return self.apply_transform(x, self.get_random_transform(x.shape,
                                                                 seed))

    def fit(self, x, augment: bool = False, rounds: int = 1,
            seed: int | None = None) -> None:
        """Computes the feature-wise statistics (`mean`, `std`,
        `zca_whitening_matrix`) from a 4-D batch of images, optionally
        augmented `rounds` times first."""
        x = np.array(x, dtype=self.dtype)
        if x.ndim != 4:
            raise ValueError(
                "ImageDataGenerator.fit: `x` must be a 4-D batch of images. "
                f"Received: an array of shape {x.shape}."
            )
        if seed is not None:
            np.random.seed(seed)
        if self.rescale:
            x *= self.rescale
        if augment:
            x = np.concatenate([np.stack([self.random_transform(image)
                                          for image in x])
                                for _ in range(rounds)]).astype(self.dtype)
        shape = [1, 1, 1]
        shape[self.channel_axis - 1] = x.shape[self.channel_axis]
        axes = (0, self.row_axis, self.col_axis)
        if self.featurewise_center:
            self.mean = np.mean(x, axis=axes).reshape(shape)
            x -= self.mean
        if self.featurewise_std_normalization:
            self.std = np.std(x, axis=axes).reshape(shape)
            x /= self.std + 1e-6
        if self.zca_whitening:
            flat = x.reshape(len(x), -1)
            u, s, _ = np.linalg.svd(flat.T, full_matrices=False)
            s_inv = np.sqrt(len(x)) / (s + self.zca_epsilon)
            self.zca_whitening_matrix = (u * s_inv) @ u.T
