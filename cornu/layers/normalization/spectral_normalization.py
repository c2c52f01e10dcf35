"""`SpectralNormalization`: keeps a wrapped layer's kernel at spectral
norm 1."""

from __future__ import annotations

import numbers
from typing import Any

from cornu import initializers, ops
from cornu.backend.common.variables import VariableBase
from cornu.layers.layer import Layer


class SpectralNormalization(Layer):
    """Divides the wrapped layer's kernel by its largest singular value
    (its spectral norm) at every training call, which bounds the layer's
    Lipschitz constant (as GAN discriminators want).

    The singular value is estimated by power iteration on the kernel
    reshaped to `(-1, out_features)`, continuing from the previous call's
    estimate (the non-trainable `vector_u`). As in Keras 3, the
    normalized kernel is written back into the wrapped layer's weight, so
    inference uses the last normalized kernel.

    Args:
        layer: the layer to wrap; it must have a `kernel` (or, like
            `Embedding`, an `embeddings`) weight.
        power_iterations: the number of power-iteration steps per training
            call.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: the wrapped layer's input.
        training: whether to normalize the kernel before the call.

    Output shape:
        The wrapped layer's.

    Example:
    >>> dense = cornu.layers.Dense(2, kernel_initializer="ones")
    >>> layer = cornu.layers.SpectralNormalization(dense)
    >>> y = layer(np.ones((1, 2), dtype="float32"), training=True)
    >>> float(np.round(np.linalg.norm(np.asarray(dense.kernel), 2), 4))
    1.0

    References:
        - [Miyato et al., 2018](https://arxiv.org/abs/1802.05957).
    """

    def __init__(self, layer: Any, power_iterations: int = 1,
                 **kwargs: Any) -> None:
        owner = type(self).__name__
        if not isinstance(layer, Layer):
            raise ValueError(
                f"{owner}: `layer` must be a cornu layer. Received: "
                f"layer={layer!r}."
            )
        if (not isinstance(power_iterations, numbers.Integral)
                or isinstance(power_iterations, bool)
                or power_iterations <= 0):
            raise ValueError(
                f"{owner}: `power_iterations` must be a positive integer. "
                f"Received: power_iterations={power_iterations!r}."
            )
        super().__init__(**kwargs)
        self.layer = layer
        self.power_iterations = int(power_iterations)
        self.supports_masking = layer.supports_masking
        self.vector_u = None

    def _kernel_variable(self) -> VariableBase:
        for name in ("_kernel", "kernel", "embeddings"):
            value = self.layer.__dict__.get(name)
            if isinstance(value, VariableBase):
                return value
        raise ValueError(
            f"{type(self).__name__}: the wrapped layer "
            f"{type(self.layer).__name__} {self.layer.name!r} has no "
            "`kernel` or `embeddings` weight to normalize."
        )

    def build(self, input_shape: tuple) -> None:
        if not self.layer.built:
            self.layer.build(input_shape)
            self.layer.built = True
            self.layer._build_shapes = input_shape  # Keras saves it.
        kernel = self._kernel_variable()
        # Tracked here too, so the weights are ordered as in Keras:
        # kernel, vector_u, then the wrapped layer's others.
        self.kernel = kernel
        self.vector_u = self.add_weight(
            name="vector_u", shape=(1, tuple(kernel.shape)[-1]),
            initializer=initializers.TruncatedNormal(stddev=0.02),
            trainable=False, dtype=kernel.dtype)
        self.built = True

    def normalized_weights(self) -> tuple[Any, Any]:
        """The next `vector_u` and the kernel divided by its estimated
        spectral norm (neither is assigned)."""
        kernel = self._kernel_variable()
        shape = tuple(kernel.shape)
        weights = ops.reshape(kernel.value, (-1, shape[-1]))
        u = self.vector_u.value
        v = u
        for _ in range(self.power_iterations):
            v = _unit(ops.matmul(u, ops.transpose(weights)))
            u = _unit(ops.matmul(v, weights))
        u, v = ops.stop_gradient(u), ops.stop_gradient(v)
        sigma = ops.matmul(ops.matmul(v, weights), ops.transpose(u))
        normalized = ops.reshape(ops.divide(weights, sigma), shape)
        return u, normalized

    def call(self, inputs: Any, training: Any = False) -> Any:
        if training:
            u, kernel = self.normalized_weights()
            self.vector_u.assign(u)
            self._kernel_variable().assign(kernel)
        return self.layer(inputs)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return self.layer.compute_output_shape(input_shape)

    def get_config(self) -> dict:
        from cornu.saving.serialization import serialize_keras_object

        config = super().get_config()
        config.update({"layer": serialize_keras_object(self.layer),
                       "power_iterations": self.power_iterations})
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects: Any = None):
        from cornu.saving.serialization import deserialize_keras_object

        config = dict(config)
        config["layer"] = deserialize_keras_object(config["layer"],
                                                   custom_objects)
        return super().from_config(config)


def _unit(x: Any) -> Any:
    """`x` divided by its L2 norm over all entries (0 stays 0)."""
    square_sum = ops.sum(ops.square(x))
    return ops.multiply(x, ops.rsqrt(ops.maximum(square_sum, 1e-12)))
