"""`Ftrl`: Follow The Regularized Leader."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.optimizers.optimizer import Optimizer


class Ftrl(Optimizer):
    r"""FTRL-Proximal (McMahan et al., 2013), with L1, L2 and L2-shrinkage
    regularization.

    With accumulator $n$, linear term $z$, power $p$ (`learning_rate_power`)
    and $\tilde g = g + 2 \lambda_s w$:
    $n' = n + g^2$,
    $z \leftarrow z + \tilde g - \frac{n'^{-p} - n^{-p}}{\eta} w$,
    $w \leftarrow \frac{\mathrm{clip}(z, -\lambda_1, \lambda_1) - z}
    {n'^{-p} / \eta + 2 (\lambda_2 + \beta / (2 \eta))}$, then
    $n \leftarrow n'$.

    Args:
        learning_rate: a float, a schedule or a callable.
        learning_rate_power: a float <= 0; how the rate falls as the
            accumulator grows (-0.5: as one over its square root; 0: a
            fixed rate).
        initial_accumulator_value: the starting value of the accumulators
            (>= 0).
        l1_regularization_strength: the L1 strength $\lambda_1$ (>= 0).
        l2_regularization_strength: the L2 strength $\lambda_2$ (>= 0).
        l2_shrinkage_regularization_strength: the strength $\lambda_s$
            (>= 0) of an L2 penalty added to the gradient (the
            "shrinkage" form), unlike the stabilizing L2 above.
        beta: adds $\beta / (2 \eta)$ to the L2 strength.
        **kwargs: the `Optimizer` arguments.

    Raises:
        ValueError: if an argument that must be positive or zero is
            negative, or `learning_rate_power` is positive.

    Example:
        >>> import numpy as np
        >>> from cornu import optimizers
        >>> from cornu.backend import Variable
        >>> w = Variable(np.array([1.0], "float32"))
        >>> opt = optimizers.Ftrl(0.1, l1_regularization_strength=0.01)
        >>> opt.apply([np.array([1.0], "float32")], [w])
        >>> w.numpy().round(4)
        array([0.6022], dtype=float32)

    References:
        McMahan et al., "Ad Click Prediction: a View from the Trenches",
        2013.
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        learning_rate_power: float = -0.5,
        initial_accumulator_value: float = 0.1,
        l1_regularization_strength: float = 0.0,
        l2_regularization_strength: float = 0.0,
        l2_shrinkage_regularization_strength: float = 0.0,
        beta: float = 0.0,
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
        for arg, value in (
            ("initial_accumulator_value", initial_accumulator_value),
            ("l1_regularization_strength", l1_regularization_strength),
            ("l2_regularization_strength", l2_regularization_strength),
            ("l2_shrinkage_regularization_strength",
             l2_shrinkage_regularization_strength),
        ):
            if value < 0.0:
                raise ValueError(
                    f"Ftrl: `{arg}` must be positive or zero. "
                    f"Received: {arg}={value!r}."
                )
        if learning_rate_power > 0.0:
            raise ValueError(
                "Ftrl: `learning_rate_power` must be negative or zero. "
                f"Received: learning_rate_power={learning_rate_power!r}."
            )
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = (
            l2_shrinkage_regularization_strength
        )
        self.beta = beta

    def build(self, var_list: list) -> None:
        if self.built:
            return
        super().build(var_list)
        from cornu import initializers

        accumulators, linears = [], []
        start = initializers.Constant(self.initial_accumulator_value)
        for variable in var_list:
            accumulators.append(self.add_variable_from_reference(
                variable, "accumulator", initializer=start
            ))
            linears.append(self.add_variable_from_reference(
                variable, "linear"
            ))
        self._accumulators = accumulators
        self._linears = linears

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        index = self._get_variable_index(variable)
        accumulator = self._accumulators[index]
        linear = self._linears[index]
        power = -self.learning_rate_power
        l2 = ops.add(self.l2_regularization_strength,
                     ops.divide(self.beta, ops.multiply(2.0, lr)))
        shrunk_gradient = ops.add(
            gradient,
            ops.multiply(2.0 * self.l2_shrinkage_regularization_strength,
                         variable.value),
        )
        old_accumulator = accumulator.value
        new_accumulator = ops.add(old_accumulator, ops.square(gradient))
        new_power = ops.power(new_accumulator, power)
        sigma = ops.divide(
            ops.subtract(new_power, ops.power(old_accumulator, power)), lr
        )
        self.assign_add(
            linear,
            ops.subtract(shrunk_gradient,
                         ops.multiply(sigma, variable.value)),
        )
        quadratic = ops.add(ops.divide(new_power, lr), ops.multiply(2.0, l2))
        l1 = self.l1_regularization_strength
        z = linear.value
        self.assign(
            variable,
            ops.divide(ops.subtract(ops.clip(z, -l1, l1), z), quadratic),
        )
        self.assign(accumulator, new_accumulator)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "learning_rate_power": self.learning_rate_power,
            "initial_accumulator_value": self.initial_accumulator_value,
            "l1_regularization_strength": self.l1_regularization_strength,
            "l2_regularization_strength": self.l2_regularization_strength,
            "l2_shrinkage_regularization_strength": (
                self.l2_shrinkage_regularization_strength
            ),
            "beta": self.beta,
        })
        return config
