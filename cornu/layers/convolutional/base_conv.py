"""`BaseConv`: the N-d convolution shared by `Conv1D`, `Conv2D` and
`Conv3D`."""

from __future__ import annotations

from typing import Any

from cornu import activations, constraints, initializers, ops, regularizers
from cornu.layers import _validation as check
from cornu.layers.convolutional import _conv_common as common
from cornu.layers.convolutional._conv_common import (  # noqa: F401 - kept
    conv_output_length,  # importable from here (pooling, tests)
)
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class BaseConv(Layer):
    """N-d convolution (cross-correlation) plus bias and activation.

    The layer convolves a kernel of shape
    `(*kernel_size, in_channels // groups, filters)` with its input, adds a
    bias of shape `(filters,)` when `use_bias` is set and applies
    `activation`. Use `Conv1D`, `Conv2D` or `Conv3D`; this class is their
    shared implementation.

    Args:
        rank: the number of spatial dimensions (1, 2 or 3).
        filters: the number of output channels.
        kernel_size: the window size, an int or a tuple of `rank` ints.
        strides: the step of the window, an int or a tuple of `rank` ints.
            `strides > 1` cannot be combined with `dilation_rate > 1`.
        padding: `"valid"` (no padding), `"same"` (pad so that the output
            length is `ceil(input / strides)`, the extra cell after) or,
            for `rank=1` only, `"causal"` (pad on the left only).
            Case-insensitive.
        data_format: `"channels_last"` (`(batch, *spatial, channels)`) or
            `"channels_first"` (`(batch, channels, *spatial)`). `None`
            means `cornu.config.image_data_format()`.
        dilation_rate: the spacing between kernel taps, an int or a tuple
            of `rank` ints.
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
        lora_rank: the rank of a LoRA update of the kernel (see
            `enable_lora`); `None` means no LoRA. `Conv1D`/`2D`/`3D` take it
            through `**kwargs`, as in Keras.
        lora_alpha: the LoRA scale numerator; `None` means `lora_rank`.
        **kwargs: base `Layer` arguments (`name`, `dtype`, `trainable`,
            ...).
    """

    def __init__(
        self,
        rank: int,
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
        lora_rank: int | None = None,
        lora_alpha: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        owner = type(self).__name__
        self.rank = rank
        self.filters = check.positive_int(filters, "filters", owner)
        self.groups = check.positive_int(groups, "groups", owner)
        if self.filters % self.groups:
            raise ValueError(
                f"{owner}: `filters` must be a multiple of `groups`. "
                f"Received: filters={filters!r}, groups={groups!r}."
            )
        for key, value in common.window_arguments(
                owner, rank, kernel_size, strides, padding, data_format,
                dilation_rate, allow_causal=rank == 1).items():
            setattr(self, key, value)
        self.activation = activations.get(activation)
        self.use_bias = check.check_bool(use_bias, "use_bias", owner)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        if lora_rank is not None:
            lora_rank = check.positive_int(lora_rank, "lora_rank", owner)
            if self.kernel_constraint is not None:
                raise ValueError(_lora_constraint_message(owner))
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False
        self.input_spec = InputSpec(min_ndim=rank + 2)
        self._kernel = None
        self.bias = None

    @property
    def _channel_axis(self) -> int:
        return -1 if self.data_format == "channels_last" else 1

    def build(self, input_shape: tuple) -> None:
        owner = type(self).__name__
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"{owner}: expected an input of rank {self.rank + 2} "
                f"(batch, spatial dims and channels). Received an input of "
                f"shape {tuple(input_shape)}."
            )
        channels = input_shape[self._channel_axis]
        if channels is None:
            raise ValueError(
                f"{owner}: the channel dimension of the input must be known "
                f"to create the kernel. Received an input of shape "
                f"{tuple(input_shape)} with data_format={self.data_format!r}."
            )
        if channels % self.groups:
            raise ValueError(
                f"{owner}: the input channels must be a multiple of "
                f"`groups`. Received groups={self.groups} and an input of "
                f"shape {tuple(input_shape)} ({channels} channels)."
            )
        self.compute_output_shape(input_shape)
        self.input_spec = InputSpec(
            min_ndim=self.rank + 2, axes={self._channel_axis: channels})
        self._kernel = self.add_weight(
            name="kernel",
            shape=(*self.kernel_size, channels // self.groups, self.filters),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            trainable=True,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.filters,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                trainable=True,
            )
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, self.lora_alpha)

    @property
    def kernel(self) -> Any:
        """The effective kernel (with the LoRA update when enabled)."""
        if not self.built:
            raise AttributeError(
                f"{type(self).__name__} layer {self.name!r} has no `kernel` "
                "yet: it is not built. Call it on data or call "
                "`build(input_shape)` first."
            )
        if not self.lora_enabled:
            return self._kernel
        delta = ops.matmul(self.lora_kernel_a, self.lora_kernel_b)
        scale = self.lora_alpha / self.lora_rank
        return ops.cast(ops.add(self._kernel, ops.multiply(delta, scale)),
                        self.compute_dtype)

    def enable_lora(self, rank: int, lora_alpha: float | None = None,
                    a_initializer: Any = "he_uniform",
                    b_initializer: Any = "zeros") -> None:
        """Freezes the kernel and adds the trainable LoRA factors
        `lora_kernel_a` `(*kernel_size, in_channels // groups, rank)` and
        `lora_kernel_b` `(rank, filters)`, kept in float32. The effective
        kernel is `kernel + (lora_alpha / rank) * lora_kernel_a @
        lora_kernel_b`.

        Args:
            rank: the rank of the update.
            lora_alpha: the scale numerator; `None` means `rank`.
            a_initializer: the initializer of `lora_kernel_a`.
            b_initializer: the initializer of `lora_kernel_b` (zeros, so
                the layer's output does not change at first).
        """
        owner = type(self).__name__
        rank = check.positive_int(rank, "rank", f"{owner}.enable_lora")
        if self.kernel_constraint is not None:
            raise ValueError(_lora_constraint_message(owner))
        if not self.built:
            raise RuntimeError(
                f"{owner} layer {self.name!r}: cannot enable LoRA before the "
                "layer is built. Call it on data or call "
                "`build(input_shape)` first."
            )
        if self.lora_enabled:
            raise RuntimeError(
                f"{owner} layer {self.name!r}: LoRA is already enabled; it "
                "can be enabled only once per layer."
            )
        self.lora_kernel_a = self.add_weight(
            name="lora_kernel_a", shape=(*self._kernel.shape[:-1], rank),
            initializer=initializers.get(a_initializer), dtype="float32",
            regularizer=self.kernel_regularizer)
        self.lora_kernel_b = self.add_weight(
            name="lora_kernel_b", shape=(rank, self.filters),
            initializer=initializers.get(b_initializer), dtype="float32",
            regularizer=self.kernel_regularizer)
        self._kernel.trainable = False
        self.lora_enabled = True
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank

    def convolution_op(self, inputs: Any, kernel: Any) -> Any:
        """The convolution without bias or activation."""
        padding = self.padding
        if padding == "causal":
            left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            widths = [(0, 0)] * 3
            widths[1 if self.data_format == "channels_last" else 2] = (
                left, 0)
            inputs = ops.pad(inputs, widths)
            padding = "valid"
        return ops.conv(
            inputs,
            kernel,
            strides=self.strides,
            padding=padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )

    def call(self, inputs: Any) -> Any:
        outputs = self.convolution_op(inputs, self.kernel)
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
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "groups": self.groups,
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
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config


def _lora_constraint_message(owner: str) -> str:
    return (
        f"{owner}: LoRA is incompatible with a `kernel_constraint` (the "
        "kernel is frozen and the update is unconstrained). Remove "
        "`kernel_constraint` or `lora_rank`."
    )
