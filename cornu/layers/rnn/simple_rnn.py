"""`SimpleRNNCell` and `SimpleRNN`: the fully connected recurrence
`h_t = activation(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias)`."""

from __future__ import annotations

from typing import Any

from cornu import ops
from cornu.layers.rnn._cell_base import RNNCellBase
from cornu.layers.rnn._rnn_layer_base import CellRNN


class SimpleRNNCell(RNNCellBase):
    """One step of a fully connected RNN:
    `h = activation(x @ kernel + h_prev @ recurrent_kernel + bias)`.

    Args:
        units: the size of the output and of the state.
        activation: the activation; `None` means identity.
        use_bias: whether to add a bias.
        kernel_initializer: the initializer of `kernel`
            `(input_dim, units)`.
        recurrent_initializer: the initializer of `recurrent_kernel`
            `(units, units)`.
        bias_initializer: the initializer of `bias` `(units,)`.
        kernel_regularizer: a regularizer for `kernel`.
        recurrent_regularizer: a regularizer for `recurrent_kernel`.
        bias_regularizer: a regularizer for `bias`.
        kernel_constraint: a constraint for `kernel`.
        recurrent_constraint: a constraint for `recurrent_kernel`.
        bias_constraint: a constraint for `bias`.
        dropout: the fraction of the inputs to drop (training only).
        recurrent_dropout: the fraction of the state to drop (training
            only).
        seed: the seed of the dropout masks.
        **kwargs: base `Layer` arguments (`name`, `dtype`, ...).

    Call arguments:
        sequence: `(batch, features)`, one step.
        states: `[h_prev]`, `(batch, units)`.
        training: whether dropout applies.

    Example:
    >>> cell = cornu.layers.SimpleRNNCell(4)
    >>> out, states = cell(np.ones((2, 3), dtype="float32"),
    ...                    [np.zeros((2, 4), dtype="float32")])
    >>> out.shape, len(states)
    ((2, 4), 1)
    """

    @property
    def state_size(self) -> int:
        return self.units

    def build(self, input_shape: tuple) -> None:
        self._build_weights(input_shape, 1)

    def call(self, sequence, states, training=False):
        prev = states[0] if isinstance(states, (list, tuple)) else states
        dp, rec = self._masks(sequence, prev, training)
        if dp is not None:
            sequence = ops.multiply(sequence, dp)
        h = ops.matmul(sequence, self.kernel)
        if self.bias is not None:
            h = ops.add(h, self.bias)
        if rec is not None:
            prev = ops.multiply(prev, rec)
        output = self.activation(ops.add(h, ops.matmul(prev,
                                                       self.recurrent_kernel)))
        return output, [output]


class SimpleRNN(CellRNN):
    """A fully connected RNN whose output is fed back as the state: an
    `RNN` over a `SimpleRNNCell`.

    Args:
        units: the size of the output and of the state.
        activation: the activation; `None` means identity.
        use_bias: whether to add a bias.
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
        return_sequences: see `RNN`.
        return_state: see `RNN`.
        go_backwards: see `RNN`.
        stateful: see `RNN`.
        unroll: see `RNN`.
        seed: the seed of the dropout masks.
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
    >>> layer = cornu.layers.SimpleRNN(4)
    >>> layer(np.ones((2, 5, 3), dtype="float32")).shape
    (2, 4)
    """

    _cell_class = SimpleRNNCell
    _cell_name = "simple_rnn_cell"
    _cell_attributes = ("units", "activation", "use_bias", "dropout",
                        "recurrent_dropout")
    _config_omits = ("seed",)  # Keras's SimpleRNN config has no seed.

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
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
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(locals())

