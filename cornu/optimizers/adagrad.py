"""`Adagrad`: per-coordinate rates from accumulated squared gradients."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.optimizers.optimizer import Optimizer


class Adagrad(Optimizer):
    r"""Adagrad (Duchi et al., 2011).

    $a \leftarrow a + g^2$, $w \leftarrow w - \eta g /
    \sqrt{a + \epsilon}$, with $a$ starting at
    `initial_accumulator_value`.

    Args:
        learning_rate: a float, a schedule or a callable.
        initial_accumulator_value: the starting value of the accumulators.
        epsilon: the constant added under the root.
        **kwargs: the `Optimizer` arguments.

    Example:
        >>> import numpy as np
        >>> from cornu import optimizers
        >>> from cornu.backend import Variable
        >>> w = Variable(np.array([1.0], "float32"))
        >>> optimizers.Adagrad(0.1).apply([np.array([1.0], "float32")], [w])
        >>> w.numpy().round(4)
        array([0.9047], dtype=float32)
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        initial_accumulator_value: float = 0.1,
        epsilon: float = 1e-7,
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
        super().__init__(
            learning_rate=learning_rate,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
            use_ema=use_ema,
            ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps,
            name=name,
            **kwargs,
        )
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, var_list: list) -> None:
        if self.built:
            return
        super().build(var_list)
        from cornu import initializers

        self._accumulators = self.add_optimizer_variables(
            var_list, "accumulator",
            initializer=initializers.Constant(self.initial_accumulator_value),
        )

    def update_step(self, gradient, variable, learning_rate) -> None:
        lr = ops.cast(learning_rate, variable.dtype)
        gradient = ops.cast(gradient, variable.dtype)
        accumulator = self._accumulators[self._get_variable_index(variable)]
        self.assign_add(accumulator, ops.square(gradient))
        self.assign_sub(
            variable,
            ops.divide(
                ops.multiply(lr, gradient),
                ops.sqrt(ops.add(accumulator.value, self.epsilon)),
            ),
        )

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        })
        return config
