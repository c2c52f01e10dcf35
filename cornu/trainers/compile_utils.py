"""What `compile(loss=..., metrics=...)` turns into.

`CompileLoss` maps the `loss` argument (one loss, a list, or a dict keyed by
output name) onto the model's outputs, weights each output's loss by
`loss_weights` and tracks each output's loss when there are several.
`CompileMetrics` does the same for `metrics` and `weighted_metrics`, and
resolves the strings `"accuracy"`/`"acc"` and `"crossentropy"`/`"ce"` from
the shapes of the labels and predictions, as Keras does.

Both are built on the first batch (`build(y_true, y_pred)`), when the
structure and shapes of the outputs are known.
"""

from __future__ import annotations

from typing import Any

from cornu import losses as losses_module
from cornu import metrics as metrics_module
from cornu import ops, tree
from cornu.losses.loss import Loss, LossFunctionWrapper
from cornu.metrics.metric import Metric
from cornu.metrics.reduction_metrics import Mean, MeanMetricWrapper


def _shape(x) -> tuple:
    return tuple(ops.shape(x))


def resolve_metric(identifier, y_true, y_pred) -> Metric:
    """A `Metric` for one entry of `compile(metrics=...)`.

    `"accuracy"`/`"acc"` becomes binary, sparse categorical or categorical
    accuracy, and `"crossentropy"`/`"ce"` the matching crossentropy, chosen
    from the shapes: a last prediction dimension of 1 is binary; labels of
    lower rank (or a last dimension of 1 against several classes) are
    sparse; otherwise categorical. The metric keeps the given string as its
    name.
    """
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, str) and identifier in (
            "accuracy", "acc", "crossentropy", "ce"):
        true_shape, pred_shape = _shape(y_true), _shape(y_pred)
        binary = bool(pred_shape) and pred_shape[-1] == 1
        sparse = len(true_shape) < len(pred_shape) or (
            bool(true_shape) and true_shape[-1] == 1
            and bool(pred_shape) and pred_shape[-1] != 1)
        if identifier in ("accuracy", "acc"):
            cls = (metrics_module.BinaryAccuracy if binary else
                   metrics_module.SparseCategoricalAccuracy if sparse else
                   metrics_module.CategoricalAccuracy)
        else:
            cls = (metrics_module.BinaryCrossentropy if binary else
                   metrics_module.SparseCategoricalCrossentropy if sparse else
                   metrics_module.CategoricalCrossentropy)
        return cls(name=identifier)
    metric = metrics_module.get(identifier)
    if metric is None:
        raise ValueError(
            f"compile: could not interpret metric {identifier!r}.")
    name = identifier if isinstance(identifier, str) else getattr(
        metric, "__name__", None)
    if not isinstance(metric, Metric):
        return MeanMetricWrapper(metric, name=name)
    if isinstance(identifier, str):
        metric.name = identifier
    return metric


def _per_output(value, output_names: list[str], what: str):
    """Spreads `value` (one entry, a list aligned with the outputs, or a
    dict keyed by output name) into a list with one entry per output."""
    n = len(output_names)
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(output_names))
        if unknown:
            raise ValueError(
                f"compile: `{what}` has keys {unknown} that are not output "
                f"names. The model's outputs are {output_names}. "
                f"Received: {what}={value!r}."
            )
        return [value.get(name) for name in output_names]
    if isinstance(value, (list, tuple)) and n > 1:
        if len(value) != n:
            raise ValueError(
                f"compile: `{what}` must have one entry per output when it "
                f"is a list: the model has {n} outputs {output_names}. "
                f"Received {len(value)} entries: {what}={value!r}."
            )
        return list(value)
    if isinstance(value, (list, tuple)) and n == 1 and len(value) == 1:
        return [value[0]]
    return [value] * n


