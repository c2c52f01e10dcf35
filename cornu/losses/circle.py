"""The Circle loss of Sun et al. (2020), a metric-learning loss on
embeddings: it pulls the similarities of same-label pairs up towards
`1 - margin` and pushes those of different-label pairs down towards
`margin`, weighting each pair by how far it is from its optimum.
"""

from __future__ import annotations

from typing import Any

import cornu.ops as o
from cornu.losses.loss import BuiltinLoss

_SUM_OVER_BATCH_SIZE = "sum_over_batch_size"
# Stands in for -inf in the masked log-sum-exps: finite, so masked
# entries give zero (not NaN) gradients.
_MASKED = -1e9


def _labels(labels: Any, name: str) -> Any:
    labels = o.convert_to_tensor(labels)
    shape = tuple(o.shape(labels))
    if len(shape) == 2 and shape[-1] == 1:
        labels = o.squeeze(labels, -1)
    elif len(shape) != 1:
        raise ValueError(
            f"circle: `{name}` must hold one integer label per embedding, "
            f"of shape (batch_size,) or (batch_size, 1). Received: "
            f"{name}.shape={shape}."
        )
    return labels


def _embeddings(x: Any, name: str, dtype: Any = None) -> Any:
    x = o.convert_to_tensor(x, dtype=dtype)
    if len(o.shape(x)) != 2:
        raise ValueError(
            f"circle: `{name}` must be embeddings of shape (batch_size, "
            f"embedding_dim). Received: {name}.shape={tuple(o.shape(x))}."
        )
    return x


def _masked_logsumexp(logits: Any, mask: Any) -> Any:
    return o.logsumexp(o.where(mask, logits, _MASKED), axis=-1)


def circle(
    y_true: Any,
    y_pred: Any,
    ref_labels: Any = None,
    ref_embeddings: Any = None,
    remove_diagonal: bool = True,
    gamma: float = 80,
    margin: float = 0.4,
) -> Any:
    """The Circle loss of each embedding against the reference embeddings.

    With `s` the similarity (dot product, capped at 1) of an
    embedding and a reference, positive pairs (same label) get the logit
    `-gamma * relu(1 + margin - s) * (s - 1 + margin)` and negative pairs
    `gamma * relu(s + margin) * (s - margin)`; the loss is
    `softplus(logsumexp(positive logits) + logsumexp(negative logits))`,
    0 for an embedding without positive pairs.

    Args:
        y_true: integer labels, of shape `(batch_size,)` (a trailing
            dimension of 1 is squeezed; Keras 3 broadcasts it instead).
        y_pred: L2-normalized embeddings, `(batch_size, embedding_dim)`.
        ref_labels: labels of the reference embeddings; `None` means
            `y_true`.
        ref_embeddings: L2-normalized reference embeddings; `None` means
            `y_pred`.
        remove_diagonal: whether the pair of an embedding with itself (the
            diagonal of the similarity matrix) is left out of the positive
            pairs.
        gamma: the scale of the logits.
        margin: the relaxation margin.

    Returns:
        One loss per embedding, of shape `(batch_size,)`.

    Raises:
        ValueError: if a shape does not fit.

    Example:
        >>> from cornu import losses
        >>> out = losses.circle([0, 0, 1], [[1.0, 0.0], [1.0, 0.0],
        ...                                 [0.0, 1.0]], gamma=1.0)
        >>> [round(float(v), 4) for v in out]
        [0.5459, 0.5459, 0.0]

    References:
        Sun et al., [Circle Loss: A Unified Perspective of Pair Similarity
        Optimization](https://arxiv.org/abs/2002.10857), CVPR 2020.
    """
    return _circle(
        y_true,
        y_pred,
        ref_labels,
        ref_embeddings,
        remove_diagonal,
        gamma,
        margin,
    )[0]


