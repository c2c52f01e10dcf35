"""`GlobalMaxPooling1D`: the maximum over all steps."""

from __future__ import annotations

from typing import Any

from cornu.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalMaxPooling1D(BaseGlobalPooling):
    """Global max pooling for temporal data.

    Computes the maximum of each channel over all steps.

    Args:
        data_format: `"channels_last"` or `"channels_first"` (see the
            shapes below); `None` means `cornu.config.image_data_format()`.
        keepdims: whether to keep the steps with size 1.
        **kwargs: base `Layer` arguments.

    Input shape:
        `(batch, steps, channels)` with `"channels_last"`,
        `(batch, channels, steps)` with `"channels_first"`.

    Output shape:
        `(batch, channels)`; with `keepdims=True`, `(batch, 1, channels)`
        (`"channels_last"`) or `(batch, channels, 1)` (`"channels_first"`).

    Example:
    >>> x = np.ones((1, 5, 2), dtype="float32")
    >>> cornu.layers.GlobalMaxPooling1D()(x).shape
    (1, 2)
    """

    _pool_mode = "max"

    def __init__(self, data_format: str | None = None, keepdims: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(
            pool_dimensions=1,
            data_format=data_format,
            keepdims=keepdims,
            **kwargs,
        )
