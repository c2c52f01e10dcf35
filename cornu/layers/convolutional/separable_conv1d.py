"""`SeparableConv1D`: 1-D depthwise-separable convolution."""

from __future__ import annotations

from typing import Any

from cornu.layers.convolutional import _shells
from cornu.layers.convolutional.base_separable_conv import BaseSeparableConv


class SeparableConv1D(BaseSeparableConv):
    __doc__ = f"""1-D depthwise-separable convolution over sequences.

    A depthwise convolution (each input channel convolved with its own
    `depth_multiplier` filters) followed by a pointwise convolution that
    mixes the channels into `filters` outputs: far fewer weights than a
    full `Conv1D` with the same window. A bias is added when
    `use_bias` is set and `activation` is applied.

    Args:
{_shells.separable_args(1)}

    Input shape:
        `(batch, steps, channels)` with `"channels_last"`,
        `(batch, channels, steps)` with `"channels_first"`.

    Output shape:
        The same layout with `filters` channels and each spatial size
        computed as in `Conv1D`.

    Example:
    >>> x = np.ones((2, 8, 3), dtype="float32")
    >>> cornu.layers.SeparableConv1D(4, 3, padding="same")(x).shape
    (2, 8, 4)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
        depth_multiplier: int = 1,
        activation: Any = None,
        use_bias: bool = True,
        depthwise_initializer: Any = "glorot_uniform",
        pointwise_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        depthwise_regularizer: Any = None,
        pointwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        pointwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(rank=1, **_shells.base_arguments(locals()))