def _circle(
    y_true: Any,
    y_pred: Any,
    ref_labels: Any = None,
    ref_embeddings: Any = None,
    remove_diagonal: bool = True,
    gamma: float = 80,
    margin: float = 0.4,
) -> tuple[Any, Any]:
    """`circle`'s losses, and whether each embedding has a positive pair."""
    y_pred = _embeddings(y_pred, "y_pred")
    y_true = _labels(y_true, "y_true")
    if ref_embeddings is None:
        ref_embeddings = y_pred
    else:
        ref_embeddings = _embeddings(
            ref_embeddings, "ref_embeddings", o.dtype(y_pred)
        )
    ref_labels = (
        y_true if ref_labels is None else _labels(ref_labels, "ref_labels")
    )
    n_rows, n_refs = o.shape(y_pred)[0], o.shape(ref_embeddings)[0]
    if o.shape(y_true)[0] != n_rows or o.shape(ref_labels)[0] != n_refs:
        raise ValueError(
            "circle: there must be one label per embedding. Received: "
            f"y_true.shape={tuple(o.shape(y_true))}, "
            f"y_pred.shape={tuple(o.shape(y_pred))}, "
            f"ref_labels.shape={tuple(o.shape(ref_labels))}, "
            f"ref_embeddings.shape={tuple(o.shape(ref_embeddings))}."
        )
    if o.shape(ref_embeddings)[1] != o.shape(y_pred)[1]:
        raise ValueError(
            "circle: `ref_embeddings` must have the embedding size of "
            f"`y_pred`. Received: y_pred.shape={tuple(o.shape(y_pred))}, "
            f"ref_embeddings.shape={tuple(o.shape(ref_embeddings))}."
        )
    ref_labels = o.cast(ref_labels, o.dtype(y_true))
    # Capped at 1, the largest similarity of normalized embeddings, as
    # Keras 3 does.
    similarity = o.minimum(o.matmul(y_pred, o.transpose(ref_embeddings)), 1.0)
    positive = o.equal(o.expand_dims(y_true, 1), o.expand_dims(ref_labels, 0))
    negative = o.logical_not(positive)
    if remove_diagonal:
        off_diagonal = o.logical_not(o.eye(n_rows, n_refs, dtype="bool"))
        positive = o.logical_and(positive, off_diagonal)
    positive_logits = (
        -gamma
        * o.relu(1.0 + margin - similarity)
        * (similarity - (1.0 - margin))
    )
    negative_logits = (
        gamma * o.relu(similarity + margin) * (similarity - margin)
    )
    losses = o.softplus(
        _masked_logsumexp(positive_logits, positive)
        + _masked_logsumexp(negative_logits, negative)
    )
    return losses, o.any(positive, axis=-1)


class Circle(BuiltinLoss):
    """The Circle loss (`circle`), reduced; each batch is its own
    reference set. As in Keras 3, embeddings without a positive pair are
    left out of the means (they count as masked).

    Args:
        gamma: the scale of the logits.
        margin: the relaxation margin.
        remove_diagonal: whether an embedding's pair with itself is left
            out of its positive pairs.
        reduction, name, dtype: as for `Loss`.

    Example:
        >>> from cornu import losses
        >>> loss = losses.Circle(gamma=1.0)
        >>> out = loss([0, 0, 1], [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
        >>> round(float(out), 4)
        0.5459
    """

    def __init__(
        self,
        gamma: float = 80.0,
        margin: float = 0.4,
        remove_diagonal: bool = True,
        reduction: str | None = _SUM_OVER_BATCH_SIZE,
        name: str | None = "circle",
        dtype: Any = None,
    ):
        if (
            isinstance(gamma, bool)
            or not isinstance(gamma, (int, float))
            or gamma <= 0
        ):
            raise ValueError(
                "Circle: `gamma` must be a positive number. Received: "
                f"gamma={gamma!r}."
            )
        super().__init__(
            circle,
            name=name,
            reduction=reduction,
            dtype=dtype,
            gamma=gamma,
            margin=margin,
            remove_diagonal=remove_diagonal,
        )
        self.gamma = gamma
        self.margin = margin
        self.remove_diagonal = remove_diagonal

    def _call_with_mask(self, y_true: Any, y_pred: Any) -> tuple[Any, Any]:
        return _circle(
            y_true,
            y_pred,
            remove_diagonal=self.remove_diagonal,
            gamma=self.gamma,
            margin=self.margin,
        )
