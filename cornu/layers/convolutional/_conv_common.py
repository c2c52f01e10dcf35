"""Pieces shared by the N-d convolution bases (plain, transposed,
depthwise, separable): the window arguments' checks, the output shape and
the bias."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers import _validation as check


def conv_output_length(size: int | None, kernel: int, stride: int,
                       dilation: int, padding: str) -> int | None:
    """The length of one spatial axis after a convolution or pooling."""
    if size is None:
        return None
    if padding in ("same", "causal"):
        return (size + stride - 1) // stride
    effective = (kernel - 1) * dilation + 1
    return (size - effective) // stride + 1


def window_arguments(owner: str, rank: int, kernel_size: Any, strides: Any,
                     padding: Any, data_format: Any, dilation_rate: Any,
                     allow_causal: bool = False) -> dict:
    """The standardized window arguments of a convolution layer (padding
    `"valid"` or `"same"`, or `"causal"` with `allow_causal`)."""
    values = {
        "kernel_size": check.standardize_tuple(kernel_size, rank,
                                               "kernel_size", owner),
        "strides": check.standardize_tuple(strides, rank, "strides", owner),
        "dilation_rate": check.standardize_tuple(dilation_rate, rank,
                                                 "dilation_rate", owner),
        "padding": check.standardize_padding(padding, owner,
                                             allow_causal=allow_causal),
        "data_format": check.standardize_data_format(data_format, owner),
    }
    if max(values["strides"]) > 1 and max(values["dilation_rate"]) > 1:
        raise ValueError(
            f"{owner}: `strides > 1` cannot be combined with "
            "`dilation_rate > 1`; set one of them to 1. Received: "
            f"strides={strides!r}, dilation_rate={dilation_rate!r}."
        )
    return values


def output_shape(layer: Any, input_shape: tuple, channels: int | None) -> tuple:
    """The output shape of a convolution layer with `channels` outputs;
    raises when a spatial size would be zero or negative."""
    owner = type(layer).__name__
    input_shape = tuple(input_shape)
    if len(input_shape) != layer.rank + 2:
        raise ValueError(
            f"{owner}: expected an input of rank {layer.rank + 2} (batch, "
            f"spatial dims and channels). Received an input of shape "
            f"{input_shape}."
        )
    last = layer.data_format == "channels_last"
    spatial = input_shape[1:-1] if last else input_shape[2:]
    out = tuple(
        conv_output_length(n, k, s, d, layer.padding)
        for n, k, s, d in zip(spatial, layer.kernel_size, layer.strides,
                              layer.dilation_rate, strict=True))
    if any(n is not None and n <= 0 for n in out):
        raise ValueError(
            f"{owner}: the output would have a zero or negative size {out}. "
            f"Received an input of shape {input_shape}, "
            f"kernel_size={layer.kernel_size}, strides={layer.strides}, "
            f"dilation_rate={layer.dilation_rate}, "
            f"padding={layer.padding!r}. Use a larger input, a smaller "
            "kernel or padding='same'."
        )
    if last:
        return (input_shape[0], *out, channels)
    return (input_shape[0], channels, *out)


def input_channels(layer: Any, input_shape: tuple) -> int:
    """The known channel count of `input_shape`, or a clear error."""
    channels = input_shape[-1 if layer.data_format == "channels_last" else 1]
    if channels is None:
        raise ValueError(
            f"{type(layer).__name__}: the channel dimension of the input "
            "must be known to create the kernels. Received an input of "
            f"shape {tuple(input_shape)} with "
            f"data_format={layer.data_format!r}."
        )
    return channels


def add_bias(layer: Any, outputs: Any, bias: Any) -> Any:
    """`outputs + bias`, the bias broadcast along the channel axis."""
    n = ops.shape(bias)[0]
    if layer.data_format == "channels_last":
        shape = (1,) * (layer.rank + 1) + (n,)
    else:
        shape = (1, n) + (1,) * layer.rank
    return ops.add(outputs, ops.reshape(bias, shape))
