"""The numpy engine evaluates and predicts eagerly; it cannot train (it has
no autodiff)."""

from __future__ import annotations

from cornu.trainers.eager_steps import (
    direct_predict,
    make_function,
    output_placeholders,
    predict_step,
    state_key,
    takes_host_batches,
    test_step,
)

__all__ = ["check_can_train", "direct_predict", "make_function",
           "output_placeholders", "predict_step", "state_key",
           "takes_host_batches", "test_step", "train_step"]


def check_can_train() -> None:
    raise RuntimeError(
        "The numpy engine is inference only: `fit`, `train_on_batch` and "
        "`train_step` need an engine with autodiff. Set CORNU_BACKEND=torch "
        "or CORNU_BACKEND=jax (pip install cornu[torch] or cornu[jax]) to "
        "train; models trained there load here for predict/evaluate."
    )


def train_step(model, data):
    check_can_train()
