"""`AveragePooling3D`: Average pooling over volumes."""

from __future__ import annotations

from typing import Any

from cornu.layers.pooling.base_pooling import BasePooling


class AveragePooling3D(BasePooling):
    """Average pooling over volumes (3-D windows).

    Each output cell is the mean of a window of `pool_size` input
    cells; the window moves by `strides`.

    Args:
        pool_size: the window size, an int or a tuple of 3 ints.
        strides: the step of the window, an int or a tuple of 3 ints;
            `None` means `pool_size`.
        padding: `"valid"` (no padding) or `"same"` (pad so that each
            output size is `ceil(n / strides)`; padded cells are
            ignored, so averages count only real cells). Case-insensitive.
        data_format: `"channels_last"` or `"channels_first"` (see the
            shapes below); `None` means `cornu.config.image_data_format()`.
        name: the layer's name.
        **kwargs: base `Layer` arguments.

    Input shape:
        `(batch, dim1, dim2, dim3, channels)` with `"channels_last"`,
        `(batch, channels, dim1, dim2, dim3)` with `"channels_first"`.

    Output shape:
        The same with each spatial size `n` replaced by
        `floor((n - pool_size) / strides) + 1` (`"valid"`) or
        `ceil(n / strides)` (`"same"`).

    Example:
    >>> x = np.arange(64, dtype="float32").reshape((1, 4, 4, 2, 2))
    >>> cornu.layers.AveragePooling3D((2, 2, 2))(x).shape
    (1, 2, 2, 1, 2)
    """

    def __init__(
        self,
        pool_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            pool_size,
            strides,
            pool_dimensions=3,
            pool_mode="average",
            padding=padding,
            data_format=data_format,
            name=name,
            **kwargs,
        )
