"""`Cropping3D`: entries removed around the spatial axes."""

from __future__ import annotations

from typing import Any

from cornu.layers.reshaping._base_cropping import BaseCropping


class Cropping3D(BaseCropping):
    """Removes entries from both ends of each of the 3 spatial axes.

    Args:
        cropping: an int (the same count everywhere), a tuple of 3 ints
            (symmetric per axis) or a tuple of 3 `(before, after)` pairs
            of non-negative ints.
        data_format: `"channels_last"` or `"channels_first"` (see the
            shapes below); `None` means
            `cornu.config.image_data_format()`.
        **kwargs: base `Layer` arguments.

    Input shape:
        `(batch, dim1, dim2, dim3, channels)` with `"channels_last"`,
        `(batch, channels, dim1, dim2, dim3)` with `"channels_first"`.

    Output shape:
        The same, each spatial axis shrunk by its `before + after`.

    Example:
    >>> x = np.ones((1, 4, 4, 4, 2), dtype="float32")
    >>> cornu.layers.Cropping3D(1)(x).shape
    (1, 2, 2, 2, 2)
    """

    def __init__(self, cropping: Any = ((1, 1), (1, 1), (1, 1)),
                 data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(3, cropping, data_format=data_format, **kwargs)
