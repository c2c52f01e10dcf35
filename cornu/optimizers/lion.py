"""`Lion`: the sign of an interpolated momentum."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.optimizers.optimizer import Optimizer


class Lion(Optimizer):
    r"""Lion, "EvoLved Sign Momentum" (Chen et al., 2023).

    $w \leftarrow w - \eta\,\mathrm{sign}(\beta_1 m + (1 - \beta_1) g)$,
    then $m \leftarrow \beta_2 m + (1 - \beta_2) g$. Every coordinate
    moves by exactly $\eta$, so Lion usually wants a learning rate 3-10
    times smaller than Adam's.

    Args:
        learning_rate: a float, a schedule or a callable.
        beta_1: how much of the momentum the step direction keeps, in
            `(0, 1]`.
        beta_2: the decay rate of the momentum.
        **kwargs: the `Optimizer` arguments.

    Raises:
        ValueError: if `beta_1` is not in `(0, 1]`.

    Example:
        >>> import numpy as np
        >>> from cornu import optimizers
        >>> from cornu.backend import Variable
        >>> w = Variable(np.array([1.0, 1.0], "float32"))
        >>> opt = optimizers.Lion(0.1)
        >>> opt.apply([np.array([3.0, -0.5], "float32")], [w])
        >>> w.numpy().round(4)
        array([0.9, 1.1], dtype=float32)

    References:
        Chen et al., "Symbolic Discovery of Optimization Algorithms", 2023.
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.99,
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
        if not 0.0 < beta_1 <= 1.0:
            raise ValueError(
                "Lion: `beta_1` must be in the range (0, 1]; at 0 Lion "
                "degenerates to signSGD. Received: "
                f"beta_1={beta_1!r}."
            )
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def build(self, var_list: list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._momentums = self.add_optimizer_variables(var_list, "momentum")

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        m = self._momentums[self._get_variable_index(variable)]
        direction = ops.add(ops.multiply(m.value, self.beta_1),
                            ops.multiply(gradient, 1.0 - self.beta_1))
        self.assign_sub(variable, ops.multiply(lr, ops.sign(direction)))
        self.assign(m, ops.add(ops.multiply(m.value, self.beta_2),
                               ops.multiply(gradient, 1.0 - self.beta_2)))

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2})
        return config
