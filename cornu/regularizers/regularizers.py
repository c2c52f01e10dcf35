"""Weight regularizers: penalties added to the loss, as in Keras 3."""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

import cornu.ops as o
from cornu.backend.common.primitives import shape_of

__all__ = ["Regularizer", "L1", "L2", "L1L2", "OrthogonalRegularizer"]


def _non_negative_float(value: Any, name: str, owner: str) -> float:
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or math.isinf(value) or math.isnan(value) or value < 0):
        raise ValueError(
            f"{owner}: `{name}` must be a non-negative float. "
            f"Received: {name}={value!r}."
        )
    return float(value)


def _as_float32(value: float) -> float:
    # Keras stores `L1.l1` and `OrthogonalRegularizer.factor` as float32
    # tensors, so their configs read back rounded (0.01 -> 0.00999999977...).
    return float(np.float32(value))


class Regularizer:
    """Base class: a regularizer maps a weight tensor to a scalar penalty.

    Subclasses implement `__call__(x)` and `get_config()`.

    Example:
        >>> from cornu import ops, regularizers
        >>> class Sum(regularizers.Regularizer):
        ...     def __call__(self, x):
        ...         return ops.sum(x)
        ...     def get_config(self):
        ...         return {}
        >>> Sum()(ops.ones((2, 2)))
        array(4., dtype=float32)
    """

    def __call__(self, x: Any) -> Any:
        return 0.0

    @classmethod
    def from_config(cls, config: dict) -> Regularizer:
        """Builds a regularizer from `get_config()`'s output."""
        return cls(**config)

    def get_config(self) -> dict:
        """Returns the arguments that rebuild this regularizer."""
        raise NotImplementedError(
            f"{type(self).__name__} does not implement `get_config()`; "
            "define it to return the `__init__` arguments."
        )


class L1L2(Regularizer):
    """`l1 * sum(|x|) + l2 * sum(x ** 2)`.

    Args:
        l1: the L1 factor (`None` means 0).
        l2: the L2 factor (`None` means 0).

    Raises:
        ValueError: if a factor is negative, infinite or not a number.

    Example:
        >>> from cornu import ops, regularizers
        >>> regularizers.L1L2(l1=0.5, l2=0.5)(ops.ones((2,)))
        array(2., dtype=float32)
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0) -> None:
        self.l1 = _non_negative_float(0.0 if l1 is None else l1, "l1", "L1L2")
        self.l2 = _non_negative_float(0.0 if l2 is None else l2, "l2", "L1L2")

    def __call__(self, x: Any) -> Any:
        x = o.convert_to_tensor(x)
        penalty = o.zeros((), dtype=o.dtype(x))
        if self.l1 != 0.0:
            penalty = o.add(penalty, o.multiply(
                o.convert_to_tensor(self.l1, o.dtype(x)), o.sum(o.abs(x))))
        if self.l2 != 0.0:
            penalty = o.add(penalty, o.multiply(
                o.convert_to_tensor(self.l2, o.dtype(x)), o.sum(o.square(x))))
        return penalty

    def get_config(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}


class L1(Regularizer):
    """`l1 * sum(|x|)`.

    Like Keras 3, the factor is kept in float32, so `get_config` gives
    `0.009999999776482582` for `l1=0.01`.

    Args:
        l1: the L1 factor (`None` means 0.01).

    Raises:
        ValueError: if `l1` is negative, infinite or not a number.

    Example:
        >>> from cornu import ops, regularizers
        >>> regularizers.L1(0.5)(ops.convert_to_tensor([-1.0, 3.0]))
        array(2., dtype=float32)
    """

    def __init__(self, l1: float = 0.01) -> None:
        l1 = _non_negative_float(0.01 if l1 is None else l1, "l1", "L1")
        self.l1 = _as_float32(l1)

    def __call__(self, x: Any) -> Any:
        x = o.convert_to_tensor(x)
        return o.multiply(o.convert_to_tensor(self.l1, o.dtype(x)),
                          o.sum(o.abs(x)))

    def get_config(self) -> dict:
        return {"l1": self.l1}


class L2(Regularizer):
    """`l2 * sum(x ** 2)`.

    Args:
        l2: the L2 factor (`None` means 0.01).

    Raises:
        ValueError: if `l2` is negative, infinite or not a number.

    Example:
        >>> from cornu import ops, regularizers
        >>> regularizers.L2(0.5)(ops.convert_to_tensor([-1.0, 3.0]))
        array(5., dtype=float32)
    """

    def __init__(self, l2: float = 0.01) -> None:
        self.l2 = _non_negative_float(0.01 if l2 is None else l2, "l2", "L2")

    def __call__(self, x: Any) -> Any:
        x = o.convert_to_tensor(x)
        return o.multiply(o.convert_to_tensor(self.l2, o.dtype(x)),
                          o.sum(o.square(x)))

    def get_config(self) -> dict:
        return {"l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Pushes the rows (or columns) of a 2-D weight towards orthogonality.

    The rows (`mode="rows"`) or columns are L2-normalized and the penalty
    is `factor * 0.5 * sum(|off-diagonal of the Gram matrix|) / n_pairs`,
    with `n_pairs = n * (n - 1) / 2` for `n` rows (columns).

    Args:
        factor: the penalty factor, kept in float32 as in Keras 3.
        mode: `"rows"` or `"columns"`.

    Raises:
        ValueError: for a negative `factor` or an unknown `mode`; when
            called on a tensor that is not 2-D.

    Example:
        >>> from cornu import ops, regularizers
        >>> reg = regularizers.OrthogonalRegularizer(factor=1.0)
        >>> reg(ops.convert_to_tensor([[1.0, 0.0], [0.0, 1.0]]))
        array(0., dtype=float32)
    """

    def __init__(self, factor: float = 0.01, mode: str = "rows") -> None:
        factor = _non_negative_float(factor, "factor",
                                     "OrthogonalRegularizer")
        self.factor = _as_float32(factor)
        if mode not in ("rows", "columns"):
            raise ValueError(
                "OrthogonalRegularizer: `mode` must be 'rows' or 'columns'. "
                f"Received: mode={mode!r}."
            )
        self.mode = mode

    def __call__(self, inputs: Any) -> Any:
        inputs = o.convert_to_tensor(inputs)
        shape = shape_of(inputs)
        if len(shape) != 2:
            raise ValueError(
                "OrthogonalRegularizer: inputs must have rank 2. "
                f"Received: inputs.shape={shape}."
            )
        if self.mode == "rows":
            inputs = o.normalize(inputs, axis=1)
            product = o.matmul(inputs, o.transpose(inputs))
            size = shape[0]
        else:
            inputs = o.normalize(inputs, axis=0)
            product = o.matmul(o.transpose(inputs), inputs)
            size = shape[1]
        off_diagonal = o.multiply(
            product, o.subtract(1.0, o.eye(size, dtype=o.dtype(inputs))))
        n_pairs = size * (size - 1.0) / 2.0
        total = o.sum(o.abs(off_diagonal))
        return o.divide(o.multiply(self.factor * 0.5, total), n_pairs)

    def get_config(self) -> dict:
        return {"factor": self.factor, "mode": self.mode}
