"""`UpSampling2D`: images enlarged by integer factors."""

from __future__ import annotations

from typing import Any

from cornu.layers.preprocessing._image_ops import resize
from cornu.layers.reshaping._base_up_sampling import BaseUpSampling

_INTERPOLATIONS = ("nearest", "bilinear")


class UpSampling2D(BaseUpSampling):
    """Enlarges images `size[0]` times in height and `size[1]` times in
    width.

    `"nearest"` repeats each pixel; `"bilinear"` interpolates with
    half-pixel centers, clamped at the borders, as Keras's image resize
    does.

    Args:
        size: the upsampling factors, an int or a tuple of 2 positive
            ints.
        data_format: `"channels_last"` or `"channels_first"` (see the
            shapes below); `None` means `cornu.config.image_data_format()`.
        interpolation: `"nearest"` or `"bilinear"`. (Keras 3 also accepts
            `"bicubic"`, `"lanczos3"`, `"lanczos5"` and `"area"`; cornu
            raises a `ValueError` for them.)
        **kwargs: base `Layer` arguments.

    Input shape:
        `(batch, height, width, channels)` with `"channels_last"`,
        `(batch, channels, height, width)` with `"channels_first"`.

    Output shape:
        The same, height and width multiplied by their factors.

    Example:
    >>> x = np.array([[[[0.0], [4.0]]]], dtype="float32")
    >>> cornu.layers.UpSampling2D((1, 2))(x)[0, 0, :, 0]
    array([0., 0., 4., 4.], dtype=float32)
    >>> layer = cornu.layers.UpSampling2D((1, 2), interpolation="bilinear")
    >>> layer(x)[0, 0, :, 0]
    array([0., 1., 3., 4.], dtype=float32)
    """

    def __init__(self, size: Any = (2, 2), data_format: str | None = None,
                 interpolation: str = "nearest", **kwargs: Any) -> None:
        super().__init__(2, size, data_format=data_format, **kwargs)
        if interpolation not in _INTERPOLATIONS:
            raise ValueError(
                "UpSampling2D: `interpolation` must be 'nearest' or "
                f"'bilinear'. Received: interpolation={interpolation!r}."
            )
        self.size = self._sizes
        self.interpolation = interpolation

    def call(self, inputs: Any) -> Any:
        if self.interpolation == "nearest":
            return super().call(inputs)
        h_axis, w_axis = self._spatial_axes()
        return resize(inputs, inputs.shape[h_axis] * self.size[0],
                      inputs.shape[w_axis] * self.size[1], "bilinear",
                      self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"size": self.size, "data_format": self.data_format,
                       "interpolation": self.interpolation})
        return config
