"""`Conv3DTranspose`: 3-D transposed convolution."""

from __future__ import annotations

from typing import Any

from cornu.layers.convolutional import _shells
from cornu.layers.convolutional.base_conv_transpose import BaseConvTranspose


class Conv3DTranspose(BaseConvTranspose):
    __doc__ = f"""3-D transposed convolution (sometimes called deconvolution)
    over volumes.

    The transpose of a `Conv3D` with the same arguments: it maps that
    convolution's output shape back to its input shape, which is what
    decoders and upsampling paths need. The kernel has shape
    `(*kernel_size, filters, in_channels)`; a bias is added when
    `use_bias` is set and `activation` is applied.

    Args:
{_shells.transpose_args(3)}

    Input shape:
        `(batch, dim1, dim2, dim3, channels)` with `"channels_last"`,
        `(batch, channels, dim1, dim2, dim3)` with `"channels_first"`.

    Output shape:
{_shells.TRANSPOSE_OUTPUT_SHAPE}

    Example:
    >>> x = np.ones((2, 3, 3, 3, 3), dtype="float32")
    >>> cornu.layers.Conv3DTranspose(4, 3, strides=2, padding="same")(x).shape
    (2, 6, 6, 6, 4)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = (1, 1, 1),
        padding: str = "valid",
        output_padding: int | tuple[int, ...] | None = None,
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = (1, 1, 1),
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
        super().__init__(rank=3, **_shells.base_arguments(locals()))
