"""`Nadam`: Adam with Nesterov momentum."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.optimizers.optimizer import Optimizer


class Nadam(Optimizer):
    r"""Nadam (Dozat, 2015): Adam with Nesterov momentum and the momentum
    schedule $\mu_t = \beta_1 (1 - 0.5 \cdot 0.96^t)$.

    Args:
        learning_rate: a float, a schedule or a callable.
        beta_1: the decay rate of the first moment.
        beta_2: the decay rate of the second moment.
        epsilon: the constant added to $\sqrt{\hat v}$.
        **kwargs: the `Optimizer` arguments.

    Example:
        >>> import numpy as np
        >>> from cornu import optimizers
        >>> from cornu.backend import Variable
        >>> w = Variable(np.array([1.0], "float32"))
        >>> optimizers.Nadam(0.1).apply([np.array([2.0], "float32")], [w])
        >>> w.numpy().round(4)
        array([0.8937], dtype=float32)

    References:
        Dozat, "Incorporating Nesterov Momentum into Adam", 2015.
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
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
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, var_list: list) -> None:
        if self.built:
            return
        dtype = var_list[0].dtype if var_list else None
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"]
        )
        self._u_product = self.add_variable(
            (), initializer="ones", dtype=dtype, name="u_product"
        )

    def _backend_update_step(self, grads, trainable_variables,
                             learning_rate) -> None:
        dtype = self._u_product.dtype
        step = ops.cast(ops.add(self.iterations, 1), dtype)
        self.assign(
            self._u_product,
            self._u_product.value
            * self.beta_1
            * (1.0 - 0.5 * ops.power(0.96, step)),
        )
        super()._backend_update_step(grads, trainable_variables,
                                     learning_rate)

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        local_step = ops.cast(ops.add(self.iterations, 1), dtype)
        next_step = ops.cast(ops.add(self.iterations, 2), dtype)
        decay = ops.cast(0.96, dtype)
        beta_1 = ops.cast(self.beta_1, dtype)
        beta_2 = ops.cast(self.beta_2, dtype)
        u_t = beta_1 * (1.0 - 0.5 * ops.power(decay, local_step))
        u_t_1 = beta_1 * (1.0 - 0.5 * ops.power(decay, next_step))
        u_product_t = ops.cast(self._u_product.value, dtype)
        u_product_t_1 = u_product_t * u_t_1
        beta_2_power = ops.power(beta_2, local_step)
        index = self._get_variable_index(variable)
        m = self._momentums[index]
        v = self._velocities[index]
        self.assign_add(
            m, ops.multiply(ops.subtract(gradient, m.value), 1 - beta_1)
        )
        self.assign_add(
            v,
            ops.multiply(ops.subtract(ops.square(gradient), v.value),
                         1 - beta_2),
        )
        m_hat = ops.add(
            ops.divide(ops.multiply(u_t_1, m.value), 1 - u_product_t_1),
            ops.divide(ops.multiply(1 - u_t, gradient), 1 - u_product_t),
        )
        v_hat = ops.divide(v.value, 1 - beta_2_power)
        self.assign_sub(
            variable,
            ops.divide(
                ops.multiply(m_hat, lr),
                ops.add(ops.sqrt(v_hat), self.epsilon),
            ),
        )

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        })
        return config