def _flatten_targets(y_true, output_names, y_pred_struct):
    """`y_true` as a list aligned with the flattened outputs."""
    if isinstance(y_true, dict) and not isinstance(y_pred_struct, dict):
        missing = [n for n in output_names if n not in y_true]
        if missing:
            raise ValueError(
                f"The labels are a dict with keys {sorted(y_true)}, which "
                f"misses the outputs {missing}. Give one entry per output "
                f"name: {output_names}."
            )
        return [y_true[n] for n in output_names]
    flat = tree.flatten(y_true)
    if len(flat) != len(output_names):
        raise ValueError(
            f"The model has {len(output_names)} outputs {output_names}, "
            f"but the labels `y` hold {len(flat)} arrays. Pass one label "
            "array per output (a list in output order, or a dict keyed by "
            "output name)."
        )
    return flat


def _flatten_weights(sample_weight, n, output_names, y_pred_struct):
    """`sample_weight` as a list aligned with the outputs: one array (or
    None) serves every output; a list/dict gives each its own."""
    if sample_weight is None or not tree.is_nested(sample_weight):
        return [sample_weight] * n
    return _flatten_targets(sample_weight, output_names, y_pred_struct)


class CompileLoss:
    """The total loss of a compiled model.

    Args:
        loss: a loss (name, function or `Loss`), a list with one per output
            or a dict keyed by output name; `None` entries skip an output.
        loss_weights: floats, one per output (list or dict), scaling each
            output's loss in the total.
        reduction: the reduction of losses given by name or function.
    """

    def __init__(self, loss, loss_weights=None,
                 reduction: str = "sum_over_batch_size"):
        self.loss = loss
        self.loss_weights = loss_weights
        self.reduction = reduction
        self.built = False
        self._losses: list = []
        self._weights: list = []
        self.metrics: list[Metric] = []
        if loss is not None:
            for entry in tree.flatten(loss):
                if entry is not None:
                    _get_loss(entry)  # unknown names fail at compile time

    def build(self, y_true, y_pred, output_names: list[str]) -> None:
        self._output_names = output_names
        self._pred_struct = y_pred
        per_output = _per_output(self.loss, output_names, "loss")
        if all(entry is None for entry in per_output):
            raise ValueError(
                "compile: no loss applies to any output. Received: "
                f"loss={self.loss!r} for outputs {output_names}."
            )
        weights = (_per_output(self.loss_weights, output_names,
                               "loss_weights")
                   if self.loss_weights is not None else [1.0] *
                   len(output_names))
        self._losses = [None if e is None else _get_loss(e)
                        for e in per_output]
        self._weights = [1.0 if w is None else float(w) for w in weights]
        if len(output_names) > 1:
            self.metrics = [
                Mean(name=f"{name}_loss")
                for name, fn in zip(output_names, self._losses, strict=True)
                if fn is not None
            ]
        self.built = True

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The weighted sum of the outputs' losses (a scalar)."""
        flat_pred = tree.flatten(y_pred)
        flat_true = _flatten_targets(y_true, self._output_names,
                                     self._pred_struct)
        flat_sw = _flatten_weights(sample_weight, len(flat_pred),
                                   self._output_names, self._pred_struct)
        total = None
        trackers = iter(self.metrics)
        for fn, weight, yt, yp, sw in zip(self._losses, self._weights,
                                          flat_true, flat_pred, flat_sw,
                                          strict=True):
            if fn is None:
                continue
            value = fn(yt, yp, sample_weight=sw)
            if self.metrics:
                next(trackers).update_state(
                    ops.stop_gradient(value),
                    sample_weight=_batch_size(yp))
            value = value * weight if weight != 1.0 else value
            total = value if total is None else total + value
        return total

    def get_config(self) -> dict:
        return {"loss": self.loss, "loss_weights": self.loss_weights}


def _get_loss(identifier):
    """A `Loss` for one entry of `compile(loss=...)`: functions (by name or
    given directly) are wrapped with the default reduction."""
    loss = losses_module.get(identifier)
    if loss is None:
        raise ValueError(
            f"compile: could not interpret loss {identifier!r}.")
    if not isinstance(loss, Loss):
        name = identifier if isinstance(identifier, str) else getattr(
            loss, "__name__", None)
        loss = LossFunctionWrapper(loss, name=name)
    return loss


