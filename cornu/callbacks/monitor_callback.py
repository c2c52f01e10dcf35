"""`MonitorCallback`: the shared logic of callbacks that watch one log value
for improvement (EarlyStopping, ReduceLROnPlateau, ModelCheckpoint)."""

from __future__ import annotations

import operator
import warnings
from typing import Any

from cornu.callbacks.callback import Callback

# Which way each built-in metric improves, for metrics that do not carry
# Keras's `_direction` attribute ("up" or "down").
_UP = {
    "Accuracy", "BinaryAccuracy", "CategoricalAccuracy",
    "SparseCategoricalAccuracy", "TopKCategoricalAccuracy",
    "SparseTopKCategoricalAccuracy", "Precision", "Recall", "AUC",
    "PrecisionAtRecall", "RecallAtPrecision", "SensitivityAtSpecificity",
    "SpecificityAtSensitivity", "FBetaScore", "F1Score", "IoU", "MeanIoU",
    "BinaryIoU", "OneHotIoU", "OneHotMeanIoU", "CosineSimilarity",
    "R2Score", "PearsonCorrelation", "ConcordanceCorrelation",
}
_DOWN = {
    "Hinge", "SquaredHinge", "CategoricalHinge", "BinaryCrossentropy",
    "CategoricalCrossentropy", "SparseCategoricalCrossentropy",
    "MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
    "MeanSquaredLogarithmicError", "RootMeanSquaredError", "LogCoshError",
    "KLDivergence", "Poisson",
}


def _all_metrics(metrics) -> list:
    """The metrics in `metrics`, with the compiled-metric containers (which
    hold a `metrics` list of their own) opened up."""
    found = []
    for metric in metrics or ():
        inner = getattr(metric, "metrics", None)
        if isinstance(inner, (list, tuple)) and inner:
            found.extend(_all_metrics(inner))
        else:
            found.append(metric)
    return found


def _direction(metric: Any) -> str | None:
    direction = getattr(metric, "_direction", None)
    if direction in ("up", "down"):
        return direction
    name = type(metric).__name__
    if name in _UP:
        return "up"
    if name in _DOWN:
        return "down"
    return None


class MonitorCallback(Callback):
    """Base of the callbacks that watch the log value `monitor`.

    Args:
        monitor: the name of the log value to watch (`"val_loss"`).
        mode: `"min"`, `"max"` or `"auto"` (from the metric: losses and
            errors go down, accuracies up).
        baseline: the value to improve on first, or `None`.
        min_delta: the smallest change that counts as an improvement.
    """

    def __init__(self, monitor: str = "val_loss", mode: str = "auto",
                 baseline: float | None = None, min_delta: float = 0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(
                f"{type(self).__name__}: `mode` must be 'auto', 'min' or "
                f"'max'; falling back to 'auto'. Received: mode={mode!r}.",
                stacklevel=3,
            )
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None

    def _set_monitor_op(self) -> None:
        if self.mode == "min":
            self.monitor_op = operator.lt
        elif self.mode == "max":
            self.monitor_op = operator.gt
        else:
            name = self.monitor.removeprefix("val_")
            if name == "loss":
                self.monitor_op = operator.lt
            for metric in _all_metrics(getattr(self.model, "metrics", None)):
                if getattr(metric, "name", None) != name:
                    continue
                direction = _direction(metric)
                if direction is not None:
                    self.monitor_op = (operator.gt if direction == "up"
                                       else operator.lt)
            if self.monitor_op is None:
                raise ValueError(
                    f"{type(self).__name__}: cannot tell whether "
                    f"`monitor={self.monitor!r}` should go up or down. Pass "
                    "mode='max' to keep the highest value or mode='min' to "
                    f"keep the lowest. Received: monitor={self.monitor!r}, "
                    "mode='auto'."
                )
        if self.monitor_op is operator.lt:
            self.min_delta = -abs(self.min_delta)

    def _is_improvement(self, value: float, reference: float | None) -> bool:
        if reference is None:
            return True
        return bool(self.monitor_op(value - self.min_delta, reference))
