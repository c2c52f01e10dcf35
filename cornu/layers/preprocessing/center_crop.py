"""`CenterCrop`: crops the central window of images."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers import _validation as check
from cornu.layers.layer import Layer
from cornu.layers.preprocessing import _image_ops as image
from cornu.layers.preprocessing.resizing import _check_rank


class CenterCrop(Layer):
    """Crops the central `(height, width)` window of each image.

    When an image is smaller than the target on either side, it is first
    cropped to the target's aspect ratio and then resized up (bilinear), as
    Keras does, so the output always has the target size. The output is in
    the layer's compute dtype.

    Args:
        height: the output height.
        width: the output width.
        data_format: `"channels_last"` or `"channels_first"`; `None` means
            `cornu.config.image_data_format()`.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        `(batch, height, width, channels)` or `(height, width, channels)`
        (channels first with `data_format="channels_first"`).

    Output shape:
        The input's shape with the target height and width.

    Example:
    >>> x = np.arange(15, dtype="float32").reshape(1, 3, 5, 1)
    >>> cornu.layers.CenterCrop(2, 3)(x)[0, :, :, 0]
    array([[1., 2., 3.],
           [6., 7., 8.]], dtype=float32)
    """

    def __init__(self, height: int, width: int,
                 data_format: str | None = None, **kwargs: Any) -> None:
        self.height = check.positive_int(height, "height", "CenterCrop")
        self.width = check.positive_int(width, "width", "CenterCrop")
        data_format = check.standardize_data_format(data_format, "CenterCrop")
        super().__init__(**kwargs)
        self.data_format = data_format
        self.built = True

    def call(self, inputs):
        _check_rank(self, inputs.shape)
        x = ops.cast(inputs, self.compute_dtype)
        h_axis, w_axis = image.spatial_axes(len(x.shape), self.data_format)
        height, width = x.shape[h_axis], x.shape[w_axis]
        if height >= self.height and width >= self.width:
            return image.crop(x, (height - self.height) // 2,
                              (width - self.width) // 2, self.height,
                              self.width, self.data_format)
        box = image.aspect_crop_box(height, width, self.height, self.width)
        x = image.crop(x, *box, self.data_format)
        return image.resize(x, self.height, self.width, "bilinear",
                            self.data_format)

    def compute_output_spec(self, inputs, **kwargs):
        shape = list(inputs.shape)
        _check_rank(self, shape)
        h_axis, w_axis = image.spatial_axes(len(shape), self.data_format)
        shape[h_axis], shape[w_axis] = self.height, self.width
        return SymbolicTensor(tuple(shape), self.compute_dtype)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return self.compute_output_spec(
            SymbolicTensor(tuple(input_shape), self.compute_dtype)).shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height": self.height, "width": self.width,
                       "data_format": self.data_format})
        return config
