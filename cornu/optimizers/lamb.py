"""`Lamb`: Adam steps rescaled per variable by a trust ratio."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.optimizers.optimizer import Optimizer


class Lamb(Optimizer):
    r"""LAMB, layer-wise adaptive moments (You et al., 2019).

    The bias-corrected Adam direction
    $u = \hat m / (\sqrt{\hat v} + \epsilon)$ with
    $\hat m = m / (1 - \beta_1^t)$, $\hat v = v / (1 - \beta_2^t)$ is
    scaled per variable by the trust ratio $r = \|w\| / \|u\|$ (1 when
    either norm is 0): $w \leftarrow w - \eta\, r\, u$.

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
        >>> w = Variable(np.array([3.0, 4.0], "float32"))
        >>> optimizers.Lamb(0.1).apply([np.array([1.0, 1.0], "float32")], [w])
        >>> w.numpy().round(4)
        array([2.6464, 3.6464], dtype=float32)

    References:
        You et al., "Large Batch Optimization for Deep Learning: Training
        BERT in 76 minutes", 2019.
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
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"]
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
        self.assign_add(
            m, ops.multiply(ops.subtract(gradient, m.value), 1 - self.beta_1)
        )
        self.assign_add(
            v,
            ops.multiply(
                ops.subtract(ops.square(gradient), v.value), 1 - self.beta_2
            ),
        )
        m_hat = ops.divide(m.value, ops.subtract(1, beta_1_power))
        v_hat = ops.divide(v.value, ops.subtract(1, beta_2_power))
        update = ops.divide(m_hat, ops.add(ops.sqrt(v_hat), self.epsilon))
        w_norm = ops.sqrt(ops.sum(ops.square(variable.value)))
        u_norm = ops.sqrt(ops.sum(ops.square(update)))
        # Both `where`s are branch-free and the division is made safe, so
        # no inf/NaN leaks into gradients of traced code.
        both_positive = ops.logical_and(w_norm > 0, u_norm > 0)
        safe_u_norm = ops.where(both_positive, u_norm, ops.ones_like(u_norm))
        trust_ratio = ops.where(
            both_positive, ops.divide(w_norm, safe_u_norm),
            ops.ones_like(w_norm),
        )
        self.assign_sub(
            variable, ops.multiply(ops.multiply(lr, trust_ratio), update)
        )

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        })
        return config
