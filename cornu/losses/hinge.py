"""Maximum-margin losses: hinge, squared hinge and categorical hinge.

`hinge` and `squared_hinge` expect targets of -1 or 1; targets that are all
0 or 1 are mapped to -1 or 1 first, as Keras 3 does.
"""

from __future__ import annotations

from typing import Any

import cornu.ops as o
from cornu.losses.loss import BuiltinLoss
from cornu.losses.regression import _pair

_SUM_OVER_BATCH_SIZE = "sum_over_batch_size"


def _to_signed_labels(y_true: Any) -> Any:
    is_binary = o.all(o.logical_or(o.equal(y_true, 0), o.equal(y_true, 1)))
    return o.where(is_binary, 2.0 * y_true - 1.0, y_true)


def hinge(y_true: Any, y_pred: Any) -> Any:
    """`mean(maximum(1 - y_true * y_pred, 0), axis=-1)`.

    Example:
        >>> from cornu import losses
        >>> losses.hinge([[1.0, 0.0]], [[0.5, -2.0]])
        array([0.25], dtype=float32)
    """
    y_true, y_pred = _pair(y_true, y_pred, "hinge")
    y_true = _to_signed_labels(y_true)
    return o.mean(o.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


def squared_hinge(y_true: Any, y_pred: Any) -> Any:
    """`mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)`.

    Example:
        >>> from cornu import losses
        >>> losses.squared_hinge([[1.0, 0.0]], [[0.5, -2.0]])
        array([0.125], dtype=float32)
    """
    y_true, y_pred = _pair(y_true, y_pred, "squared_hinge")
    y_true = _to_signed_labels(y_true)
    margin = o.maximum(1.0 - y_true * y_pred, 0.0)
    return o.mean(o.square(margin), axis=-1)


def categorical_hinge(y_true: Any, y_pred: Any) -> Any:
    """`maximum(neg - pos + 1, 0)` with `pos = sum(y_true * y_pred, -1)`
    and `neg = max((1 - y_true) * y_pred, -1)`, for one-hot `y_true`.

    Example:
        >>> from cornu import losses
        >>> losses.categorical_hinge([[0.0, 1.0]], [[0.5, 1.0]])
        array([0.5], dtype=float32)
    """
    y_true, y_pred = _pair(y_true, y_pred, "categorical_hinge")
    pos = o.sum(y_true * y_pred, axis=-1)
    neg = o.max((1.0 - y_true) * y_pred, axis=-1)
    return o.maximum(neg - pos + 1.0, 0.0)


class Hinge(BuiltinLoss):
    """`hinge`, reduced.

    Example:
        >>> from cornu import losses
        >>> float(losses.Hinge()([[1.0, 0.0]], [[0.5, -2.0]]))
        0.25
    """

    def __init__(
        self,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "hinge",
        dtype: Any = None,
    ):
        super().__init__(hinge, name=name, reduction=reduction, dtype=dtype)


class SquaredHinge(BuiltinLoss):
    """`squared_hinge`, reduced.

    Example:
        >>> from cornu import losses
        >>> float(losses.SquaredHinge()([[1.0, 0.0]], [[0.5, -2.0]]))
        0.125
    """

    def __init__(
        self,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "squared_hinge",
        dtype: Any = None,
    ):
        super().__init__(
            squared_hinge, name=name, reduction=reduction, dtype=dtype
        )


class CategoricalHinge(BuiltinLoss):
    """`categorical_hinge`, reduced.

    Example:
        >>> from cornu import losses
        >>> float(losses.CategoricalHinge()([[0.0, 1.0]], [[0.5, 1.0]]))
        0.5
    """

    def __init__(
        self,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "categorical_hinge",
        dtype: Any = None,
    ):
        super().__init__(
            categorical_hinge, name=name, reduction=reduction, dtype=dtype
        )
