"""`SeparableConv2D`: 2-D depthwise-separable convolution."""

from __future__ import annotations

from typing import Any

from cornu.layers.convolutional.base_separable_conv import BaseSeparableConv


class SeparableConv2D(BaseSeparableConv):
    """2-D depthwise-separable convolution over images.

    A depthwise convolution (each input channel convolved with its own
    `depth_multiplier` filters) followed by a pointwise convolution that
    mixes the channels into `filters` outputs: far fewer weights than a
    full `Conv2D` with the same window. A bias is added when
    `use_bias` is set and `activation` is applied.

    Args:
        filters: the number of output channels.
        kernel_size: the depthwise window size, an int or a tuple of
            2 ints.
        strides: the step of the window, an int or a tuple of 2 ints.
            `strides > 1` cannot be combined with `dilation_rate > 1`.
        padding: `"valid"` or `"same"`. Case-insensitive.
        data_format: `"channels_last"` or `"channels_first"` (see the
            shapes below); `None` means `cornu.config.image_data_format()`.
        dilation_rate: the spacing between kernel taps, an int or a tuple
            of 2 ints.
        depth_multiplier: the number of depthwise filters per input
            channel.
        activation: the activation applied to the output; `None` means
            identity.
        use_bias: whether to add a bias.
        depthwise_initializer: the depthwise kernel's initializer.
        pointwise_initializer: the pointwise kernel's initializer.
        bias_initializer: the bias's initializer.
        depthwise_regularizer: a regularizer for the depthwise kernel.
        pointwise_regularizer: a regularizer for the pointwise kernel.
        bias_regularizer: a regularizer for the bias.
        activity_regularizer: a regularizer for the output.
        depthwise_constraint: a constraint applied to the depthwise kernel
            after each optimizer update.
        pointwise_constraint: a constraint applied to the pointwise kernel
            after each optimizer update.
        bias_constraint: a constraint applied to the bias after each
            optimizer update.
        **kwargs: base `Layer` arguments (`name`, `dtype`, `trainable`,
            ...).

    Input shape:
        `(batch, height, width, channels)` with `"channels_last"`,
        `(batch, channels, height, width)` with `"channels_first"`.

    Output shape:
        The same layout with `filters` channels and each spatial size
        computed as in `Conv2D`.

    Example:
    >>> x = np.ones((2, 8, 8, 3), dtype="float32")
    >>> cornu.layers.SeparableConv2D(4, 3, padding="same")(x).shape
    (2, 8, 8, 4)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = (1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = (1, 1),
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
        super().__init__(
            rank=2,
            depth_multiplier=depth_multiplier,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            pointwise_constraint=pointwise_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
