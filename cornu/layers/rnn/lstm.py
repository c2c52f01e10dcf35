"""`LSTMCell` and `LSTM`: long short-term memory (Hochreiter and
Schmidhuber, 1997), with Keras's weight layout (gates `i, f, c, o`)."""

from __future__ import annotations

from typing import Any

from cornu import activations, ops
from cornu.layers.rnn import _kernels
from cornu.layers.rnn._cell_base import RNNCellBase
from cornu.layers.rnn._rnn_layer_base import FusedCellRNN


class LSTMCell(RNNCellBase):
    """One LSTM step. With `z = x @ kernel + h @ recurrent_kernel + bias`
    split into four gates `z_i, z_f, z_c, z_o`:
    `c = sigma(z_f) * c_prev + sigma(z_i) * act(z_c)` and
    `h = sigma(z_o) * act(c)`, where `sigma` is `recurrent_activation`.

    Args:
        units: the size of the output and of each state.
        activation: the activation of the cell input and of the cell
            state; `None` means identity.
        recurrent_activation: the activation of the gates.
        use_bias: whether to add a bias.
        kernel_initializer: the initializer of `kernel`
            `(input_dim, 4 * units)`.
        recurrent_initializer: the initializer of `recurrent_kernel`
            `(units, 4 * units)`.
        bias_initializer: the initializer of `bias` `(4 * units,)`.
        unit_forget_bias: start the forget gate's bias at 1 (and the rest
            from `bias_initializer`).
        kernel_regularizer: a regularizer for `kernel`.
        recurrent_regularizer: a regularizer for `recurrent_kernel`.
        bias_regularizer: a regularizer for `bias`.
        kernel_constraint: a constraint for `kernel`.
        recurrent_constraint: a constraint for `recurrent_kernel`.
        bias_constraint: a constraint for `bias`.
        dropout: the fraction of the inputs to drop (training only).
        recurrent_dropout: the fraction of `h` to drop (training only).
        seed: the seed of the dropout masks.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: `(batch, features)`, one step.
        states: `[h, c]`, each `(batch, units)`.
        training: whether dropout applies.

    Example:
    >>> cell = cornu.layers.LSTMCell(4)
    >>> zeros = np.zeros((2, 4), dtype="float32")
    >>> out, (h, c) = cell(np.ones((2, 3), dtype="float32"), [zeros, zeros])
    >>> out.shape, c.shape
    ((2, 4), (2, 4))
    """

    def __init__(self, units: int, activation: Any = "tanh",
                 recurrent_activation: Any = "sigmoid",
                 use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform",
                 recurrent_initializer: Any = "orthogonal",
                 bias_initializer: Any = "zeros",
                 unit_forget_bias: bool = True, kernel_regularizer: Any = None,
                 recurrent_regularizer: Any = None,
                 bias_regularizer: Any = None, kernel_constraint: Any = None,
                 recurrent_constraint: Any = None,
                 bias_constraint: Any = None, dropout: float = 0.0,
                 recurrent_dropout: float = 0.0, seed: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(
            units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)

    @property
    def state_size(self) -> list:
        return [self.units, self.units]

    def build(self, input_shape: tuple) -> None:
        bias_initializer = None
        if self.unit_forget_bias:
            base, units = self.bias_initializer, self.units

            def bias_initializer(shape, dtype=None):
                return ops.concatenate([
                    base((units,), dtype=dtype),
                    ops.ones((units,), dtype=dtype),
                    base((2 * units,), dtype=dtype),
                ])
        self._build_weights(input_shape, 4,
                            bias_initializer=bias_initializer)

    def call(self, inputs, states, training=False):
        h_prev, c_prev = states[0], states[1]
        dp, rec = self._masks(inputs, h_prev, training)
        if dp is not None:
            inputs = ops.multiply(inputs, dp)
        if rec is not None:
            h_prev = ops.multiply(h_prev, rec)
        z = ops.add(ops.matmul(inputs, self.kernel),
                    ops.matmul(h_prev, self.recurrent_kernel))
        if self.bias is not None:
            z = ops.add(z, self.bias)
        z_i, z_f, z_c, z_o = ops.split(z, 4, axis=-1)
        gate = self.recurrent_activation
        c = ops.add(ops.multiply(gate(z_f), c_prev),
                    ops.multiply(gate(z_i), self.activation(z_c)))
        h = ops.multiply(gate(z_o), self.activation(c))
        return h, [h, c]

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "recurrent_activation": activations.serialize(
                self.recurrent_activation),
            "unit_forget_bias": self.unit_forget_bias,
        })
        return config


class LSTM(FusedCellRNN):
    """Long short-term memory layer: an `RNN` over an `LSTMCell`.

    With no mask, the default activations and no recurrent dropout in
    training, the whole sequence runs in one kernel (the engine's native
    LSTM on torch, a `lax.scan` over a fused step on JAX) with the same
    numbers as the cell loop; otherwise the cell runs step by step.

    Args:
        units: the size of the output and of each state.
        activation: the activation of the cell input and state.
        recurrent_activation: the activation of the gates.
        use_bias: whether to add a bias.
        kernel_initializer: the initializer of the input kernel.
        recurrent_initializer: the initializer of the recurrent kernel.
        bias_initializer: the initializer of the bias.
        unit_forget_bias: start the forget gate's bias at 1.
        kernel_regularizer: a regularizer for the input kernel.
        recurrent_regularizer: a regularizer for the recurrent kernel.
        bias_regularizer: a regularizer for the bias.
        activity_regularizer: a regularizer for the output.
        kernel_constraint: a constraint for the input kernel.
        recurrent_constraint: a constraint for the recurrent kernel.
        bias_constraint: a constraint for the bias.
        dropout: the fraction of the inputs to drop (training only).
        recurrent_dropout: the fraction of `h` to drop (training only).
        seed: the seed of the dropout masks.
        return_sequences: see `RNN`.
        return_state: see `RNN` (the states are `h, c`).
        go_backwards: see `RNN`.
        stateful: see `RNN`.
        unroll: see `RNN`.
        use_cudnn: accepted for Keras compatibility; cornu picks the
            native kernel itself (see above).
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        sequences: `(batch, time, features)`.
        initial_state: `[h0, c0]`; zeros when omitted.
        mask: `(batch, time)` booleans.
        training: whether dropout applies.

    Input shape:
        `(batch, time, features)`.

    Output shape:
        `(batch, units)` or, with `return_sequences`,
        `(batch, time, units)`; with `return_state`,
        `[output, h, c]`.

    Example:
    >>> layer = cornu.layers.LSTM(4, return_sequences=True)
    >>> layer(np.ones((2, 5, 3), dtype="float32")).shape
    (2, 5, 4)
    """

    _cell_class = LSTMCell
    _cell_name = "lstm_cell"
    _cell_attributes = ("units", "activation", "recurrent_activation",
                        "use_bias", "unit_forget_bias", "dropout",
                        "recurrent_dropout")

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        unit_forget_bias: bool = True,
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        use_cudnn: Any = "auto",
        **kwargs: Any,
    ) -> None:
        super().__init__(locals())

    def _run_kernel(self, sequences, states) -> tuple:
        cell, (h, c) = self.cell, states
        outputs, h, c = _kernels.lstm(
            sequences, h, c, cell.kernel, cell.recurrent_kernel, cell.bias,
            self.go_backwards)
        return outputs, [h, c]

