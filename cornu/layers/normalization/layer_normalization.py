"""`LayerNormalization`: normalize each sample over its feature axes."""

from __future__ import annotations

from typing import Any

from cornu import constraints, initializers, ops, regularizers
from cornu.backend.common import dtypes
from cornu.layers import _validation as check
from cornu.layers.layer import Layer
from cornu.layers.normalization import _checks


class LayerNormalization(Layer):
    """Normalizes each sample over `axis`: the output is
    `gamma * (x - mean) / sqrt(variance + epsilon) + beta`, with the mean
    and variance computed per sample over the axes in `axis` (unlike
    `BatchNormalization`, which averages over the batch).

    Args:
        axis: the axis, or list of axes, normalized together; `gamma` and
            `beta` have those axes' sizes.
        epsilon: added to the variance to avoid dividing by zero.
        center: whether to add the learned offset `beta`.
        scale: whether to multiply by the learned `gamma`.
        rms_scaling: Keras 3's deprecated fast path: with `True`, `center`
            and `scale` are ignored and the output is
            `x * gamma / sqrt(variance + epsilon)` (the input is not
            centered; despite the name, the variance is used, as in
            Keras).
        beta_initializer: the initializer of `beta`.
        gamma_initializer: the initializer of `gamma`.
        beta_regularizer: a regularizer for `beta`.
        gamma_regularizer: a regularizer for `gamma`.
        beta_constraint: a constraint applied to `beta` after each update.
        gamma_constraint: a constraint applied to `gamma` after each update.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        Any, with the sizes of the `axis` axes known.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.LayerNormalization()
    >>> x = np.array([[0.0, 2.0], [1.0, 5.0]], dtype="float32")
    >>> np.round(layer(x), 3)
    array([[-1.,  1.],
           [-1.,  1.]], dtype=float32)

    References:
        - [Ba et al., 2016](https://arxiv.org/abs/1607.06450).
    """

    def __init__(
        self,
        axis: int | list[int] = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        rms_scaling: bool = False,
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
        self.axis = _checks.axis_or_axes(axis, owner)
        self.epsilon = _checks.number(epsilon, "epsilon", owner)
        self.center = check.check_bool(center, "center", owner)
        self.scale = check.check_bool(scale, "scale", owner)
        self.rms_scaling = check.check_bool(rms_scaling, "rms_scaling", owner)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.gamma = None
        self.beta = None
        self._axes: list[int] = []
        self._broadcast_shape: tuple = ()

    def build(self, input_shape: tuple) -> None:
        owner = type(self).__name__
        ndim = len(input_shape)
        self._axes = _checks.resolve_axes(self.axis, ndim, input_shape, owner)
        sizes = tuple(input_shape[a] for a in self._axes)
        if any(n is None for n in sizes):
            raise ValueError(
                f"{owner}: the sizes of the normalized axes must be known to "
                f"create the weights. Received an input of shape "
                f"{tuple(input_shape)} with axis={self.axis!r}."
            )
        shape = sizes if isinstance(self.axis, list) else sizes[:1]
        if isinstance(self.axis, int):
            # As Keras: the axis is stored as a list once built.
            self.axis = [self.axis]
        if self.scale or self.rms_scaling:
            self.gamma = self.add_weight(
                name="gamma", shape=shape, initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint, trainable=True,
                autocast=False)
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(
                name="beta", shape=shape, initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint, trainable=True,
                autocast=False)
        self._broadcast_shape = tuple(
            input_shape[i] if i in self._axes else 1 for i in range(ndim))
        self.built = True

    def call(self, inputs: Any) -> Any:
        # Half-precision statistics lose too much: compute in float32.
        dtype = dtypes.result_type(ops.dtype(inputs), "float32")
        x = ops.cast(inputs, dtype)
        mean, variance = ops.moments(x, axes=self._axes, keepdims=True)
        inv = ops.rsqrt(ops.add(variance, self.epsilon))
        if self.rms_scaling:
            gamma = ops.reshape(ops.cast(self.gamma, dtype),
                                self._broadcast_shape)
            out = ops.multiply(x, ops.multiply(inv, gamma))
            return ops.cast(out, self.compute_dtype)
        if self.scale:
            inv = ops.multiply(inv, ops.reshape(ops.cast(self.gamma, dtype),
                                                self._broadcast_shape))
        offset = ops.negative(ops.multiply(mean, inv))
        if self.center:
            offset = ops.add(offset, ops.reshape(ops.cast(self.beta, dtype),
                                                 self._broadcast_shape))
        out = ops.add(ops.multiply(x, inv), offset)
        return ops.cast(out, self.compute_dtype)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        _checks.resolve_axes(self.axis, len(input_shape), input_shape,
                             type(self).__name__)
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
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
