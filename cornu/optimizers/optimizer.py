"""`Optimizer`: the base class every cornu optimizer extends.

It owns what all optimizers share, as Keras 3's `BaseOptimizer` does: the
`iterations` counter, the learning rate (a variable or a schedule read at
`iterations`), gradient clipping, decoupled weight decay, loss-scale
unscaling, the exponential moving average of the weights and constraints.
A subclass creates its slot variables in `build` and writes its rule once,
in `cornu.ops`, in `update_step`.
"""

from __future__ import annotations

import collections
import functools
import importlib
import re
import warnings
from typing import Any

from cornu import ops
from cornu.backend.common.scopes import current_stateless_scope
from cornu.layers.naming import to_snake_case
from cornu.optimizers.schedules.learning_rate_schedule import (
    LearningRateSchedule,
)

_name_counts: collections.Counter = collections.Counter()


def _auto_name(class_name: str) -> str:
    base = to_snake_case(class_name)
    count = _name_counts[base]
    _name_counts[base] += 1
    return base if count == 0 else f"{base}_{count}"


def _variable(*args, owner: str, **kwargs):
    """A variable whose path is `<owner>/<name>`, as Keras names an
    optimizer's variables (`adam/iteration`)."""
    from cornu.backend import Variable

    variable = Variable(*args, **kwargs)
    variable.path = f"{owner}/{variable.name}"
    return variable


