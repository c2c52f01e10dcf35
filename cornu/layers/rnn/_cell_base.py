"""What the three built-in cells share: argument checks, the initial
state, and the dropout masks (drawn once per sequence and reused at every
step, as Keras does)."""

from __future__ import annotations

import numbers
from typing import Any

from cornu import (
    activations,
    constraints,
    initializers,
    ops,
    random,
    regularizers,
)
from cornu.backend.common.symbolic import SymbolicTensor
from cornu.layers import _validation as check
from cornu.layers.layer import Layer


def rate(value: Any, name: str, owner: str) -> float:
    """A dropout rate: a real number in `[0, 1]`."""
    if (not isinstance(value, numbers.Real) or isinstance(value, bool)
            or not 0 <= value <= 1):
        raise ValueError(
            f"{owner}: `{name}` must be a float between 0 and 1. "
            f"Received: {name}={value!r}."
        )
    return float(value)


def zeros_state(batch_size, size, dtype):
    """A `(batch_size, *size)` state of zeros; symbolic when the batch size
    is unknown (`None`)."""
    size = (size,) if isinstance(size, int) else tuple(size)
    if batch_size is None:
        return SymbolicTensor((None, *size), dtype)
    return ops.zeros((int(batch_size), *size), dtype=dtype)


class RNNCellBase(Layer):
    """The base of `SimpleRNNCell`, `GRUCell` and `LSTMCell`.

    A cell computes one step, `output, new_states = cell(x_t, states)`,
    and declares `state_size` (an int or a list of ints) and
    `output_size`. Dropout masks live on the cell for the duration of one
    sequence: `RNN` draws them before its loop (`prepare_dropout`) and
    clears them after, so every step reuses the same mask.
    """

    def __init__(self, units: int, activation: Any = "tanh",
                 use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform",
                 recurrent_initializer: Any = "orthogonal",
                 bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None,
                 recurrent_regularizer: Any = None,
                 bias_regularizer: Any = None, kernel_constraint: Any = None,
                 recurrent_constraint: Any = None,
                 bias_constraint: Any = None, dropout: float = 0.0,
                 recurrent_dropout: float = 0.0, seed: int | None = None,
                 **kwargs: Any) -> None:
        owner = type(self).__name__
        units = check.positive_int(units, "units", owner)
        dropout = rate(dropout, "dropout", owner)
        recurrent_dropout = rate(recurrent_dropout, "recurrent_dropout",
                                 owner)
        if seed is not None and (not isinstance(seed, numbers.Integral)
                                 or isinstance(seed, bool)):
            raise ValueError(
                f"{owner}: `seed` must be an integer or None. "
                f"Received: seed={seed!r}."
            )
        super().__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = dropout
        self.recurrent_dropout = recurrent_dropout
        self.seed = seed
        self.seed_generator = random.SeedGenerator(seed)
        self._dropout_mask = None
        self._recurrent_dropout_mask = None

    def _build_weights(self, input_shape, n_gates: int, bias_shape=None,
                       bias_initializer=None) -> None:
        """`kernel` `(input_dim, n_gates * units)`, `recurrent_kernel`
        `(units, n_gates * units)` and (with `use_bias`) `bias`."""
        input_dim = tuple(input_shape)[-1]
        if input_dim is None:
            raise ValueError(
                f"{type(self).__name__} {self.name!r} needs a known feature "
                f"size to create its kernel. Received: input_shape="
                f"{tuple(input_shape)}."
            )
        width = n_gates * self.units
        self.kernel = self.add_weight(
            name="kernel", shape=(input_dim, width),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            name="recurrent_kernel", shape=(self.units, width),
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=bias_shape or (width,),
                initializer=bias_initializer or self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint)
        self.built = True

    @property
    def output_size(self) -> int:
        return self.units

    def get_initial_state(self, batch_size: int | None = None) -> list:
        """Zero states, one per entry of `state_size`."""
        sizes = self.state_size
        sizes = sizes if isinstance(sizes, (list, tuple)) else [sizes]
        return [zeros_state(batch_size, s, self.compute_dtype)
                for s in sizes]

    # ------------------------------------------------------------------
    # dropout
    # ------------------------------------------------------------------
    def _draw_mask(self, batch_size, size, drop_rate):
        ones = ops.ones((batch_size, size), dtype=self.compute_dtype)
        return random.dropout(ones, drop_rate, seed=self.seed_generator)

    def _drops(self, drop_rate) -> bool:
        # As in Keras, a rate of exactly 1 disables dropout.
        return 0 < drop_rate < 1

    def prepare_dropout(self, batch_size: int, input_dim: int,
                        training: bool) -> None:
        """Draws this sequence's dropout masks (when training)."""
        self.clear_dropout()
        if not training or batch_size is None:
            return
        if self._drops(self.dropout):
            self._dropout_mask = self._draw_mask(batch_size, input_dim,
                                                 self.dropout)
        if self._drops(self.recurrent_dropout):
            self._recurrent_dropout_mask = self._draw_mask(
                batch_size, self.units, self.recurrent_dropout)

    def clear_dropout(self) -> None:
        self._dropout_mask = None
        self._recurrent_dropout_mask = None

    def _masks(self, inputs, h, training):
        """The input and recurrent masks for this step (`None`: no
        dropout). A cell called alone, outside `RNN`, draws fresh ones."""
        dp, rec = self._dropout_mask, self._recurrent_dropout_mask
        drops, recurrent_drops = (self._drops(self.dropout),
                                  self._drops(self.recurrent_dropout))
        if training and dp is None and rec is None and (
                drops or recurrent_drops) and not (
                isinstance(inputs, SymbolicTensor)):
            batch = ops.shape(inputs)[0]
            if drops:
                dp = self._draw_mask(batch, ops.shape(inputs)[-1],
                                     self.dropout)
            if recurrent_drops:
                rec = self._draw_mask(batch, self.units,
                                      self.recurrent_dropout)
        if not training:
            return None, None
        return dp, rec

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(
                self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(
                self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(
                self.kernel_regularizer),
            "recurrent_regularizer": regularizers.serialize(
                self.recurrent_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "recurrent_constraint": constraints.serialize(
                self.recurrent_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        })
        return config


# Keys of a cell's config that belong to the cell itself, not to the layer
# that wraps it (`LSTM`'s config holds the cell's arguments).
_OWN_KEYS = ("name", "trainable", "dtype")


def cell_arguments(cell: RNNCellBase) -> dict:
    """The cell's config without its own name/dtype: the arguments a
    `LSTM`/`GRU`/`SimpleRNN` layer takes on the cell's behalf."""
    return {k: v for k, v in cell.get_config().items()
            if k not in _OWN_KEYS}


def cell_property(name: str, doc: str = "") -> property:
    """A read-only layer attribute forwarded to `self.cell`."""
    return property(lambda self: getattr(self.cell, name),
                    doc=doc or f"The cell's `{name}`.")
