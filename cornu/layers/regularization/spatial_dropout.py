"""`SpatialDropout1D`, `SpatialDropout2D` and `SpatialDropout3D`: dropout of
whole feature maps."""

from __future__ import annotations

from typing import Any

from cornu import ops, random
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers import _validation as check
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer
from cornu.layers.regularization import _checks


class _SpatialDropout(Layer):
    """Drops entire channels: one keep/drop draw per (sample, channel),
    shared by every spatial position. Adjacent pixels of a feature map are
    strongly correlated, so ordinary dropout barely regularizes them.

    Kept channels are scaled by `1 / (1 - rate)`. Active only with
    `training=True`.
    """

    _rank = 1

    def __init__(self, rate: float, data_format: str | None = None,
                 seed: int | None = None, name: str | None = None,
                 dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        owner = type(self).__name__
        self.rate = _checks.rate(rate, owner)
        self.seed = _checks.seed(seed, owner)
        self.data_format = (
            "channels_last" if self._rank == 1
            else check.standardize_data_format(data_format, owner))
        if self.rate > 0:
            self.seed_generator = random.SeedGenerator(seed)
        self.input_spec = InputSpec(ndim=self._rank + 2)
        self.supports_masking = True
        self.built = True

    def _noise_shape(self, inputs: Any) -> tuple:
        shape = ops.shape(inputs)
        ones = (1,) * self._rank
        if self.data_format == "channels_last":
            return (shape[0], *ones, shape[-1])
        return (shape[0], shape[1], *ones)

    def call(self, inputs: Any, training: Any = False) -> Any:
        if training and self.rate == 1:
            return ops.zeros_like(inputs)
        if training and self.rate > 0:
            return random.dropout(inputs, self.rate,
                                  noise_shape=self._noise_shape(inputs),
                                  seed=self.seed_generator)
        return inputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def compute_output_spec(self, inputs, **kwargs):
        return SymbolicTensor(tuple(inputs.shape), inputs.dtype)

    def get_config(self) -> dict:
        # Keras 3 writes these keys only (the dtype as its policy's name).
        config = {"rate": self.rate, "seed": self.seed, "name": self.name,
                  "dtype": self._dtype_name}
        if self._rank > 1:
            config["data_format"] = self.data_format
        return config


class SpatialDropout1D(_SpatialDropout):
    """Dropout of whole channels of sequences.

    Each channel of each sample is zeroed with probability `rate` at every
    timestep at once; kept channels are scaled by `1 / (1 - rate)`. Acts
    only with `training=True`.

    Args:
        rate: the fraction of channels to drop, in `[0, 1]`.
        seed: an int for reproducible draws; `None` picks one at random.
        name: the layer's name.
        dtype: the layer's dtype policy.

    Call arguments:
        inputs: a 3-D tensor.
        training: whether to drop (`True`) or pass through.

    Input shape:
        `(batch, timesteps, channels)`.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.SpatialDropout1D(0.5, seed=1)
    >>> x = np.ones((2, 4, 3), dtype="float32")
    >>> y = np.asarray(layer(x, training=True))
    >>> bool((y == y[:, :1]).all())
    True
    """

    _rank = 1

    def __init__(self, rate: float, seed: int | None = None,
                 name: str | None = None, dtype: Any = None) -> None:
        super().__init__(rate, seed=seed, name=name, dtype=dtype)


class SpatialDropout2D(_SpatialDropout):
    """Dropout of whole feature maps of images.

    Each channel of each sample is zeroed with probability `rate` at every
    pixel at once; kept channels are scaled by `1 / (1 - rate)`. Acts only
    with `training=True`.

    Args:
        rate: the fraction of channels to drop, in `[0, 1]`.
        data_format: `"channels_last"` or `"channels_first"`; `None` means
            `cornu.config.image_data_format()`.
        seed: an int for reproducible draws; `None` picks one at random.
        name: the layer's name.
        dtype: the layer's dtype policy.

    Call arguments:
        inputs: a 4-D tensor.
        training: whether to drop (`True`) or pass through.

    Input shape:
        `(batch, height, width, channels)` with `"channels_last"`,
        `(batch, channels, height, width)` with `"channels_first"`.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.SpatialDropout2D(0.5)
    >>> x = np.ones((2, 3, 3, 4), dtype="float32")
    >>> bool((np.asarray(layer(x)) == x).all())
    True
    """

    _rank = 2

    def __init__(self, rate: float, data_format: str | None = None,
                 seed: int | None = None, name: str | None = None,
                 dtype: Any = None) -> None:
        super().__init__(rate, data_format=data_format, seed=seed, name=name,
                         dtype=dtype)


class SpatialDropout3D(_SpatialDropout):
    """Dropout of whole feature maps of volumes.

    Each channel of each sample is zeroed with probability `rate` at every
    voxel at once; kept channels are scaled by `1 / (1 - rate)`. Acts only
    with `training=True`.

    Args:
        rate: the fraction of channels to drop, in `[0, 1]`.
        data_format: `"channels_last"` or `"channels_first"`; `None` means
            `cornu.config.image_data_format()`.
        seed: an int for reproducible draws; `None` picks one at random.
        name: the layer's name.
        dtype: the layer's dtype policy.

    Call arguments:
        inputs: a 5-D tensor.
        training: whether to drop (`True`) or pass through.

    Input shape:
        `(batch, dim1, dim2, dim3, channels)` with `"channels_last"`,
        `(batch, channels, dim1, dim2, dim3)` with `"channels_first"`.

    Output shape:
        The input's shape.

    Example:
    >>> layer = cornu.layers.SpatialDropout3D(0.5)
    >>> layer(np.ones((1, 2, 2, 2, 3), dtype="float32")).shape
    (1, 2, 2, 2, 3)
    """

    _rank = 3

    def __init__(self, rate: float, data_format: str | None = None,
                 seed: int | None = None, name: str | None = None,
                 dtype: Any = None) -> None:
        super().__init__(rate, data_format=data_format, seed=seed, name=name,
                         dtype=dtype)
