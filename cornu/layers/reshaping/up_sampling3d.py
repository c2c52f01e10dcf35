"""`UpSampling3D`: each voxel repeated along the three spatial axes."""

from __future__ import annotations

from typing import Any

from cornu.layers.reshaping._base_up_sampling import BaseUpSampling


class UpSampling3D(BaseUpSampling):
    """Repeats each entry `size[i]` times along spatial axis `i`
    (nearest-neighbour upsampling of volumes).

    Args:
        size: the upsampling factors, an int or a tuple of 3 positive
            ints.
        data_format: `"channels_last"` or `"channels_first"` (see the
            shapes below); `None` means `cornu.config.image_data_format()`.
        **kwargs: base `Layer` arguments.

    Input shape:
        `(batch, dim1, dim2, dim3, channels)` with `"channels_last"`,
        `(batch, channels, dim1, dim2, dim3)` with `"channels_first"`.

    Output shape:
        The same, each spatial axis multiplied by its factor.

    Example:
    >>> x = np.ones((1, 2, 3, 4, 2), dtype="float32")
    >>> cornu.layers.UpSampling3D((2, 1, 3))(x).shape
    (1, 4, 3, 12, 2)
    """

    def __init__(self, size: Any = (2, 2, 2), data_format: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(3, size, data_format=data_format, **kwargs)
        self.size = self._sizes

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"size": self.size, "data_format": self.data_format})
        return config
