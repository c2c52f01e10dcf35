"""A NumPy transposed convolution written for these tests: every input
position scatters its kernel window into a full-size buffer, which is then
cropped the way the gradient of a TensorFlow-style convolution is."""

from __future__ import annotations

import numpy as np

from tests.layers.convolutional._reference import tf_same_pads


def _as_tuple(value, n):
    return (value,) * n if isinstance(value, int) else tuple(value)


def output_length(n, k, s, d, padding, output_padding):
    k = (k - 1) * d + 1
    if output_padding is None:
        return n * s + max(k - s, 0) if padding == "valid" else n * s
    pad = k // 2 if padding == "same" else 0
    return (n - 1) * s + k - 2 * pad + output_padding


def conv_transpose_reference(x, kernel, bias=None, strides=1,
                             padding="valid", output_padding=None,
                             data_format="channels_last", dilation_rate=1):
    """`Conv{1,2,3}DTranspose` in NumPy (float64); kernel
    `(*kernel_size, filters, in_channels)`."""
    x = np.asarray(x, np.float64)
    kernel = np.asarray(kernel, np.float64)
    rank = x.ndim - 2
    if data_format == "channels_first":
        x = np.moveaxis(x, 1, -1)
    ksize = kernel.shape[:rank]
    strides = _as_tuple(strides, rank)
    dilation = _as_tuple(dilation_rate, rank)
    outpad = (None,) * rank if output_padding is None else _as_tuple(
        output_padding, rank)
    spatial = x.shape[1:-1]
    full = [(n - 1) * s + (k - 1) * d + 1 for n, k, s, d in
            zip(spatial, ksize, strides, dilation, strict=True)]
    buffer = np.zeros((x.shape[0], *full, kernel.shape[-2]))
    for position in np.ndindex(*spatial):
        value = x[(slice(None), *position)]  # (batch, in_channels)
        for tap in np.ndindex(*ksize):
            index = tuple(p * s + t * d for p, t, s, d in
                          zip(position, tap, strides, dilation, strict=True))
            buffer[(slice(None), *index)] += value @ kernel[tap].T
    lengths = [output_length(n, k, s, d, padding, p) for n, k, s, d, p in
               zip(spatial, ksize, strides, dilation, outpad, strict=True)]
    out = np.zeros((x.shape[0], *lengths, kernel.shape[-2]))
    source, target = [slice(None)], [slice(None)]
    for length, size, k, s, d in zip(lengths, full, ksize, strides, dilation,
                                     strict=True):
        before = tf_same_pads(length, k, s, d)[0] if padding == "same" else 0
        stop = min(size, before + length)
        source.append(slice(before, stop))
        target.append(slice(0, stop - before))
    out[tuple(target)] = buffer[tuple(source)]
    if bias is not None:
        out = out + np.asarray(bias, np.float64)
    if data_format == "channels_first":
        out = np.moveaxis(out, -1, 1)
    return out
