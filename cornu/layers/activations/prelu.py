"""`PReLU`: the leaky rectifier with a learned slope per entry."""

from __future__ import annotations

import numbers
from typing import Any

from cornu import constraints, initializers, ops, regularizers
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class PReLU(Layer):
    """Parametric rectified linear unit: `x` for `x >= 0`, `alpha * x`
    otherwise, with `alpha` a learned weight of the input's shape (batch
    axis excluded).

    Args:
        alpha_initializer: the initializer of `alpha`.
        alpha_regularizer: a regularizer for `alpha`.
        alpha_constraint: a constraint applied to `alpha` after each
            optimizer update.
        shared_axes: the axes (counted with the batch axis as 0) along
            which one slope is shared: for images `(batch, height, width,
            channels)`, `shared_axes=[1, 2]` learns one slope per channel.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Input shape:
        Any, with every non-shared, non-batch axis known.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.PReLU(alpha_initializer="ones")
    >>> layer(np.array([[-2.0, 3.0]], dtype="float32"))
    array([[-2.,  3.]], dtype=float32)
    """

    def __init__(self, alpha_initializer: Any = "Zeros",
                 alpha_regularizer: Any = None, alpha_constraint: Any = None,
                 shared_axes: int | list[int] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        self.shared_axes = _standardize_shared_axes(shared_axes)
        self.supports_masking = True
        self.alpha = None

    def build(self, input_shape: tuple) -> None:
        shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            if not 1 <= axis <= len(shape):
                raise ValueError(
                    f"PReLU: every shared axis must be between 1 and "
                    f"{len(shape)} for an input of shape "
                    f"{tuple(input_shape)}. Received: "
                    f"shared_axes={self.shared_axes!r}."
                )
            shape[axis - 1] = 1
        if any(n is None for n in shape):
            raise ValueError(
                "PReLU: every non-shared axis (batch excluded) must have a "
                f"known size to create `alpha`. Received an input of shape "
                f"{tuple(input_shape)} with shared_axes="
                f"{self.shared_axes!r}."
            )
        self.alpha = self.add_weight(
            shape=tuple(shape), name="alpha",
            initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer,
            constraint=self.alpha_constraint)
        axes = {i: n for i, n in enumerate(input_shape)
                if i > 0 and shape[i - 1] != 1}
        self.input_spec = InputSpec(ndim=len(input_shape), axes=axes)
        self.built = True

    def call(self, inputs: Any) -> Any:
        positive = ops.relu(inputs)
        negative = ops.multiply(ops.negative(self.alpha),
                                ops.relu(ops.negative(inputs)))
        return ops.add(positive, negative)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "alpha_initializer": initializers.serialize(
                self.alpha_initializer),
            "alpha_regularizer": regularizers.serialize(
                self.alpha_regularizer),
            "alpha_constraint": constraints.serialize(self.alpha_constraint),
            "shared_axes": self.shared_axes,
        })
        return config


def _standardize_shared_axes(shared_axes: Any) -> list[int] | None:
    if shared_axes is None:
        return None
    values = (shared_axes if isinstance(shared_axes, (list, tuple))
              else [shared_axes])
    if not all(isinstance(a, numbers.Integral) and not isinstance(a, bool)
               and a >= 1 for a in values):
        raise ValueError(
            "PReLU: `shared_axes` must be a positive int or a list of "
            "positive ints (axis 0 is the batch). Received: "
            f"shared_axes={shared_axes!r}."
        )
    return [int(a) for a in values]
