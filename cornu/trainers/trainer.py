"""`Trainer`: fit, evaluate and predict, written once.

The epoch and batch loops, callbacks, logs, validation and the progress bar
live here and are the same on every engine. An engine supplies only how one
group of batches is run — `cornu/backend/<engine>/trainer.py` makes the
train, test and predict functions (torch: eager autograd, optionally
`torch.compile`; jax: a `jax.jit`-compiled pure step over the model,
optimizer and metric state; numpy: inference only).
"""

from __future__ import annotations

import functools

import numpy as np

from cornu import ops, tree
from cornu.trainers.compiled_model import CompiledModel, engine_trainer
from cornu.trainers.data_adapters.data_adapter_utils import cast_to_floatx


def _step_logs_deferred(method):
    """Runs a training/evaluation loop whose callbacks read each step's
    logs at once or never: the eager engines' steps return them unread
    (`CompiledModel._step_logs`)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._deferring_step_logs():
            return method(self, *args, **kwargs)

    return wrapper


def pythonify_logs(logs: dict) -> dict:
    """The logs with sorted keys and Python floats (the callbacks' one
    converter, imported on first use to keep `import cornu.models` light).
    """
    from cornu.callbacks._logs import python_logs

    return python_logs(logs)


class Trainer(CompiledModel):
    """The training API of `Model` (a mixin; `Model` inherits it): the
    loops of `fit`, `evaluate`, `predict` and the `*_on_batch` methods."""

    # ------------------------------------------------------------------
    # the loops
    # ------------------------------------------------------------------
    @_step_logs_deferred
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto",
            callbacks=None, validation_split=0.0, validation_data=None,
            shuffle=True, class_weight=None, sample_weight=None,
            initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1):
        """Trains the model for `epochs` epochs; returns a `History`.

        The arguments are Keras's. `x` may be arrays (or lists/dicts of
        them), a generator, a `cornu.utils.PyDataset` or a torch
        `DataLoader` (torch engine); `y` and `sample_weight` go with arrays
        only. `validation_split` holds out the last fraction of the arrays.
        """
        from cornu.callbacks.callback_list import CallbackList
        from cornu.trainers.data_adapters import (
            train_validation_split,
            unpack_x_y_sample_weight,
        )
        from cornu.trainers.epoch_iterator import EpochIterator

        self._assert_compiled("fit")
        engine_trainer().check_can_train()
        _check_epochs(epochs, initial_epoch)
        if not isinstance(validation_freq, int) or validation_freq < 1:
            raise ValueError(
                "fit: `validation_freq` must be a positive integer. "
                f"Received: validation_freq={validation_freq!r}."
            )
        if validation_split and validation_data is None:
            (x, y, sample_weight), validation_data = train_validation_split(
                (x, y, sample_weight), validation_split=validation_split)
        if validation_data is not None:
            val_x, val_y, val_sw = unpack_x_y_sample_weight(validation_data)
        iterator = EpochIterator(
            x, y, sample_weight, batch_size=batch_size,
            steps_per_epoch=steps_per_epoch, shuffle=shuffle,
            class_weight=class_weight,
            steps_per_execution=self._steps_per_execution,
            host_batches=self._takes_host_batches())
        verbose = _resolve_verbose(verbose)
        callbacks = CallbackList(
            callbacks, add_history=True, add_progbar=verbose != 0,
            verbose=verbose, epochs=epochs, steps=iterator.num_batches,
            model=self)
        self.stop_training = False
        self._initial_epoch = None
        self._drop_stale_functions("train", "test")
        val_iterator = None
        callbacks.on_train_begin()
        if self._initial_epoch is not None:
            initial_epoch = self._initial_epoch
        training_logs = None
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            callbacks.on_epoch_begin(epoch)
            logs = {}
            for step, batches in iterator.enumerate_epoch():
                if not self._compile_built:
                    self._build_compiled(batches[0])
                function = self.make_train_function()
                callbacks.on_train_batch_begin(step)
                logs = function(batches)
                callbacks.on_train_batch_end(step + len(batches) - 1, logs)
                if self.stop_training:
                    break
            if not logs and training_logs is not None and getattr(
                    iterator, "out_of_data", False):
                break  # a generator ran out: training ends (Keras warns)
            if not logs:
                raise ValueError(
                    "fit: the training data produced no batch in epoch "
                    f"{epoch + 1}. Check that `x` is not empty and that a "
                    "generator yields data (or pass `steps_per_epoch`)."
                )
            epoch_logs = pythonify_logs(self.get_metrics_result())
            if validation_data is not None and (
                    epoch + 1) % validation_freq == 0:
                if val_iterator is None:
                    val_iterator = EpochIterator(
                        val_x, val_y, val_sw,
                        batch_size=validation_batch_size or batch_size,
                        steps_per_epoch=validation_steps, shuffle=False,
                        steps_per_execution=self._steps_per_execution,
                        host_batches=self._takes_host_batches())
                val_logs = self._evaluate_loop(val_iterator, callbacks)
                epoch_logs.update(
                    {f"val_{k}": v for k, v in val_logs.items()})
            callbacks.on_epoch_end(epoch, epoch_logs)
            training_logs = epoch_logs
            if self.stop_training:
                break
        if self.optimizer is not None and getattr(
                self.optimizer, "use_ema", False) and training_logs:
            self.optimizer.finalize_variable_values(self.trainable_weights)
        callbacks.on_train_end(logs=training_logs)
        return self.history

    @_step_logs_deferred
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto",
                 sample_weight=None, steps=None, callbacks=None,
                 return_dict=False, **kwargs):
        """The loss and metrics of the model on the data: a list in
        `metrics_names` order (a float when there is only the loss), or a
        dict with `return_dict=True`."""
        from cornu.callbacks.callback_list import CallbackList
        from cornu.trainers.epoch_iterator import EpochIterator

        if kwargs:
            raise ValueError(
                f"evaluate: unknown arguments {sorted(kwargs)}.")
        self._assert_compiled("evaluate")
        iterator = EpochIterator(
            x, y, sample_weight, batch_size=batch_size,
            steps_per_epoch=steps, shuffle=False,
            steps_per_execution=self._steps_per_execution,
            host_batches=self._takes_host_batches())
        verbose = _resolve_verbose(verbose)
        callbacks = CallbackList(
            callbacks, add_progbar=verbose != 0, verbose=verbose, epochs=1,
            steps=iterator.num_batches, model=self)
        logs = self._evaluate_loop(iterator, callbacks)
        return logs if return_dict else self._logs_as_list(logs)

    def _evaluate_loop(self, iterator, callbacks) -> dict:
        self.reset_metrics()
        self._drop_stale_functions("test")
        callbacks.on_test_begin()
        logs = {}
        for step, batches in iterator.enumerate_epoch():
            if not self._compile_built:
                self._build_compiled(batches[0])
            function = self.make_test_function()
            callbacks.on_test_batch_begin(step)
            logs = function(batches)
            callbacks.on_test_batch_end(step + len(batches) - 1, logs)
        if not logs:
            raise ValueError(
                "evaluate: the data produced no batch. Check that `x` is not "
                "empty and that a generator yields data."
            )
        logs = pythonify_logs(self.get_metrics_result())
        callbacks.on_test_end(logs)
        return logs

    def _logs_as_list(self, logs: dict):
        values = [logs[name] for name in self.metrics_names if name in logs]
        return values[0] if len(values) == 1 else values

    def predict(self, x, batch_size=None, verbose="auto", steps=None,
                callbacks=None):
        """The model's outputs for `x`, as NumPy arrays (the outputs'
        structure is kept)."""
        verbose = _resolve_verbose(verbose)
        if verbose == 0 and not callbacks and steps is None:
            batch = _single_small_batch(x, batch_size,
                                        self._takes_host_batches())
            if batch is not None and self.built:
                # One small array: no iterator, no callbacks (the latency
                # of `predict` on one sample stays close to a direct call).
                outputs = _direct_predict(self, batch[0])
                if outputs is not None:
                    return outputs
                self._drop_stale_functions("predict")
                return self.make_predict_function()([batch])[0]
        from cornu.callbacks.callback_list import CallbackList
        from cornu.trainers.data_adapters import unpack_x_y_sample_weight
        from cornu.trainers.epoch_iterator import EpochIterator

        iterator = EpochIterator(
            x, batch_size=batch_size, steps_per_epoch=steps, shuffle=False,
            steps_per_execution=self._steps_per_execution,
            host_batches=self._takes_host_batches())
        callbacks = CallbackList(
            callbacks, add_progbar=verbose != 0, verbose=verbose, epochs=1,
            steps=iterator.num_batches, model=self)
        self._drop_stale_functions("predict")
        callbacks.on_predict_begin()
        outputs = []
        for step, batches in iterator.enumerate_epoch():
            if not self.built:
                # A first eager call builds the weights before any
                # compiled step captures the variable lists.
                x_first = unpack_x_y_sample_weight(batches[0])[0]
                self(x_first, training=False)
            function = self.make_predict_function()
            callbacks.on_predict_batch_begin(step)
            batch_outputs = function(batches)
            outputs.extend(batch_outputs)
            callbacks.on_predict_batch_end(
                step + len(batches) - 1, {"outputs": batch_outputs[-1]})
        callbacks.on_predict_end()
        if not outputs:
            raise ValueError(
                "predict: the data produced no batch. Check that `x` is not "
                "empty and that a generator yields data."
            )
        return _concatenate(outputs)

    # ------------------------------------------------------------------
    # single batches
    # ------------------------------------------------------------------
    @_step_logs_deferred
    def train_on_batch(self, x, y=None, sample_weight=None,
                       class_weight=None, return_dict=False):
        """One training step on one batch; returns its loss and metrics
        (computed before the update, as Keras does)."""
        self._assert_compiled("train_on_batch")
        engine_trainer().check_can_train()
        batch = self._single_batch(x, y, sample_weight, class_weight)
        self._build_compiled(batch)
        self.reset_metrics()
        self.make_train_function()([batch])
        logs = pythonify_logs(self.get_metrics_result())
        return logs if return_dict else self._logs_as_list(logs)

    @_step_logs_deferred
    def test_on_batch(self, x, y=None, sample_weight=None,
                      return_dict=False):
        """The loss and metrics of one batch."""
        self._assert_compiled("test_on_batch")
        batch = self._single_batch(x, y, sample_weight, None)
        self._build_compiled(batch)
        self.reset_metrics()
        self.make_test_function()([batch])
        logs = pythonify_logs(self.get_metrics_result())
        return logs if return_dict else self._logs_as_list(logs)

    def predict_on_batch(self, x):
        """The model's outputs for one batch, as NumPy arrays."""
        batch = self._single_batch(x, None, None, None)
        return self.make_predict_function()([batch])[0]

    def _takes_host_batches(self) -> bool:
        """Whether the engine's step functions take NumPy batches
        (`EpochIterator`'s `host_batches`)."""
        return engine_trainer().takes_host_batches(self)

    def _single_batch(self, x, y, sample_weight, class_weight):
        from cornu.trainers.epoch_iterator import EpochIterator

        first = tree.flatten(x)[0]
        size = int(np.shape(first)[0]) if np.ndim(first) else 1
        iterator = EpochIterator(x, y, sample_weight, batch_size=size,
                                 shuffle=False, class_weight=class_weight,
                                 host_batches=self._takes_host_batches())
        for _, batches in iterator.enumerate_epoch():
            return batches[0]
        raise ValueError("The batch is empty.")


