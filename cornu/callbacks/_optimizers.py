"""Reading and writing the learning rate of a model's optimizer(s), for the
learning-rate callbacks."""

from __future__ import annotations

from typing import Any

from cornu.callbacks._logs import to_float


def optimizers_of(model: Any, owner: str) -> list[tuple[str, Any]]:
    """`(log suffix, optimizer)` pairs: `("", opt)` for one optimizer, or
    one `("_<name>", opt)` per optimizer of a multi-optimizer."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        raise RuntimeError(
            f"{owner}: the model has no optimizer, so there is no learning "
            "rate to read or change. Call `model.compile(optimizer=...)` "
            "before `fit`."
        )
    inner = getattr(optimizer, "optimizers", None)
    if isinstance(inner, (list, tuple)):
        return [(f"_{opt.name}", opt) for opt in inner]
    return [("", optimizer)]


def read_learning_rate(optimizer: Any, owner: str) -> float:
    """The optimizer's current learning rate as a Python float."""
    if not hasattr(optimizer, "learning_rate"):
        raise ValueError(
            f"{owner}: the optimizer must have a `learning_rate` attribute. "
            f"Received: optimizer={optimizer!r}."
        )
    return float(to_float(optimizer.learning_rate))


def log_learning_rates(model: Any, logs: dict | None, owner: str) -> None:
    """Adds `learning_rate` (or `learning_rate_<name>` per optimizer) to
    `logs`."""
    if logs is None:
        return
    for suffix, optimizer in optimizers_of(model, owner):
        logs[f"learning_rate{suffix}"] = read_learning_rate(optimizer, owner)
