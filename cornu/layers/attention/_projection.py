"""`_Projection`: the dense projections inside `MultiHeadAttention`.

It contracts the last `n_in` input axes with a kernel of shape
`(*input_sizes, *output_shape)` and adds a bias of shape `output_shape`,
which is what Keras's `EinsumDense` computes for the attention layer's
`query`, `key`, `value` and `attention_output` sublayers (same names,
same weight shapes, so weights load both ways)."""

from __future__ import annotations

import math
from typing import Any

from cornu import ops
from cornu.layers.layer import Layer


class _Projection(Layer):
    def __init__(self, output_shape: tuple[int, ...], n_in: int,
                 use_bias: bool, kernel_initializer: Any,
                 bias_initializer: Any, kernel_regularizer: Any = None,
                 bias_regularizer: Any = None, kernel_constraint: Any = None,
                 bias_constraint: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.output_shape_ = tuple(output_shape)
        self.n_in = n_in
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.kernel = None
        self.bias = None

    def build(self, input_shape: tuple) -> None:
        sizes = tuple(input_shape[-self.n_in:])
        if any(n is None for n in sizes):
            raise ValueError(
                f"MultiHeadAttention: the feature size of the input to "
                f"`{self.name}` must be known. Received an input of shape "
                f"{tuple(input_shape)}."
            )
        self.kernel = self.add_weight(
            name="kernel", shape=sizes + self.output_shape_,
            initializer=_clone(self.kernel_initializer),
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=self.output_shape_,
                initializer=_clone(self.bias_initializer),
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs: Any) -> Any:
        n_out = len(self.output_shape_)
        lead = tuple(ops.shape(inputs))[:-self.n_in]
        size_in = math.prod(ops.shape(self.kernel)[:self.n_in])
        size_out = math.prod(self.output_shape_)
        flat = ops.reshape(inputs, (-1, size_in))
        out = ops.matmul(flat, ops.reshape(self.kernel, (size_in, size_out)))
        if self.use_bias:
            out = ops.add(out, ops.reshape(self.bias, (size_out,)))
        lead = tuple(-1 if n is None else n for n in lead)
        return ops.reshape(out, lead + self.output_shape_[:n_out])


def _clone(initializer: Any) -> Any:
    clone = getattr(initializer, "clone", None)
    return clone() if callable(clone) else initializer