def _batch_size(x) -> int:
    shape = _shape(x)
    return shape[0] if shape else 1


class CompileMetrics(Metric):
    """The metrics given to `compile`, one group per output.

    With several outputs each metric's name is prefixed by its output's
    name (`"out_b_accuracy"`). A metric listed in `weighted_metrics` is
    updated with the sample weights; one in `metrics` without them.
    """

    def __init__(self, metrics=None, weighted_metrics=None,
                 name: str = "compile_metrics"):
        super().__init__(name=name)
        self._user_metrics = metrics
        self._user_weighted_metrics = weighted_metrics
        self.built = False
        self._flat: list[tuple[int, Metric, bool]] = []

    def build(self, y_true, y_pred, output_names: list[str]) -> None:
        self._output_names = output_names
        self._pred_struct = y_pred
        flat_true = _flatten_targets(y_true, output_names, y_pred)
        flat_pred = tree.flatten(y_pred)
        multi = len(output_names) > 1
        entries = []
        for weighted, spec, what in (
                (False, self._user_metrics, "metrics"),
                (True, self._user_weighted_metrics, "weighted_metrics")):
            if spec is None:
                continue
            per_output = self._spread(spec, output_names, what)
            for i, group in enumerate(per_output):
                for identifier in group:
                    if identifier is None:
                        continue
                    metric = resolve_metric(identifier, flat_true[i],
                                            flat_pred[i])
                    if multi and isinstance(identifier, str):
                        metric.name = f"{output_names[i]}_{metric.name}"
                    entries.append((i, metric, weighted))
        names = [m.name for _, m, w in entries if not w]
        for _, metric, weighted in entries:
            if weighted and metric.name in names:
                metric.name = f"weighted_{metric.name}"
        self._flat = entries
        for _, metric, _ in entries:
            self._metrics.append(metric)
        self.built = True

    @staticmethod
    def _spread(spec, output_names, what):
        n = len(output_names)
        if isinstance(spec, dict):
            groups = _per_output(spec, output_names, what)
            return [[] if g is None else
                    (list(g) if isinstance(g, (list, tuple)) else [g])
                    for g in groups]
        if not isinstance(spec, (list, tuple)):
            raise ValueError(
                f"compile: `{what}` must be a list or a dict. Received: "
                f"{what}={spec!r}."
            )
        if n > 1 and spec and all(
                isinstance(g, (list, tuple)) or g is None for g in spec):
            if len(spec) != n:
                raise ValueError(
                    f"compile: `{what}` given as a list of lists needs one "
                    f"list per output ({n}: {output_names}). Received: "
                    f"{what}={spec!r}."
                )
            return [list(g or ()) for g in spec]
        if n > 1 and spec:
            raise ValueError(
                f"compile: the model has {n} outputs {output_names}; "
                f"`{what}` must be a dict keyed by output name or a list of "
                f"lists, one per output. Received: {what}={spec!r}."
            )
        return [list(spec)] * n

    @property
    def metrics(self) -> list[Metric]:
        return [m for _, m, _ in self._flat]

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        if not self._flat:
            return
        flat_true = _flatten_targets(y_true, self._output_names,
                                     self._pred_struct)
        flat_pred = tree.flatten(y_pred)
        flat_sw = _flatten_weights(sample_weight, len(flat_pred),
                                   self._output_names, self._pred_struct)
        for i, metric, weighted in self._flat:
            metric.update_state(flat_true[i], flat_pred[i],
                                sample_weight=flat_sw[i] if weighted
                                else None)

    def result(self) -> dict[str, Any]:
        return {m.name: m.result() for _, m, _ in self._flat}

    def reset_state(self) -> None:
        for _, metric, _ in self._flat:
            metric.reset_state()

    def get_config(self) -> dict:
        return {"metrics": self._user_metrics,
                "weighted_metrics": self._user_weighted_metrics}
