"""`RMSprop`: gradients scaled by a running RMS."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.optimizers.optimizer import Optimizer


class RMSprop(Optimizer):
    r"""RMSprop (Hinton, lecture 6e).

    $v \leftarrow \rho v + (1 - \rho) g^2$; the step is
    $\eta g / \sqrt{v + \epsilon}$ (centered: $v - \bar g^2$ under
    the root, $\bar g$ the running mean of $g$), accumulated in a
    momentum buffer when `momentum > 0`.

    Args:
        learning_rate: a float, a schedule or a callable.
        rho: the discounting factor of the squared gradients.
        momentum: the momentum; 0 means none.
        epsilon: the constant added under the root.
        centered: whether to normalize by the estimated variance.
        **kwargs: the `Optimizer` arguments.

    Example:
        >>> import numpy as np
        >>> from cornu import optimizers
        >>> from cornu.backend import Variable
        >>> w = Variable(np.array([1.0], "float32"))
        >>> optimizers.RMSprop(0.1).apply([np.array([1.0], "float32")], [w])
        >>> w.numpy().round(4)
        array([0.6838], dtype=float32)
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
        centered: bool = False,
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
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, var_list: list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        self._momentums = []
        if self.momentum > 0:
            self._momentums = self.add_optimizer_variables(
                var_list, "momentum"
            )
        self._average_gradients = []
        if self.centered:
            self._average_gradients = self.add_optimizer_variables(
                var_list, "average_gradient"
            )

    def update_step(self, gradient, variable, learning_rate) -> None:
        lr = ops.cast(learning_rate, variable.dtype)
        gradient = ops.cast(gradient, variable.dtype)
        index = self._get_variable_index(variable)
        velocity = self._velocities[index]
        rho = self.rho
        self.assign(
            velocity,
            ops.add(
                ops.multiply(rho, velocity.value),
                ops.multiply(1 - rho, ops.square(gradient)),
            ),
        )
        if self.centered:
            average_grad = self._average_gradients[index]
            self.assign(
                average_grad,
                ops.add(
                    ops.multiply(rho, average_grad.value),
                    ops.multiply(1 - rho, gradient),
                ),
            )
            denominator = (
                velocity.value - ops.square(average_grad.value) + self.epsilon
            )
        else:
            denominator = ops.add(velocity.value, self.epsilon)
        increment = ops.divide(ops.multiply(lr, gradient),
                               ops.sqrt(denominator))
        if self.momentum > 0:
            momentum = self._momentums[index]
            self.assign(
                momentum,
                ops.add(ops.multiply(self.momentum, momentum.value),
                        increment),
            )
            self.assign_sub(variable, momentum.value)
        else:
            self.assign_sub(variable, increment)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "rho": self.rho,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "centered": self.centered,
        })
        return config
