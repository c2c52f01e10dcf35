"""`GRUCell` and `GRU`: the gated recurrent unit (Cho et al., 2014), with
Keras's weight layout (gates `z, r, h`) and both reset variants."""

from __future__ import annotations

from typing import Any

from cornu import activations, ops
from cornu.layers.rnn import _kernels
from cornu.layers.rnn._cell_base import RNNCellBase
from cornu.layers.rnn._rnn_layer_base import FusedCellRNN


class GRUCell(RNNCellBase):
    """One GRU step. With `x @ kernel` split into `x_z, x_r, x_h` and the
    recurrent products likewise:
    `z = sigma(x_z + r_z)`, `r = sigma(x_r + r_r)`,
    `hh = act(x_h + r * (h_prev @ U_h))` (`reset_after=True`; the reset
    gate multiplies `h_prev` before the product otherwise), and
    `h = z * h_prev + (1 - z) * hh`.

    Args:
        units: the size of the output and of the state.
        activation: the candidate's activation; `None` means identity.
        recurrent_activation: the gates' activation.
        use_bias: whether to add biases.
        kernel_initializer: the initializer of `kernel`
            `(input_dim, 3 * units)`.
        recurrent_initializer: the initializer of `recurrent_kernel`
            `(units, 3 * units)`.
        bias_initializer: the initializer of `bias`: `(2, 3 * units)`
            (input and recurrent biases) with `reset_after`, else
            `(3 * units,)`.
        kernel_regularizer: a regularizer for `kernel`.
        recurrent_regularizer: a regularizer for `recurrent_kernel`.
        bias_regularizer: a regularizer for `bias`.
        kernel_constraint: a constraint for `kernel`.
        recurrent_constraint: a constraint for `recurrent_kernel`.
        bias_constraint: a constraint for `bias`.
        dropout: the fraction of the inputs to drop (training only).
        recurrent_dropout: the fraction of the state to drop in the
            recurrent products (training only).
        reset_after: apply the reset gate after the recurrent product
            (Keras's default, and torch's/cuDNN's convention).
        seed: the seed of the dropout masks.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: `(batch, features)`, one step.
        states: `[h_prev]`, `(batch, units)`.
        training: whether dropout applies.

    Example:
    >>> cell = cornu.layers.GRUCell(4)
    >>> out, states = cell(np.ones((2, 3), dtype="float32"),
    ...                    [np.zeros((2, 4), dtype="float32")])
    >>> out.shape
    (2, 4)
    """

    def __init__(self, units: int, activation: Any = "tanh",
                 recurrent_activation: Any = "sigmoid",
                 use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform",
                 recurrent_initializer: Any = "orthogonal",
                 bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None,
                 recurrent_regularizer: Any = None,
                 bias_regularizer: Any = None, kernel_constraint: Any = None,
                 recurrent_constraint: Any = None,
                 bias_constraint: Any = None, dropout: float = 0.0,
                 recurrent_dropout: float = 0.0, reset_after: bool = True,
                 seed: int | None = None, **kwargs: Any) -> None:
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
        self.reset_after = bool(reset_after)

    @property
    def state_size(self) -> int:
        return self.units

    def build(self, input_shape: tuple) -> None:
        bias_shape = ((2, 3 * self.units) if self.reset_after
                      else (3 * self.units,))
        self._build_weights(input_shape, 3, bias_shape=bias_shape)

    def call(self, inputs, states, training=False):
        h_prev = states[0] if isinstance(states, (list, tuple)) else states
        dp, rec = self._masks(inputs, h_prev, training)
        if dp is not None:
            inputs = ops.multiply(inputs, dp)
        h_in = h_prev if rec is None else ops.multiply(h_prev, rec)
        x = ops.matmul(inputs, self.kernel)
        in_bias = rec_bias = None
        if self.bias is not None:
            if self.reset_after:
                in_bias, rec_bias = self.bias[0], self.bias[1]
            else:
                in_bias = self.bias
            x = ops.add(x, in_bias)
        x_z, x_r, x_h = ops.split(x, 3, axis=-1)
        gate = self.recurrent_activation
        if self.reset_after:
            inner = ops.matmul(h_in, self.recurrent_kernel)
            if rec_bias is not None:
                inner = ops.add(inner, rec_bias)
            r_z, r_r, r_h = ops.split(inner, 3, axis=-1)
            z = gate(ops.add(x_z, r_z))
            r = gate(ops.add(x_r, r_r))
            r_h = ops.multiply(r, r_h)
        else:
            u_zr = self.recurrent_kernel[:, :2 * self.units]
            u_h = self.recurrent_kernel[:, 2 * self.units:]
            r_z, r_r = ops.split(ops.matmul(h_in, u_zr), 2, axis=-1)
            z = gate(ops.add(x_z, r_z))
            r = gate(ops.add(x_r, r_r))
            r_h = ops.matmul(ops.multiply(r, h_in), u_h)
        hh = self.activation(ops.add(x_h, r_h))
        h = ops.add(ops.multiply(z, h_prev),
                    ops.multiply(ops.subtract(1.0, z), hh))
        return h, [h]

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "recurrent_activation": activations.serialize(
                self.recurrent_activation),
            "reset_after": self.reset_after,
        })
        return config


