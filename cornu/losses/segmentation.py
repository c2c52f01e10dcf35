"""Overlap losses for segmentation: Dice and Tversky.

With `axis=None` each loss is one number for the whole batch; pass the
spatial axes (for example `axis=(1, 2)`) for one loss per sample.
"""

from __future__ import annotations

from typing import Any

import cornu.ops as o
from cornu.backend import epsilon
from cornu.losses.loss import BuiltinLoss
from cornu.losses.regression import _pair

_SUM_OVER_BATCH_SIZE = "sum_over_batch_size"


def dice(y_true: Any, y_pred: Any, axis: Any = None) -> Any:
    """`1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + eps)`,
    the sums over `axis`.

    Example:
        >>> from cornu import losses
        >>> round(float(losses.dice([[1.0, 0.0]], [[1.0, 0.0]])), 4)
        0.0
    """
    y_true, y_pred = _pair(y_true, y_pred, "dice")
    intersection = o.sum(y_true * y_pred, axis=axis)
    total = o.sum(y_true, axis=axis) + o.sum(y_pred, axis=axis)
    return 1.0 - 2.0 * intersection / (total + epsilon())


def tversky(
    y_true: Any,
    y_pred: Any,
    alpha: float = 0.5,
    beta: float = 0.5,
    axis: Any = None,
) -> Any:
    """`1 - tp / (tp + alpha * fn + beta * fp + eps)`, with the soft true
    positives, false negatives and false positives summed over `axis`.

    As in Keras 3, `alpha` weights the false negatives and `beta` the false
    positives.

    Example:
        >>> from cornu import losses
        >>> round(float(losses.tversky([[1.0, 0.0]], [[1.0, 1.0]])), 4)
        0.3333
    """
    y_true, y_pred = _pair(y_true, y_pred, "tversky")
    true_positives = o.sum(y_true * y_pred, axis=axis)
    false_negatives = o.sum(y_true * (1.0 - y_pred), axis=axis)
    false_positives = o.sum((1.0 - y_true) * y_pred, axis=axis)
    denominator = (
        true_positives
        + alpha * false_negatives
        + beta * false_positives
        + epsilon()
    )
    return 1.0 - true_positives / denominator


class Dice(BuiltinLoss):
    """`dice`, reduced.

    Example:
        >>> from cornu import losses
        >>> round(float(losses.Dice()([[1.0, 0.0]], [[1.0, 0.0]])), 4)
        0.0
    """

    def __init__(
        self,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "dice",
        axis: Any = None,
        dtype: Any = None,
    ):
        super().__init__(
            dice, name=name, reduction=reduction, dtype=dtype, axis=axis
        )
        self.axis = axis


class Tversky(BuiltinLoss):
    """`tversky`, reduced.

    Example:
        >>> from cornu import losses
        >>> loss = losses.Tversky(alpha=0.5, beta=0.5)
        >>> round(float(loss([[1.0, 0.0]], [[1.0, 1.0]])), 4)
        0.3333
    """

    def __init__(
        self,
        alpha: float = 0.5,
        beta: float = 0.5,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "tversky",
        axis: Any = None,
        dtype: Any = None,
    ):
        super().__init__(
            tversky,
            name=name,
            reduction=reduction,
            dtype=dtype,
            alpha=alpha,
            beta=beta,
            axis=axis,
        )
        self.alpha = alpha
        self.beta = beta
        self.axis = axis
