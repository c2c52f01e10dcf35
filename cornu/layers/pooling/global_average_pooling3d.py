"""`GlobalAveragePooling3D`: the mean over all spatial axes."""

from __future__ import annotations

from typing import Any

from cornu.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling3D(BaseGlobalPooling):
    """Global average pooling for volumes.

    Computes the mean of each channel over all spatial axes.

    Args:
        data_format: `"channels_last"` or `"channels_first"` (see the
            shapes below); `None` means `cornu.config.image_data_format()`.
        keepdims: whether to keep the spatial axes with size 1.
        **kwargs: base `Layer` arguments.

    Input shape:
        `(batch, dim1, dim2, dim3, channels)` with `"channels_last"`,
        `(batch, channels, dim1, dim2, dim3)` with `"channels_first"`.

    Output shape:
        `(batch, channels)`; with `keepdims=True`,
        `(batch, 1, 1, 1, channels)` (`"channels_last"`) or
        `(batch, channels, 1, 1, 1)` (`"channels_first"`).

    Example:
    >>> x = np.ones((1, 4, 4, 2, 2), dtype="float32")
    >>> cornu.layers.GlobalAveragePooling3D()(x).shape
    (1, 2)
    """

    _pool_mode = "average"

    def __init__(self, data_format: str | None = None, keepdims: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(
            pool_dimensions=3,
            data_format=data_format,
            keepdims=keepdims,
            **kwargs,
        )
