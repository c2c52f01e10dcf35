"""`Loss`, the base of every loss, and `LossFunctionWrapper`, which turns a
function `fn(y_true, y_pred, **kwargs)` into one.

A loss call converts both inputs to the loss's dtype, computes per-sample
values with `call`, weights them with `sample_weight` (matched in rank as
Keras 3 does) and reduces them:

- `"sum_over_batch_size"` and `"mean"`: the weighted sum divided by the
  number of values;
- `"sum"`: the weighted sum;
- `"mean_with_sample_weight"`: the weighted sum divided by the sum of the
  weights (the number of values without weights);
- `"none"` or `None`: the weighted values, unreduced.
"""

from __future__ import annotations

import re
from typing import Any

import cornu.ops as o
from cornu import tree
from cornu.backend import floatx, standardize_dtype
from cornu.backend.common import dtypes

REDUCTIONS = (
    "sum_over_batch_size",
    "sum",
    "mean",
    "mean_with_sample_weight",
    "none",
    None,
)


def standardize_reduction(reduction: str | None, owner: str = "Loss") -> Any:
    """Returns `reduction` if it is one of `REDUCTIONS`, else raises."""
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"{owner}: `reduction` must be one of {list(REDUCTIONS)}. "
            f"Received: reduction={reduction!r}."
        )
    return reduction


