"""`SGD`: gradient descent with optional (Nesterov) momentum."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.optimizers.optimizer import Optimizer


class SGD(Optimizer):
    r"""Gradient descent with momentum.

    With momentum $\mu$ and learning rate $\eta$:
    $m \leftarrow \mu m - \eta g$, then $w \leftarrow w + m$, or
    with Nesterov $w \leftarrow w + \mu m - \eta g$. Without momentum,
    $w \leftarrow w - \eta g$.

    Args:
        learning_rate: a float, a schedule or a callable.
        momentum: a float in `[0, 1]`; 0 means plain gradient descent.
        nesterov: whether to use Nesterov momentum.
        **kwargs: the `Optimizer` arguments (`weight_decay`,
            `clipnorm`, `clipvalue`, `global_clipnorm`, `use_ema`,
            ..., `name`).

    Example:
        >>> import numpy as np
        >>> from cornu import optimizers
        >>> from cornu.backend import Variable
        >>> w = Variable(np.array([1.0], "float32"))
        >>> opt = optimizers.SGD(learning_rate=0.1, momentum=0.9)
        >>> for _ in range(2):
        ...     opt.apply([np.array([1.0], "float32")], [w])
        >>> w.numpy().round(4)
        array([0.71], dtype=float32)
    """

    def __init__(
        self,
        learning_rate: Any = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
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
        if not isinstance(momentum, float) or not 0 <= momentum <= 1:
            raise ValueError(
                "SGD: `momentum` must be a float between [0, 1]. "
                f"Received: momentum={momentum!r}."
            )
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, variables: list) -> None:
        if self.built:
            return
        super().build(variables)
        self.momentums = []
        if self.momentum != 0:
            self.momentums = self.add_optimizer_variables(
                variables, "momentum"
            )

    def update_step(self, gradient, variable, learning_rate) -> None:
        lr = ops.cast(learning_rate, variable.dtype)
        gradient = ops.cast(gradient, variable.dtype)
        if self.momentum == 0:
            self.assign_sub(variable, ops.multiply(gradient, lr))
            return
        m = self.momentums[self._get_variable_index(variable)]
        momentum = ops.cast(self.momentum, variable.dtype)
        step = ops.subtract(
            ops.multiply(m.value, momentum), ops.multiply(gradient, lr)
        )
        self.assign(m, step)
        if self.nesterov:
            self.assign_add(
                variable,
                ops.subtract(
                    ops.multiply(m.value, momentum),
                    ops.multiply(gradient, lr),
                ),
            )
        else:
            self.assign_add(variable, m.value)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config
