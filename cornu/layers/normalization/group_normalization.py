"""`GroupNormalization`: normalize each sample over groups of channels."""

from __future__ import annotations

import numbers
from typing import Any

from cornu import constraints, initializers, ops, regularizers
from cornu.backend.common import dtypes
from cornu.layers import _validation as check
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer
from cornu.layers.normalization import _checks


class GroupNormalization(Layer):
    """Splits the channels (along `axis`) into `groups` groups and
    normalizes each sample over every non-batch axis within a group:
    `gamma * (x - mean) / sqrt(variance + epsilon) + beta`, with `gamma`
    and `beta` per channel.

    `groups=1` is layer normalization over all features; `groups=-1` (one
    group per channel) is instance normalization.

    Args:
        groups: the number of groups; it must divide the number of
            channels and not exceed it. `-1` means one group per channel.
        axis: the channel axis.
        epsilon: added to the variance to avoid dividing by zero.
        center: whether to add the learned offset `beta`.
        scale: whether to multiply by the learned `gamma`.
        beta_initializer: the initializer of `beta`.
        gamma_initializer: the initializer of `gamma`.
        beta_regularizer: a regularizer for `beta`.
        gamma_regularizer: a regularizer for `gamma`.
        beta_constraint: a constraint applied to `beta` after each update.
        gamma_constraint: a constraint applied to `gamma` after each update.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        Any rank of at least 2, with the channel axis known.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.GroupNormalization(groups=2)
    >>> x = np.array([[0.0, 2.0, 1.0, 1.0]], dtype="float32")
    >>> np.round(layer(x), 3)
    array([[-1.,  1.,  0.,  0.]], dtype=float32)

    References:
        - [Wu et al., 2018](https://arxiv.org/abs/1803.08494).
    """

    def __init__(
        self,
        groups: int = 32,
        axis: int = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        owner = type(self).__name__
        if (not isinstance(groups, numbers.Integral) or isinstance(
                groups, bool) or (groups <= 0 and groups != -1)):
            raise ValueError(
                f"{owner}: `groups` must be a positive integer or -1 (one "
                f"group per channel). Received: groups={groups!r}."
            )
        self.groups = int(groups)
        if not isinstance(axis, numbers.Integral) or isinstance(axis, bool):
            raise TypeError(
                f"{owner}: `axis` must be an int. Received: axis={axis!r}."
            )
        self.axis = int(axis)
        self.epsilon = _checks.number(epsilon, "epsilon", owner)
        self.center = check.check_bool(center, "center", owner)
        self.scale = check.check_bool(scale, "scale", owner)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.gamma = None
        self.beta = None

    def build(self, input_shape: tuple) -> None:
        owner = type(self).__name__
        ndim = len(input_shape)
        axis = _checks.resolve_axes(self.axis, ndim, input_shape, owner)[0]
        if axis == 0 or ndim < 2:
            raise ValueError(
                f"{owner}: `axis` cannot be the batch axis. Received: "
                f"axis={self.axis}, input shape {tuple(input_shape)}."
            )
        channels = input_shape[axis]
        if channels is None:
            raise ValueError(
                f"{owner}: the channel axis {self.axis} must have a known "
                f"size. Received an input of shape {tuple(input_shape)}."
            )
        groups = channels if self.groups == -1 else self.groups
        if groups > channels:
            raise ValueError(
                f"{owner}: `groups` cannot exceed the number of channels "
                f"({channels}). Received: groups={self.groups}, input shape "
                f"{tuple(input_shape)}."
            )
        if channels % groups:
            raise ValueError(
                f"{owner}: the number of channels ({channels}) must be a "
                f"multiple of `groups`. Received: groups={self.groups}, "
                f"input shape {tuple(input_shape)}."
            )
        # As Keras: -1 becomes the channel count once it is known.
        self.groups = groups
        self._channel_axis = axis
        if self.scale:
            self.gamma = self.add_weight(
                name="gamma", shape=(channels,),
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint, autocast=False)
        if self.center:
            self.beta = self.add_weight(
                name="beta", shape=(channels,),
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint, autocast=False)
        self.input_spec = InputSpec(ndim=ndim, axes={axis: channels})
        self.built = True

    def call(self, inputs: Any) -> Any:
        dtype = dtypes.result_type(ops.dtype(inputs), "float32")
        x = ops.cast(inputs, dtype)
        shape = tuple(ops.shape(x))
        axis, groups = self._channel_axis, self.groups
        channels = shape[axis]
        # (..., groups, channels // groups, ...) along the channel axis.
        grouped_shape = (*shape[:axis], groups, channels // groups,
                         *shape[axis + 1:])
        if shape[0] is None:
            grouped_shape = (-1, *grouped_shape[1:])
        grouped = ops.reshape(x, grouped_shape)
        reduce = [i for i in range(1, len(grouped_shape)) if i != axis]
        mean, variance = ops.moments(grouped, axes=reduce, keepdims=True)
        inv = ops.rsqrt(ops.add(variance, self.epsilon))
        param_shape = [1] * len(grouped_shape)
        param_shape[axis], param_shape[axis + 1] = groups, channels // groups
        if self.scale:
            inv = ops.multiply(inv, ops.reshape(ops.cast(self.gamma, dtype),
                                                param_shape))
        offset = ops.negative(ops.multiply(mean, inv))
        if self.center:
            offset = ops.add(offset, ops.reshape(ops.cast(self.beta, dtype),
                                                 param_shape))
        out = ops.add(ops.multiply(grouped, inv), offset)
        out = ops.reshape(out, (-1, *shape[1:]))
        return ops.cast(out, self.compute_dtype)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "groups": self.groups,
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(
                self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(
                self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        })
        return config
