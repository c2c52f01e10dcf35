"""`Conv1D`: 1-D (temporal) convolution."""

from __future__ import annotations

from typing import Any

from cornu.layers.convolutional.base_conv import BaseConv


class Conv1D(BaseConv):
    """1-D convolution over a sequence (temporal convolution).

    The layer cross-correlates a kernel of shape
    `(kernel_size, in_channels // groups, filters)` with the input, adds a
    bias when `use_bias` is set and applies `activation`.

    Args:
        filters: the number of output channels.
        kernel_size: the window size, an int or a tuple of one int.
        strides: the step of the window, an int or a tuple of one int.
            `strides > 1` cannot be combined with `dilation_rate > 1`.
        padding: `"valid"` (no padding), `"same"` (pad so that the
            output length is `ceil(steps / strides)`, the extra cell after)
            or `"causal"` (pad `dilation_rate * (kernel_size - 1)` cells on
            the left only, so `output[t]` sees no input after `t`).
            Case-insensitive.
        data_format: `"channels_last"` or `"channels_first"` (see the
            shapes below); `None` means `cornu.config.image_data_format()`.
        dilation_rate: the spacing between kernel taps, an int or a tuple
            of one int.
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
        `(batch, steps, channels)` with `"channels_last"`,
        `(batch, channels, steps)` with `"channels_first"`.

    Output shape:
        `(batch, new_steps, filters)` with `"channels_last"`,
        `(batch, filters, new_steps)` with `"channels_first"`.
        Each new spatial size is `ceil(n / strides)` with `"same"` or
        `"causal"` and
        `floor((n - (k - 1) * dilation_rate - 1) / strides) + 1` with
        `"valid"`.

    Example:
    >>> x = np.ones((2, 10, 3), dtype="float32")
    >>> cornu.layers.Conv1D(4, 3, padding="causal")(x).shape
    (2, 10, 4)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
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
            rank=1,
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