def _direct_predict(model, x):
    """The outputs of the default predict step on the one batch `x`, as
    NumPy, from the engine's `direct_predict` (the same forward pass
    without the predict function's bookkeeping per call: jax's cache of
    compiled calls, torch's eager call under `no_grad`), or None when that
    does not apply: a user's `predict_step`, `make_predict_function` or
    `predict_function`, or a call the engine declines."""
    cls = type(model)
    if (cls.predict_step is not CompiledModel.predict_step
            or cls.make_predict_function
            is not CompiledModel.make_predict_function):
        return None
    function = model.predict_function
    if function is not None and not getattr(function, "engine_made", False):
        return None
    return engine_trainer().direct_predict(model, x)


def _single_small_batch(x, batch_size, host: bool):
    """`(x, None, None)` when `x` is one NumPy array that fits in a single
    batch (as an engine tensor, or with `host` as NumPy: the engine's
    compiled step takes NumPy directly), else `None` (the general path
    handles it)."""
    if type(x) is not np.ndarray or x.ndim == 0:
        return None
    if not 0 < x.shape[0] <= (batch_size or 32) or x.dtype.kind not in "biuf":
        return None
    x = cast_to_floatx(x)
    if not host:
        x = ops.convert_to_tensor(x)
    return x, None, None


def _resolve_verbose(verbose) -> int:
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2):
        raise ValueError(
            "`verbose` must be 0, 1, 2 or 'auto'. Received: "
            f"verbose={verbose!r}."
        )
    return verbose


def _check_epochs(epochs, initial_epoch) -> None:
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(
            f"fit: `epochs` must be a non-negative integer. Received: "
            f"epochs={epochs!r}."
        )
    if not isinstance(initial_epoch, (int, np.integer)) or initial_epoch < 0:
        raise ValueError(
            "fit: `initial_epoch` must be a non-negative integer. "
            f"Received: initial_epoch={initial_epoch!r}."
        )


def _concatenate(batches: list):
    first = batches[0]
    if isinstance(first, dict):
        return {k: _concatenate([b[k] for b in batches]) for k in first}
    if isinstance(first, (list, tuple)):
        return type(first)(_concatenate([b[i] for b in batches])
                           for i in range(len(first)))
    return np.concatenate([np.asarray(b) for b in batches], axis=0)
