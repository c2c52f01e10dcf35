"""`Conv1D`: 1-D (temporal) convolution."""

from __future__ import annotations

from typing import Any

from cornu.layers.convolutional import _shells
from cornu.layers.convolutional.base_conv import BaseConv


class Conv1D(BaseConv):
    __doc__ = f"""1-D convolution over a sequence (temporal convolution).

    The layer cross-correlates a kernel of shape
    `(kernel_size, in_channels // groups, filters)` with the input, adds a
    bias when `use_bias` is set and applies `activation`.

    Args:
{_shells.conv_args(1, _shells.CAUSAL_PADDING)}

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
        super().__init__(rank=1, **_shells.base_arguments(locals()))
