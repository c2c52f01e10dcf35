"""Image files and arrays: `load_img`, `save_img`, `img_to_array`,
`array_to_img` (Keras's `keras.utils` image helpers).

Reading and writing files needs Pillow (`pip install cornu[image]`); a
function that needs it and does not find it raises an ImportError that
says so. `img_to_array` works on anything NumPy can convert.
"""

from __future__ import annotations

import io
import os

import numpy as np

from cornu import config

_PIL_INSTALL = ("Pillow is needed to read and write image files; install "
                "it with `pip install cornu[image]` (or `pip install "
                "pillow`).")
_RESAMPLING = ("nearest", "bilinear", "bicubic", "hamming", "box", "lanczos")


def require_pillow(owner: str):
    """The `PIL.Image` module, or an ImportError naming `owner`."""
    try:
        from PIL import Image
    except ImportError as error:
        raise ImportError(f"{owner}: {_PIL_INSTALL}") from error
    return Image


def _data_format(owner: str, data_format):
    data_format = data_format or config.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f"{owner}: `data_format` must be 'channels_last' or "
            f"'channels_first'. Received: data_format={data_format!r}."
        )
    return data_format


def img_to_array(img, data_format: str | None = None, dtype=None
                 ) -> np.ndarray:
    """A PIL image (or any array-like image) as a 3-D NumPy array.

    Args:
        img: the image: `(height, width)` or `(height, width, channels)`.
        data_format: `"channels_last"` (`(h, w, c)`) or `"channels_first"`
            (`(c, h, w)`); `None` uses `cornu.config.image_data_format()`.
        dtype: the array's dtype; `None` means `cornu.config.floatx()`.

    Example:
        >>> import numpy as np
        >>> from cornu.preprocessing.image import img_to_array
        >>> img_to_array(np.zeros((4, 5), "uint8")).shape
        (4, 5, 1)
        >>> img_to_array(np.zeros((4, 5, 3)), "channels_first").shape
        (3, 4, 5)
    """
    data_format = _data_format("img_to_array", data_format)
    x = np.asarray(img, dtype=dtype or config.floatx())
    if x.ndim == 2:
        x = x[:, :, None]
    elif x.ndim != 3:
        raise ValueError(
            "img_to_array: the image must have 2 or 3 axes (height, width "
            f"and maybe channels). Received: an array of shape {x.shape}."
        )
    if data_format == "channels_first":
        x = x.transpose(2, 0, 1)
    return x


def array_to_img(x, data_format: str | None = None, scale: bool = True,
                 dtype=None):
    """A 3-D array as a PIL image (1, 3 or 4 channels: L, RGB or RGBA).

    Args:
        x: the array, `(h, w, c)` or `(c, h, w)` per `data_format`.
        data_format: see `img_to_array`.
        scale: stretch the values to 0..255 (min to 0, max to 255) first.
        dtype: the working dtype; `None` means `cornu.config.floatx()`.
    """
    Image = require_pillow("array_to_img")
    data_format = _data_format("array_to_img", data_format)
    x = np.asarray(x, dtype=dtype or config.floatx())
    if x.ndim != 3:
        raise ValueError(
            "array_to_img: expected an image array with 3 axes. "
            f"Received: an array of shape {x.shape}."
        )
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        peak = np.max(x)
        if peak != 0:
            x = x / peak
        x = x * 255
    channels = x.shape[2]
    if channels == 4:
        return Image.fromarray(x.astype("uint8"), "RGBA")
    if channels == 3:
        return Image.fromarray(x.astype("uint8"), "RGB")
    if channels == 1:
        if np.max(x) > 255:  # 32-bit integer grayscale
            return Image.fromarray(x[:, :, 0].astype("int32"), "I")
        return Image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(
        "array_to_img: the image must have 1, 3 or 4 channels. "
        f"Received: {channels} channels (shape {x.shape})."
    )


def save_img(path, x, data_format: str | None = None,
             file_format: str | None = None, scale: bool = True, **kwargs):
    """Saves an image array to a file (format from the extension, or
    `file_format`); `kwargs` go to Pillow's `Image.save`."""
    data_format = _data_format("save_img", data_format)
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and (file_format == "jpeg" or str(path).lower(
            ).endswith((".jpg", ".jpeg"))):
        img = img.convert("RGB")  # JPEG has no alpha channel
    img.save(path, format=file_format, **kwargs)


def _crop_to_ratio(img, height: int, width: int):
    """The central part of `img` with the aspect ratio `width / height`."""
    w, h = img.size
    crop_w, crop_h = w, int(round(w * height / width))
    if crop_h > h:
        crop_w, crop_h = int(round(h * width / height)), h
    left, top = (w - crop_w) // 2, (h - crop_h) // 2
    return img.crop((left, top, left + crop_w, top + crop_h))


def load_img(path, color_mode: str = "rgb", target_size=None,
             interpolation: str = "nearest", keep_aspect_ratio: bool = False):
    """Loads an image file (or file-like object) as a PIL image.

    Args:
        path: a path or a binary file object.
        color_mode: `"grayscale"`, `"rgb"` or `"rgba"`.
        target_size: `(height, width)` to resize to; `None` keeps the size.
        interpolation: `"nearest"`, `"bilinear"`, `"bicubic"`, `"hamming"`,
            `"box"` or `"lanczos"`.
        keep_aspect_ratio: crop the central part with the target's aspect
            ratio before resizing.
    """
    Image = require_pillow("load_img")
    if color_mode not in ("grayscale", "rgb", "rgba"):
        raise ValueError(
            "load_img: `color_mode` must be 'grayscale', 'rgb' or 'rgba'. "
            f"Received: color_mode={color_mode!r}."
        )
    if interpolation not in _RESAMPLING:
        raise ValueError(
            f"load_img: `interpolation` must be one of {_RESAMPLING}. "
            f"Received: interpolation={interpolation!r}."
        )
    if isinstance(path, io.BytesIO) or hasattr(path, "read"):
        img = Image.open(path)
    elif isinstance(path, (str, os.PathLike)):
        with open(path, "rb") as f:
            img = Image.open(io.BytesIO(f.read()))
    else:
        raise TypeError(
            "load_img: `path` must be a path or a binary file object. "
            f"Received: path of type {type(path).__name__}."
        )
    mode = {"grayscale": "L", "rgb": "RGB", "rgba": "RGBA"}[color_mode]
    if img.mode != mode:
        img = img.convert(mode)
    if target_size is not None:
        height, width = int(target_size[0]), int(target_size[1])
        if img.size != (width, height):
            if keep_aspect_ratio:
                img = _crop_to_ratio(img, height, width)
            resample = getattr(Image, "Resampling", Image)
            img = img.resize((width, height),
                             getattr(resample, interpolation.upper()))
    return img
