"""`AdamW`: Adam with decoupled weight decay."""

from __future__ import annotations

from typing import Any

from cornu.optimizers.adam import Adam


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov & Hutter, 2019).

    Each step first sets $w \leftarrow w - \eta \lambda w$, then takes
    the `Adam` step.

    Args:
        learning_rate: a float, a schedule or a callable.
        weight_decay: the decay rate $\lambda$ (required).
        beta_1: the decay rate of the first moment.
        beta_2: the decay rate of the second moment.
        epsilon: the constant added to $\sqrt{v}$.
        amsgrad: whether to use the AMSGrad variant.
        **kwargs: the other `Optimizer` arguments.

    Raises:
        ValueError: if `weight_decay` is `None`.

    Example:
        >>> import numpy as np
        >>> from cornu import optimizers
        >>> from cornu.backend import Variable
        >>> w = Variable(np.array([1.0], "float32"))
        >>> opt = optimizers.AdamW(0.1, weight_decay=0.5)
        >>> opt.apply([np.array([2.0], "float32")], [w])
        >>> w.numpy().round(4)
        array([0.85], dtype=float32)

    References:
        Loshchilov and Hutter, "Decoupled Weight Decay Regularization",
        2019.
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        weight_decay: float | None = 0.004,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
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
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
            **kwargs,
        )
        if self.weight_decay is None:
            raise ValueError(
                "AdamW: `weight_decay` must be a float. Received: "
                "weight_decay=None."
            )
