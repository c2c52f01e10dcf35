"""`UpSampling1D`: each timestep repeated."""

from __future__ import annotations

from typing import Any

from cornu.layers.reshaping._base_up_sampling import BaseUpSampling


class UpSampling1D(BaseUpSampling):
    """Repeats each timestep `size` times along the time axis.

    Args:
        size: the upsampling factor, a positive int.
        **kwargs: base `Layer` arguments.

    Input shape:
        `(batch, steps, features)`.

    Output shape:
        `(batch, steps * size, features)`.

    Example:
    >>> x = np.array([[[1.0], [2.0]]], dtype="float32")
    >>> cornu.layers.UpSampling1D(2)(x)[0, :, 0]
    array([1., 1., 2., 2.], dtype=float32)
    """

    def __init__(self, size: int = 2, **kwargs: Any) -> None:
        super().__init__(1, size, **kwargs)
        self.size = self._sizes[0]

    def get_config(self) -> dict:
        config = super().get_config()
        config["size"] = self.size
        return config
