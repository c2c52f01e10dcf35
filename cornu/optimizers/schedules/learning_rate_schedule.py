"""Learning rate schedules: Keras 3's `keras.optimizers.schedules`.

Each schedule is a callable `step -> learning rate` written in `cornu.ops`,
so it traces under `jax.jit`; an optimizer built with one evaluates it at
its `iterations` on every step.
"""

from __future__ import annotations

import math
from typing import Any

from cornu import ops


class LearningRateSchedule:
    """The base class of learning rate schedules: subclasses define
    `__call__(step)` and `get_config()`.

    Example:
        >>> from cornu.optimizers import schedules
        >>> class Halving(schedules.LearningRateSchedule):
        ...     def __call__(self, step):
        ...         return 0.1 * 0.5 ** step
        ...     def get_config(self):
        ...         return {}
        >>> Halving()(2)
        0.025
    """

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override "
            "`__call__(self, step)`."
        )

    def get_config(self) -> dict:
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override "
            "`get_config()` in order to be serializable."
        )

    @classmethod
    def from_config(cls, config: dict):
        """Builds the schedule from `get_config`'s dict."""
        return cls(**config)


def _check_steps(owner: str, arg: str, value: Any) -> None:
    if value <= 0:
        raise ValueError(
            f"{owner}: `{arg}` must be > 0. Received: {arg}={value!r}."
        )


def _float_tensor(x):
    return ops.convert_to_tensor(x)


