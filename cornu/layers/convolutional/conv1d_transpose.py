"""`Conv1DTranspose`: 1-D transposed convolution."""

from __future__ import annotations

from typing import Any

from cornu.layers.convolutional import _shells
from cornu.layers.convolutional.base_conv_transpose import BaseConvTranspose


class Conv1DTranspose(BaseConvTranspose):
    __doc__ = f"""1-D transposed convolution (sometimes called deconvolution)
    over steps.

    The transpose of a `Conv1D` with the same arguments: it maps that
    convolution's output shape back to its input shape, which is what
    decoders and upsampling paths need. The kernel has shape
    `(*kernel_size, filters, in_channels)`; a bias is added when
    `use_bias` is set and `activation` is applied.

    Args:
{_shells.transpose_args(1)}

    Input shape:
        `(batch, steps, channels)` with `"channels_last"`,
        `(batch, channels, steps)` with `"channels_first"`.

    Output shape:
{_shells.TRANSPOSE_OUTPUT_SHAPE}

    Example:
    >>> x = np.ones((2, 5, 3), dtype="float32")
    >>> cornu.layers.Conv1DTranspose(4, 3, strides=2, padding="same")(x).shape
    (2, 10, 4)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        output_padding: int | tuple[int, ...] | None = None,
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
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
        super().__init__(rank=1, **_shells.base_arguments(locals()))
