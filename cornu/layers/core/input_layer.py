"""`InputLayer` and `Input`: where a Functional model's graph starts."""

from __future__ import annotations

from cornu.backend.common import dtypes
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.layer import Layer
from cornu.layers.node import Node


class InputLayer(Layer):
    """The layer behind `Input`: holds the model input's shape and dtype.

    Args:
        shape: the shape of one sample, without the batch dimension.
        batch_size: a fixed batch size, or None.
        dtype: the input dtype (default `floatx()`).
        sparse: whether the input is sparse (accepted, stored).
        batch_shape: the full shape including the batch dimension; an
            alternative to `shape` + `batch_size`.
        input_tensor: an existing symbolic tensor to wrap.
        optional: whether the input may be None.
        name: the layer's name (default `input_layer`, `input_layer_1`...).
    """

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None,
                 batch_shape=None, input_tensor=None, optional=False,
                 name=None, **kwargs):
        if "input_shape" in kwargs and shape is None:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs and batch_shape is None:
            batch_shape = kwargs.pop("batch_input_shape")
        kwargs.pop("ragged", None)
        super().__init__(name=name, dtype=None, **kwargs)
        if shape is not None and batch_shape is not None:
            raise ValueError(
                "InputLayer: pass `shape` or `batch_shape`, not both. "
                f"Received: shape={shape}, batch_shape={batch_shape}."
            )
        if input_tensor is not None:
            batch_shape = input_tensor.shape
            dtype = dtype or input_tensor.dtype
        elif batch_shape is None:
            if shape is None:
                raise ValueError(
                    "InputLayer: pass `shape` (the shape of one sample, "
                    "e.g. shape=(32,)) or `batch_shape`."
                )
            if isinstance(shape, int):
                shape = (shape,)
            batch_shape = (batch_size, *tuple(shape))
        self.batch_shape = tuple(
            None if d is None else int(d) for d in batch_shape)
        self._dtype_name = dtypes.standardize_dtype(dtype)
        self._compute_dtype = self._dtype_name
        self.sparse = bool(sparse)
        self.optional = optional
        self.built = True
        tensor = SymbolicTensor(self.batch_shape, self._dtype_name,
                                name=self.name)
        Node(self, (), {}, tensor)
        self._tensor = tensor

    def call(self):
        return self._tensor

    @property
    def output(self):
        return self._tensor

    @property
    def dtype(self) -> str:
        return self._dtype_name

    def get_config(self) -> dict:
        return {
            "batch_shape": self.batch_shape,
            "dtype": self._dtype_name,
            "sparse": self.sparse,
            "ragged": False,
            "name": self.name,
            "optional": self.optional,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config.pop("ragged", None)
        return cls(**config)


def Input(shape=None, batch_size=None, dtype=None, sparse=None,
          batch_shape=None, name=None, tensor=None, optional=False):
    """Starts a Functional model: a symbolic tensor of the given shape.

    Example:
    >>> a = cornu.Input(shape=(32,))
    >>> a.shape
    (None, 32)
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype,
                       sparse=sparse, batch_shape=batch_shape, name=name,
                       input_tensor=tensor, optional=optional)
    return layer.output