class ExponentialDecay(LearningRateSchedule):
    """`initial_learning_rate * decay_rate ** (step / decay_steps)`, with
    the exponent floored when `staircase`.

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: the number of steps per factor of `decay_rate`.
        decay_rate: the decay factor.
        staircase: whether to decay at discrete intervals.
        name: the schedule's name.

    Example:
        >>> from cornu.optimizers import schedules
        >>> s = schedules.ExponentialDecay(0.1, 10, 0.5)
        >>> float(s(10))
        0.05000000074505806
    """

    def __init__(self, initial_learning_rate: float, decay_steps: int,
                 decay_rate: float, staircase: bool = False,
                 name: str = "ExponentialDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name
        _check_steps("ExponentialDecay", "decay_steps", decay_steps)

    def __call__(self, step):
        initial = _float_tensor(self.initial_learning_rate)
        dtype = initial.dtype
        p = ops.cast(step, dtype) / ops.cast(self.decay_steps, dtype)
        if self.staircase:
            p = ops.floor(p)
        return ops.multiply(
            initial, ops.power(ops.cast(self.decay_rate, dtype), p)
        )

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class PiecewiseConstantDecay(LearningRateSchedule):
    """`values[i]` for steps in `(boundaries[i-1], boundaries[i]]`.

    Args:
        boundaries: increasing step boundaries.
        values: one more value than boundaries.
        name: the schedule's name.

    Raises:
        ValueError: if `len(values) != len(boundaries) + 1`.

    Example:
        >>> from cornu.optimizers import schedules
        >>> s = schedules.PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])
        >>> [float(s(step)) for step in (10, 11, 21)]
        [1.0, 0.5, 0.10000000149011612]
    """

    def __init__(self, boundaries: list, values: list,
                 name: str = "PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "PiecewiseConstantDecay: the length of `boundaries` should "
                "be 1 less than the length of `values`. Received: "
                f"boundaries={boundaries!r} of length {len(boundaries)}, "
                f"and values={values!r} of length {len(values)}."
            )
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        step = ops.convert_to_tensor(step)
        boundaries = [ops.cast(b, step.dtype) for b in self.boundaries]
        values = [ops.convert_to_tensor(v) for v in self.values]
        dtype = values[0].dtype
        result = ops.cast(step <= boundaries[0], dtype) * values[0]
        result = result + ops.cast(step > boundaries[-1], dtype) * values[-1]
        for low, high, value in zip(boundaries[:-1], boundaries[1:],
                                    values[1:-1], strict=True):
            in_range = ops.logical_and(step > low, step <= high)
            result = result + ops.cast(in_range, dtype) * value
        return result

    def get_config(self) -> dict:
        return {
            "boundaries": self.boundaries,
            "values": self.values,
            "name": self.name,
        }


class PolynomialDecay(LearningRateSchedule):
    """A polynomial decay from `initial_learning_rate` to
    `end_learning_rate` over `decay_steps` (restarting when `cycle`).

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: the length of the decay.
        end_learning_rate: the final rate.
        power: the power of the polynomial.
        cycle: whether to restart the decay past `decay_steps`.
        name: the schedule's name.

    Example:
        >>> from cornu.optimizers import schedules
        >>> s = schedules.PolynomialDecay(1.0, 10, end_learning_rate=0.0)
        >>> float(s(5))
        0.5
    """

    def __init__(self, initial_learning_rate: float, decay_steps: int,
                 end_learning_rate: float = 0.0001, power: float = 1.0,
                 cycle: bool = False, name: str = "PolynomialDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name
        _check_steps("PolynomialDecay", "decay_steps", decay_steps)

    def __call__(self, step):
        initial = _float_tensor(self.initial_learning_rate)
        dtype = initial.dtype
        end = ops.cast(self.end_learning_rate, dtype)
        power = ops.cast(self.power, dtype)
        step = ops.cast(step, dtype)
        decay_steps = ops.cast(self.decay_steps, dtype)
        if self.cycle:
            multiplier = ops.where(
                ops.equal(step, 0), 1.0, ops.ceil(step / self.decay_steps)
            )
            decay_steps = ops.multiply(decay_steps, multiplier)
        else:
            step = ops.minimum(step, decay_steps)
        p = ops.divide(step, decay_steps)
        return ops.add(
            ops.multiply(initial - end, ops.power(1 - p, power)), end
        )

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }


class InverseTimeDecay(LearningRateSchedule):
    """`initial_learning_rate / (1 + decay_rate * step / decay_steps)`,
    with the quotient floored when `staircase`.

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: how often to apply the decay.
        decay_rate: the decay rate.
        staircase: whether to decay at discrete intervals.
        name: the schedule's name.

    Example:
        >>> from cornu.optimizers import schedules
        >>> s = schedules.InverseTimeDecay(1.0, 10, 1.0)
        >>> float(s(10))
        0.5
    """

    def __init__(self, initial_learning_rate: float, decay_steps: int,
                 decay_rate: float, staircase: bool = False,
                 name: str = "InverseTimeDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name
        _check_steps("InverseTimeDecay", "decay_steps", decay_steps)

    def __call__(self, step):
        initial = _float_tensor(self.initial_learning_rate)
        dtype = initial.dtype
        p = ops.cast(step, dtype) / ops.cast(self.decay_steps, dtype)
        if self.staircase:
            p = ops.floor(p)
        denominator = ops.add(
            ops.cast(1, dtype),
            ops.multiply(ops.cast(self.decay_rate, dtype), p),
        )
        return ops.divide(initial, denominator)

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class CosineDecay(LearningRateSchedule):
    """A cosine decay (Loshchilov & Hutter, SGDR) to
    `alpha * initial_learning_rate`, after an optional linear warmup from
    `initial_learning_rate` to `warmup_target` over `warmup_steps`.

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: the length of the decay.
        alpha: the final rate as a fraction of the decayed-from rate.
        name: the schedule's name.
        warmup_target: the rate reached after warmup; `None` means no
            warmup.
        warmup_steps: the length of the warmup.

    Example:
        >>> from cornu.optimizers import schedules
        >>> s = schedules.CosineDecay(1.0, 10)
        >>> round(float(s(5)), 4)
        0.5
    """

    def __init__(self, initial_learning_rate: float, decay_steps: int,
                 alpha: float = 0.0, name: str = "CosineDecay",
                 warmup_target: float | None = None, warmup_steps: int = 0):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target
        _check_steps("CosineDecay", "decay_steps", decay_steps)

    def _decay(self, step, decay_steps, decay_from, dtype):
        fraction = ops.divide(step, decay_steps)
        pi = ops.cast(math.pi, dtype)
        cosine = 0.5 * (1.0 + ops.cos(ops.multiply(pi, fraction)))
        decayed = (1 - self.alpha) * cosine + self.alpha
        return ops.multiply(decay_from, decayed)

    def __call__(self, step):
        initial = _float_tensor(self.initial_learning_rate)
        dtype = initial.dtype
        decay_steps = ops.cast(self.decay_steps, dtype)
        step = ops.cast(step, dtype)
        if self.warmup_target is None:
            step = ops.minimum(step, decay_steps)
            return self._decay(step, decay_steps, initial, dtype)
        target = ops.cast(self.warmup_target, dtype)
        warmup_steps = ops.cast(self.warmup_steps, dtype)
        step = ops.minimum(step, decay_steps + warmup_steps)
        # Both branches are computed and one is selected, so the schedule
        # traces under `jax.jit`; the warmup denominator is kept nonzero.
        warmup = (target - initial) * (
            step / ops.maximum(warmup_steps, 1.0)
        ) + initial
        decay = self._decay(step - warmup_steps, decay_steps, target, dtype)
        return ops.where(step < warmup_steps, warmup, decay)

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


class CosineDecayRestarts(LearningRateSchedule):
    """A cosine decay with warm restarts (SGDR): each period is `t_mul`
    times longer than the last and starts `m_mul` times lower.

    Args:
        initial_learning_rate: the rate at step 0.
        first_decay_steps: the length of the first period.
        t_mul: the factor on each period's length.
        m_mul: the factor on each period's initial rate.
        alpha: the minimum rate as a fraction of `initial_learning_rate`.
        name: the schedule's name.

    Example:
        >>> from cornu.optimizers import schedules
        >>> s = schedules.CosineDecayRestarts(1.0, 10)
        >>> round(float(s(10)), 4)
        1.0
    """

    def __init__(self, initial_learning_rate: float, first_decay_steps: int,
                 t_mul: float = 2.0, m_mul: float = 1.0, alpha: float = 0.0,
                 name: str = "SGDRDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name
        _check_steps("CosineDecayRestarts", "first_decay_steps",
                     first_decay_steps)

    def __call__(self, step):
        initial = _float_tensor(self.initial_learning_rate)
        dtype = initial.dtype
        first_decay_steps = ops.cast(self.first_decay_steps, dtype)
        alpha = ops.cast(self.alpha, dtype)
        t_mul = ops.cast(self._t_mul, dtype)
        m_mul = ops.cast(self._m_mul, dtype)
        fraction = ops.cast(step, dtype) / first_decay_steps
        if self._t_mul == 1.0:
            i_restart = ops.floor(fraction)
            fraction = fraction - i_restart
        else:
            i_restart = ops.floor(
                ops.log(1.0 - fraction * (1.0 - t_mul)) / ops.log(t_mul)
            )
            sum_r = ops.divide(1.0 - ops.power(t_mul, i_restart), 1.0 - t_mul)
            fraction = ops.divide(
                ops.subtract(fraction, sum_r), ops.power(t_mul, i_restart)
            )
        m_fac = ops.power(m_mul, i_restart)
        pi = ops.cast(math.pi, dtype)
        cosine = 0.5 * m_fac * (1.0 + ops.cos(ops.multiply(pi, fraction)))
        decayed = ops.add(ops.multiply(1 - alpha, cosine), alpha)
        return ops.multiply(initial, decayed)

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self._t_mul,
            "m_mul": self._m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }


# Configs name the Keras module each class lives in (`serialize` reads
# `_keras_module` from the class itself, not from its bases).
for _cls in (LearningRateSchedule, ExponentialDecay, PiecewiseConstantDecay,
             PolynomialDecay, InverseTimeDecay, CosineDecay,
             CosineDecayRestarts):
    _cls._keras_module = "keras.optimizers.schedules"
del _cls
