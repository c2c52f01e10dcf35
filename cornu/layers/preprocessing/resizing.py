"""`Resizing`: resizes images to a fixed height and width."""

from __future__ import annotations

import numbers
from typing import Any

from cornu.backend import standardize_dtype
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers import _validation as check
from cornu.layers.layer import Layer
from cornu.layers.preprocessing import _image_ops as image

_KERAS_ONLY = ("bicubic", "lanczos3", "lanczos5", "area")


class Resizing(Layer):
    """Resizes a batch of images (or one image) to `(height, width)`.

    Sampling uses half-pixel centers without antialiasing (Keras 3's
    default `antialias=False`), so the numbers match Keras on every engine.
    Integer images are interpolated in float and rounded back to their
    dtype; float images come out in the layer's compute dtype.

    Args:
        height: the output height.
        width: the output width.
        interpolation: `"bilinear"` or `"nearest"` (Keras's `"bicubic"`,
            `"lanczos3"`, `"lanczos5"` and `"area"` are not implemented).
        crop_to_aspect_ratio: whether to first crop the largest centered
            window with the target's aspect ratio, so nothing is
            stretched.
        pad_to_aspect_ratio: whether to first pad the image symmetrically
            with `fill_value` to the target's aspect ratio.
        fill_mode: the padding mode; only `"constant"` is supported.
        fill_value: the value of the padding.
        antialias: only `False` is supported.
        data_format: `"channels_last"` or `"channels_first"`; `None` means
            `cornu.config.image_data_format()`.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, height, width, channels)` or `(height, width, channels)`
        (channels first with `data_format="channels_first"`).

    Output shape:
        The input's shape with the target height and width.

    Example:
    >>> layer = cornu.layers.Resizing(2, 2, interpolation="nearest")
    >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    >>> layer(x)[0, :, :, 0]
    array([[ 5.,  7.],
           [13., 15.]], dtype=float32)
    """

    def __init__(self, height: int, width: int,
                 interpolation: str = "bilinear",
                 crop_to_aspect_ratio: bool = False,
                 pad_to_aspect_ratio: bool = False,
                 fill_mode: str = "constant", fill_value: float = 0.0,
                 antialias: bool = False, data_format: str | None = None,
                 **kwargs: Any) -> None:
        owner = "Resizing"
        self.height = check.positive_int(height, "height", owner)
        self.width = check.positive_int(width, "width", owner)
        if interpolation in _KERAS_ONLY:
            raise NotImplementedError(
                f"Resizing: interpolation={interpolation!r} is not "
                "implemented in cornu; use 'bilinear' or 'nearest'."
            )
        if interpolation not in image.INTERPOLATIONS:
            raise ValueError(
                "Resizing: `interpolation` must be 'bilinear' or 'nearest'. "
                f"Received: interpolation={interpolation!r}."
            )
        crop_to_aspect_ratio = check.check_bool(
            crop_to_aspect_ratio, "crop_to_aspect_ratio", owner)
        pad_to_aspect_ratio = check.check_bool(
            pad_to_aspect_ratio, "pad_to_aspect_ratio", owner)
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError(
                "Resizing: `crop_to_aspect_ratio` and `pad_to_aspect_ratio` "
                "cannot both be True. Received: crop_to_aspect_ratio=True, "
                "pad_to_aspect_ratio=True."
            )
        if fill_mode != "constant":
            raise ValueError(
                "Resizing: only fill_mode='constant' is supported. "
                f"Received: fill_mode={fill_mode!r}."
            )
        if not isinstance(fill_value, numbers.Real):
            raise ValueError(
                "Resizing: `fill_value` must be a number. "
                f"Received: fill_value={fill_value!r}."
            )
        if antialias:
            raise NotImplementedError(
                "Resizing: antialias=True is not implemented in cornu; "
                "pass antialias=False."
            )
        data_format = check.standardize_data_format(data_format, owner)
        super().__init__(**kwargs)
        self.interpolation = interpolation
        self.crop_to_aspect_ratio = crop_to_aspect_ratio
        self.pad_to_aspect_ratio = pad_to_aspect_ratio
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.antialias = False
        self.data_format = data_format
        self.built = True

    def call(self, inputs):
        x = inputs
        _check_rank(self, x.shape)
        if not standardize_dtype(x.dtype).startswith(
                ("int", "uint", "bool")):
            from cornu import ops

            x = ops.cast(x, self.compute_dtype)
        h_axis, w_axis = image.spatial_axes(len(x.shape), self.data_format)
        if self.crop_to_aspect_ratio:
            box = image.aspect_crop_box(x.shape[h_axis], x.shape[w_axis],
                                        self.height, self.width)
            x = image.crop(x, *box, self.data_format)
        elif self.pad_to_aspect_ratio:
            x = image.pad_to_aspect(x, self.height, self.width,
                                    self.fill_value, self.data_format)
        return image.resize(x, self.height, self.width, self.interpolation,
                            self.data_format, self.compute_dtype)

    def compute_output_spec(self, inputs, **kwargs):
        shape = list(inputs.shape)
        _check_rank(self, shape)
        h_axis, w_axis = image.spatial_axes(len(shape), self.data_format)
        shape[h_axis], shape[w_axis] = self.height, self.width
        dtype = standardize_dtype(inputs.dtype)
        if not dtype.startswith(("int", "uint")):
            dtype = self.compute_dtype
        return SymbolicTensor(tuple(shape), dtype)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return self.compute_output_spec(
            SymbolicTensor(tuple(input_shape), self.compute_dtype)).shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "height": self.height,
            "width": self.width,
            "interpolation": self.interpolation,
            "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
            "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "antialias": self.antialias,
            "data_format": self.data_format,
        })
        return config


def _check_rank(layer, shape) -> None:
    if len(shape) not in (3, 4):
        raise ValueError(
            f"{type(layer).__name__} {layer.name!r} expects images of rank 3 "
            "(one image) or 4 (a batch). Received: input of shape "
            f"{tuple(shape)}."
        )
