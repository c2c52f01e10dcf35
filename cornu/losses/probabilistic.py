"""Probabilistic losses: the crossentropies (binary, categorical, sparse and
their focal forms), Kullback-Leibler divergence and Poisson.

Probabilities are clipped to `[eps, 1 - eps]` (`eps =
cornu.config.epsilon()`) before their logarithm, as Keras 3 does;
`from_logits=True` uses the numerically stable forms (`log_softmax`,
`softplus`) instead.
"""

from __future__ import annotations

from typing import Any

import cornu.ops as o
from cornu.backend import epsilon
from cornu.losses.loss import BuiltinLoss
from cornu.losses.regression import _pair

_SUM_OVER_BATCH_SIZE = "sum_over_batch_size"


def _check_axis(axis: Any, owner: str) -> None:
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise ValueError(
            f"{owner}: `axis` must be an integer. Received: axis={axis!r}."
        )


def binary_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """The binary crossentropy, averaged over `axis`.

    Args:
        y_true: targets in `[0, 1]`.
        y_pred: probabilities, or logits when `from_logits`.
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in `[0, 1]`; targets become
            `y_true * (1 - label_smoothing) + 0.5 * label_smoothing`.
        axis: the axis to average over.

    Example:
        >>> from cornu import losses
        >>> out = losses.binary_crossentropy([[1.0, 0.0]], [[0.5, 0.5]])
        >>> round(float(out[0]), 4)
        0.6931
    """
    y_true, y_pred = _pair(
        y_true, y_pred, "binary_crossentropy", same_shape=True
    )
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    values = o.binary_crossentropy(y_true, y_pred, from_logits=from_logits)
    return o.mean(values, axis=axis)


def categorical_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """The crossentropy between one-hot (or soft) targets and predicted
    class probabilities along `axis`.

    Args:
        y_true: targets, one-hot or probabilities.
        y_pred: probabilities (renormalized to sum to 1), or logits when
            `from_logits`.
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in `[0, 1]`; targets become
            `y_true * (1 - label_smoothing) + label_smoothing / n_classes`.
        axis: the class axis.

    Raises:
        ValueError: if `axis` is not an integer, or the shapes differ.

    Example:
        >>> from cornu import losses
        >>> out = losses.categorical_crossentropy([[0, 1]], [[0.5, 0.5]])
        >>> round(float(out[0]), 4)
        0.6931
    """
    _check_axis(axis, "categorical_crossentropy")
    y_true, y_pred = _pair(
        y_true,
        y_pred,
        "categorical_crossentropy",
        same_shape=True,
        hint=" For integer labels use `sparse_categorical_crossentropy`.",
    )
    if label_smoothing:
        n_classes = o.shape(y_true)[-1]
        y_true = y_true * (1.0 - label_smoothing) + (
            label_smoothing / n_classes
        )
    return o.categorical_crossentropy(y_true, y_pred,
                                      from_logits=from_logits, axis=axis)


def _valid_labels(y_true: Any, y_pred: Any, ignore_class: int | None):
    """Integer labels of `y_pred`'s batch shape, and the mask of the labels
    that are not `ignore_class` (`None` when nothing is ignored)."""
    y_pred = o.convert_to_tensor(y_pred)
    y_true = o.convert_to_tensor(y_true)
    if (
        len(o.shape(y_true)) == len(o.shape(y_pred))
        and o.shape(y_true)[-1] == 1
    ):
        y_true = o.squeeze(y_true, -1)
    if ignore_class is None:
        return y_true, None
    valid = o.not_equal(y_true, ignore_class)
    return o.where(valid, y_true, o.zeros_like(y_true)), valid


def sparse_categorical_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    ignore_class: int | None = None,
    axis: int = -1,
) -> Any:
    """The categorical crossentropy with integer class labels.

    Args:
        y_true: integer labels, of `y_pred`'s shape without the class axis
            (a trailing dimension of 1 is squeezed).
        y_pred: probabilities, or logits when `from_logits`.
        from_logits: whether `y_pred` holds logits.
        ignore_class: a label whose entries give a loss of 0 (and, in the
            class form, are left out of the mean).
        axis: the class axis.

    Raises:
        ValueError: if the label shape does not match.

    Example:
        >>> from cornu import losses
        >>> out = losses.sparse_categorical_crossentropy([1], [[0.5, 0.5]])
        >>> round(float(out[0]), 4)
        0.6931
    """
    y_pred = o.convert_to_tensor(y_pred)
    labels, valid = _valid_labels(y_true, y_pred, ignore_class)
    batch_shape = tuple(o.shape(y_pred))
    del_axis = axis % len(batch_shape) if batch_shape else 0
    batch_shape = batch_shape[:del_axis] + batch_shape[del_axis + 1 :]
    if tuple(o.shape(labels)) != batch_shape:
        raise ValueError(
            "sparse_categorical_crossentropy: `y_true` must have the shape "
            "of `y_pred` without the class axis. Received: "
            f"y_true.shape={tuple(o.shape(labels))}, "
            f"y_pred.shape={tuple(o.shape(y_pred))}."
        )
    values = o.sparse_categorical_crossentropy(
        labels, y_pred, from_logits=from_logits, axis=axis)
    if valid is not None:
        values = o.where(valid, values, o.zeros_like(values))
    return values


