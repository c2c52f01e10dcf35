"""`Conv2DTranspose`: 2-D transposed convolution."""

from __future__ import annotations

from typing import Any

from cornu.layers.convolutional.base_conv_transpose import BaseConvTranspose


class Conv2DTranspose(BaseConvTranspose):
    """2-D transposed convolution (sometimes called deconvolution) over
    images.

    The transpose of a `Conv2D` with the same arguments: it maps that
    convolution's output shape back to its input shape, which is what
    decoders and upsampling paths need. The kernel has shape
    `(*kernel_size, filters, in_channels)`; a bias is added when
    `use_bias` is set and `activation` is applied.

    Args:
        filters: the number of output channels.
        kernel_size: the window size, an int or a tuple of 2 ints.
        strides: the upsampling factor, an int or a tuple of 2 ints.
            `strides > 1` cannot be combined with `dilation_rate > 1`.
        padding: `"valid"` or `"same"` (the output size is then
            `input * strides`). Case-insensitive.
        output_padding: the extra size added on one side of each output
            axis, an int or a tuple of 2 ints, each smaller than its
            stride; `None` infers the size from `padding`.
        data_format: `"channels_last"` or `"channels_first"` (see the
            shapes below); `None` means `cornu.config.image_data_format()`.
        dilation_rate: the spacing between kernel taps, an int or a tuple
            of 2 ints.
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
        The same layout with `filters` channels. Each spatial size is
        `(n - 1) * strides + (kernel_size - 1) * dilation_rate + 1 -
        2 * pad + output_padding` when `output_padding` is given (`pad` is
        `kernel_size // 2` for `"same"`, 0 for `"valid"`); otherwise
        `n * strides` with `"same"` and
        `n * strides + max(kernel_size - strides, 0)` with `"valid"`.

    Example:
    >>> x = np.ones((2, 5, 5, 3), dtype="float32")
    >>> cornu.layers.Conv2DTranspose(4, 3, strides=2, padding="same")(x).shape
    (2, 10, 10, 4)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = (1, 1),
        padding: str = "valid",
        output_padding: int | tuple[int, ...] | None = None,
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = (1, 1),
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
            output_padding=output_padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
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
