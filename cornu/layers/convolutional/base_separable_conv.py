"""`BaseSeparableConv`: the N-d depthwise-separable convolution shared by
`SeparableConv1D` and `SeparableConv2D`."""

from __future__ import annotations

from typing import Any

from cornu import activations, constraints, initializers, ops, regularizers
from cornu.layers import _validation as check
from cornu.layers.convolutional import _conv_common as common
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class BaseSeparableConv(Layer):
    """N-d depthwise convolution followed by a pointwise (1x1)
    convolution, plus bias and activation.

    The depthwise step convolves each input channel with its own
    `depth_multiplier` filters (`depthwise_kernel`,
    `(*kernel_size, in_channels, depth_multiplier)`); the pointwise step
    mixes the `in_channels * depth_multiplier` results into `filters`
    outputs (`pointwise_kernel`, `(1, ..., 1, in_channels *
    depth_multiplier, filters)`). Use `SeparableConv1D` or
    `SeparableConv2D`; their arguments are this class's, plus `rank`.
    """

    def __init__(
        self,
        rank: int,
        depth_multiplier: int,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
        activation: Any = None,
        use_bias: bool = True,
        depthwise_initializer: Any = "glorot_uniform",
        pointwise_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        depthwise_regularizer: Any = None,
        pointwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        pointwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        owner = type(self).__name__
        self.rank = rank
        self.depth_multiplier = check.positive_int(
            depth_multiplier, "depth_multiplier", owner)
        self.filters = check.positive_int(filters, "filters", owner)
        for key, value in common.window_arguments(
                owner, rank, kernel_size, strides, padding, data_format,
                dilation_rate).items():
            setattr(self, key, value)
        self.activation = activations.get(activation)
        self.use_bias = check.check_bool(use_bias, "use_bias", owner)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)
        self.depthwise_kernel = None
        self.pointwise_kernel = None
        self.bias = None

    def build(self, input_shape: tuple) -> None:
        self.compute_output_shape(input_shape)
        channels = common.input_channels(self, input_shape)
        axis = -1 if self.data_format == "channels_last" else 1
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={axis: channels})
        self.depthwise_kernel = self.add_weight(
            name="depthwise_kernel",
            shape=(*self.kernel_size, channels, self.depth_multiplier),
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self.pointwise_kernel = self.add_weight(
            name="pointwise_kernel",
            shape=(*(1,) * self.rank, channels * self.depth_multiplier,
                   self.filters),
            initializer=self.pointwise_initializer,
            regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint)
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(self.filters,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs: Any) -> Any:
        outputs = ops.separable_conv(
            inputs, self.depthwise_kernel, self.pointwise_kernel,
            strides=self.strides, padding=self.padding,
            data_format=self.data_format, dilation_rate=self.dilation_rate)
        if self.use_bias:
            outputs = common.add_bias(self, outputs, self.bias)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return common.output_shape(self, input_shape, self.filters)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "depth_multiplier": self.depth_multiplier,
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": initializers.serialize(
                self.depthwise_initializer),
            "pointwise_initializer": initializers.serialize(
                self.pointwise_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "depthwise_regularizer": regularizers.serialize(
                self.depthwise_regularizer),
            "pointwise_regularizer": regularizers.serialize(
                self.pointwise_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(
                self.activity_regularizer),
            "depthwise_constraint": constraints.serialize(
                self.depthwise_constraint),
            "pointwise_constraint": constraints.serialize(
                self.pointwise_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        })
        return config
