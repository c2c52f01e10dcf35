"""`BaseConvTranspose`: the N-d transposed convolution shared by
`Conv1DTranspose`, `Conv2DTranspose` and `Conv3DTranspose`."""

from __future__ import annotations

from typing import Any

from cornu import activations, constraints, initializers, ops, regularizers
from cornu.backend.common.primitives import deconv_length
from cornu.layers import _validation as check
from cornu.layers.convolutional import _conv_common as common
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class BaseConvTranspose(Layer):
    """N-d transposed convolution plus bias and activation.

    The transpose (gradient) of a convolution: each input position
    scatters a `kernel_size` window of `filters` outputs, `strides` apart,
    so the spatial sizes grow. The kernel has shape
    `(*kernel_size, filters, in_channels)`, as in Keras. Use
    `Conv1DTranspose`, `Conv2DTranspose` or `Conv3DTranspose`; this class
    is their shared implementation and its arguments are theirs, plus
    `rank`.
    """

    def __init__(
        self,
        rank: int,
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
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        owner = type(self).__name__
        self.rank = rank
        self.filters = check.positive_int(filters, "filters", owner)
        for key, value in common.window_arguments(
                owner, rank, kernel_size, strides, padding, data_format,
                dilation_rate).items():
            setattr(self, key, value)
        if output_padding is not None:
            output_padding = check.standardize_tuple(
                output_padding, rank, "output_padding", owner,
                allow_zero=True)
            if any(p >= s for p, s in zip(output_padding, self.strides,
                                          strict=True)):
                raise ValueError(
                    f"{owner}: `output_padding` must be smaller than "
                    f"`strides` along every axis. Received: "
                    f"output_padding={output_padding}, "
                    f"strides={self.strides}."
                )
        self.output_padding = output_padding
        self.activation = activations.get(activation)
        self.use_bias = check.check_bool(use_bias, "use_bias", owner)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)
        self.kernel = None
        self.bias = None

    @property
    def _channel_axis(self) -> int:
        return -1 if self.data_format == "channels_last" else 1

    def build(self, input_shape: tuple) -> None:
        owner = type(self).__name__
        self.compute_output_shape(input_shape)
        channels = input_shape[self._channel_axis]
        if channels is None:
            raise ValueError(
                f"{owner}: the channel dimension of the input must be known "
                f"to create the kernel. Received an input of shape "
                f"{tuple(input_shape)} with data_format={self.data_format!r}."
            )
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={self._channel_axis: channels})
        self.kernel = self.add_weight(
            name="kernel", shape=(*self.kernel_size, self.filters, channels),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(self.filters,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs: Any) -> Any:
        outputs = ops.conv_transpose(
            inputs, self.kernel, strides=self.strides, padding=self.padding,
            output_padding=self.output_padding, data_format=self.data_format,
            dilation_rate=self.dilation_rate)
        if self.use_bias:
            outputs = common.add_bias(self, outputs, self.bias)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"{type(self).__name__}: expected an input of rank "
                f"{self.rank + 2} (batch, spatial dims and channels). "
                f"Received an input of shape {input_shape}."
            )
        if self.data_format == "channels_last":
            spatial = input_shape[1:-1]
        else:
            spatial = input_shape[2:]
        output_padding = self.output_padding or (None,) * self.rank
        out = tuple(
            deconv_length(n, s, k, self.padding, p, d)
            for n, s, k, p, d in zip(spatial, self.strides, self.kernel_size,
                                     output_padding, self.dilation_rate,
                                     strict=True))
        if self.data_format == "channels_last":
            return (input_shape[0], *out, self.filters)
        return (input_shape[0], self.filters, *out)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "output_padding": self.output_padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(
                self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(
                self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(
                self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        })
        return config
