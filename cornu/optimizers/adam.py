"""`Adam`: adaptive moment estimation."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.optimizers.optimizer import Optimizer


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2014), in the "epsilon hat" form Keras uses.

    $m \leftarrow m + (g - m)(1 - \beta_1)$,
    $v \leftarrow v + (g^2 - v)(1 - \beta_2)$,
    $w \leftarrow w - \eta \frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t}
    \frac{m}{\sqrt{v} + \epsilon}$ (with AMSGrad, $v$ is replaced by
    its running maximum).

    Args:
        learning_rate: a float, a schedule or a callable.
        beta_1: the decay rate of the first moment.
        beta_2: the decay rate of the second moment.
        epsilon: the constant added to $\sqrt{v}$.
        amsgrad: whether to use the AMSGrad variant.
        **kwargs: the `Optimizer` arguments.

    Example:
        >>> import numpy as np
        >>> from cornu import optimizers
        >>> from cornu.backend import Variable
        >>> w = Variable(np.array([1.0], "float32"))
        >>> optimizers.Adam(0.1).apply([np.array([2.0], "float32")], [w])
        >>> w.numpy().round(4)
        array([0.9], dtype=float32)

    References:
        Kingma and Ba, "Adam: A Method for Stochastic Optimization", 2014.
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
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
        self.amsgrad = amsgrad

    def build(self, var_list: list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"]
        )
        if self.amsgrad:
            self._velocity_hats = self.add_optimizer_variables(
                var_list, "velocity_hat"
            )

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        local_step = ops.cast(ops.add(self.iterations, 1), dtype)
        beta_1_power = ops.power(ops.cast(self.beta_1, dtype), local_step)
        beta_2_power = ops.power(ops.cast(self.beta_2, dtype), local_step)
        index = self._get_variable_index(variable)
        m = self._momentums[index]
        v = self._velocities[index]
        alpha = lr * ops.sqrt(1 - beta_2_power) / (1 - beta_1_power)
        self.assign_add(
            m, ops.multiply(ops.subtract(gradient, m.value), 1 - self.beta_1)
        )
        self.assign_add(
            v,
            ops.multiply(
                ops.subtract(ops.square(gradient), v.value), 1 - self.beta_2
            ),
        )
        if self.amsgrad:
            v_hat = self._velocity_hats[index]
            self.assign(v_hat, ops.maximum(v_hat.value, v.value))
            v = v_hat
        self.assign_sub(
            variable,
            ops.divide(
                ops.multiply(m.value, alpha),
                ops.add(ops.sqrt(v.value), self.epsilon),
            ),
        )

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "amsgrad": self.amsgrad,
        })
        return config