class Optimizer:
    """The base class of optimizers.

    Subclasses override `build` (creating slot variables with
    `add_variable_from_reference`), `update_step` and `get_config`.

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable
            taking no arguments.
        weight_decay: if set, each step first shrinks every variable by
            `variable * weight_decay * learning_rate` (decoupled decay).
        clipnorm: if set, each gradient is clipped to this L2 norm.
        clipvalue: if set, each gradient is clipped to
            `[-clipvalue, clipvalue]`.
        global_clipnorm: if set, all gradients are scaled together so that
            their global L2 norm is at most this value.
        use_ema: whether to keep an exponential moving average of the
            weights.
        ema_momentum: the momentum of that average.
        ema_overwrite_frequency: every this many steps the weights are
            overwritten with their average (`None`: never).
        loss_scale_factor: if set, gradients are divided by it before the
            update (`scale_loss` multiplies the loss by it).
        gradient_accumulation_steps: if set (an integer >= 2), gradients
            are averaged over this many calls and the weights change only
            on every last call.
        name: the optimizer's name.

    Example:
        >>> import numpy as np
        >>> from cornu import optimizers
        >>> from cornu.backend import Variable
        >>> w = Variable(np.array([1.0, 2.0], "float32"))
        >>> opt = optimizers.SGD(learning_rate=0.5)
        >>> opt.apply([np.array([1.0, 1.0], "float32")], [w])
        >>> w.numpy()
        array([0.5, 1.5], dtype=float32)
    """

    def __init__(
        self,
        learning_rate: Any,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int | None = None,
        loss_scale_factor: float | None = None,
        gradient_accumulation_steps: int | None = None,
        name: str | None = None,
        **kwargs: Any,
    ):
        owner = type(self).__name__
        if kwargs.pop("decay", None) is not None:
            warnings.warn(
                "Argument `decay` is no longer supported and will be "
                "ignored.",
                stacklevel=2,
            )
        if kwargs:
            raise ValueError(
                f"{owner}: argument(s) not recognized: {sorted(kwargs)}. "
                "Remove them or check their spelling."
            )
        if gradient_accumulation_steps and not (
            isinstance(gradient_accumulation_steps, int)
            and gradient_accumulation_steps >= 2
        ):
            raise ValueError(
                f"{owner}: `gradient_accumulation_steps` must be an integer "
                ">= 2. Received: gradient_accumulation_steps="
                f"{gradient_accumulation_steps!r}."
            )
        if use_ema:
            if not 0 <= ema_momentum <= 1:
                raise ValueError(
                    f"{owner}: `ema_momentum` must be in the range [0, 1]. "
                    f"Received: ema_momentum={ema_momentum!r}."
                )
            if ema_overwrite_frequency and (
                not isinstance(ema_overwrite_frequency, int)
                or ema_overwrite_frequency < 1
            ):
                raise ValueError(
                    f"{owner}: `ema_overwrite_frequency` must be an integer "
                    ">= 1 or None. Received: ema_overwrite_frequency="
                    f"{ema_overwrite_frequency!r}."
                )
        n_clips = sum(
            a is not None for a in (clipnorm, clipvalue, global_clipnorm)
        )
        if n_clips > 1:
            raise ValueError(
                f"{owner}: only one of `clipnorm`, `clipvalue` and "
                f"`global_clipnorm` can be set. Received: clipnorm="
                f"{clipnorm!r}, clipvalue={clipvalue!r}, "
                f"global_clipnorm={global_clipnorm!r}."
            )
        self.name = name if name is not None else _auto_name(owner)
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.global_clipnorm = global_clipnorm
        self.clipvalue = clipvalue
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.built = False
        self._variables: list = []
        self._trainable_variables: list = []
        self._indices: dict[int, int] = {}
        self._exclude_ids: set[int] = set()
        self._exclude_pattern = None
        self._iterations = _variable(
            0, dtype="int", name="iteration", trainable=False,
            owner=self.name,
            aggregation="only_first_replica",
        )
        self._variables.append(self._iterations)
        if isinstance(learning_rate, LearningRateSchedule) or callable(
            learning_rate
        ):
            self._learning_rate = learning_rate
        else:
            if not isinstance(learning_rate, float):
                raise ValueError(
                    f"{owner}: `learning_rate` must be a float, a "
                    "`LearningRateSchedule` or a callable. Received: "
                    f"learning_rate={learning_rate!r}."
                )
            from cornu.backend import floatx

            self._learning_rate = _variable(
                learning_rate, dtype=floatx(), name="learning_rate",
                trainable=False, aggregation="only_first_replica",
                owner=self.name,
            )
            self._variables.append(self._learning_rate)

    # -- state -------------------------------------------------------------
    @property
    def iterations(self):
        """The number of update steps taken (a counter variable)."""
        if self.gradient_accumulation_steps:
            return ops.floor_divide(
                self._iterations.value, self.gradient_accumulation_steps
            )
        return self._iterations

    @property
    def variables(self) -> list:
        """The optimizer's own variables: `iterations`, the learning rate
        (when it is a float) and the slot variables, in creation order."""
        return self._variables[:]

    @property
    def learning_rate(self):
        """The current learning rate: the variable, or the schedule's value
        at `iterations`."""
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            return lr(self._iterations.value)
        if _is_variable(lr):
            return lr
        return lr()

    @learning_rate.setter
    def learning_rate(self, learning_rate) -> None:
        previous = self._learning_rate
        if isinstance(learning_rate, LearningRateSchedule) or callable(
            learning_rate
        ):
            self._learning_rate = learning_rate
        else:
            if not _is_variable(previous):
                raise TypeError(
                    "This optimizer was created with a "
                    "`LearningRateSchedule` or callable as its "
                    "`learning_rate`, hence its learning rate is not "
                    "settable. Create the optimizer with a float "
                    "`learning_rate` to set it."
                )
            previous.assign(learning_rate)
        if _is_variable(previous) and not _is_variable(self._learning_rate):
            self._variables = [v for v in self._variables if v is not previous]

    def build(self, variables: list) -> None:
        """Creates the optimizer's state for `variables`. Subclasses call
        `super().build(variables)` and then add their slot variables."""
        variables = list(variables)
        if self.use_ema:
            self._averages = self.add_optimizer_variables(variables, "average")
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = self.add_optimizer_variables(
                variables, "gradient_accumulator"
            )
        self._indices = {id(v): i for i, v in enumerate(variables)}
        self._trainable_variables = variables[:]
        self.built = True

    def add_variable(self, shape, initializer="zeros", dtype=None,
                     aggregation="none", layout=None, name=None):
        """Creates a non-trainable optimizer variable and tracks it."""
        del layout
        from cornu import initializers

        variable = _variable(
            initializers.get(initializer), shape=shape, dtype=dtype,
            trainable=False, aggregation=aggregation, name=name,
            owner=self.name,
        )
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(self, reference_variable, name=None,
                                    initializer="zeros"):
        """Creates an optimizer variable with the shape and dtype of
        `reference_variable`, named `<reference path>_<name>`."""
        name = name or "var"
        path = getattr(reference_variable, "path", None)
        if path is None:
            path = str(reference_variable.name).replace(":", "_")
        slot = self.add_variable(
            shape=reference_variable.shape, initializer=initializer,
            dtype=reference_variable.dtype,
            name=f"{path.replace('/', '_')}_{name}",
        )
        slot._lay_out_like(reference_variable)
        return slot

    def add_optimizer_variables(self, trainable_variables, name,
                                initializer="zeros"):
        """One slot variable per trainable variable for each name in `name`
        (a string gives a list, a list of names a tuple of lists)."""
        names = [name] if isinstance(name, str) else list(name)
        slots = tuple([] for _ in names)
        for variable in trainable_variables:
            for i, slot_name in enumerate(names):
                slots[i].append(self.add_variable_from_reference(
                    variable, name=slot_name, initializer=initializer
                ))
        return slots[0] if isinstance(name, str) else slots

    def _get_variable_index(self, variable) -> int:
        return self._indices[id(variable)]

    def assign(self, variable, value) -> None:
        variable.assign(value)

    def assign_add(self, variable, value) -> None:
        variable.assign_add(value)

    def assign_sub(self, variable, value) -> None:
        variable.assign_sub(value)

    # -- applying ----------------------------------------------------------
    def apply_gradients(self, grads_and_vars) -> Any:
        """Applies `(gradient, variable)` pairs; returns `iterations`."""
        grads, trainable_variables = zip(*grads_and_vars, strict=True)
        self.apply(list(grads), list(trainable_variables))
        return self._iterations

    def apply(self, grads, trainable_variables=None) -> None:
        """Applies one update step.

        Args:
            grads: gradients (engine tensors or NumPy arrays), one per
                variable; `None` entries are skipped with a warning.
            trainable_variables: the variables, in the order of `grads`;
                `None` means the variables the optimizer was built with.
        """
        grads = list(grads)
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    f"{type(self).__name__}: pass `trainable_variables` "
                    "the first time `apply` is called, or call "
                    "`build(variables)` first."
                )
            trainable_variables = self._trainable_variables
        else:
            trainable_variables = list(trainable_variables)
            if not self.built:
                self.build(trainable_variables)
                self.built = True
            for v in trainable_variables:
                if id(v) not in self._indices:
                    raise ValueError(
                        f"Unknown variable: {v}. This optimizer can only be "
                        "called for the variables it was built with; create "
                        "a new optimizer for new variables."
                    )
        grads, trainable_variables = _filter_empty(grads, trainable_variables)
        if grads:
            grads = [ops.convert_to_tensor(g) for g in grads]
            if self.loss_scale_factor is not None:
                grads = [g / self.loss_scale_factor for g in grads]
            self._apply_gradients(grads, trainable_variables)
            for variable in trainable_variables:
                if variable.constraint is not None:
                    variable.assign(variable.constraint(variable.value))
        self._iterations.assign_add(1)

    def _apply_gradients(self, grads, trainable_variables) -> None:
        if self.gradient_accumulation_steps:
            self._accumulate_and_update(grads, trainable_variables)
        else:
            self._update(grads, trainable_variables)
        if self.use_ema:
            self._update_moving_average()
            if self.ema_overwrite_frequency:
                step = ops.add(self.iterations, 1)
                overwrite = ops.equal(
                    ops.mod(step, self.ema_overwrite_frequency), 0
                )
                for var, average in zip(self._trainable_variables,
                                        self._averages, strict=True):
                    var.assign(ops.where(overwrite, average.value, var.value))

    def _update(self, grads, trainable_variables) -> None:
        grads = self._clip_gradients(grads)
        self._apply_weight_decay(trainable_variables)
        self._backend_update_step(
            grads, trainable_variables, self.learning_rate
        )

    def _accumulate_and_update(self, grads, trainable_variables) -> None:
        # Branch-free (so it traces under `jax.jit`): run the update on the
        # averaged gradients, then keep its results only on every
        # `gradient_accumulation_steps`-th call.
        steps = self.gradient_accumulation_steps
        accumulators = [
            self._accumulated_gradients[self._get_variable_index(v)]
            for v in trainable_variables
        ]
        is_update = ops.equal(
            ops.mod(ops.add(self._iterations.value, 1), steps), 0
        )
        sums = [g + a.value
                for g, a in zip(grads, accumulators, strict=True)]
        state = [*trainable_variables, *self._variables[1:]]
        before = [ops.copy(v.value) for v in state]
        self._update([s / steps for s in sums], trainable_variables)
        for variable, old in zip(state, before, strict=True):
            variable.assign(ops.where(is_update, variable.value, old))
        for total, a in zip(sums, accumulators, strict=True):
            a.assign(ops.where(is_update, ops.zeros_like(total), total))

    def _backend_update_step(self, grads, trainable_variables,
                             learning_rate) -> None:
        # An engine may update all variables at once (torch: `_foreach_`
        # kernels); never inside a StatelessScope, whose writes must be
        # recorded, not made in place.
        if current_stateless_scope() is None:
            fused = engine_update(type(self))
            if fused is not None:
                fused(self, grads, trainable_variables, learning_rate)
                return
        for grad, variable in zip(grads, trainable_variables, strict=True):
            self.update_step(grad, variable, learning_rate)

    def update_step(self, gradient, variable, learning_rate) -> None:
        """Updates `variable` (and its slots) from `gradient`."""
        raise NotImplementedError(
            f"{type(self).__name__} must override `update_step(gradient, "
            "variable, learning_rate)`."
        )

    def _clip_gradients(self, grads: list) -> list:
        if self.clipnorm and self.clipnorm > 0:
            return [self._clip_by_norm(g) for g in grads]
        if self.global_clipnorm and self.global_clipnorm > 0:
            return clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue and self.clipvalue > 0:
            v = self.clipvalue
            return [ops.clip(g, -v, v) for g in grads]
        return grads

    def _clip_by_norm(self, values):
        l2sum = ops.sum(ops.square(values), keepdims=True)
        positive = l2sum > 0
        l2sum_safe = ops.where(positive, l2sum, ops.ones_like(l2sum))
        l2norm = ops.where(positive, ops.sqrt(l2sum_safe), l2sum)
        clipped = ops.multiply(values, self.clipnorm)
        return clipped / ops.maximum(l2norm, self.clipnorm)

    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Leaves out of weight decay the variables in `var_list` and those
        whose name contains one of `var_names`. Call before `build`."""
        if self.built:
            raise ValueError(
                "`exclude_from_weight_decay()` can only be configured before "
                "the optimizer is built."
            )
        self._exclude_ids = {id(v) for v in var_list or ()}
        self._exclude_pattern = (
            re.compile("|".join(set(var_names))) if var_names else None
        )

    def _use_weight_decay(self, variable) -> bool:
        if id(variable) in self._exclude_ids:
            return False
        pattern = self._exclude_pattern
        return pattern is None or pattern.search(variable.name) is None

    def _apply_weight_decay(self, variables) -> None:
        if self.weight_decay is None:
            return
        variables = [v for v in variables if self._use_weight_decay(v)]
        if not variables:
            return
        learning_rate = self.learning_rate
        module = _engine_optimizers()
        if module is not None and current_stateless_scope() is None:
            module.apply_weight_decay(variables, self.weight_decay,
                                      learning_rate)
            return
        for variable in variables:
            lr = ops.cast(learning_rate, variable.dtype)
            wd = ops.cast(self.weight_decay, variable.dtype)
            value = variable.value
            variable.assign(value - value * wd * lr)

    # -- moving average ----------------------------------------------------
    def _update_moving_average(self) -> None:
        for var, average in zip(self._trainable_variables, self._averages,
                                strict=True):
            not_first = ops.not_equal(self.iterations, 0)
            momentum = ops.multiply(
                ops.cast(not_first, var.dtype), self.ema_momentum
            )
            average.assign(ops.add(
                ops.multiply(momentum, average.value),
                ops.multiply(ops.subtract(1, momentum), var.value),
            ))

    def _overwrite_with_average(self) -> None:
        for var, average in zip(self._trainable_variables, self._averages,
                                strict=True):
            var.assign(average.value)

    def finalize_variable_values(self, var_list) -> None:
        """With `use_ema`, sets the variables to their moving averages."""
        if self.use_ema:
            self._overwrite_with_average()

    def scale_loss(self, loss):
        """Multiplies `loss` by `loss_scale_factor` when it is set."""
        if self.loss_scale_factor is not None:
            return loss * self.loss_scale_factor
        return loss

    # -- config ------------------------------------------------------------
    def get_config(self) -> dict:
        """Keras 3's config dict."""
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            from cornu.optimizers import schedules

            learning_rate = schedules.serialize(lr)
        elif _is_variable(lr):
            learning_rate = float(lr.numpy())
        else:
            from cornu.saving import serialization

            learning_rate = serialization.serialize_keras_object(lr)
        return {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None):
        """Builds an optimizer from `get_config`'s dict."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            from cornu.optimizers import schedules

            config["learning_rate"] = schedules.deserialize(
                config["learning_rate"], custom_objects
            )
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"


@functools.cache
def _engine_optimizers():
    """`cornu.backend.<engine>.optimizers`, where an engine updates many
    variables at once, or `None`."""
    from cornu.backend import backend

    name = f"cornu.backend.{backend()}.optimizers"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name != name:
            raise
        return None


def engine_update(optimizer_class: type):
    """The engine's update of all variables at once for exactly
    `optimizer_class` (not a subclass, which may override `update_step`),
    or `None` when `update_step` runs per variable."""
    module = _engine_optimizers()
    return None if module is None else module.fused_update(optimizer_class)


def _is_variable(x) -> bool:
    from cornu.backend.common.variables import VariableBase

    return isinstance(x, VariableBase)


def _filter_empty(grads, variables):
    if len(grads) != len(variables):
        raise ValueError(
            f"Expected one gradient per variable. Received {len(grads)} "
            f"gradients for {len(variables)} variables."
        )
    kept = [(g, v) for g, v in zip(grads, variables, strict=True)
            if g is not None]
    if not kept:
        raise ValueError("No gradients provided for any variable.")
    missing = [v.path for g, v in zip(grads, variables, strict=True)
               if g is None]
    if missing:
        warnings.warn(
            f"Gradients do not exist for variables {missing} when minimizing "
            "the loss. If using `model.compile()`, did you forget to provide "
            "a `loss` argument?",
            stacklevel=3,
        )
    return [g for g, _ in kept], [v for _, v in kept]


def global_norm(values: list):
    """The L2 norm of all `values` together."""
    squared = [ops.sum(ops.square(v)) for v in values if v is not None]
    return ops.sqrt(ops.sum(ops.stack(squared)))


def clip_by_global_norm(values: list, clip_norm: float) -> list:
    """Scales `values` so that their global L2 norm is at most
    `clip_norm`."""
    norm = global_norm(values)
    scale = clip_norm * ops.minimum(1.0 / norm, 1.0 / clip_norm)
    scale = scale + (norm - norm)
    return [v * scale if v is not None else v for v in values]
