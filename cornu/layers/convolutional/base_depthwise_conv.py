"""`BaseDepthwiseConv`: the N-d depthwise convolution shared by
`DepthwiseConv1D` and `DepthwiseConv2D`."""

from __future__ import annotations

from typing import Any

from cornu import activations, constraints, initializers, ops, regularizers
from cornu.layers import _validation as check
from cornu.layers.convolutional import _conv_common as common
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class BaseDepthwiseConv(Layer):
    """N-d depthwise convolution plus bias and activation.

    Each input channel is convolved with its own `depth_multiplier`
    filters, so the output has `in_channels * depth_multiplier` channels
    (channel `c * depth_multiplier + m` comes from input channel `c`). The
    kernel has shape `(*kernel_size, in_channels, depth_multiplier)` and
    is named `kernel`, as in Keras 3. Use `DepthwiseConv1D` or
    `DepthwiseConv2D`; their arguments are this class's, plus `rank`.
    """

    def __init__(
        self,
        rank: int,
        depth_multiplier: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
        activation: Any = None,
        use_bias: bool = True,
        depthwise_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        depthwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        owner = type(self).__name__
        self.rank = rank
        self.depth_multiplier = check.positive_int(
            depth_multiplier, "depth_multiplier", owner)
        for key, value in common.window_arguments(
                owner, rank, kernel_size, strides, padding, data_format,
                dilation_rate).items():
            setattr(self, key, value)
        self.activation = activations.get(activation)
        self.use_bias = check.check_bool(use_bias, "use_bias", owner)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)
        self.kernel = None
        self.bias = None

    def build(self, input_shape: tuple) -> None:
        self.compute_output_shape(input_shape)
        channels = common.input_channels(self, input_shape)
        axis = -1 if self.data_format == "channels_last" else 1
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={axis: channels})
        self.kernel = self.add_weight(
            name="kernel",
            shape=(*self.kernel_size, channels, self.depth_multiplier),
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(channels * self.depth_multiplier,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs: Any) -> Any:
        outputs = ops.depthwise_conv(
            inputs, self.kernel, strides=self.strides, padding=self.padding,
            data_format=self.data_format, dilation_rate=self.dilation_rate)
        if self.use_bias:
            outputs = common.add_bias(self, outputs, self.bias)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        channels = input_shape[
            -1 if self.data_format == "channels_last" else 1]
        out_channels = (None if channels is None
                        else channels * self.depth_multiplier)
        return common.output_shape(self, input_shape, out_channels)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "depth_multiplier": self.depth_multiplier,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": initializers.serialize(
                self.depthwise_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "depthwise_regularizer": regularizers.serialize(
                self.depthwise_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(
                self.activity_regularizer),
            "depthwise_constraint": constraints.serialize(
                self.depthwise_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        })
        return config
