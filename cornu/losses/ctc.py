"""Connectionist temporal classification (CTC): the negative
log-likelihood of a label sequence summed over all its alignments to the
time steps of the predictions.

Class 0 is the blank. As in Keras 3, every entry of `y_true` counts as a
label (there is no padding), and `y_pred` holds logits that are passed
through `log_softmax`.
"""

from __future__ import annotations

from typing import Any

import cornu.ops as o
from cornu.losses.loss import BuiltinLoss

_BLANK = 0
_LOG_ZERO = -1e30


def ctc(y_true: Any, y_pred: Any) -> Any:
    """The CTC loss of each sequence.

    Args:
        y_true: integer labels in `[1, n_classes)`, of shape
            `(batch_size, max_label_length)`.
        y_pred: logits of shape `(batch_size, max_length, n_classes)`.

    Returns:
        One loss per sequence, of shape `(batch_size,)`.

    Raises:
        ValueError: if the ranks are not 2 and 3, or the batch sizes differ.

    Example:
        >>> import numpy as np
        >>> from cornu import losses
        >>> out = losses.ctc(np.array([[1]]), np.zeros((1, 1, 2)))
        >>> round(float(out[0]), 4)
        0.6931
    """
    y_pred = o.convert_to_tensor(y_pred)
    y_true = o.cast(o.convert_to_tensor(y_true), "int32")
    if (
        len(o.shape(y_true)) != 2
        or len(o.shape(y_pred)) != 3
        or o.shape(y_true)[0] != o.shape(y_pred)[0]
    ):
        raise ValueError(
            "ctc: `y_true` must have shape (batch_size, max_label_length) "
            "and `y_pred` (batch_size, max_length, n_classes). Received: "
            f"y_true.shape={tuple(o.shape(y_true))}, "
            f"y_pred.shape={tuple(o.shape(y_pred))}."
        )
    if o.dtype(y_pred) not in ("float32", "float64"):
        y_pred = o.cast(y_pred, "float32")
    batch_size, n_steps, _ = o.shape(y_pred)
    n_labels = o.shape(y_true)[1]
    dtype = o.dtype(y_pred)
    log_probs = o.log_softmax(y_pred, axis=-1)

    # The labels with a blank before, between and after them.
    blanks = o.zeros_like(y_true)
    extended = o.reshape(
        o.stack([blanks, y_true], axis=-1), (batch_size, 2 * n_labels)
    )
    extended = o.concatenate([extended, blanks[:, :1]], axis=-1)
    n_states = 2 * n_labels + 1
    # emissions[b, t, s]: the log-probability of state s's class at step t.
    indices = o.broadcast_to(
        o.expand_dims(extended, 1), (batch_size, n_steps, n_states)
    )
    emissions = o.take_along_axis(log_probs, indices, axis=2)
    # A step may skip the blank between two different labels.
    can_skip = o.logical_and(
        o.not_equal(extended[:, 2:], _BLANK),
        o.not_equal(extended[:, 2:], extended[:, :-2]),
    )
    can_skip = o.concatenate(
        [o.zeros((batch_size, 2), dtype="bool"), can_skip], axis=-1
    )

    def log_zeros(width):
        return o.full((batch_size, width), _LOG_ZERO, dtype=dtype)

    alpha = o.concatenate(
        [emissions[:, 0, :2], log_zeros(n_states - 2)], axis=-1
    )
    for step in range(1, n_steps):
        stay = alpha
        advance = o.concatenate([log_zeros(1), alpha[:, :-1]], axis=-1)
        skip = o.concatenate([log_zeros(2), alpha[:, :-2]], axis=-1)
        skip = o.where(can_skip, skip, log_zeros(n_states))
        alpha = o.logaddexp(o.logaddexp(stay, advance), skip)
        alpha = alpha + emissions[:, step, :]
    return -o.logaddexp(alpha[:, -1], alpha[:, -2])


class CTC(BuiltinLoss):
    """The CTC loss (`ctc`), reduced.

    Example:
        >>> import numpy as np
        >>> from cornu import losses
        >>> loss = losses.CTC()
        >>> round(float(loss(np.array([[1]]), np.zeros((1, 1, 2)))), 4)
        0.6931
    """

    def __init__(
        self,
        reduction: str | None = "sum_over_batch_size",
        name: str | None = "ctc",
        dtype: Any = None,
    ):
        super().__init__(ctc, name=name, reduction=reduction, dtype=dtype)
