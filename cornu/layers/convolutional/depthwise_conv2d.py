"""`DepthwiseConv2D`: 2-D depthwise convolution."""

from __future__ import annotations

from typing import Any

from cornu.layers.convolutional import _shells
from cornu.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


class DepthwiseConv2D(BaseDepthwiseConv):
    __doc__ = f"""2-D depthwise convolution over images.

    Each input channel is convolved with its own `depth_multiplier`
    filters (no mixing across channels), giving
    `in_channels * depth_multiplier` output channels; channel
    `c * depth_multiplier + m` comes from input channel `c`. A bias is
    added when `use_bias` is set and `activation` is applied.

    Args:
{_shells.depthwise_args(2)}

    Input shape:
        `(batch, height, width, channels)` with `"channels_last"`,
        `(batch, channels, height, width)` with `"channels_first"`.

    Output shape:
        The same layout with `channels * depth_multiplier` channels and
        each spatial size computed as in `Conv2D`.

    Example:
    >>> x = np.ones((2, 8, 8, 3), dtype="float32")
    >>> cornu.layers.DepthwiseConv2D(3, depth_multiplier=2)(x).shape
    (2, 6, 6, 6)
    """

    def __init__(
        self,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = (1, 1),
        padding: str = "valid",
        depth_multiplier: int = 1,
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = (1, 1),
        activation: Any = None,
        use_bias: bool = True,
        depthwise_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        depthwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(rank=2, **_shells.base_arguments(locals()))
