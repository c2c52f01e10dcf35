"""Hinge metrics: `Hinge`, `SquaredHinge` and `CategoricalHinge`, the means
of the per-sample losses of the same names in `cornu.losses`."""

from __future__ import annotations

from typing import Any

from cornu.losses.hinge import categorical_hinge, hinge, squared_hinge
from cornu.metrics.regression_metrics import _NamedWrapper


class Hinge(_NamedWrapper):
    """The mean of `maximum(1 - y_true * y_pred, 0)`.

    Labels are -1 or 1; labels that are all 0 or 1 are mapped to -1 or 1.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.Hinge()
        >>> m.update_state([[0.0, 1.0], [0.0, 0.0]],
        ...                [[0.6, 0.4], [0.4, 0.6]])
        >>> round(float(m.result()), 4)
        1.3
    """

    def __init__(self, name: str = "hinge", dtype: Any = None):
        super().__init__(hinge, name, dtype=dtype)


class SquaredHinge(_NamedWrapper):
    """The mean of `square(maximum(1 - y_true * y_pred, 0))`.

    Labels are -1 or 1; labels that are all 0 or 1 are mapped to -1 or 1.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.SquaredHinge()
        >>> m.update_state([[0.0, 1.0], [0.0, 0.0]],
        ...                [[0.6, 0.4], [0.4, 0.6]])
        >>> round(float(m.result()), 4)
        1.86
    """

    def __init__(self, name: str = "squared_hinge", dtype: Any = None):
        super().__init__(squared_hinge, name, dtype=dtype)


class CategoricalHinge(_NamedWrapper):
    """The mean of `maximum(neg - pos + 1, 0)`, where `pos` is the score of
    the true class and `neg` the highest score of the other classes.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.CategoricalHinge()
        >>> m.update_state([[0.0, 1.0], [0.0, 0.0]],
        ...                [[0.6, 0.4], [0.4, 0.6]])
        >>> round(float(m.result()), 4)
        1.4
    """

    def __init__(self, name: str = "categorical_hinge", dtype: Any = None):
        super().__init__(categorical_hinge, name, dtype=dtype)
