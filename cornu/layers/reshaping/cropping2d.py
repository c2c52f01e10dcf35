"""`Cropping2D`: entries removed around the spatial axes."""

from __future__ import annotations

from typing import Any

from cornu.layers.reshaping._base_cropping import BaseCropping


class Cropping2D(BaseCropping):
    """Removes entries from both ends of each of the 2 spatial axes.

    Args:
        cropping: an int (the same count everywhere), a tuple of 2 ints
            (symmetric per axis) or a tuple of 2 `(before, after)` pairs
            of non-negative ints.
        data_format: `"channels_last"` or `"channels_first"` (see the
            shapes below); `None` means
            `cornu.config.image_data_format()`.
        **kwargs: base `Layer` arguments.

    Input shape:
        `(batch, height, width, channels)` with `"channels_last"`,
        `(batch, channels, height, width)` with `"channels_first"`.

    Output shape:
        The same, each spatial axis shrunk by its `before + after`.

    Example:
    >>> x = np.ones((2, 6, 8, 3), dtype="float32")
    >>> cornu.layers.Cropping2D(((1, 1), (2, 3)))(x).shape
    (2, 4, 3, 3)
    """

    def __init__(self, cropping: Any = ((0, 0), (0, 0)),
                 data_format: str | None = None, **kwargs: Any) -> None:
        super().__init__(2, cropping, data_format=data_format, **kwargs)
