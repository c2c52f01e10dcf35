"""`Dense`: the densely connected layer, `activation(x @ kernel + bias)`."""

from __future__ import annotations

from typing import Any

from cornu import activations, constraints, initializers, ops, regularizers
from cornu.layers import _validation as check
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer
from cornu.ops.nn import affine


class Dense(Layer):
    """Just your regular densely connected layer.

    Computes `activation(inputs @ kernel + bias)`. On inputs of rank above 2
    the kernel applies to the last axis: `(batch, d0, d1)` becomes
    `(batch, d0, units)`.

    With `lora_rank` set (or after `enable_lora(rank)`), the kernel is
    frozen and the layer learns a low-rank update instead (LoRA): the
    effective kernel is
    `kernel + (lora_alpha / lora_rank) * lora_kernel_a @ lora_kernel_b`.

    Args:
        units: the size of the output's last axis.
        activation: the activation applied to the output; `None` means
            identity (`"linear"`).
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
        lora_rank: the rank of the LoRA update; `None` means no LoRA.
        lora_alpha: the LoRA scale numerator; `None` means `lora_rank`.
            (Keras 3.15 drops a `lora_alpha` given here when the layer
            builds and scales by 1; cornu keeps it, as documented.)
        quantization_config: accepted for Keras compatibility; only `None`
            is supported (cornu has no quantized `Dense` yet).
        **kwargs: base `Layer` arguments (`name`, `dtype`, `trainable`,
            and the Keras 2 `input_dim`/`input_shape`).

    Input shape:
        `(batch, ..., input_dim)`, rank 2 or more.

    Output shape:
        `(batch, ..., units)`.

    Example:
    >>> cornu.layers.Dense(3)(np.ones((2, 4), dtype="float32")).shape
    (2, 3)
    """

    def __init__(
        self,
        units: int,
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
        quantization_config: Any = None,
        **kwargs: Any,
    ) -> None:
        units = check.positive_int(units, "units", "Dense")
        if lora_rank is not None:
            lora_rank = check.positive_int(lora_rank, "lora_rank", "Dense")
        if quantization_config is not None:
            raise NotImplementedError(
                "Dense: quantized layers are not supported yet; pass "
                f"quantization_config=None. Received: "
                f"quantization_config={quantization_config!r}."
            )
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        if lora_rank is not None and self.kernel_constraint is not None:
            raise ValueError(_LORA_CONSTRAINT_MESSAGE)
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False
        self.quantization_config = None
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape: tuple) -> None:
        input_shape = tuple(input_shape)
        if len(input_shape) < 2:
            raise ValueError(
                f"Dense layer {self.name!r} needs inputs of rank 2 or more, "
                "`(batch, ..., features)`; add a feature axis (e.g. "
                "`x[:, None]`). Received: input_shape="
                f"{input_shape}."
            )
        in_dim = input_shape[-1]
        if in_dim is None:
            raise ValueError(
                f"Dense layer {self.name!r} needs a known last input "
                f"dimension to create its kernel. Received: input_shape="
                f"{input_shape}."
            )
        self._kernel = self.add_weight(
            name="kernel",
            shape=(in_dim, self.units),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self._kernel._lay_out_as_matmul_rhs()
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.units,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        else:
            self.bias = None
        self.input_spec = InputSpec(min_ndim=2, axes={-1: in_dim})
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, self.lora_alpha)

    @property
    def kernel(self):
        """The effective kernel (with the LoRA update when enabled)."""
        if not self.built:
            # Not AttributeError: torch's `nn.Module.__getattr__` would hide
            # this message (docs/differences.md).
            raise RuntimeError(
                f"Dense layer {self.name!r} has no `kernel` yet: it is not "
                "built. Call it on data or call `build(input_shape)` first."
            )
        if not self.lora_enabled:
            return self._kernel
        delta = ops.matmul(self.lora_kernel_a, self.lora_kernel_b)
        scale = self.lora_alpha / self.lora_rank
        return ops.cast(ops.add(self._kernel, ops.multiply(delta, scale)),
                        self.compute_dtype)

    def call(self, inputs):
        # Variable values, not the Variables: the ops' fast path.
        kernel = self.kernel if self.lora_enabled else self._kernel.value
        bias = None if self.bias is None else self.bias.value
        return self.activation(affine(inputs, kernel, bias))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return (*tuple(input_shape)[:-1], self.units)

    def enable_lora(self, rank: int, lora_alpha: float | None = None,
                    a_initializer: Any = "he_uniform",
                    b_initializer: Any = "zeros") -> None:
        """Freezes the kernel and adds the trainable LoRA factors
        `lora_kernel_a` `(input_dim, rank)` and `lora_kernel_b`
        `(rank, units)`, kept in float32.

        Args:
            rank: the rank of the update.
            lora_alpha: the scale numerator; `None` means `rank`.
            a_initializer: the initializer of `lora_kernel_a`.
            b_initializer: the initializer of `lora_kernel_b` (zeros, so
                the layer's output does not change at first).
        """
        rank = check.positive_int(rank, "rank", "Dense.enable_lora")
        if self.kernel_constraint is not None:
            raise ValueError(_LORA_CONSTRAINT_MESSAGE)
        if not self.built:
            raise RuntimeError(
                f"Dense layer {self.name!r}: cannot enable LoRA before the "
                "layer is built. Call it on data or call "
                "`build(input_shape)` first."
            )
        if self.lora_enabled:
            raise RuntimeError(
                f"Dense layer {self.name!r}: LoRA is already enabled; it "
                "can be enabled only once per layer."
            )
        in_dim, units = self._kernel.shape
        self.lora_kernel_a = self.add_weight(
            name="lora_kernel_a", shape=(in_dim, rank),
            initializer=initializers.get(a_initializer), dtype="float32",
            regularizer=self.kernel_regularizer)
        self.lora_kernel_b = self.add_weight(
            name="lora_kernel_b", shape=(rank, units),
            initializer=initializers.get(b_initializer), dtype="float32",
            regularizer=self.kernel_regularizer)
        self._kernel.trainable = False
        self.lora_enabled = True
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(
                self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(
                self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "quantization_config": None,
        })
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config


_LORA_CONSTRAINT_MESSAGE = (
    "Dense: LoRA is incompatible with a `kernel_constraint` (the kernel is "
    "frozen and the update is unconstrained). Remove `kernel_constraint` "
    "or `lora_rank`."
)
