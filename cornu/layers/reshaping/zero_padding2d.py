"""`ZeroPadding2D`: zeros added around the rows and columns."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers import _validation as check
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class ZeroPadding2D(Layer):
    """Pads the top, bottom, left and right of images with zeros.

    Args:
        padding: an int (the same padding on all four sides), a tuple
            `(height_pad, width_pad)` (symmetric per axis) or a tuple
            `((top, bottom), (left, right))` of non-negative ints.
        data_format: `"channels_last"` or `"channels_first"` (see the
            shapes below); `None` means `cornu.config.image_data_format()`.
        **kwargs: base `Layer` arguments.

    Input shape:
        `(batch, height, width, channels)` with `"channels_last"`,
        `(batch, channels, height, width)` with `"channels_first"`.

    Output shape:
        The same, each padded axis grown by its `before + after` padding.

    Example:
    >>> x = np.ones((2, 4, 4, 3), dtype="float32")
    >>> cornu.layers.ZeroPadding2D(((1, 0), (2, 2)))(x).shape
    (2, 5, 8, 3)
    """

    def __init__(self, padding: Any = (1, 1), data_format: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        owner = type(self).__name__
        self.data_format = check.standardize_data_format(data_format, owner)
        self.padding = check.standardize_pairs(padding, 2, "padding", owner)
        self.input_spec = InputSpec(ndim=4)

    def _pad_widths(self) -> list:
        pairs = list(self.padding)
        if self.data_format == "channels_first":
            return [(0, 0), (0, 0), *pairs]
        return [(0, 0), *pairs, (0, 0)]

    def call(self, inputs: Any) -> Any:
        return ops.pad(inputs, self._pad_widths())

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(
            None if n is None else n + before + after
            for n, (before, after) in zip(input_shape, self._pad_widths(),
                                          strict=True)
        )

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"padding": self.padding,
                       "data_format": self.data_format})
        return config
