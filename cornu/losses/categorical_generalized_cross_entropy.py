"""The generalized crossentropy of Zhang and Sabuncu (2018), a loss robust
to noisy labels: `(1 - p ** q) / q` for the predicted probability `p` of
the true class. It tends to the crossentropy as `q -> 0` and to the mean
absolute error at `q = 1`.
"""

from __future__ import annotations

from typing import Any

import cornu.ops as o
from cornu.losses.loss import BuiltinLoss


def categorical_generalized_cross_entropy(
    y_true: Any, y_pred: Any, q: float
) -> Any:
    """`(1 - p_true ** q) / q`, one value per sample.

    Args:
        y_true: integer class labels of shape `(batch_size,)` (a trailing
            dimension of 1 is squeezed; Keras 3 broadcasts it instead).
        y_pred: class probabilities of shape `(batch_size, n_classes)`.
        q: in `(0, 1)`.

    Raises:
        ValueError: if the label shape does not fit `y_pred`.

    Example:
        >>> from cornu import losses
        >>> out = losses.categorical_generalized_cross_entropy(
        ...     [1], [[0.75, 0.25]], q=0.5)
        >>> float(out[0])
        1.0

    References:
        Zhang and Sabuncu, [Generalized Cross Entropy Loss for Training
        Deep Neural Networks with Noisy Labels](
        https://arxiv.org/abs/1805.07836), NeurIPS 2018.
    """
    y_pred = o.convert_to_tensor(y_pred)
    y_true = o.cast(o.convert_to_tensor(y_true), "int32")
    if (
        len(o.shape(y_true)) == len(o.shape(y_pred))
        and o.shape(y_true)[-1] == 1
    ):
        y_true = o.squeeze(y_true, -1)
    if tuple(o.shape(y_true)) != tuple(o.shape(y_pred))[:-1]:
        raise ValueError(
            "categorical_generalized_cross_entropy: `y_true` must hold one "
            "integer label per row of `y_pred`, of `y_pred`'s shape without "
            "the class axis. Received: "
            f"y_true.shape={tuple(o.shape(y_true))}, "
            f"y_pred.shape={tuple(o.shape(y_pred))}."
        )
    p_true = o.take_along_axis(y_pred, o.expand_dims(y_true, -1), axis=-1)
    p_true = o.squeeze(p_true, -1)
    return (1.0 - o.power(p_true, q)) / q


class CategoricalGeneralizedCrossEntropy(BuiltinLoss):
    """`categorical_generalized_cross_entropy`, reduced.

    Args:
        q: in `(0, 1)`; small values behave like the crossentropy, values
            near 1 like the mean absolute error.
        reduction, name, dtype: as for `Loss`.

    Raises:
        ValueError: if `q` is not in `(0, 1)`.

    Example:
        >>> from cornu import losses
        >>> loss = losses.CategoricalGeneralizedCrossEntropy(q=0.5)
        >>> float(loss([1], [[0.75, 0.25]]))
        1.0
    """

    def __init__(
        self,
        q: float = 0.5,
        reduction: str | None = "sum_over_batch_size",
        name: str | None = "categorical_generalized_cross_entropy",
        dtype: Any = None,
    ):
        if not 0 < q < 1:
            raise ValueError(
                "CategoricalGeneralizedCrossEntropy: `q` must be in the "
                f"interval (0, 1). Received: q={q!r}."
            )
        super().__init__(
            categorical_generalized_cross_entropy,
            name=name,
            reduction=reduction,
            dtype=dtype,
            q=q,
        )
        self.q = q
