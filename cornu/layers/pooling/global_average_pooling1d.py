"""`GlobalAveragePooling1D`: the mean over all steps."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling1D(BaseGlobalPooling):
    """Global average pooling for temporal data: the mean of each channel
    over all steps.

    Supports masking: with a mask of shape `(batch, steps)`, the mean is
    taken over the unmasked steps only (a row with no unmasked step gives
    NaN, as in Keras). The output carries no mask.

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
    >>> cornu.layers.GlobalAveragePooling1D()(x).shape
    (1, 2)
    """

    _pool_mode = "average"

    def __init__(self, data_format: str | None = None, keepdims: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(
            pool_dimensions=1,
            data_format=data_format,
            keepdims=keepdims,
            **kwargs,
        )
        self.supports_masking = True

    def call(self, inputs: Any, mask: Any = None) -> Any:
        if mask is None:
            return super().call(inputs)
        steps_axis = self._spatial_axes[0]
        channel_axis = 2 if self.data_format == "channels_last" else 1
        keep = ops.cast(ops.expand_dims(mask, channel_axis), "bool")
        total = ops.sum(ops.where(keep, inputs, 0), axis=steps_axis,
                        keepdims=self.keepdims)
        count = ops.sum(ops.cast(keep, ops.dtype(inputs)), axis=steps_axis,
                        keepdims=self.keepdims)
        return ops.divide(total, count)

    def compute_mask(self, inputs: Any, mask: Any = None) -> None:
        return None
