"""`Trainer`: compile, fit, evaluate and predict, written once.

The epoch and batch loops, callbacks, logs, validation and the progress bar
live here and are the same on every engine. An engine supplies only how one
group of batches is run — `cornu/backend/<engine>/trainer.py` makes the
train, test and predict functions (torch: eager autograd, optionally
`torch.compile`; jax: a `jax.jit`-compiled pure step over the model,
optimizer and metric state; numpy: inference only).
"""

from __future__ import annotations

import functools
import importlib

import numpy as np

from cornu import backend, ops, tree


def _engine_trainer():
    return importlib.import_module(f"cornu.backend.{backend.backend()}.trainer")


def _in_engine_context(method):
    """Runs a training/evaluation loop inside the engine's loop context
    (torch on the CPU: denormal floats flushed to zero, see
    `backend/torch/trainer.py::loop_context`)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with _engine_trainer().loop_context():
            return method(self, *args, **kwargs)

    return wrapper


def pythonify_logs(logs: dict) -> dict:
    """The logs with sorted keys and Python floats (the callbacks' one
    converter, imported on first use to keep `import cornu.models` light).
    """
    from cornu.callbacks._logs import python_logs

    return python_logs(logs)


class Trainer:
    """The training API of `Model` (a mixin; `Model` inherits it)."""

    # Class-level defaults: a model that is never compiled carries no
    # trainer state at all.
    compiled = False
    optimizer = None
    loss = None
    stop_training = False
    history = None
    _initial_epoch = None
    _compile_loss = None
    _compile_metrics = None
    _loss_tracker = None
    _compile_config = None
    _compile_built = False
    _steps_per_execution = 1
    _run_eagerly = False
    _jit_compile = None
    train_function = None
    test_function = None
    predict_function = None

    # ------------------------------------------------------------------
    # compile
    # ------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None,
                metrics=None, weighted_metrics=None, run_eagerly=False,
                steps_per_execution=1, jit_compile="auto",
                auto_scale_loss=True):
        """Configures the model for training.

        Args:
            optimizer: an optimizer name (`"adam"`) or instance.
            loss: a loss name, function or `Loss`; with several outputs a
                list (one per output) or a dict keyed by output name.
            loss_weights: floats weighting each output's loss (list/dict).
            metrics: metric names, functions or `Metric`s (per output: a
                list of lists or a dict). `"accuracy"` is resolved from the
                shapes of labels and predictions.
            weighted_metrics: metrics updated with `sample_weight` /
                `class_weight`.
            run_eagerly: run the steps without compilation (debugging).
            steps_per_execution: batches run per call of the compiled step.
            jit_compile: `True` compiles the step (`jax.jit`,
                `torch.compile`); `"auto"` compiles on jax only.
            auto_scale_loss: accepted for Keras compatibility (mixed
                precision loss scaling is the optimizer's
                `loss_scale_factor`).
        """
        del auto_scale_loss
        from cornu import optimizers
        from cornu.metrics.reduction_metrics import Mean
        from cornu.trainers import compile_utils

        if not isinstance(steps_per_execution, int) or isinstance(
                steps_per_execution, bool) or steps_per_execution < 1:
            raise ValueError(
                f"compile: `steps_per_execution` must be a positive integer."
                f" Received: steps_per_execution={steps_per_execution!r}."
            )
        if jit_compile not in (True, False, "auto"):
            raise ValueError(
                "compile: `jit_compile` must be True, False or 'auto'. "
                f"Received: jit_compile={jit_compile!r}."
            )
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self._compile_loss = (compile_utils.CompileLoss(loss, loss_weights)
                              if loss is not None else None)
        self._compile_metrics = compile_utils.CompileMetrics(
            metrics, weighted_metrics)
        self._loss_tracker = Mean(name="loss")
        self._run_eagerly = bool(run_eagerly)
        if jit_compile == "auto":
            jit_compile = (not run_eagerly) and backend.backend() == "jax"
        if jit_compile and run_eagerly:
            jit_compile = False
        self._jit_compile = bool(jit_compile)
        self._steps_per_execution = steps_per_execution
        self._compile_config = {
            "optimizer": optimizer, "loss": loss,
            "loss_weights": loss_weights, "metrics": metrics,
            "weighted_metrics": weighted_metrics,
            "run_eagerly": self._run_eagerly,
            "steps_per_execution": steps_per_execution,
            "jit_compile": self._jit_compile,
        }
        self._compile_built = False
        self.train_function = self.test_function = None
        self.predict_function = None
        self.compiled = True

    @property
    def run_eagerly(self) -> bool:
        return self._run_eagerly

    @run_eagerly.setter
    def run_eagerly(self, value: bool) -> None:
        self._run_eagerly = bool(value)
        self.train_function = self.test_function = None
        self.predict_function = None

    @property
    def jit_compile(self) -> bool:
        """Whether steps are compiled; before `compile`, whether the engine
        compiles by default (jax does)."""
        if self._jit_compile is None:
            return backend.backend() == "jax"
        return self._jit_compile

    @jit_compile.setter
    def jit_compile(self, value: bool) -> None:
        self._jit_compile = bool(value)
        self.train_function = self.test_function = None
        self.predict_function = None

    @property
    def steps_per_execution(self) -> int:
        return self._steps_per_execution

    def get_compile_config(self) -> dict | None:
        """`compile`'s arguments, serialized as Keras saves them in a
        `.keras` file (`None` if the model was never compiled)."""
        if not self.compiled:
            return None
        from cornu.saving.serialization import serialize_keras_object

        config = dict(self._compile_config)
        config["optimizer"] = serialize_keras_object(self.optimizer)
        for key in ("loss", "loss_weights", "metrics", "weighted_metrics"):
            config[key] = serialize_keras_object(config[key])
        return config

    def compile_from_config(self, config: dict) -> None:
        """Compiles the model from `get_compile_config()`'s dict."""
        from cornu.saving.serialization import deserialize_keras_object

        config = dict(config)
        for key in ("optimizer", "loss", "loss_weights", "metrics",
                    "weighted_metrics"):
            if config.get(key) is not None:
                config[key] = deserialize_keras_object(config[key])
        self.compile(**config)
        if self.built and self.optimizer is not None:
            self.optimizer.build(self.trainable_variables)

    def _assert_compiled(self, method: str) -> None:
        if not self.compiled:
            raise ValueError(
                f"You must call `compile()` before `{method}()`: model "
                f"{self.name!r} has no loss or optimizer yet. Example: "
                "model.compile(optimizer='adam', loss='mse')."
            )

    # ------------------------------------------------------------------
    # metrics
    # ------------------------------------------------------------------
    @property
    def metrics(self) -> list:
        """The loss tracker, each output's loss tracker and the compiled
        metrics (as a `CompileMetrics` group)."""
        if not self.compiled:
            return []
        out = [self._loss_tracker]
        if self._compile_loss is not None:
            out.extend(self._compile_loss.metrics)
        out.append(self._compile_metrics)
        return out

    def _flat_metrics(self) -> list:
        out = [self._loss_tracker]
        if self._compile_loss is not None:
            out.extend(self._compile_loss.metrics)
        out.extend(self._compile_metrics.metrics)
        return out

    @property
    def metrics_names(self) -> list[str]:
        """The names of `evaluate()`'s return values, in order: `loss`,
        each output's loss, then each compiled metric. (Keras 3 returns the
        unexpanded `['loss', 'compile_metrics']`; cornu returns what
        `evaluate` returns, as Keras 2 did.)"""
        if not self.compiled:
            return []
        return [m.name for m in self._flat_metrics()]

    @property
    def metrics_variables(self) -> list:
        return [v for m in self._flat_metrics() for v in m.variables]

    def reset_metrics(self) -> None:
        """Resets the state of every metric (loss trackers included)."""
        for metric in self._flat_metrics():
            metric.reset_state()

    def get_metrics_result(self) -> dict:
        """The current value of every metric, by name."""
        out = {}
        for metric in self._flat_metrics():
            out[metric.name] = metric.result()
        return out

    # ------------------------------------------------------------------
    # loss and metrics of one batch (used by the steps)
    # ------------------------------------------------------------------
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None,
                     training=True):
        """The total loss of a batch: the compiled losses plus the losses
        the layers added (regularization)."""
        del x, training
        total = None
        if self._compile_loss is not None and y is not None:
            total = self._compile_loss(y, y_pred, sample_weight)
        extra = self._collected_losses()
        if extra:
            dtype = backend.floatx() if total is None else ops.dtype(total)
            reg = ops.sum(ops.stack([ops.cast(v, dtype) for v in extra]))
            total = reg if total is None else total + reg
        if total is None:
            if self._compile_loss is not None and y is None:
                raise ValueError(
                    f"Model {self.name!r} was compiled with a loss but the "
                    "data gave no targets `y`. Pass `y` to fit/evaluate, or "
                    "yield (x, y) batches."
                )
            raise ValueError(
                f"Model {self.name!r} has no loss to minimize: it was "
                "compiled without `loss` and its layers added no losses."
            )
        return total

    def _collected_losses(self) -> list:
        from cornu.backend.common.scopes import current_stateless_scope

        scope = current_stateless_scope()
        out = list(self.losses)
        if scope is not None and scope.collect_losses:
            out.extend(scope.losses)
        return out

    def compute_metrics(self, x, y, y_pred, sample_weight=None) -> dict:
        """Updates the compiled metrics with a batch and returns every
        metric's result."""
        del x
        if y is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def _track_loss(self, loss, x) -> None:
        first = tree.flatten(x)[0]
        shape = ops.shape(first)
        self._loss_tracker.update_state(
            ops.stop_gradient(loss), sample_weight=shape[0] if shape else 1)

    # ------------------------------------------------------------------
    # the steps (an engine may replace them; users may override them)
    # ------------------------------------------------------------------
    def train_step(self, *args):
        """One optimization step on a batch; returns the logs. On jax it
        takes and returns the state: `train_step(state, data)`."""
        return _engine_trainer().train_step(self, *args)

    def test_step(self, *args):
        """Computes the loss and metrics of a batch; returns the logs."""
        return _engine_trainer().test_step(self, *args)

    def predict_step(self, *args):
        """The model's outputs for a batch."""
        return _engine_trainer().predict_step(self, *args)

    def make_train_function(self, force: bool = False):
        """The engine's function running a group of training steps."""
        return self._make_function("train", force)

    def make_test_function(self, force: bool = False):
        """The engine's function running a group of evaluation steps."""
        return self._make_function("test", force)

    def make_predict_function(self, force: bool = False):
        """The engine's function running a group of prediction steps."""
        return self._make_function("predict", force)

    def _make_function(self, kind: str, force: bool):
        attr = f"{kind}_function"
        function = getattr(self, attr)
        if function is None or force:
            function = _engine_trainer().make_function(self, kind)
            setattr(self, attr, function)
        return function

    def _drop_stale_functions(self) -> None:
        """Forgets compiled functions whose variable lists no longer match
        the model (a layer frozen or added since they were made)."""
        engine = _engine_trainer()
        for kind in ("train", "test", "predict"):
            attr = f"{kind}_function"
            function = getattr(self, attr)
            key = getattr(function, "key", None)
            if key is not None and key != engine.state_key(self, kind):
                setattr(self, attr, None)

    def _build_compiled(self, batch) -> None:
        """Builds the model, the compiled loss and metrics and the
        optimizer from the first batch (before any compiled step runs)."""
        if self._compile_built:
            return
        from cornu.backend.common.scopes import StatelessScope

        x, y, sample_weight = batch
        with StatelessScope():
            # Real outputs (not symbolic): subclassed models may need
            # values. Inside a throwaway scope nothing on the model changes
            # except the weights a first call builds.
            y_pred = self(x, training=False)
            if y is not None:
                names = self._output_names(y_pred)
                if self._compile_loss is not None:
                    self._compile_loss.build(y, y_pred, names)
                self._compile_metrics.build(y, y_pred, names)
                # Metrics that create their variables on first use do it
                # now, outside any compiled step.
                if self._compile_loss is not None:
                    self._compile_loss(y, y_pred, sample_weight)
                self._compile_metrics.update_state(y, y_pred, sample_weight)
        if self.optimizer is not None and not self.optimizer.built:
            self.optimizer.build(self.trainable_variables)
        self._compile_built = True

    def _output_names(self, y_pred) -> list[str]:
        struct = getattr(self, "_outputs_struct", None)
        if isinstance(struct, dict):
            return sorted(struct)
        outputs = getattr(self, "_flat_outputs", None)
        if outputs:
            return [t._history[0].name for t in outputs]
        if isinstance(y_pred, dict):
            return sorted(y_pred)
        n = len(tree.flatten(y_pred))
        return [f"output_{i}" for i in range(n)] if n > 1 else ["output"]

    # ------------------------------------------------------------------
    # the loops
    # ------------------------------------------------------------------
    @_in_engine_context
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
        _engine_trainer().check_can_train()
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
            steps_per_execution=self._steps_per_execution)
        verbose = _resolve_verbose(verbose)
        callbacks = CallbackList(
            callbacks, add_history=True, add_progbar=verbose != 0,
            verbose=verbose, epochs=epochs, steps=iterator.num_batches,
            model=self)
        self.stop_training = False
        self._initial_epoch = None
        self._drop_stale_functions()
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
            _engine_trainer().sync(self)
            epoch_logs = pythonify_logs(self.get_metrics_result())
            if validation_data is not None and (
                    epoch + 1) % validation_freq == 0:
                if val_iterator is None:
                    val_iterator = EpochIterator(
                        val_x, val_y, val_sw,
                        batch_size=validation_batch_size or batch_size,
                        steps_per_epoch=validation_steps, shuffle=False,
                        steps_per_execution=self._steps_per_execution)
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

    @_in_engine_context
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
            steps_per_execution=self._steps_per_execution)
        verbose = _resolve_verbose(verbose)
        callbacks = CallbackList(
            callbacks, add_progbar=verbose != 0, verbose=verbose, epochs=1,
            steps=iterator.num_batches, model=self)
        logs = self._evaluate_loop(iterator, callbacks)
        return logs if return_dict else self._logs_as_list(logs)

    def _evaluate_loop(self, iterator, callbacks) -> dict:
        self.reset_metrics()
        self._drop_stale_functions()
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
        _engine_trainer().sync(self)
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
        from cornu.callbacks.callback_list import CallbackList
        from cornu.trainers.data_adapters import unpack_x_y_sample_weight
        from cornu.trainers.epoch_iterator import EpochIterator

        verbose = _resolve_verbose(verbose)
        if verbose == 0 and not callbacks and steps is None:
            batch = _single_small_batch(x, batch_size)
            if batch is not None and self.built:
                # One small array: no iterator, no callbacks (the latency
                # of `predict` on one sample stays close to a direct call).
                self._drop_stale_functions()
                return self.make_predict_function()([batch])[0]
        iterator = EpochIterator(
            x, batch_size=batch_size, steps_per_epoch=steps, shuffle=False,
            steps_per_execution=self._steps_per_execution)
        callbacks = CallbackList(
            callbacks, add_progbar=verbose != 0, verbose=verbose, epochs=1,
            steps=iterator.num_batches, model=self)
        self._drop_stale_functions()
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
    def train_on_batch(self, x, y=None, sample_weight=None,
                       class_weight=None, return_dict=False):
        """One training step on one batch; returns its loss and metrics
        (computed before the update, as Keras does)."""
        self._assert_compiled("train_on_batch")
        _engine_trainer().check_can_train()
        batch = self._single_batch(x, y, sample_weight, class_weight)
        self._build_compiled(batch)
        self.reset_metrics()
        self.make_train_function()([batch])
        _engine_trainer().sync(self)
        logs = pythonify_logs(self.get_metrics_result())
        return logs if return_dict else self._logs_as_list(logs)

    def test_on_batch(self, x, y=None, sample_weight=None,
                      return_dict=False):
        """The loss and metrics of one batch."""
        self._assert_compiled("test_on_batch")
        batch = self._single_batch(x, y, sample_weight, None)
        self._build_compiled(batch)
        self.reset_metrics()
        self.make_test_function()([batch])
        _engine_trainer().sync(self)
        logs = pythonify_logs(self.get_metrics_result())
        return logs if return_dict else self._logs_as_list(logs)

    def predict_on_batch(self, x):
        """The model's outputs for one batch, as NumPy arrays."""
        batch = self._single_batch(x, None, None, None)
        return self.make_predict_function()([batch])[0]

    def _single_batch(self, x, y, sample_weight, class_weight):
        from cornu.trainers.epoch_iterator import EpochIterator

        first = tree.flatten(x)[0]
        size = int(np.shape(first)[0]) if np.ndim(first) else 1
        iterator = EpochIterator(x, y, sample_weight, batch_size=size,
                                 shuffle=False, class_weight=class_weight)
        for _, batches in iterator.enumerate_epoch():
            return batches[0]
        raise ValueError("The batch is empty.")


def _single_small_batch(x, batch_size):
    """`(x, None, None)` as engine tensors when `x` is one NumPy array that
    fits in a single batch, else `None` (the general path handles it)."""
    if type(x) is not np.ndarray or x.ndim == 0:
        return None
    if not 0 < x.shape[0] <= (batch_size or 32) or x.dtype.kind not in "biuf":
        return None
    from cornu.trainers.data_adapters.data_adapter_utils import (
        cast_to_floatx,
    )

    return ops.convert_to_tensor(cast_to_floatx(x)), None, None


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
