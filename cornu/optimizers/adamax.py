"""`Adamax`: Adam with the infinity norm."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.optimizers.optimizer import Optimizer


class Adamax(Optimizer):
    r"""Adamax (Kingma & Ba, 2014, section 7).

    $m \leftarrow m + (g - m)(1 - \beta_1)$,
    $u \leftarrow \max(\beta_2 u, |g|)$,
    $w \leftarrow w - \eta m / ((1 - \beta_1^t)(u + \epsilon))$.

    Args:
        learning_rate: a float, a schedule or a callable.
        beta_1: the decay rate of the first moment.
        beta_2: the decay rate of the infinity norm.
        epsilon: the constant added to $u$.
        **kwargs: the `Optimizer` arguments.

    Example:
        >>> import numpy as np
        >>> from cornu import optimizers
        >>> from cornu.backend import Variable
        >>> w = Variable(np.array([1.0], "float32"))
        >>> optimizers.Adamax(0.1).apply([np.array([2.0], "float32")], [w])
        >>> w.numpy().round(4)
        array([0.9], dtype=float32)
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
        super().build(var_list)
        self._m, self._u = self.add_optimizer_variables(
            var_list, ["momentum", "norm"]
        )

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        local_step = ops.cast(ops.add(self.iterations, 1), dtype)
        beta_1_power = ops.power(ops.cast(self.beta_1, dtype), local_step)
        index = self._get_variable_index(variable)
        m = self._m[index]
        u = self._u[index]
        self.assign_add(
            m, ops.multiply(ops.subtract(gradient, m.value), 1 - self.beta_1)
        )
        self.assign(
            u, ops.maximum(ops.multiply(self.beta_2, u.value),
                           ops.abs(gradient))
        )
        self.assign_sub(
            variable,
            ops.divide(
                ops.multiply(lr, m.value),
                ops.multiply(1 - beta_1_power, ops.add(u.value, self.epsilon)),
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
