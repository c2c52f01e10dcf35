"""`BatchNormalization`: normalize with batch statistics while training and
with moving averages of them at inference."""

from __future__ import annotations

import numbers
from typing import Any

from cornu import config, constraints, initializers, ops, regularizers
from cornu.backend.common import dtypes
from cornu.layers import _validation as check
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer

_RENORM_KEYS = ("rmax", "rmin", "dmax")


def _clone(initializer: Any) -> Any:
    clone = getattr(initializer, "clone", None)
    return clone() if callable(clone) else initializer


class BatchNormalization(Layer):
    """Normalizes each feature with the batch's mean and variance.

    With `training=True` the layer computes, per feature (along `axis`),
    `gamma * (x - mean(x)) / sqrt(var(x) + epsilon) + beta` over all the
    other axes, and updates the moving statistics as
    `moving = moving * momentum + batch_stat * (1 - momentum)`. Otherwise
    (inference, the default) it uses `moving_mean` and `moving_variance`.

    A frozen layer (`trainable=False`) always runs in inference mode, even
    when called with `training=True`, and never updates its statistics,
    as Keras 3 does (this is what fine-tuning wants).

    Args:
        axis: the feature axis, normalized independently (usually -1 for
            `"channels_last"` and 1 for `"channels_first"`).
        momentum: the momentum of the moving averages.
        epsilon: added to the variance to avoid dividing by zero.
        center: whether to add the learned offset `beta`.
        scale: whether to multiply by the learned `gamma`.
        beta_initializer: the initializer of `beta`.
        gamma_initializer: the initializer of `gamma`.
        moving_mean_initializer: the initializer of `moving_mean`.
        moving_variance_initializer: the initializer of `moving_variance`.
        beta_regularizer: a regularizer for `beta`.
        gamma_regularizer: a regularizer for `gamma`.
        beta_constraint: a constraint applied to `beta` after each update.
        gamma_constraint: a constraint applied to `gamma` after each update.
        renorm: whether to use batch renormalization (Ioffe, 2017), which
            adds the non-trainable `moving_stddev`, `renorm_mean` and
            `renorm_stddev` weights.
        renorm_clipping: a dict with optional keys `"rmax"`, `"rmin"` and
            `"dmax"` clipping the renormalization corrections `r` and `d`.
        renorm_momentum: the momentum of the renormalization averages.
        synchronized: compute the statistics across all devices of a
            distributed run. cornu runs one device per process, where these
            equal the local statistics, so the flag only round-trips.
            (Keras 3 rejects `True` outside TensorFlow.)
        **kwargs: base `Layer` arguments (`name`, `dtype`, `trainable`,
            ...).

    Call arguments:
        inputs: the input tensor, of any rank.
        training: whether to normalize with the batch statistics and update
            the moving ones (training) or to use the moving ones
            (inference).
        mask: an optional boolean tensor with the input's shape minus its
            last axis; masked steps are left out of the batch statistics.

    Input shape:
        Any shape.

    Output shape:
        The input's shape.

    Example:
    >>> bn = cornu.layers.BatchNormalization()
    >>> x = np.array([[0.0, 2.0], [2.0, 6.0]], dtype="float32")
    >>> np.round(bn(x, training=True), 2)
    array([[-1., -1.],
           [ 1.,  1.]], dtype=float32)
    >>> np.round(bn.moving_mean.numpy(), 3)
    array([0.01, 0.04], dtype=float32)

    References:
        - [Ioffe and Szegedy, 2015](https://arxiv.org/abs/1502.03167).
        - [Ioffe, 2017](https://arxiv.org/abs/1702.03275) (renorm).
    """

    def __init__(
        self,
        axis: int = -1,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        moving_mean_initializer: Any = "zeros",
        moving_variance_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        renorm: bool = False,
        renorm_clipping: dict | None = None,
        renorm_momentum: float = 0.99,
        synchronized: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        owner = type(self).__name__
        self.axis = _standardize_axis(axis, owner)
        self.momentum = _number(momentum, "momentum", owner)
        self.epsilon = _number(epsilon, "epsilon", owner)
        self.center = check.check_bool(center, "center", owner)
        self.scale = check.check_bool(scale, "scale", owner)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(
            moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(
            moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.renorm = check.check_bool(renorm, "renorm", owner)
        if renorm:
            renorm_clipping = _check_renorm_clipping(renorm_clipping, owner)
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum
        self.synchronized = check.check_bool(
            synchronized, "synchronized", owner)
        self.supports_masking = True
        self.gamma = None
        self.beta = None
        self.moving_mean = None
        self.moving_variance = None
        self._reduction_axes: list[int] = []

    def build(self, input_shape: tuple) -> None:
        ndim = len(input_shape)
        if not -ndim <= self.axis < ndim:
            raise ValueError(
                f"{type(self).__name__}: `axis` is out of range for an input "
                f"of rank {ndim}. Received: axis={self.axis}, input shape "
                f"{tuple(input_shape)}."
            )
        size = input_shape[self.axis]
        if size is None:
            raise ValueError(
                f"{type(self).__name__}: the size of axis {self.axis} must "
                f"be known to create the weights. Received an input of shape "
                f"{tuple(input_shape)}."
            )
        shape = (size,)
        if self.scale:
            self.gamma = self.add_weight(
                shape=shape, name="gamma", initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint, trainable=True,
                autocast=False,
            )
        if self.center:
            self.beta = self.add_weight(
                shape=shape, name="beta", initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint, trainable=True,
                autocast=False,
            )
        self.moving_mean = self.add_weight(
            shape=shape, name="moving_mean",
            initializer=self.moving_mean_initializer, trainable=False,
            autocast=False,
        )
        self.moving_variance = self.add_weight(
            shape=shape, name="moving_variance",
            initializer=self.moving_variance_initializer, trainable=False,
            autocast=False,
        )
        if self.renorm:
            # Renorm tracks the moving standard deviation; it starts as the
            # square root of the variance initializer's values.
            def stddev_initializer(shape, dtype=None):
                values = _clone(self.moving_variance_initializer)(
                    shape, dtype=dtype)
                return ops.sqrt(values)

            self.moving_stddev = self.add_weight(
                shape=shape, name="moving_stddev",
                initializer=stddev_initializer, trainable=False,
                autocast=False,
            )
            self.renorm_mean = self.add_weight(
                shape=shape, name="renorm_mean",
                initializer=_clone(self.moving_mean_initializer),
                trainable=False, autocast=False,
            )
            self.renorm_stddev = self.add_weight(
                shape=shape, name="renorm_stddev",
                initializer=stddev_initializer, trainable=False,
                autocast=False,
            )
        self.input_spec = InputSpec(ndim=ndim, axes={self.axis: size})
        axis = self.axis % ndim
        self._reduction_axes = [i for i in range(ndim) if i != axis]
        self.built = True

    def call(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        if mask is not None and len(ops.shape(mask)) != len(
                ops.shape(inputs)) - 1:
            raise ValueError(
                f"{type(self).__name__}: the mask must have one dimension "
                f"less than the inputs. Received: mask.shape="
                f"{tuple(ops.shape(mask))}, inputs.shape="
                f"{tuple(ops.shape(inputs))}."
            )
        # Half-precision statistics overflow: compute in float32 at least.
        dtype = dtypes.result_type(ops.dtype(inputs), "float32")
        inputs = ops.cast(inputs, dtype)
        moving_mean = ops.cast(self.moving_mean, dtype)
        moving_variance = ops.cast(self.moving_variance, dtype)
        gamma = ops.cast(self.gamma, dtype) if self.scale else None
        beta = ops.cast(self.beta, dtype) if self.center else None

        if training and self.trainable:
            mean, variance = self._moments(inputs, mask)
            if self.renorm:
                r, d = self._renorm_corrections(mean, variance)
                gamma, beta = _compose(r, d, gamma, beta, dtype)
                self._update_renorm_statistics(mean, variance)
            else:
                self._update_moving(self.moving_mean, moving_mean, mean,
                                    self.momentum)
                self._update_moving(self.moving_variance, moving_variance,
                                    variance, self.momentum)
        else:
            mean, variance = moving_mean, moving_variance

        outputs = ops.batch_normalization(
            inputs, mean, variance, axis=self.axis, offset=beta,
            scale=gamma, epsilon=self.epsilon,
        )
        return ops.cast(outputs, self.compute_dtype)

    @staticmethod
    def _update_moving(variable, current, stat, momentum) -> None:
        variable.assign(ops.add(ops.multiply(current, momentum),
                                ops.multiply(stat, 1.0 - momentum)))

    def _moments(self, inputs, mask):
        axes = self._reduction_axes
        if mask is None:
            return ops.moments(inputs, axes=axes,
                               synchronized=self.synchronized)
        keep = ops.cast(ops.broadcast_to(
            ops.expand_dims(mask, -1), ops.shape(inputs)), "bool")
        weight = ops.sum(ops.cast(keep, ops.dtype(inputs)), axis=axes,
                         keepdims=True)
        weight = ops.add(weight, config.epsilon())
        total = ops.sum(ops.where(keep, inputs, 0), axis=axes, keepdims=True)
        mean = ops.divide(total, weight)
        centered = ops.where(keep, ops.subtract(inputs, mean), 0)
        variance = ops.divide(
            ops.sum(ops.square(centered), axis=axes, keepdims=True), weight)
        return ops.squeeze(mean, axis=axes), ops.squeeze(variance, axis=axes)

    def _renorm_corrections(self, mean, variance):
        stddev = ops.sqrt(ops.add(variance, self.epsilon))
        dtype = ops.dtype(mean)
        renorm_mean = ops.cast(self.renorm_mean, dtype)
        # Floor the stddev to avoid dividing by zero early in training.
        renorm_stddev = ops.maximum(
            ops.cast(self.renorm_stddev, dtype),
            ops.sqrt(ops.cast(self.epsilon, dtype)),
        )
        r = ops.divide(stddev, renorm_stddev)
        d = ops.divide(ops.subtract(mean, renorm_mean), renorm_stddev)
        clipping = self.renorm_clipping or {}
        if clipping.get("rmin") is not None:
            r = ops.maximum(r, clipping["rmin"])
        if clipping.get("rmax") is not None:
            r = ops.minimum(r, clipping["rmax"])
        if clipping.get("dmax") is not None:
            d = ops.clip(d, -clipping["dmax"], clipping["dmax"])
        return r, d

    def _update_renorm_statistics(self, mean, variance) -> None:
        dtype = ops.dtype(mean)
        stddev = ops.sqrt(ops.add(variance, self.epsilon))
        self._update_moving(self.renorm_mean,
                            ops.cast(self.renorm_mean, dtype), mean,
                            self.renorm_momentum)
        self._update_moving(self.renorm_stddev,
                            ops.cast(self.renorm_stddev, dtype), stddev,
                            self.renorm_momentum)
        self._update_moving(self.moving_mean,
                            ops.cast(self.moving_mean, dtype), mean,
                            self.momentum)
        moving_stddev = ops.add(
            ops.multiply(ops.cast(self.moving_stddev, dtype), self.momentum),
            ops.multiply(stddev, 1.0 - self.momentum),
        )
        self.moving_stddev.assign(moving_stddev)
        # The variance follows from the stddev; relu guards against
        # rounding below zero.
        self.moving_variance.assign(ops.relu(ops.subtract(
            ops.square(moving_stddev), self.epsilon)))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        if not -len(input_shape) <= self.axis < len(input_shape):
            raise ValueError(
                f"{type(self).__name__}: `axis` is out of range for an input "
                f"of rank {len(input_shape)}. Received: axis={self.axis}, "
                f"input shape {input_shape}."
            )
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(
                self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(
                self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(
                self.moving_variance_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(
                self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
            "synchronized": self.synchronized,
            "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping,
            "renorm_momentum": self.renorm_momentum,
        })
        return config


def _compose(r, d, gamma, beta, dtype):
    """`(x * r + d) * gamma + beta` as one scale and one offset."""
    r, d = ops.stop_gradient(r), ops.stop_gradient(d)
    if gamma is not None:
        scale, offset = ops.multiply(r, gamma), ops.multiply(d, gamma)
    else:
        scale, offset = ops.cast(r, dtype), ops.cast(d, dtype)
    if beta is not None:
        offset = ops.add(offset, beta)
    return scale, offset


def _standardize_axis(axis: Any, owner: str) -> int:
    # Keras 2 configs store the axis as a one-element list (`[3]`).
    if isinstance(axis, (list, tuple)) and len(axis) == 1:
        axis = axis[0]
    if not isinstance(axis, numbers.Integral) or isinstance(axis, bool):
        raise TypeError(
            f"{owner}: `axis` must be an int. Received: axis={axis!r}."
        )
    return int(axis)


def _number(value: Any, name: str, owner: str) -> float:
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(
            f"{owner}: `{name}` must be a number. Received: {name}={value!r}."
        )
    return float(value)


def _check_renorm_clipping(clipping: Any, owner: str) -> dict:
    clipping = {} if clipping is None else clipping
    if not isinstance(clipping, dict) or set(clipping) - set(_RENORM_KEYS):
        raise ValueError(
            f"{owner}: `renorm_clipping` must be a dict with keys among "
            f"{list(_RENORM_KEYS)}. Received: renorm_clipping={clipping!r}."
        )
    rmax, rmin, dmax = (clipping.get(k) for k in _RENORM_KEYS)
    if rmax is not None and rmin is not None and rmax < rmin:
        raise ValueError(
            f"{owner}: `renorm_clipping['rmax']` must be at least "
            f"`renorm_clipping['rmin']`. Received: rmax={rmax!r}, "
            f"rmin={rmin!r}."
        )
    if dmax is not None and dmax < 0:
        raise ValueError(
            f"{owner}: `renorm_clipping['dmax']` must be non-negative. "
            f"Received: dmax={dmax!r}."
        )
    return clipping