def squeeze_or_expand_to_same_rank(
    x1: Any, x2: Any, expand_rank_1: bool = True
) -> tuple[Any, Any]:
    """Matches the ranks of `x1` and `x2` when they differ by one and the
    longer one ends in a dimension of 1: that dimension is squeezed, or,
    when the shorter one has rank 1 and `expand_rank_1`, the shorter one is
    expanded instead. Other shapes are returned as they are."""
    rank1, rank2 = len(o.shape(x1)), len(o.shape(x2))
    if rank1 == rank2 + 1 and o.shape(x1)[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            x2 = o.expand_dims(x2, -1)
        else:
            x1 = o.squeeze(x1, -1)
    elif rank2 == rank1 + 1 and o.shape(x2)[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            x1 = o.expand_dims(x1, -1)
        else:
            x2 = o.squeeze(x2, -1)
    return x1, x2


def _dims_fit(a: Any, b: Any, same_shape: bool) -> bool:
    if a is None or b is None or a == b:
        return True
    return not same_shape and (a == 1 or b == 1)


def check_label_shapes(
    owner: str,
    y_true: Any,
    y_pred: Any,
    same_shape: bool = False,
    hint: str = "",
) -> None:
    """Raises a `ValueError` naming `owner` and both shapes (then `hint`)
    unless they are equal (`same_shape`) or broadcast together (unknown
    dimensions fit)."""
    true_shape = tuple(o.shape(y_true))
    pred_shape = tuple(o.shape(y_pred))
    fits = len(true_shape) == len(pred_shape) if same_shape else True
    fits = fits and all(
        _dims_fit(a, b, same_shape)
        for a, b in zip(reversed(true_shape), reversed(pred_shape))
    )
    if not fits:
        expected = (
            "the same shape" if same_shape else "shapes that broadcast together"
        )
        raise ValueError(
            f"{owner}: `y_true` and `y_pred` must have {expected} (after "
            "a trailing dimension of 1 is squeezed). Received: "
            f"y_true.shape={true_shape}, y_pred.shape={pred_shape}.{hint}"
        )


def _divide_no_nan(x: Any, y: Any) -> Any:
    zero = o.equal(y, 0)
    return o.where(zero, o.zeros_like(x), x / o.where(zero, 1, y))


def _count(shape: tuple) -> int:
    count = 1
    for dim in shape:
        count *= int(dim)
    return count


def reduce_values(
    values: Any,
    sample_weight: Any = None,
    reduction: Any = "sum_over_batch_size",
) -> Any:
    """Reduces already weighted `values` as `reduction` says."""
    shape = tuple(o.shape(values))
    if reduction in (None, "none") or shape in ((), (0,)):
        return values
    loss = o.sum(values)
    if reduction == "sum":
        return loss
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        divisor = o.cast(o.sum(sample_weight), o.dtype(loss))
    else:
        count = _count(shape)
        if count:
            # Known nonzero: a plain division by the Python count (the same
            # numbers, 5 fewer ops per step).
            return loss / count
        divisor = o.cast(count, o.dtype(loss))
    return _divide_no_nan(loss, divisor)


def _check_weight_shape(
    owner: str, sample_weight: Any, values: Any, what: str
) -> None:
    weight_shape = tuple(o.shape(sample_weight))
    values_shape = tuple(o.shape(values))
    if not all(
        _dims_fit(a, b, same_shape=False)
        for a, b in zip(reversed(weight_shape), reversed(values_shape))
    ):
        raise ValueError(
            f"{owner}: `sample_weight` must broadcast to the shape of "
            f"{what} (after a trailing dimension of 1 is squeezed). "
            f"Received: sample_weight.shape={weight_shape}, while {what} "
            f"have shape {values_shape}. Pass weights of shape "
            f"{values_shape[:1] + (1,) * (len(values_shape) - 1)} to weight "
            f"whole samples, or {values_shape} to weight each entry."
        )


def _apply_mask(
    sample_weight: Any,
    mask: Any,
    dtype: str,
    reduction: Any,
    owner: str = "Loss",
):
    mask = o.cast(mask, dtype)
    if reduction in ("mean", "sum_over_batch_size"):
        # Masked-out entries get weight 0 and the others total / valid, so
        # the mean over all entries is the mean over the valid ones.
        total = _count(tuple(o.shape(mask)))
        mask = mask * (total / (o.sum(mask) + 1e-7))
    if sample_weight is None:
        return mask
    mask, sample_weight = squeeze_or_expand_to_same_rank(mask, sample_weight)
    _check_weight_shape(owner, sample_weight, mask, "the mask")
    return sample_weight * mask


def reduce_weighted_values(
    values: Any,
    sample_weight: Any = None,
    mask: Any = None,
    reduction: Any = "sum_over_batch_size",
    dtype: str | None = None,
    owner: str = "Loss",
) -> Any:
    """Weights `values` by `sample_weight` (and `mask`), then reduces.

    Raises:
        ValueError: naming `owner`, if `sample_weight` does not broadcast
            to the values (or to the mask).
    """
    values = o.convert_to_tensor(values, dtype=dtype)
    dtype = o.dtype(values)
    if sample_weight is not None:
        sample_weight = o.convert_to_tensor(sample_weight, dtype=dtype)
    if mask is not None:
        sample_weight = _apply_mask(
            sample_weight, mask, dtype, reduction, owner
        )
    if sample_weight is not None:
        values, sample_weight = squeeze_or_expand_to_same_rank(
            values, sample_weight
        )
        _check_weight_shape(owner, sample_weight, values, "the losses")
        values = values * sample_weight
    return reduce_values(values, sample_weight, reduction)


def _snake_case(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def _labels_as_tensor(dtype: str):
    def convert(x):
        x = o.convert_to_tensor(x)
        return x if dtypes.is_int(o.dtype(x)) else o.cast(x, dtype)

    return convert


class Loss:
    """The base class of losses: subclasses implement `call`.

    Args:
        name: the loss's name; `None` means the snake case of the class
            name.
        reduction: `"sum_over_batch_size"`, `"sum"`, `"mean"`,
            `"mean_with_sample_weight"`, `"none"` or `None` (see the module
            docstring).
        dtype: the dtype the inputs are converted to and the loss is
            computed in; `None` means `cornu.config.floatx()`.

    Call arguments:
        y_true: the targets.
        y_pred: the predictions.
        sample_weight: optional weights, a scalar or a tensor matching the
            per-sample losses (a trailing dimension of 1 is squeezed).
            A Keras mask on `y_pred` also weights them: masked entries get
            0, and the means are over the unmasked ones.

    Raises:
        ValueError: when called, if `y_true` does not fit `y_pred` (the
            message names the loss and both shapes), or if `sample_weight`
            does not broadcast to the per-sample losses.

    Example:
        >>> import numpy as np
        >>> from cornu import losses, ops
        >>> class Absolute(losses.Loss):
        ...     def call(self, y_true, y_pred):
        ...         return ops.mean(ops.abs(y_true - y_pred), axis=-1)
        >>> loss = Absolute()
        >>> loss.name
        'absolute'
        >>> float(loss(np.zeros((2, 2)), np.ones((2, 2))))
        1.0
    """

    # Whether `y_true` holds integer class labels, kept as integers.
    _takes_class_labels = False

    def __init__(
        self,
        name: str | None = None,
        reduction: str | None = "sum_over_batch_size",
        dtype: Any = None,
    ):
        self.name = name or _snake_case(type(self).__name__)
        self.reduction = standardize_reduction(reduction, type(self).__name__)
        self._dtype = standardize_dtype(dtype) if dtype is not None else None

    @property
    def dtype(self) -> str:
        """The dtype the loss is computed in."""
        return self._dtype or floatx()

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None):
        dtype = self.dtype

        def convert(x):
            return o.convert_to_tensor(x, dtype=dtype)

        # A Keras mask on `y_pred` (`_keras_mask`, set by masking layers)
        # leaves the masked steps out, as does the loss's own mask.
        in_mask = getattr(y_pred, "_keras_mask", None)
        y_pred = tree.map_structure(convert, y_pred)
        if self._takes_class_labels:
            # Integer class labels stay integers (Keras makes them floats
            # and the loss casts them back: the same labels below 2**24,
            # two copies more per step).
            y_true = tree.map_structure(_labels_as_tensor(dtype), y_true)
        else:
            y_true = tree.map_structure(convert, y_true)
        losses, mask = self._call_with_mask(y_true, y_pred)
        if in_mask is not None:
            mask = in_mask if mask is None else o.logical_and(in_mask, mask)
        return reduce_weighted_values(
            losses,
            sample_weight=sample_weight,
            mask=mask,
            reduction=self.reduction,
            dtype=dtype,
            owner=type(self).__name__,
        )

    def _call_with_mask(self, y_true: Any, y_pred: Any) -> tuple[Any, Any]:
        """The per-sample losses and the mask of the valid ones (`None`:
        all valid)."""
        return self.call(y_true, y_pred), None

    def call(self, y_true: Any, y_pred: Any) -> Any:
        """Returns the per-sample losses."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement `call(y_true, y_pred)`."
        )

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config: dict) -> Loss:
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r}>"


class LossFunctionWrapper(Loss):
    """A `Loss` that calls `fn(y_true, y_pred, **kwargs)`.

    The ranks of `y_true` and `y_pred` are matched first (a trailing
    dimension of 1 is squeezed, or a rank-1 target expanded).

    Args:
        fn: the per-sample loss function.
        reduction: as for `Loss`.
        name: as for `Loss`.
        dtype: as for `Loss`.
        **kwargs: passed on to `fn`.

    Example:
        >>> import numpy as np
        >>> from cornu import losses
        >>> loss = losses.LossFunctionWrapper(losses.mean_absolute_error)
        >>> float(loss(np.zeros((2, 2)), np.ones((2, 2))))
        1.0
    """

    @property
    def _takes_class_labels(self) -> bool:
        return getattr(self.fn, "_takes_class_labels", False)

    def __init__(
        self,
        fn: Any,
        reduction: str | None = "sum_over_batch_size",
        name: str | None = None,
        dtype: Any = None,
        **kwargs: Any,
    ):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true: Any, y_pred: Any) -> Any:
        if o.is_tensor(y_true) and o.is_tensor(y_pred):
            y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict:
        from cornu.losses import serialize

        config = super().get_config()
        config["fn"] = serialize(self.fn)
        config.update(self._fn_kwargs)
        return config

    @classmethod
    def from_config(cls, config: dict) -> Loss:
        config = dict(config)
        if isinstance(config.get("fn"), (str, dict)):
            from cornu.losses import deserialize

            config["fn"] = deserialize(config["fn"])
        return cls(**config)

    def __repr__(self) -> str:
        fn = getattr(self.fn, "__name__", self.fn)
        return f"<{type(self).__name__}({fn}, kwargs={self._fn_kwargs})>"


class BuiltinLoss(LossFunctionWrapper):
    """A built-in loss class: its config is its constructor's arguments
    (Keras 3 leaves `fn` out)."""

    def get_config(self) -> dict:
        return {**Loss.get_config(self), **self._fn_kwargs}

    @classmethod
    def from_config(cls, config: dict) -> Loss:
        return cls(**config)
