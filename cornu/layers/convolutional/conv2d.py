"""`Conv2D`: 2-D (spatial) convolution."""

from __future__ import annotations

from typing import Any

from cornu.layers.convolutional.base_conv import BaseConv


class Conv2D(BaseConv):
    """2-D convolution over images.

    The layer cross-correlates a kernel of shape
    `(*kernel_size, in_channels // groups, filters)` with the input, adds a
    bias when `use_bias` is set and applies `activation`.

    Args:
        filters: the number of output channels.
        kernel_size: the window size, an int or a tuple of 2 ints.
        strides: the step of the window, an int or a tuple of 2 ints.
            `strides > 1` cannot be combined with `dilation_rate > 1`.
        padding: `"valid"` (no padding) or `"same"` (pad so that each
            output size is `ceil(n / strides)`, the extra cell after, as
            TensorFlow). Case-insensitive.
        data_format: `"channels_last"` or `"channels_first"` (see the
            shapes below); `None` means `cornu.config.image_data_format()`.
        dilation_rate: the spacing between kernel taps, an int or a tuple
            of 2 ints.
        groups: the number of groups the input channels are split into;
            each group is convolved with `filters // groups` filters. Both
            the input channels and `filters` must be multiples of it.
        activation: the activation applied to the output; `None` means
            identity.
        use_bias: whether to add a bias.
        kernel_initializer: the kernel's initializer.
        bias_initializer: the bias's initializer.
        kernel_regularizer: a regularizer for the kernel.
        bias_regularizer: a regularizer for the bias.
        activity_regularizer: a regularizer for the output.
        kernel_constraint: a constraint applied to the kernel after each
            optimizer update.
        bias_constraint: a constraint applied to the bias after each
            optimizer update.
        **kwargs: base `Layer` arguments (`name`, `dtype`, `trainable`,
            ...).

    Input shape:
        `(batch, height, width, channels)` with `"channels_last"`,
        `(batch, channels, height, width)` with `"channels_first"`.

    Output shape:
        `(batch, new_height, new_width, filters)` with `"channels_last"`,
        `(batch, filters, new_height, new_width)` with
        `"channels_first"`.
        Each new spatial size is `ceil(n / strides)` with `"same"` and
        `floor((n - (k - 1) * dilation_rate - 1) / strides) + 1` with
        `"valid"`.

    Example:
    >>> x = np.ones((2, 8, 8, 3), dtype="float32")
    >>> cornu.layers.Conv2D(4, 3, strides=2, padding="same")(x).shape
    (2, 4, 4, 4)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = (1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = (1, 1),
        groups: int = 1,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            rank=2,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            groups=groups,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
