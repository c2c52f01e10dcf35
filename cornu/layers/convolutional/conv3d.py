"""`Conv3D`: 3-D (volumetric) convolution."""

from __future__ import annotations

from typing import Any

from cornu.layers.convolutional import _shells
from cornu.layers.convolutional.base_conv import BaseConv


class Conv3D(BaseConv):
    __doc__ = f"""3-D convolution over volumes.

    The layer cross-correlates a kernel of shape
    `(*kernel_size, in_channels // groups, filters)` with the input, adds a
    bias when `use_bias` is set and applies `activation`.

    Args:
{_shells.conv_args(3)}

    Input shape:
        `(batch, dim1, dim2, dim3, channels)` with `"channels_last"`,
        `(batch, channels, dim1, dim2, dim3)` with `"channels_first"`.

    Output shape:
        `(batch, new_dim1, new_dim2, new_dim3, filters)` with
        `"channels_last"`, `(batch, filters, new_dim1, new_dim2, new_dim3)`
        with `"channels_first"`.
        Each new spatial size is `ceil(n / strides)` with `"same"` and
        `floor((n - (k - 1) * dilation_rate - 1) / strides) + 1` with
        `"valid"`.

    Example:
    >>> x = np.ones((2, 5, 5, 5, 3), dtype="float32")
    >>> cornu.layers.Conv3D(4, 3)(x).shape
    (2, 3, 3, 3, 4)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = (1, 1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = (1, 1, 1),
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
        super().__init__(rank=3, **_shells.base_arguments(locals()))
