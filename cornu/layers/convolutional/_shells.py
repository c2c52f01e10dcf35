"""What the rank-specific convolution classes (`Conv2D`,
`Conv2DTranspose`, `SeparableConv2D`, `DepthwiseConv2D`, ...) share.

Each such class keeps Keras's explicit signature and its own summary,
shapes and example; it hands its arguments to its N-d base with
`base_arguments(locals())` and takes the `Args:` list of its family from
here, where the lists differ only in how many ints a size takes
(`conv_args(2)`)."""

from __future__ import annotations


def base_arguments(arguments: dict) -> dict:
    """A constructor's `locals()` as keywords for its base: `self` (and
    the `__class__` cell of `super()`) dropped, `**kwargs` spread."""
    own = {k: v for k, v in arguments.items()
           if k not in ("self", "__class__", "kwargs")}
    return {**own, **arguments.get("kwargs", {})}


def _ints(rank: int) -> str:
    return "one int" if rank == 1 else f"{rank} ints"


_INITIALIZERS = """\
        {k}_initializer: the {kernel}'s initializer."""
_REGULARIZERS = """\
        {k}_regularizer: a regularizer for the {kernel}."""
_CONSTRAINTS = """\
        {k}_constraint: a constraint applied to the {kernel}
            after each optimizer update."""

_WINDOW = """\
        kernel_size: the {window} size, an int or a tuple of {ints}.
        strides: the {stride}, an int or a tuple of {ints}.
            `strides > 1` cannot be combined with `dilation_rate > 1`."""
_DATA_FORMAT = """\
        data_format: `"channels_last"` or `"channels_first"` (see the
            shapes below); `None` means `cornu.config.image_data_format()`."""
_DILATION = """\
        dilation_rate: the spacing between kernel taps, an int or a tuple
            of {ints}."""
_ACTIVATION = """\
        activation: the activation applied to the output; `None` means
            identity.
        use_bias: whether to add a bias."""
_TAIL = """\
        {initializers}
        bias_initializer: the bias's initializer.
        {regularizers}
        bias_regularizer: a regularizer for the bias.
        activity_regularizer: a regularizer for the output.
        {constraints}
        bias_constraint: a constraint applied to the bias after each
            optimizer update.
        **kwargs: base `Layer` arguments (`name`, `dtype`, `trainable`,
            ...)."""

PADDING = """\
        padding: `"valid"` (no padding) or `"same"` (pad so that each
            output size is `ceil(n / strides)`, the extra cell after, as
            TensorFlow). Case-insensitive."""
CAUSAL_PADDING = """\
        padding: `"valid"` (no padding), `"same"` (pad so that the
            output length is `ceil(steps / strides)`, the extra cell after)
            or `"causal"` (pad `dilation_rate * (kernel_size - 1)` cells on
            the left only, so `output[t]` sees no input after `t`).
            Case-insensitive."""


def _weights(kernels: dict) -> dict:
    """The initializer, regularizer and constraint lines of `kernels`
    (argument prefix -> what it is called)."""
    def lines(template):
        return "\n".join(template.format(k=k, kernel=name)
                         for k, name in kernels.items()).lstrip()
    return {"initializers": lines(_INITIALIZERS),
            "regularizers": lines(_REGULARIZERS),
            "constraints": lines(_CONSTRAINTS)}


def _join(*parts: str) -> str:
    return "\n".join(parts)


def conv_args(rank: int, padding: str = PADDING) -> str:
    """The `Args:` of `Conv1D`/`2D`/`3D`."""
    return _join(
        "        filters: the number of output channels.",
        _WINDOW.format(window="window", stride="step of the window",
                       ints=_ints(rank)),
        padding, _DATA_FORMAT, _DILATION.format(ints=_ints(rank)),
        """\
        groups: the number of groups the input channels are split into;
            each group is convolved with `filters // groups` filters. Both
            the input channels and `filters` must be multiples of it.""",
        _ACTIVATION,
        _TAIL.format(**_weights({"kernel": "kernel"})),
    )


def transpose_args(rank: int) -> str:
    """The `Args:` of `Conv1DTranspose`/`2D`/`3D`."""
    return _join(
        "        filters: the number of output channels.",
        _WINDOW.format(window="window", stride="upsampling factor",
                       ints=_ints(rank)),
        """\
        padding: `"valid"` or `"same"` (the output size is then
            `input * strides`). Case-insensitive.""",
        f"""\
        output_padding: the extra size added on one side of each output
            axis, an int or a tuple of {_ints(rank)}, each smaller than its
            stride; `None` infers the size from `padding`.""",
        _DATA_FORMAT, _DILATION.format(ints=_ints(rank)), _ACTIVATION,
        _TAIL.format(**_weights({"kernel": "kernel"})),
    )


def separable_args(rank: int) -> str:
    """The `Args:` of `SeparableConv1D`/`2D`."""
    weights = _weights({"depthwise": "depthwise kernel",
                        "pointwise": "pointwise kernel"})
    return _join(
        "        filters: the number of output channels.",
        _WINDOW.format(window="depthwise window", stride="step of the window",
                       ints=_ints(rank)),
        """\
        padding: `"valid"` or `"same"`. Case-insensitive.""",
        _DATA_FORMAT, _DILATION.format(ints=_ints(rank)),
        """\
        depth_multiplier: the number of depthwise filters per input
            channel.""",
        _ACTIVATION, _TAIL.format(**weights),
    )


def depthwise_args(rank: int) -> str:
    """The `Args:` of `DepthwiseConv1D`/`2D`."""
    weights = _weights({"depthwise": "kernel"})
    return _join(
        _WINDOW.format(window="window", stride="step of the window",
                       ints=_ints(rank)),
        """\
        padding: `"valid"` or `"same"`. Case-insensitive.
        depth_multiplier: the number of filters per input channel.""",
        _DATA_FORMAT, _DILATION.format(ints=_ints(rank)), _ACTIVATION,
        _TAIL.format(**weights),
    )


TRANSPOSE_OUTPUT_SHAPE = """\
        The same layout with `filters` channels. Each spatial size is
        `(n - 1) * strides + (kernel_size - 1) * dilation_rate + 1 -
        2 * pad + output_padding` when `output_padding` is given (`pad` is
        `kernel_size // 2` for `"same"`, 0 for `"valid"`); otherwise
        `n * strides` with `"same"` and
        `n * strides + max(kernel_size - strides, 0)` with `"valid"`."""