class GRU(FusedCellRNN):
    """Gated recurrent unit layer: an `RNN` over a `GRUCell`.

    With `reset_after=True`, no mask, the default activations and no
    recurrent dropout in training, the whole sequence runs in one kernel
    (torch's native GRU on torch, a `lax.scan` over a fused step on JAX),
    with the same numbers as the cell loop.

    Args:
        units: the size of the output and of the state.
        activation: the candidate's activation.
        recurrent_activation: the gates' activation.
        use_bias: whether to add biases.
        kernel_initializer: the initializer of the input kernel.
        recurrent_initializer: the initializer of the recurrent kernel.
        bias_initializer: the initializer of the bias.
        kernel_regularizer: a regularizer for the input kernel.
        recurrent_regularizer: a regularizer for the recurrent kernel.
        bias_regularizer: a regularizer for the bias.
        activity_regularizer: a regularizer for the output.
        kernel_constraint: a constraint for the input kernel.
        recurrent_constraint: a constraint for the recurrent kernel.
        bias_constraint: a constraint for the bias.
        dropout: the fraction of the inputs to drop (training only).
        recurrent_dropout: the fraction of the state to drop (training
            only).
        seed: the seed of the dropout masks.
        return_sequences: see `RNN`.
        return_state: see `RNN`.
        go_backwards: see `RNN`.
        stateful: see `RNN`.
        unroll: see `RNN`.
        reset_after: see `GRUCell`.
        use_cudnn: accepted for Keras compatibility; cornu picks the
            native kernel itself.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        sequences: `(batch, time, features)`.
        initial_state: `[h0]`; zeros when omitted.
        mask: `(batch, time)` booleans.
        training: whether dropout applies.

    Input shape:
        `(batch, time, features)`.

    Output shape:
        `(batch, units)` or, with `return_sequences`,
        `(batch, time, units)`.

    Example:
    >>> layer = cornu.layers.GRU(4)
    >>> layer(np.ones((2, 5, 3), dtype="float32")).shape
    (2, 4)
    """

    _cell_class = GRUCell
    _cell_name = "gru_cell"
    _cell_attributes = ("units", "activation", "recurrent_activation",
                        "use_bias", "reset_after", "dropout",
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
        reset_after: bool = True,
        use_cudnn: Any = "auto",
        **kwargs: Any,
    ) -> None:
        super().__init__(locals())

    def _uses_kernel(self, mask, training) -> bool:
        return self.cell.reset_after and super()._uses_kernel(mask, training)

    def _run_kernel(self, sequences, states) -> tuple:
        cell, (h,) = self.cell, states
        outputs, h = _kernels.gru(sequences, h, cell.kernel,
                                  cell.recurrent_kernel, cell.bias,
                                  self.go_backwards)
        return outputs, [h]
