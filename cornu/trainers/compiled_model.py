"""`CompiledModel`: what `compile` sets up, and the per-batch API the
steps use.

`compile` turns its arguments into a `CompileLoss`, a `CompileMetrics` and a
loss tracker (`trainers/compile_utils.py`), built on the first batch;
`compute_loss`/`compute_metrics`/`get_metrics_result` are what a
`train_step` calls; `make_*_function` asks the engine
(`backend/<engine>/trainer.py`) for the function that runs a group of steps.
The loops that drive them are in `trainers/trainer.py`.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import MutableMapping

from cornu import backend, ops, tree

_TRAINERS: dict = {}


def engine_trainer():
    """The engine's step module, `cornu.backend.<engine>.trainer`."""
    name = backend.backend()
    module = _TRAINERS.get(name)
    if module is None:
        module = _TRAINERS[name] = importlib.import_module(
            f"cornu.backend.{name}.trainer")
    return module


class _DeferredLogs(MutableMapping):
    """A step's logs, `get_metrics_result()`, computed the first time they
    are looked at. The eager engines' default steps return them inside the
    `fit`/`evaluate` loops, whose callbacks read a step's logs before the
    next step updates the metrics, or never (`verbose=0`, `History`): the
    results then cost nothing."""

    __slots__ = ("_read", "_logs")

    def __init__(self, read):
        self._read = read
        self._logs = None

    def _get(self) -> dict:
        if self._logs is None:
            self._logs = self._read()
            self._read = None
        return self._logs

    def __getitem__(self, key):
        return self._get()[key]

    def __setitem__(self, key, value):
        self._get()[key] = value

    def __delitem__(self, key):
        del self._get()[key]

    def __iter__(self):
        return iter(self._get())

    def __len__(self):
        return len(self._get())

    def __repr__(self):
        return repr(self._get())


class CompiledModel:
    """The compile state and step API of `Model` (through `Trainer`)."""

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

    # True while `fit`/`evaluate` run their loops (`_deferring_step_logs`).
    _defer_step_logs = False

    @contextlib.contextmanager
    def _deferring_step_logs(self):
        previous = self._defer_step_logs
        self._defer_step_logs = True
        try:
            yield
        finally:
            self._defer_step_logs = previous

    def _step_logs(self, x, y, y_pred, sample_weight):
        """What the eager engines' default steps return:
        `compute_metrics(...)`; inside the `fit`/`evaluate` loops (and when
        `compute_metrics` is not overridden) the metrics are updated and
        their results read only if a callback looks at the logs."""
        if (self._defer_step_logs and type(self).compute_metrics
                is CompiledModel.compute_metrics):
            if y is not None:
                self._compile_metrics.update_state(y, y_pred, sample_weight)
            return _DeferredLogs(self.get_metrics_result)
        return self.compute_metrics(x, y, y_pred, sample_weight)

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
        return engine_trainer().train_step(self, *args)

    def test_step(self, *args):
        """Computes the loss and metrics of a batch; returns the logs."""
        return engine_trainer().test_step(self, *args)

    def predict_step(self, *args):
        """The model's outputs for a batch."""
        return engine_trainer().predict_step(self, *args)

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
            function = engine_trainer().make_function(self, kind)
            # Not a user's function: `predict` may bypass it (one batch).
            function.engine_made = True
            setattr(self, attr, function)
        return function

    def _drop_stale_functions(self, *kinds: str) -> None:
        """Forgets the compiled functions of `kinds` whose variable lists no
        longer match the model (a layer frozen or added since they were
        made)."""
        engine = engine_trainer()
        for kind in kinds:
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
        # An engine that compiles can give the outputs' shapes without
        # running anything (jax: `eval_shape`), as zero placeholders.
        y_pred = engine_trainer().output_placeholders(self, x) if (
            self.built) else None
        real = y_pred is None
        with StatelessScope():
            if real:
                # Real outputs (subclassed models may need values). Inside
                # a throwaway scope nothing on the model changes except the
                # weights a first call builds.
                y_pred = self(x, training=False)
            if y is not None:
                names = self._output_names(y_pred)
                if self._compile_loss is not None:
                    self._compile_loss.build(y, y_pred, names)
                self._compile_metrics.build(y, y_pred, names)
                if real and self._compile_loss is not None:
                    # Labels that do not fit the loss fail here, early.
                    self._compile_loss(y, y_pred, sample_weight)
                # Metrics that create their variables on first use do it
                # now, outside any compiled step.
                if real or any(getattr(m, "_built", True) is False
                               for m in self._compile_metrics.metrics):
                    self._compile_metrics.update_state(y, y_pred,
                                                       sample_weight)
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
