"""`DepthwiseConv2D`: 2-D depthwise convolution."""

from __future__ import annotations

from typing import Any

from cornu.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


class DepthwiseConv2D(BaseDepthwiseConv):
    """2-D depthwise convolution over images.

    Each input channel is convolved with its own `depth_multiplier`
    filters (no mixing across channels), giving
    `in_channels * depth_multiplier` output channels; channel
    `c * depth_multiplier + m` comes from input channel `c`. A bias is
    added when `use_bias` is set and `activation` is applied.

    Args:
        kernel_size: the window size, an int or a tuple of 2 ints.
        strides: the step of the window, an int or a tuple of 2 ints.
            `strides > 1` cannot be combined with `dilation_rate > 1`.
        padding: `"valid"` or `"same"`. Case-insensitive.
        depth_multiplier: the number of filters per input channel.
        data_format: `"channels_last"` or `"channels_first"` (see the
            shapes below); `None` means `cornu.config.image_data_format()`.
        dilation_rate: the spacing between kernel taps, an int or a tuple
            of 2 ints.
        activation: the activation applied to the output; `None` means
            identity.
        use_bias: whether to add a bias.
        depthwise_initializer: the kernel's initializer.
        bias_initializer: the bias's initializer.
        depthwise_regularizer: a regularizer for the kernel.
        bias_regularizer: a regularizer for the bias.
        activity_regularizer: a regularizer for the output.
        depthwise_constraint: a constraint applied to the kernel after
            each optimizer update.
        bias_constraint: a constraint applied to the bias after each
            optimizer update.
        **kwargs: base `Layer` arguments (`name`, `dtype`, `trainable`,
            ...).

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
        super().__init__(
            rank=2,
            depth_multiplier=depth_multiplier,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
