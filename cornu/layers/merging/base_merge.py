"""`Merge`: the base of the layers that combine a list of tensors
(`Add`, `Subtract`, `Multiply`, `Average`, `Maximum`, `Minimum`,
`Concatenate`, `Dot`)."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.backend.common import dtypes
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers.layer import Layer


class Merge(Layer):
    """Combines a list of tensors elementwise.

    Inputs broadcast as in Keras: shapes are aligned from the last axis and
    sizes of 1 stretch; an input of lower rank gets axes of size 1 inserted
    after the batch axis. The output mask is the OR of the input masks
    (`None` when any input has none). Subclasses define `_merge_function`.

    Args:
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True
        self._reshape_required = False

    def _merge_function(self, inputs: list, masks: list | None):
        raise NotImplementedError

    # -- shapes ------------------------------------------------------------
    def _check_list(self, input_shape: Any) -> list:
        if not isinstance(input_shape, (list, tuple)) or not input_shape or (
                not isinstance(input_shape[0], (list, tuple))):
            raise ValueError(
                f"A `{type(self).__name__}` layer should be called on a "
                "list of at least 1 input. Received: "
                f"input_shape={input_shape}."
            )
        return [None if s is None else tuple(s) for s in input_shape]

    def _elementwise_shape(self, shape1, shape2):
        """The broadcast shape of two shapes without their batch axis."""
        if shape1 is None or shape2 is None:
            return None
        if len(shape1) < len(shape2):
            return self._elementwise_shape(shape2, shape1)
        if not shape2:
            return shape1
        out = list(shape1[:-len(shape2)])
        for i, j in zip(shape1[-len(shape2):], shape2, strict=True):
            if i is None or j is None:
                out.append(None)
            elif i == 1:
                out.append(j)
            elif j == 1 or i == j:
                out.append(i)
            else:
                raise ValueError(
                    f"A `{type(self).__name__}` layer requires inputs with "
                    "compatible shapes (equal, or 1 to broadcast). Received "
                    f"shapes {shape1} and {shape2} (batch axis excluded)."
                )
        return tuple(out)

    def build(self, input_shape: Any) -> None:
        shapes = self._check_list(input_shape)
        batch_sizes = {s[0] for s in shapes if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(
                f"A `{type(self).__name__}` layer cannot merge tensors with "
                f"different batch sizes. Received: input_shape={shapes}."
            )
        self.compute_output_shape(shapes)  # validates the broadcast
        self._reshape_required = None in shapes or len(
            {len(s) for s in shapes}) > 1
        self.built = True

    def compute_output_shape(self, input_shape: Any) -> tuple:
        shapes = self._check_list(input_shape)
        out = None if shapes[0] is None else shapes[0][1:]
        for shape in shapes[1:]:
            out = self._elementwise_shape(
                out, None if shape is None else shape[1:])
        batch_sizes = {s[0] for s in shapes if s} - {None}
        batch = batch_sizes.pop() if len(batch_sizes) == 1 else None
        return (batch, *out)

    def _output_dtype(self, input_dtypes: list) -> str:
        return dtypes.result_type(*input_dtypes)

    def compute_output_spec(self, inputs, **kwargs):
        shape = self.compute_output_shape([x.shape for x in inputs])
        return SymbolicTensor(
            shape, self._output_dtype([x.dtype for x in inputs]))

    # -- calling -----------------------------------------------------------
    def call(self, inputs, mask=None):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A `{type(self).__name__}` layer should be called on a "
                "list of inputs. Received a single tensor of shape "
                f"{ops.shape(inputs)}."
            )
        inputs = list(inputs)
        masks = list(mask) if isinstance(mask, (list, tuple)) else None
        if self._reshape_required:
            max_ndim = max(len(ops.shape(x)) for x in inputs)
            for i, x in enumerate(inputs):
                for _ in range(max_ndim - len(ops.shape(x))):
                    x = ops.expand_dims(x, 1)
                inputs[i] = x
        return self._merge_function(inputs, masks)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        if not isinstance(mask, (list, tuple)):
            raise ValueError(
                f"`{type(self).__name__}`: `mask` should be a list. "
                f"Received: mask={mask!r}."
            )
        if not isinstance(inputs, (list, tuple)) or len(mask) != len(inputs):
            raise ValueError(
                f"`{type(self).__name__}`: `inputs` and `mask` should be "
                f"lists of the same length. Received {len(mask)} masks."
            )
        if any(m is None for m in mask):
            return None
        out = mask[0]
        for m in mask[1:]:
            out = ops.logical_or(out, m)
        return out


def broadcast_mask(mask, x):
    """`mask` (the shape of `x` without its last axis) broadcast to the
    shape of `x`."""
    return ops.broadcast_to(ops.expand_dims(mask, -1), ops.shape(x))


def merge_with_or_mask(op, inputs: list, masks: list | None):
    """Folds `op` over `inputs`, letting a masked entry of one input take
    the other's value (Keras's rule for `Maximum` and `Minimum`, which have
    no identity element)."""
    if masks is None:
        masks = [None] * len(inputs)
    output, output_mask = None, None
    for x, mask in zip(inputs, masks, strict=True):
        if mask is not None:
            mask = broadcast_mask(mask, x)
        if output is None:
            output, output_mask = x, mask
            continue
        if mask is not None:
            x = ops.where(mask, x, output)
        if output_mask is not None:
            output = ops.where(output_mask, output, x)
        if mask is not None and output_mask is not None:
            output_mask = ops.logical_or(output_mask, mask)
        else:
            output_mask = None
        output = op(output, x)
    return output