sparse_categorical_crossentropy._takes_class_labels = True


def kl_divergence(y_true: Any, y_pred: Any) -> Any:
    """`sum(y_true * log(y_true / y_pred), axis=-1)`, both clipped to
    `[eps, 1]`.

    Example:
        >>> from cornu import losses
        >>> losses.kl_divergence([[0.5, 0.5]], [[0.5, 0.5]])
        array([0.], dtype=float32)
    """
    y_true, y_pred = _pair(y_true, y_pred, "kl_divergence")
    y_true = o.clip(y_true, epsilon(), 1.0)
    y_pred = o.clip(y_pred, epsilon(), 1.0)
    return o.sum(y_true * o.log(y_true / y_pred), axis=-1)


def poisson(y_true: Any, y_pred: Any) -> Any:
    """`mean(y_pred - y_true * log(y_pred + eps), axis=-1)`.

    Example:
        >>> from cornu import losses
        >>> losses.poisson([[0.0]], [[2.0]])
        array([2.], dtype=float32)
    """
    y_true, y_pred = _pair(y_true, y_pred, "poisson")
    return o.mean(y_pred - y_true * o.log(y_pred + epsilon()), axis=-1)


def binary_focal_crossentropy(
    y_true: Any,
    y_pred: Any,
    apply_class_balancing: bool = False,
    alpha: float = 0.25,
    gamma: float = 2.0,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """The binary crossentropy scaled by `(1 - p_t) ** gamma`, where `p_t`
    is the predicted probability of the true label, averaged over `axis`.

    Args:
        apply_class_balancing: whether to weight positives by `alpha` and
            negatives by `1 - alpha`.
        alpha: the positive-class weight for class balancing.
        gamma: the focusing exponent.
        from_logits, label_smoothing, axis: as for `binary_crossentropy`.

    Example:
        >>> from cornu import losses
        >>> out = losses.binary_focal_crossentropy([[1.0]], [[0.5]])
        >>> round(float(out[0]), 4)
        0.1733
    """
    y_true, y_pred = _pair(
        y_true, y_pred, "binary_focal_crossentropy", same_shape=True
    )
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        y_pred = o.sigmoid(y_pred)
    bce = o.binary_crossentropy(y_true, y_pred)
    p_t = y_true * y_pred + (1.0 - y_true) * (1.0 - y_pred)
    focal_bce = o.power(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        weight = y_true * alpha + (1.0 - y_true) * (1.0 - alpha)
        focal_bce = weight * focal_bce
    return o.mean(focal_bce, axis=axis)


def categorical_focal_crossentropy(
    y_true: Any,
    y_pred: Any,
    alpha: float = 0.25,
    gamma: float = 2.0,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """The categorical crossentropy with each class term scaled by
    `alpha * (1 - p) ** gamma`.

    Args:
        alpha: the weight of every class term.
        gamma: the focusing exponent.
        from_logits, label_smoothing, axis: as for
            `categorical_crossentropy`.

    Example:
        >>> from cornu import losses
        >>> out = losses.categorical_focal_crossentropy([[0, 1]], [[0.5, 0.5]])
        >>> round(float(out[0]), 4)
        0.0433
    """
    _check_axis(axis, "categorical_focal_crossentropy")
    y_true, y_pred = _pair(
        y_true, y_pred, "categorical_focal_crossentropy", same_shape=True
    )
    if label_smoothing:
        n_classes = o.shape(y_true)[-1]
        y_true = y_true * (1.0 - label_smoothing) + (
            label_smoothing / n_classes
        )
    if from_logits:
        y_pred = o.softmax(y_pred, axis=axis)
    y_pred = y_pred / o.sum(y_pred, axis=axis, keepdims=True)
    y_pred = o.clip(y_pred, epsilon(), 1.0 - epsilon())
    cce = -y_true * o.log(y_pred)
    focal_cce = alpha * o.power(1.0 - y_pred, gamma) * cce
    return o.sum(focal_cce, axis=axis)


class BinaryCrossentropy(BuiltinLoss):
    """`binary_crossentropy`, reduced.

    Args:
        from_logits, label_smoothing, axis: as for `binary_crossentropy`.
        reduction, name, dtype: as for `Loss`.

    Example:
        >>> from cornu import losses
        >>> loss = losses.BinaryCrossentropy(from_logits=True)
        >>> round(float(loss([[1.0, 0.0]], [[0.0, 0.0]])), 4)
        0.6931
    """

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "binary_crossentropy",
        dtype: Any = None,
    ):
        super().__init__(
            binary_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis


class CategoricalCrossentropy(BuiltinLoss):
    """`categorical_crossentropy`, reduced.

    Args:
        from_logits, label_smoothing, axis: as for
            `categorical_crossentropy`.
        reduction, name, dtype: as for `Loss`.

    Example:
        >>> from cornu import losses
        >>> loss = losses.CategoricalCrossentropy()
        >>> round(float(loss([[0, 1]], [[0.5, 0.5]])), 4)
        0.6931
    """

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "categorical_crossentropy",
        dtype: Any = None,
    ):
        _check_axis(axis, "CategoricalCrossentropy")
        super().__init__(
            categorical_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis


class SparseCategoricalCrossentropy(BuiltinLoss):
    """`sparse_categorical_crossentropy`, reduced; entries labelled
    `ignore_class` are left out of the mean.

    Args:
        from_logits, ignore_class, axis: as for
            `sparse_categorical_crossentropy`.
        reduction, name, dtype: as for `Loss`.

    Example:
        >>> from cornu import losses
        >>> loss = losses.SparseCategoricalCrossentropy(ignore_class=0)
        >>> round(float(loss([1, 0], [[0.5, 0.5], [0.1, 0.9]])), 4)
        0.6931
    """

    def __init__(
        self,
        from_logits: bool = False,
        ignore_class: int | None = None,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        axis: int = -1,
        name: str | None = "sparse_categorical_crossentropy",
        dtype: Any = None,
    ):
        super().__init__(
            sparse_categorical_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis

    def _call_with_mask(self, y_true: Any, y_pred: Any) -> tuple[Any, Any]:
        values = self.call(y_true, y_pred)
        if self.ignore_class is None:
            return values, None
        _, valid = _valid_labels(y_true, y_pred, self.ignore_class)
        return values, valid


class KLDivergence(BuiltinLoss):
    """`kl_divergence`, reduced.

    Example:
        >>> from cornu import losses
        >>> float(losses.KLDivergence()([[0.5, 0.5]], [[0.5, 0.5]]))
        0.0
    """

    def __init__(
        self,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "kl_divergence",
        dtype: Any = None,
    ):
        super().__init__(
            kl_divergence, name=name, reduction=reduction, dtype=dtype
        )


class Poisson(BuiltinLoss):
    """`poisson`, reduced.

    Example:
        >>> from cornu import losses
        >>> float(losses.Poisson()([[0.0]], [[2.0]]))
        2.0
    """

    def __init__(
        self,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "poisson",
        dtype: Any = None,
    ):
        super().__init__(poisson, name=name, reduction=reduction, dtype=dtype)


class BinaryFocalCrossentropy(BuiltinLoss):
    """`binary_focal_crossentropy`, reduced.

    Args:
        apply_class_balancing, alpha, gamma, from_logits, label_smoothing,
            axis: as for `binary_focal_crossentropy`.
        reduction, name, dtype: as for `Loss`.

    Example:
        >>> from cornu import losses
        >>> loss = losses.BinaryFocalCrossentropy(gamma=0.0)
        >>> round(float(loss([[1.0]], [[0.5]])), 4)
        0.6931
    """

    def __init__(
        self,
        apply_class_balancing: bool = False,
        alpha: float = 0.25,
        gamma: float = 2.0,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "binary_focal_crossentropy",
        dtype: Any = None,
    ):
        super().__init__(
            binary_focal_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
            apply_class_balancing=apply_class_balancing,
            alpha=alpha,
            gamma=gamma,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self.apply_class_balancing = apply_class_balancing
        self.alpha = alpha
        self.gamma = gamma


class CategoricalFocalCrossentropy(BuiltinLoss):
    """`categorical_focal_crossentropy`, reduced.

    Args:
        alpha, gamma, from_logits, label_smoothing, axis: as for
            `categorical_focal_crossentropy`.
        reduction, name, dtype: as for `Loss`.

    Example:
        >>> from cornu import losses
        >>> loss = losses.CategoricalFocalCrossentropy(alpha=1.0, gamma=0.0)
        >>> round(float(loss([[0, 1]], [[0.5, 0.5]])), 4)
        0.6931
    """

    def __init__(
        self,
        alpha: float = 0.25,
        gamma: float = 2.0,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "categorical_focal_crossentropy",
        dtype: Any = None,
    ):
        _check_axis(axis, "CategoricalFocalCrossentropy")
        super().__init__(
            categorical_focal_crossentropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
            alpha=alpha,
            gamma=gamma,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self.alpha = alpha
        self.gamma = gamma
